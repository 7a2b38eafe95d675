/**
 * dist/cli.js is a loader (server/src/cliStart.ts) that loads the CLI's bundle, dist/cliMain.js, through the code
 * cache (test/lsp/cliCodeCache.test.ts), so that the bundle's own compile is cached too, not only what it loads later.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist');
const CLI = join(DIST, 'cli.js');

test('dist/cli.js is the command, a few kB (the loader and its code cache); the bundle is beside it', () => {
  assert.ok(statSync(CLI).size < 8192, `${statSync(CLI).size} bytes`);
  assert.ok(statSync(join(DIST, 'cliMain.js')).size > 1_000_000);
  const usage = spawnSync(process.execPath, [CLI], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^usage: specsocket check/);
});
