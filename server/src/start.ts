/**
 * Entry of dist/server.js: turns on Node's compile cache, then loads the language server's bundle
 * (dist/languageServer.js). Compiling the bundle is a large share of the server's start-up; with the cache
 * (Node ≥ 22.1: VS Code's recent Electron, code-server) later starts reuse the compiled code (figures:
 * docs/performance.md, "Server start-up"). The cache is keyed by the file's path and content (a new version
 * compiles afresh), lives in Node's default place (os.tmpdir()/node-compile-cache) and is written at exit.
 * On older Node this is a no-op.
 */
import { join } from 'node:path';

try {
  (require('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();
} catch {
  // A cache that cannot be opened (read-only tmp) only costs the compile.
}
// A path built at run time: the bundle is a separate file, not inlined into this one.
require(join(__dirname, 'languageServer.js'));
