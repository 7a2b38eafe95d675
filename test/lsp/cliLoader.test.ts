/**
 * dist/cli.js is a loader (server/src/cliStart.ts) that sets the command's V8 flags, then loads the CLI's bundle,
 * dist/cliMain.js, through the code cache (test/lsp/cliCodeCache.test.ts), so that the bundle's own compile is cached
 * too, not only what it loads later.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist');
const CLI = join(DIST, 'cli.js');
const SPEC = join(__dirname, '..', 'corpus', 'asyncapi', 'asyncapi__spec@v3.0.0', 'examples', 'slack-rtm-asyncapi.yml');
// The probes' code cache: their flags are stubbed, so their caches would not fit a real run's (a real run would reject
// and replace them in the user's folder).
const CACHE = mkdtempSync(join(tmpdir(), 'specsocket-cli-loader-test-'));
after(() => rmSync(CACHE, { recursive: true, force: true }));

/** What dist/cli.js asks of V8 before its bundle loads, run as `argv` on a runtime reporting V8 `v8` on x64. */
function flagsSet(argv: string[], v8: string): { flags: string[]; loadedBefore: number; status: number | null } {
  const probe = `
    const loaded = () => Object.keys(require.cache).filter((f) => f.endsWith('cliMain.js')).length;
    Object.defineProperty(process.versions, 'v8', { value: ${JSON.stringify(v8)} });
    Object.defineProperty(process, 'arch', { value: 'x64' });
    const flags = [];
    let loadedBefore = -1;
    require('node:v8').setFlagsFromString = (f) => { flags.push(f); loadedBefore = loaded(); };
    process.argv = [process.argv[0], ${JSON.stringify(CLI)}, ...${JSON.stringify(argv)}];
    process.on('exit', () => process.stderr.write('PROBE ' + JSON.stringify({ flags, loadedBefore }) + '\\n'));
    require(${JSON.stringify(CLI)});
  `;
  const run = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...process.env, SPECSOCKET_CODE_CACHE_DIR: CACHE } });
  const line = run.stderr.split('\n').find((l) => l.startsWith('PROBE '));
  assert.ok(line, run.stderr);
  return { ...JSON.parse(line.slice('PROBE '.length)), status: run.status };
}

test('check runs without TurboFan where V8 has Maglev (V8 ≥ 12), set before the bundle loads; other commands and older V8s keep it', () => {
  assert.deepEqual(flagsSet(['check', SPEC], '12.4.254.21-node.33'), { flags: ['--no-turbofan'], loadedBefore: 0, status: 0 });
  assert.deepEqual(flagsSet(['check', SPEC], '11.3.244.8-node.38'), { flags: [], loadedBefore: -1, status: 0 });
  assert.deepEqual(flagsSet(['mock'], '13.6.233.17-node.40').flags, [], 'mock serves for long: TurboFan pays');
});

test('dist/cli.js is the command, a few kB (the loader and its code cache); the bundle is beside it', () => {
  assert.ok(statSync(CLI).size < 8192, `${statSync(CLI).size} bytes`);
  assert.ok(statSync(join(DIST, 'cliMain.js')).size > 1_000_000);
  const usage = spawnSync(process.execPath, [CLI], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^usage: specsocket check/);
});
