/**
 * Entry of dist/cli.js: sets the V8 flags of the command (cliTiering.ts), then loads the CLI's bundle (dist/cliMain.js),
 * and through it the schema modules (dist/schemas/*.js), through the code cache the language server's loader uses
 * (codeCache.ts, start.ts), then runs it.
 *
 * The cache's files are prefixed `cli-` and the flags: V8 rejects a cache made under other flags (set at run time
 * too), and the server runs with other flags than the CLI, `check` with other flags than `mock` and `test`; sharing a
 * file, each would reject and replace the other's.
 *
 * When it writes: at exit, only the caches that were missing or rejected. A cache made at exit holds every function
 * the run compiled (Node's compile cache, used here before, only the top-level code, and nothing else loads through
 * it now, so it is off); writing all of them again at every exit would cost ~30 ms of a corpus run for little (what
 * the first run did not use is compiled lazily, as before). Nothing is read or written when the folder had to be
 * made by this run: there is nothing to read, and a CI container that starts with an empty cache each time would
 * pay for writing (~25 ms of a 1k-line `check`) and never read; from the second run in the same home on, the
 * missing caches are written. Figures: docs/performance.md, "The CLI's code cache".
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { useCodeCache, type ModuleClass } from './codeCache';
import { shortRunFlags } from './cliTiering';

// Before any of the bundle compiles, so that every function of it is tiered the same way.
const flags = shortRunFlags(process.argv[2], process.versions.v8, process.arch);
if (flags) setFlagsFromString(flags);
try {
  const prefix = flags ? `cli${flags.replace(/[^a-z]+/g, '-')}-` : 'cli-';
  const cache = useCodeCache(require('node:module') as ModuleClass, __dirname, { prefix, inNewFolder: false });
  if (cache) process.on('exit', () => cache.write('missing'));
} catch {
  // Without the cache the modules compile from source.
}
// A path built at run time: the bundle is a separate file, not inlined into this one.
(require(join(__dirname, 'cliMain.js')) as typeof import('./cli')).runCli(process.argv.slice(2));
