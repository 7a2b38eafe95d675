/**
 * The bundles take yaml's ES module build (scripts/build.mjs `alias`). From its CommonJS build, esbuild reaches
 * every named import (`isMap`, `isPair`, …) through a getter on an interop object, and the server's hot loops over
 * the syntax tree paid that on each node (docs/performance.md, "Typing at 100k lines"). One copy of yaml, the
 * ES module one, in every bundle that parses YAML.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist');

for (const bundle of ['languageServer.js', 'cliMain.js', 'client.js']) {
  test(`dist/${bundle} bundles yaml's ES module build only`, () => {
    const text = readFileSync(join(DIST, bundle), 'utf8');
    assert.match(text, /^\/\/ node_modules\/yaml\/browser\//m);
    assert.doesNotMatch(text, /^\/\/ node_modules\/yaml\/dist\//m, 'the CommonJS build is bundled too');
  });
}
