/**
 * A V8 code cache for the modules a loader compiles (dist/server.js: start.ts; dist/cli.js: cliStart.ts): the bundle
 * and the schema modules (dist/schemas/*.js) it loads. Node's loader keeps resolving and caching them; only their
 * compile goes through `vm.Script` with the cache made by `script.createCachedData()`.
 *
 * Why not Node's compile cache (`module.enableCompileCache`): Node makes its cache when a module is compiled, before
 * it runs, so it holds the top-level code only; every function is still compiled from source the first time it is
 * called. `createCachedData()` after the work holds every function that ran (and, once a cache was used, everything
 * that held too), so the next process skips those compiles.
 *
 * The cache lives in `SPECSOCKET_CODE_CACHE_DIR` (the editor's folder for the extension's data, set by
 * client/src/languageClient.ts), else in the user's cache folder ($XDG_CACHE_HOME or ~/.cache, `specsocket/
 * code-cache`): never a folder others can write to, such as the shared temp folder, since a cache is code this
 * process runs. A folder that is not the user's own, or that others may write to, is not used (POSIX).
 * One file per loader and module, named by a digest of the module's text and of Node's version (`cacheKey`): V8
 * checks a cache against the source's length only, so a rebuilt module must not find the old one. V8 rejects a cache
 * made by another V8 or with other flags (`--expose-gc`, heap sizes, …), and then the module compiles as it would
 * without one; the loaders run with different flags, hence one file per loader (`prefix`), else each would reject
 * and replace the other's. Anything that fails here only costs the compile.
 * `SPECSOCKET_CODE_CACHE_DEBUG=1` reports per module whether a cache was found, used or rejected (stderr).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';
import * as zlib from 'node:zlib';

interface LoadingModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}
export interface ModuleClass {
  prototype: LoadingModule;
  wrap(content: string): string;
  createRequire(filename: string): NodeJS.Require;
}

export interface CodeCache {
  /**
   * Writes the caches of the modules compiled so far: every one (`all`: a cache made now also holds what ran since
   * it was made), or only those that had none or had theirs rejected (`missing`).
   */
  write(which: 'all' | 'missing'): void;
}

const DEBUG = !!process.env.SPECSOCKET_CODE_CACHE_DEBUG;

function cacheDir(): string {
  return process.env.SPECSOCKET_CODE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'specsocket', 'code-cache');
}

/** zlib.crc32: Node ≥ 20.15 / 22.2; VS Code 1.91's Electron runs the server on Node 20.9, without it. */
const crc32 = (zlib as { crc32?: (data: string, value?: number) => number }).crc32;

/**
 * The part of a cache file's name that changes with the module's text and Node's version. CRC-32 of both (of the
 * text's UTF-8, so distinct texts are distinct bytes) plus the text's length, where Node has it: about half the CPU
 * of SHA-1 (docs/performance.md, "The CLI's code cache"), and enough here since the digest guards against accidents,
 * not an adversary (whoever can write the module can change the code anyway): a CRC-32 finds every change confined
 * to 32 consecutive bits (a digit of a version number) and misses a larger one with a chance of 1 in 2^32, at the
 * same length only. Not the file's size and mtime: npm gives every file of a package the same mtime (1985), so an
 * upgrade that keeps a module's size would find the old cache, and V8 would take it.
 */
function cacheKey(content: string): string {
  if (crc32) return content.length.toString(16) + crc32(content, crc32(process.version)).toString(16).padStart(8, '0');
  return createHash('sha1').update(process.version).update(content).digest('hex').slice(0, 20);
}

/**
 * Whether `dir` is this user's and closed to others, else a cache in it could be theirs: `made` when it was missing
 * and made here (mode 700), `own` when it was there.
 */
function ownFolder(dir: string): 'made' | 'own' | undefined {
  try {
    const made = mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined;
    if (process.getuid !== undefined) {
      const s = statSync(dir);
      if (s.uid !== process.getuid() || (s.mode & 0o022) !== 0) return undefined;
    }
    return made ? 'made' : 'own';
  } catch {
    return undefined;
  }
}

/**
 * Compiles the modules under `root` through the cache in the code-cache folder, their files named `prefix` +
 * module name + key; undefined when the folder is refused (the modules then compile from source), or was missing
 * and `inNewFolder` is false (nothing to read there; see cliStart.ts for why not to write either).
 */
export function useCodeCache(Module: ModuleClass, root: string, { prefix, inNewFolder }: { prefix: string; inNewFolder: boolean }): CodeCache | undefined {
  const dir = cacheDir();
  const folder = ownFolder(dir);
  if (!folder) {
    if (DEBUG) process.stderr.write(`code cache: ${dir} is not this user's own folder: not used (another user's, or others may write to it)\n`);
    return undefined;
  }
  if (folder === 'made' && !inNewFolder) {
    if (DEBUG) process.stderr.write(`code cache: ${dir} made now: not used until the next run\n`);
    return undefined;
  }
  /** The scripts compiled through the cache, to write theirs later; `fits` when theirs was used. */
  const compiled: { script: Script; file: string; fits: boolean }[] = [];
  const original = Module.prototype._compile;
  Module.prototype._compile = function (this: LoadingModule, content: string, filename: string) {
    if (!filename.startsWith(root + sep) || !filename.endsWith('.js')) return original.call(this, content, filename);
    const file = join(dir, `${prefix}${basename(filename)}.${cacheKey(content)}.cache`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      // none yet
    }
    const script = new Script(Module.wrap(content), { filename, cachedData });
    const fits = !!cachedData && !script.cachedDataRejected;
    if (DEBUG) process.stderr.write(`code cache ${prefix}${basename(filename)}: ${!cachedData ? 'none' : fits ? 'used' : 'rejected'}\n`);
    compiled.push({ script, file, fits });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, dirname(filename));
  };
  return { write: (which) => writeCaches(dir, which === 'all' ? compiled : compiled.filter((c) => !c.fits)) };
}

/**
 * Each module's cache, written whole then renamed (another process may be reading it), into `dir` (made by
 * `ownFolder`); the same modules' caches for other texts (earlier builds) are dead weight, and removed.
 */
function writeCaches(dir: string, modules: { script: Script; file: string }[]): void {
  if (!modules.length) return;
  const mine = new Set(modules.map((c) => basename(c.file)));
  const prefixes = [...mine].map((f) => f.replace(/\.[0-9a-f]+\.cache$/, '.'));
  for (const { script, file } of modules) {
    try {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, file);
      if (DEBUG) process.stderr.write(`code cache ${basename(file).replace(/\.[0-9a-f]+\.cache$/, '')}: written\n`);
    } catch {
      // An unwritable cache only costs the next start its compiles.
    }
  }
  try {
    for (const other of readdirSync(dir))
      if (other.endsWith('.cache') && !mine.has(other) && prefixes.some((p) => other.startsWith(p))) unlinkSync(join(dir, other));
  } catch {
    // Left for the next write.
  }
}
