/**
 * Entry of dist/cli.js: loads the CLI's bundle (dist/cliMain.js), and through it the schema modules (dist/schemas/
 * *.js), through the code cache the language server's loader uses (codeCache.ts; its files prefixed `cli-`: the
 * server runs with other V8 flags, which a cache must match), then runs it.
 *
 * When it writes: at exit, only the caches that were missing or rejected. A cache made at exit holds every function
 * the run compiled (Node's compile cache, used here before, only the top-level code, and nothing else loads through
 * it now, so it is off); writing all of them again at every exit would cost ~30 ms of a corpus run for little (what
 * the first run did not use is compiled lazily, as before). Nothing is read or written when the folder had to be
 * made by this run: there is nothing to read, and a CI container that starts with an empty cache each time would
 * pay for writing (~13 ms of a 1k-line `check`) and never read; from the second run in the same home on, the
 * missing caches are written. Figures: docs/performance.md, "The CLI's code cache".
 */
import { join } from 'node:path';
import { useCodeCache, type ModuleClass } from './codeCache';

try {
  const cache = useCodeCache(require('node:module') as ModuleClass, __dirname, { prefix: 'cli-', inNewFolder: false });
  if (cache) process.on('exit', () => cache.write('missing'));
} catch {
  // Without the cache the modules compile from source.
}
// A path built at run time: the bundle is a separate file, not inlined into this one.
(require(join(__dirname, 'cliMain.js')) as typeof import('./cli')).runCli(process.argv.slice(2));
