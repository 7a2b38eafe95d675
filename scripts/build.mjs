// Bundles the extension (client), the language server and the CLI with esbuild. `--production` minifies.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
// Start clean: a production package must not carry a dev build's leftovers (source maps).
rmSync('dist', { recursive: true, force: true });
// The official AsyncAPI schemas, compiled to standalone validators (a no-op when up to date), beside the bundles.
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/compileSchemas.ts'], { stdio: 'inherit' });
cpSync('generated/schemas', 'dist/schemas', { recursive: true, filter: (f) => !f.endsWith('manifest.json') });
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // `vscode` is provided by the editor at run time.
  external: ['vscode'],
  // yaml's ES module build: bundled from its CommonJS build, every named import (isMap, isPair, …) is a getter
  // call on esbuild's interop object, in every hot loop over the syntax tree (docs/performance.md, "Typing at
  // 100k lines"). The same version and code, without the getters.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  // One version, package.json's (common/src/version.ts).
  define: { SPECSOCKET_VERSION: JSON.stringify(version), SPECSOCKET_BUNDLED: 'true' },
};

await Promise.all([
  build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist' }),
  // dist/server.js is a small loader (start.ts: a V8 code cache written at exit) for the server bundle, languageServer.js;
  // dist/cli.js likewise (cliStart.ts) for the CLI's, cliMain.js.
  build({
    ...common,
    entryPoints: {
      server: 'server/src/start.ts',
      languageServer: 'server/src/server.ts',
      cli: 'server/src/cliStart.ts',
      cliMain: 'server/src/cli.ts',
      cliMock: 'server/src/cliMock.ts',
      cliTest: 'server/src/cliTest.ts',
    },
    outdir: 'dist',
  }),
  // The Try it panel's webview: browser code plus its CSS (with the codicon font next to it).
  build({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    external: [],
    entryPoints: { main: 'webview/src/main.ts', tryit: 'media/tryit.css' },
    outdir: 'dist/webview',
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
  }),
]);
