// The unit layer: test/unit/*.test.ts in a few processes (test/helpers/unitShard.ts), not one per file. A file
// whose text holds the marker below tests what loading a module does, so it runs in a process of its own.
// `npm run test:unit` runs everything; `node scripts/unitTests.mjs test/unit/a.test.ts …` only those files.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const MARKER = 'unit-runner: own process';
const dir = resolve('test/unit');
const given = process.argv.slice(2).map((f) => resolve(f));
const files = given.length
  ? given
  : readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => join(dir, f));
const own = files.filter((f) => readFileSync(f, 'utf8').includes(MARKER));
const shared = files.filter((f) => !own.includes(f));

// Largest files first onto the least loaded shard: size is a fair stand-in for a file's time.
const count = Math.max(1, Math.min(availableParallelism(), 4, shared.length));
const shards = Array.from({ length: count }, () => ({ files: [], bytes: 0 }));
const sizes = new Map(shared.map((f) => [f, statSync(f).size]));
for (const f of [...shared].sort((a, b) => sizes.get(b) - sizes.get(a))) {
  const s = shards.reduce((a, b) => (b.bytes < a.bytes ? b : a));
  s.files.push(f);
  s.bytes += sizes.get(f);
}

const node = (args, env = {}) =>
  new Promise((done) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--test', '--test-reporter=spec', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => done({ code, out }));
  });

const started = Date.now();
const runs = [
  ...shards.filter((s) => s.files.length).map((s) => node(['test/helpers/unitShard.ts'], { SPECSOCKET_UNIT_FILES: JSON.stringify(s.files) })),
  ...(own.length ? [node(own)] : []),
];
let failed = false;
let tests = 0;
for (const r of await Promise.all(runs)) {
  process.stdout.write(r.out);
  tests += Number(/^ℹ tests (\d+)/m.exec(r.out)?.[1] ?? 0);
  if (r.code !== 0) failed = true;
}
console.log(
  `\nunit: ${tests} tests in ${files.length} files, ${runs.length} processes, ${((Date.now() - started) / 1000).toFixed(1)} s${failed ? ', FAILED' : ''}`,
);
process.exit(failed ? 1 : 0);
