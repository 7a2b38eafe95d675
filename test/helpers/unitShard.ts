/**
 * One process for many unit test files (scripts/unitTests.mjs): each file's tests register as it is required
 * and node:test runs them all here. Starting Node, tsx and the language service once per file was most of the
 * unit layer's time (≈ 0.6 s of CPU a file, ≈ 40 s in all; docs/performance.md).
 */
const files = JSON.parse(process.env.SPECSOCKET_UNIT_FILES ?? '[]') as string[];
for (const file of files) require(file);
