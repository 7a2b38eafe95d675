/**
 * dist/cli.js compiles the CLI's bundle and the schema modules through the code cache the server's loader uses
 * (server/src/codeCache.ts, cliStart.ts): nothing read or written in a folder the run had to make, the missing and
 * rejected caches written at exit from the next run on, used after that, and the output the same either way.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist');
const SPECS = [
  join(__dirname, '..', 'corpus', 'asyncapi', 'asyncapi__spec@v3.0.0', 'examples', 'slack-rtm-asyncapi.yml'),
  join(__dirname, '..', 'corpus', 'asyncapi', 'asyncapi__spec@v2.6.0', 'examples', 'streetlights-mqtt.yml'),
];
const work = mkdtempSync(join(tmpdir(), 'specsocket-cli-code-cache-test-'));
after(() => rmSync(work, { recursive: true, force: true }));
/** Findings (title must be a string, a `$ref` to nowhere) from the 3.0 schema module and the semantic pass. */
const BROKEN = join(work, 'broken.yaml');
writeFileSync(BROKEN, 'asyncapi: 3.0.0\ninfo:\n  title: 5\n  version: 1.0.0\nchannels:\n  a:\n    $ref: "#/components/channels/none"\n');

interface Run {
  status: number | null;
  stdout: string;
  /** What the cache did with each module (`cli-cliMain.js: used`; `cli-no-turbofan-…` for `check` on V8 ≥ 12), and the folder's verdict. */
  log: string[];
}

/** `dist/cli.js check` (of `cli`, when given) with its code cache in `cacheDir`, reporting what it did. */
function check(cacheDir: string, args: string[], cli = join(DIST, 'cli.js')): Run {
  const env = { ...process.env, SPECSOCKET_CODE_CACHE_DIR: cacheDir, SPECSOCKET_CODE_CACHE_DEBUG: '1' };
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env });
  const log = r.stderr.split('\n').filter((l) => l.startsWith('code cache'));
  assert.deepEqual(
    r.stderr.split('\n').filter((l) => l && !l.startsWith('code cache')),
    [],
    r.stderr,
  );
  return { status: r.status, stdout: r.stdout, log };
}

/** The modules the CLI loads here, by name, without the prefix of their cache's file (`cli-`, `cli-no-turbofan-`). */
const MODULE = /(asyncapi-[\d.]+\.js|cliMain\.js|runtime\.js)$/;
const verdicts = (run: Run, verdict: string) =>
  run.log
    .filter((l) => l.endsWith(`: ${verdict}`))
    .map((l) => {
      const name = l.slice('code cache '.length, -`: ${verdict}`.length);
      assert.ok(name.startsWith('cli-'), name);
      return MODULE.exec(name)?.[1] ?? name;
    })
    .sort();
const caches = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.cache'));
const bundleCaches = (dir: string) => caches(dir).filter((f) => /^cli-([a-z]+-)*cliMain\.js\.[0-9a-f]+\.cache$/.test(f));

test('a folder the run makes is left empty; the next run writes the caches at exit, the one after uses them, with the same output', () => {
  const dir = join(work, 'first', 'code-cache');
  for (const format of ['text', 'json']) {
    rmSync(dir, { recursive: true, force: true });
    const args = ['check', BROKEN, ...SPECS, '--format', format];
    const first = check(dir, args);
    assert.deepEqual(first.log, [`code cache: ${dir} made now: not used until the next run`]);
    assert.deepEqual(caches(dir), [], 'a CI container with an empty cache each time pays for no writes');
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(first.status, 1);
    assert.match(first.stdout, /broken\.yaml/);

    const second = check(dir, args);
    const modules = ['asyncapi-2.6.0.js', 'asyncapi-3.0.0.js', 'cliMain.js', 'runtime.js'];
    assert.deepEqual(verdicts(second, 'none'), modules);
    assert.deepEqual(verdicts(second, 'written'), modules);
    assert.equal(caches(dir).length, modules.length, caches(dir).join(', '));

    const third = check(dir, args);
    assert.deepEqual(verdicts(third, 'used'), modules);
    assert.deepEqual(verdicts(third, 'written'), [], 'a cache that was used is not written again');
    for (const run of [second, third]) {
      assert.equal(run.stdout, first.stdout, 'byte-identical with and without a cache');
      assert.equal(run.status, first.status);
    }
  }
});

test('a cache that does not fit is rejected, the output stays the same, and that one is written again', () => {
  const dir = join(work, 'rejected');
  const args = ['check', BROKEN];
  const clean = check(dir, args);
  check(dir, args);
  const [bundle] = bundleCaches(dir);
  assert.ok(bundle, caches(dir).join(', '));
  writeFileSync(join(dir, bundle), Buffer.alloc(4096, 7));
  const broken = check(dir, args);
  assert.deepEqual(verdicts(broken, 'rejected'), ['cliMain.js'], broken.log.join('\n'));
  assert.deepEqual(verdicts(broken, 'written'), ['cliMain.js'], 'only the rejected one');
  assert.equal(broken.stdout, clean.stdout);
  assert.equal(broken.status, clean.status);
  assert.deepEqual(verdicts(check(dir, args), 'rejected'), []);
  assert.ok(verdicts(check(dir, args), 'used').includes('cliMain.js'));
});

test('a rebuilt module of the same length and mtime does not take the cache of the old one', () => {
  // A copy of dist/ (the loader, the bundle, the schema modules) to rebuild; run without a command (the usage, which
  // loads the bundle), so that the loader sets no flags on any Node and every run reads and writes the same file.
  const dist = join(work, 'dist');
  cpSync(DIST, dist, { recursive: true, filter: (f) => !f.endsWith('.map') && !f.includes('webview') });
  const cli = join(dist, 'cli.js');
  const dir = join(work, 'rebuilt');
  mkdirSync(dir);
  const usage = () => {
    const r = spawnSync(process.execPath, [cli], {
      encoding: 'utf8',
      env: { ...process.env, SPECSOCKET_CODE_CACHE_DIR: dir, SPECSOCKET_CODE_CACHE_DEBUG: '1' },
    });
    assert.equal(r.status, 2);
    return r.stderr;
  };
  assert.match(usage(), /code cache cli-cliMain\.js: written/);
  assert.match(usage(), /code cache cli-cliMain\.js: used/);
  const oldCaches = bundleCaches(dir);
  assert.equal(oldCaches.length, 1);

  // V8 checks a cache against the source's length only, and npm gives every file of a package the same mtime: a
  // rebuild that changes the usage text and keeps both, whose compiled code would print the old text from the old cache.
  const bundle = join(dist, 'cliMain.js');
  const { atime, mtime } = statSync(bundle);
  const text = readFileSync(bundle, 'utf8');
  assert.ok(text.includes('usage: specsocket check'));
  writeFileSync(bundle, text.replace('usage: specsocket check', 'usage: specsocket CHECK'));
  utimesSync(bundle, atime, mtime);
  const rebuilt = usage();
  assert.match(rebuilt, /code cache cli-cliMain\.js: none/);
  assert.match(rebuilt, /^usage: specsocket CHECK/m);
  assert.doesNotMatch(rebuilt, /usage: specsocket check/);
  const now = bundleCaches(dir);
  assert.equal(now.length, 1, "the old build's cache is removed when the new one is written");
  assert.notDeepEqual(now, oldCaches);
});

test("check's caches are apart from the other commands' (other V8 flags), so neither rejects nor removes the other's", () => {
  const dir = join(work, 'flags');
  mkdirSync(dir);
  /** `check` on a runtime reporting V8 12 (the loader then sets --no-turbofan; stubbed: this Node may not know it). */
  const checkOnV8_12 = () => {
    const probe = `
      Object.defineProperty(process.versions, 'v8', { value: '12.4.254.21-node.33' });
      Object.defineProperty(process, 'arch', { value: 'x64' });
      require('node:v8').setFlagsFromString = () => {};
      process.argv = [process.argv[0], ${JSON.stringify(join(DIST, 'cli.js'))}, 'check', ${JSON.stringify(BROKEN)}];
      require(${JSON.stringify(join(DIST, 'cli.js'))});
    `;
    const r = spawnSync(process.execPath, ['-e', probe], {
      encoding: 'utf8',
      env: { ...process.env, SPECSOCKET_CODE_CACHE_DIR: dir, SPECSOCKET_CODE_CACHE_DEBUG: '1' },
    });
    assert.equal(r.status, 1, r.stderr);
    return r.stderr;
  };
  const usage = () =>
    spawnSync(process.execPath, [join(DIST, 'cli.js')], {
      encoding: 'utf8',
      env: { ...process.env, SPECSOCKET_CODE_CACHE_DIR: dir, SPECSOCKET_CODE_CACHE_DEBUG: '1' },
    }).stderr;
  assert.match(usage(), /code cache cli-cliMain\.js: written/);
  assert.match(checkOnV8_12(), /code cache cli-no-turbofan-cliMain\.js: written/);
  assert.match(usage(), /code cache cli-cliMain\.js: used/);
  assert.match(checkOnV8_12(), /code cache cli-no-turbofan-cliMain\.js: used/);
  assert.deepEqual(
    bundleCaches(dir).map((f) => f.replace(/\.[0-9a-f]+\.cache$/, '')),
    ['cli-cliMain.js', 'cli-no-turbofan-cliMain.js'],
  );
});

test('where Node has no zlib.crc32 (before 20.15 and 22.2), the keys are SHA-1 digests and the cache works the same', () => {
  const dir = join(work, 'sha1');
  mkdirSync(dir);
  const withoutCrc32 = () => {
    const probe = `
      require('node:zlib').crc32 = undefined;
      process.argv = [process.argv[0], ${JSON.stringify(join(DIST, 'cli.js'))}];
      require(${JSON.stringify(join(DIST, 'cli.js'))});
    `;
    const r = spawnSync(process.execPath, ['-e', probe], {
      encoding: 'utf8',
      env: { ...process.env, SPECSOCKET_CODE_CACHE_DIR: dir, SPECSOCKET_CODE_CACHE_DEBUG: '1' },
    });
    assert.equal(r.status, 2, r.stderr);
    return r.stderr;
  };
  assert.match(withoutCrc32(), /code cache cli-cliMain\.js: written/);
  assert.deepEqual(
    bundleCaches(dir).map((f) => f.replace(/^cli-cliMain\.js\.([0-9a-f]+)\.cache$/, (_, key: string) => `${key.length} hex`)),
    ['20 hex'],
  );
  assert.match(withoutCrc32(), /code cache cli-cliMain\.js: used/);
});

test('a cache folder others may write to is not used: a cache is code the CLI runs', { skip: process.platform === 'win32' && 'POSIX modes' }, () => {
  const dir = join(work, 'open');
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  const clean = check(join(work, 'clean'), ['check', BROKEN]);
  for (let i = 0; i < 2; i++) {
    const run = check(dir, ['check', BROKEN]);
    assert.deepEqual(run.log, [`code cache: ${dir} is not this user's own folder: not used (another user's, or others may write to it)`]);
    assert.equal(run.stdout, clean.stdout, 'the CLI works without it');
    assert.equal(run.status, clean.status);
  }
  assert.deepEqual(readdirSync(dir), [], 'nothing written there');
});

test("a cache folder that is not this user's own is not used", { skip: process.getuid?.() !== 0 && 'needs root to give a folder away' }, () => {
  const dir = join(work, 'theirs');
  check(dir, ['check', BROKEN]);
  const clean = check(dir, ['check', BROKEN]);
  assert.ok(caches(dir).length > 0);
  chownSync(dir, 65534, 65534);
  try {
    const run = check(dir, ['check', BROKEN]);
    assert.deepEqual(run.log, [`code cache: ${dir} is not this user's own folder: not used (another user's, or others may write to it)`]);
    assert.equal(run.stdout, clean.stdout);
  } finally {
    chownSync(dir, 0, 0);
  }
});
