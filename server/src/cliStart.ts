/**
 * Entry of dist/cli.js: turns on Node's compile cache, then loads the CLI's bundle (dist/cliMain.js) and runs it,
 * as dist/server.js does for the language server (start.ts). Compiling the 2.2 MB bundle was the largest single
 * cost of a `check` run after the parse; turned on only inside the bundle, the cache could not cover the bundle
 * itself. Node ≥ 22.1 (a no-op before); the cache lives in os.tmpdir()/node-compile-cache, keyed by path and content.
 * Figures: docs/performance.md, "Requests during the slow pass, and the CLI's start".
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { shortRunFlags } from './cliTiering';

// Before any of the bundle compiles, so that every function of it is tiered the same way.
const flags = shortRunFlags(process.argv[2], process.versions.v8, process.arch);
if (flags) setFlagsFromString(flags);
try {
  (require('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();
} catch {
  // A cache that cannot be opened (read-only tmp) only costs the compile.
}
// A path built at run time: the bundle is a separate file, not inlined into this one.
(require(join(__dirname, 'cliMain.js')) as typeof import('./cli')).runCli(process.argv.slice(2));
