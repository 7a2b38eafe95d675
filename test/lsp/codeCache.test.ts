/**
 * dist/server.js compiles the server's bundle and the schema modules through a V8 code cache it writes at the
 * server's first quiet moment after a slow pass, else at exit (server/src/start.ts): the next start uses it, and a
 * cache that does not fit is rejected without harm and replaced.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient } from '../helpers/lspClient';

const dir = mkdtempSync(join(tmpdir(), 'specsocket-code-cache-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const URI = 'file:///tmp/code-cache-test.yaml';
/** A schema error (title must be a string): diagnostics that need the bundle and the 3.0.0 schema module. */
const TEXT = 'asyncapi: 3.0.0\ninfo:\n  title: 5\n  version: 1.0.0\n';

/** A server with its code cache in `cacheDir`, reporting what it did with each module's cache (stderr). */
function serverWithCacheIn(cacheDir: string): LspClient {
  const saved = { dir: process.env.SPECSOCKET_CODE_CACHE_DIR, debug: process.env.SPECSOCKET_CODE_CACHE_DEBUG };
  process.env.SPECSOCKET_CODE_CACHE_DIR = cacheDir;
  process.env.SPECSOCKET_CODE_CACHE_DEBUG = '1';
  const client = new LspClient();
  process.env.SPECSOCKET_CODE_CACHE_DIR = saved.dir;
  process.env.SPECSOCKET_CODE_CACHE_DEBUG = saved.debug;
  if (saved.dir === undefined) delete process.env.SPECSOCKET_CODE_CACHE_DIR;
  if (saved.debug === undefined) delete process.env.SPECSOCKET_CODE_CACHE_DEBUG;
  return client;
}

/** One server from start to exit with the cache in `dir`: what it reported about each module, and its diagnostics. */
async function session(): Promise<{ log: string; diagnostics: string[] }> {
  const client = serverWithCacheIn(dir);
  try {
    await client.initialize();
    await client.open(URI, TEXT);
    const diagnostics = await client.waitForDiagnostics(URI, (d) => d.length > 0);
    return { log: client.stderr.join(''), diagnostics: diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`) };
  } finally {
    await client.shutdown(); // the cache is written at exit
  }
}

const caches = () => readdirSync(dir).filter((f) => f.endsWith('.cache'));

test('the first start writes a cache per module at exit, the next start uses them, with the same diagnostics', async () => {
  const first = await session();
  assert.match(first.log, /code cache languageServer\.js: none/);
  assert.ok(first.diagnostics.length > 0);
  const files = caches();
  assert.ok(
    files.some((f) => /^languageServer\.js\.[0-9a-f]+\.cache$/.test(f)),
    files.join(', '),
  );
  assert.ok(
    files.some((f) => /^asyncapi-3\.0\.0\.js\.[0-9a-f]+\.cache$/.test(f)),
    files.join(', '),
  );
  const second = await session();
  assert.match(second.log, /code cache languageServer\.js: used/);
  assert.match(second.log, /code cache asyncapi-3\.0\.0\.js: used/);
  assert.deepEqual(second.diagnostics, first.diagnostics);
});

test('a cache that does not fit is rejected, the server works as without one, and its exit writes a good one', async () => {
  if (!caches().length) await session();
  const bundle = caches().find((f) => f.startsWith('languageServer.js.'));
  assert.ok(bundle);
  writeFileSync(join(dir, bundle), Buffer.alloc(4096, 7));
  const broken = await session();
  assert.match(broken.log, /code cache languageServer\.js: rejected/);
  assert.ok(broken.diagnostics.length > 0);
  const next = await session();
  assert.match(next.log, /code cache languageServer\.js: used/);
  assert.deepEqual(next.diagnostics, broken.diagnostics);
});

test(
  "a cache folder that is not this user's own is not used: a cache is code the server runs",
  { skip: process.getuid?.() !== 0 && 'needs root to give a folder away' },
  async () => {
    if (!caches().length) await session();
    const { chownSync } = await import('node:fs');
    chownSync(dir, 65534, 65534);
    try {
      const other = await session();
      assert.match(other.log, /is not this user's own folder: not used/);
      assert.doesNotMatch(other.log, /code cache languageServer\.js: used/);
      assert.ok(other.diagnostics.length > 0, 'the server works without it');
    } finally {
      chownSync(dir, 0, 0);
    }
  },
);

test('the cache is written at the first quiet moment after a slow pass, while the server runs', async () => {
  const own = mkdtempSync(join(tmpdir(), 'specsocket-code-cache-test-'));
  const bundleCache = () => readdirSync(own).some((f) => /^languageServer\.js\.[0-9a-f]+\.cache$/.test(f));
  const watcher = watch(own);
  const written = new Promise<void>((resolve) => watcher.on('change', () => bundleCache() && resolve()));
  const client = serverWithCacheIn(own);
  try {
    await client.initialize();
    await client.open(URI, TEXT);
    await client.waitForDiagnostics(URI, (d) => d.length > 0);
    assert.ok(!bundleCache(), 'no cache before the slow pass and the quiet after it');
    // Fails (rather than waits for ever) when only the exit writes it: the quiet comes 1.5 s after the slow pass.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no cache written while the server ran')), 15000)));
    await Promise.race([written, late]).finally(() => clearTimeout(timer));
    assert.equal(client.process.exitCode, null, 'the server still runs');
  } finally {
    watcher.close();
    await client.shutdown();
    rmSync(own, { recursive: true, force: true });
  }
});
