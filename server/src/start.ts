/**
 * Entry of dist/server.js: loads the language server's bundle (dist/languageServer.js), and through it the compiled
 * schema modules (dist/schemas/*.js), with a V8 code cache of our own (codeCache.ts), written once per server: its
 * first quiet moment after a slow pass, else at exit.
 *
 * At open, compiling is most of the work (yaml's parser, ajv's code generator, the schema modules' validators;
 * docs/performance.md, "Opening a file"), and Node's compile cache holds the top-level code only: the cache made
 * once the server has done its first open (CODE_CACHE_EVENT, else at exit) holds every function it ran, so the next
 * start's first open skips those compiles: open → last diagnostics of a 1k-line spec 98–108 → 75–81 ms of CPU.
 * Every module's cache is written again each time (`all`): once a cache was used, the new one holds what that held
 * and what ran since.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { CODE_CACHE_EVENT } from './codeCacheEvent';
import { useCodeCache, type ModuleClass } from './codeCache';

try {
  // A cache records V8's flags when it is made (at exit) and is rejected by a V8 whose flags differ. The idle
  // collector turns on --expose-gc at run time when the server was started without it (idleCollector.ts exposeGc):
  // turned on here, before any module compiles, the flags are the same when a cache is read and when it is made.
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') setFlagsFromString('--expose-gc');
  const cache = useCodeCache(require('node:module') as ModuleClass, __dirname, { prefix: '', inNewFolder: true });
  // Once per server: at the server's first quiet moment after a slow pass (server.ts), else at exit.
  let written = false;
  const writeOnce = () => {
    if (written) return;
    written = true;
    cache?.write('all');
  };
  process.on(CODE_CACHE_EVENT, writeOnce);
  process.on('exit', writeOnce);
} catch {
  // Without the cache the modules compile from source.
}
// A path built at run time: the bundle is a separate file, not inlined into this one.
require(join(__dirname, 'languageServer.js'));
