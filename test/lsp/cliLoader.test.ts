/**
 * dist/cli.js is a loader (server/src/cliStart.ts) that turns on Node's compile cache before it loads the CLI's
 * bundle, dist/cliMain.js, so that the bundle's own compile is cached too, not only what it loads later. Node 20
 * has no `module.enableCompileCache`: a stub stands in for it and records whether the bundle was already loaded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist');
const CLI = join(DIST, 'cli.js');
const SPEC = join(__dirname, '..', 'corpus', 'asyncapi', 'asyncapi__spec@v3.0.0', 'examples', 'slack-rtm-asyncapi.yml');

test('dist/cli.js turns on the compile cache before the CLI bundle loads', () => {
  const probe = `
    const m = require('node:module');
    const loaded = () => Object.keys(require.cache).filter((f) => f.endsWith('cliMain.js')).length;
    let calls = [];
    m.enableCompileCache = () => { calls.push(loaded()); return { status: 0 }; };
    process.argv = [process.argv[0], ${JSON.stringify(CLI)}, 'check', ${JSON.stringify(SPEC)}, '--format', 'json'];
    require(${JSON.stringify(CLI)});
    process.on('exit', () => process.stderr.write('PROBE ' + JSON.stringify({ calls, after: loaded() }) + '\\n'));
  `;
  const run = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  const line = run.stderr.split('\n').find((l) => l.startsWith('PROBE '));
  assert.ok(line, run.stderr);
  assert.deepEqual(JSON.parse(line.slice('PROBE '.length)), { calls: [0], after: 1 }, 'called once, before the bundle');
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), [], 'the check still runs: this example has no findings');
});

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
  const run = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  const line = run.stderr.split('\n').find((l) => l.startsWith('PROBE '));
  assert.ok(line, run.stderr);
  return { ...JSON.parse(line.slice('PROBE '.length)), status: run.status };
}

test('check runs without TurboFan where V8 has Maglev (V8 ≥ 12), set before the bundle loads; other commands and older V8s keep it', () => {
  assert.deepEqual(flagsSet(['check', SPEC], '12.4.254.21-node.33'), { flags: ['--no-turbofan'], loadedBefore: 0, status: 0 });
  assert.deepEqual(flagsSet(['check', SPEC], '11.3.244.8-node.38'), { flags: [], loadedBefore: -1, status: 0 });
  assert.deepEqual(flagsSet(['mock'], '13.6.233.17-node.40').flags, [], 'mock serves for long: TurboFan pays');
});

test('dist/cli.js is the command, a few hundred bytes; the bundle is beside it', () => {
  assert.ok(statSync(CLI).size < 1024, `${statSync(CLI).size} bytes`);
  assert.ok(statSync(join(DIST, 'cliMain.js')).size > 1_000_000);
  const usage = spawnSync(process.execPath, [CLI], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^usage: specsocket check/);
});
