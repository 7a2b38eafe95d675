/**
 * Entry of dist/server.js: loads the language server's bundle (dist/languageServer.js), and through it the compiled
 * schema modules (dist/schemas/*.js), with a V8 code cache of our own, written once per server (its first quiet
 * moment after a slow pass, else at exit).
 *
 * Why not Node's compile cache (`module.enableCompileCache`, used here before): Node makes its cache when a module is
 * compiled, before it runs, so it holds the top-level code only; every function is still compiled from source the
 * first time it is called, and at open that is most of the work (yaml's parser, ajv's code generator, the schema
 * modules' validators; docs/performance.md, "Opening a file"). `script.createCachedData()` made once the server
 * has done its first open (CODE_CACHE_EVENT, else at exit) holds every function it ran (and, once a cache was used,
 * everything that held too), so the next start's first open skips those compiles: open → last diagnostics of a
 * 1k-line spec 98–108 → 75–81 ms of CPU.
 *
 * The cache lives in the folder the editor gives the extension for its own data (`SPECSOCKET_CODE_CACHE_DIR`, set
 * by client/src/languageClient.ts), else in the user's cache folder ($XDG_CACHE_HOME or ~/.cache, `specsocket/
 * code-cache`): never a folder others can write to, such as the shared temp folder, since a cache is code this
 * process runs. A folder that is not the user's own is not used (POSIX). One file per module,
 * named by a digest of its text and of Node's version: V8 checks a cache against the source's length only, so a
 * rebuilt module must not find the old one. V8 rejects a cache made by another V8 or with other flags, and then the
 * module compiles as it would without one. Anything that fails here only costs the compile.
 * `SPECSOCKET_CODE_CACHE_DEBUG=1` reports per module whether a cache was found, used or rejected (stderr).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { CODE_CACHE_EVENT } from './codeCacheEvent';

interface LoadingModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}
interface ModuleClass {
  prototype: LoadingModule;
  wrap(content: string): string;
  createRequire(filename: string): NodeJS.Require;
}

const DIR = process.env.SPECSOCKET_CODE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'specsocket', 'code-cache');
const DEBUG = !!process.env.SPECSOCKET_CODE_CACHE_DEBUG;

/** The scripts compiled through the cache, to write theirs later. */
const compiled: { script: Script; file: string }[] = [];

function cacheFile(filename: string, content: string): string {
  const digest = createHash('sha1').update(process.version).update(content).digest('hex').slice(0, 20);
  return join(DIR, `${basename(filename)}.${digest}.cache`);
}

/** Compiles the modules under `root` through the cache (Node's loader keeps resolving and caching them). */
function useCodeCache(Module: ModuleClass, root: string): void {
  if (!ownFolder()) {
    if (DEBUG) process.stderr.write(`code cache: ${DIR} is not this user's own folder: not used\n`);
    return;
  }
  const original = Module.prototype._compile;
  Module.prototype._compile = function (this: LoadingModule, content: string, filename: string) {
    if (!filename.startsWith(root + sep) || !filename.endsWith('.js')) return original.call(this, content, filename);
    const file = cacheFile(filename, content);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      // none yet
    }
    const script = new Script(Module.wrap(content), { filename, cachedData });
    if (DEBUG) process.stderr.write(`code cache ${basename(filename)}: ${!cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
    compiled.push({ script, file });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, dirname(filename));
  };
  // Once per server: at the server's first quiet moment after a slow pass (server.ts), else at exit.
  let written = false;
  const writeOnce = () => {
    if (written) return;
    written = true;
    writeCaches();
  };
  process.on(CODE_CACHE_EVENT, writeOnce);
  process.on('exit', writeOnce);
}

/** Whether DIR is this user's (made here, mode 700, when missing): a cache in anyone else's folder could be theirs. */
function ownFolder(): boolean {
  try {
    mkdirSync(DIR, { recursive: true, mode: 0o700 });
    return process.getuid === undefined || statSync(DIR).uid === process.getuid();
  } catch {
    return false;
  }
}

/**
 * Each module's cache, written whole then renamed (another server may be reading it), into DIR (made by
 * `ownFolder`); the same modules' caches for other texts (earlier builds) are dead weight, and removed.
 */
function writeCaches(): void {
  const mine = new Set(compiled.map((c) => basename(c.file)));
  const prefixes = [...mine].map((f) => f.replace(/\.[0-9a-f]+\.cache$/, '.'));
  for (const { script, file } of compiled) {
    try {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, file);
    } catch {
      // An unwritable cache only costs the next start its compiles.
    }
  }
  try {
    for (const other of readdirSync(DIR))
      if (other.endsWith('.cache') && !mine.has(other) && prefixes.some((p) => other.startsWith(p))) unlinkSync(join(DIR, other));
  } catch {
    // Left for the next write.
  }
}

try {
  // A cache records V8's flags when it is made (at exit) and is rejected by a V8 whose flags differ. The idle
  // collector turns on --expose-gc at run time when the server was started without it (idleCollector.ts exposeGc):
  // turned on here, before any module compiles, the flags are the same when a cache is read and when it is made.
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') setFlagsFromString('--expose-gc');
  useCodeCache(require('node:module') as ModuleClass, __dirname);
} catch {
  // Without the cache the modules compile from source.
}
// A path built at run time: the bundle is a separate file, not inlined into this one.
require(join(__dirname, 'languageServer.js'));
