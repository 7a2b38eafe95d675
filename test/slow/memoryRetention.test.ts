/**
 * What the language server keeps alive across edits. RSS with a big spec open is a budget (issue 2), and two
 * leaks grew with every edit: spliced nodes pinning each version's whole text, and ajv holding every payload
 * schema it compiled. Measured with a forced GC, so the numbers are what is reachable, not what is garbage.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { generateAsyncApi } from '../helpers/generate';
import { LanguageService } from '../../server/src/languageService/languageService';
import { nodeFileSystem } from '../../server/src/languageService/core/nodeFileSystem';
import { exposeGc } from '../../server/src/idleCollector';

// Run with the server's flags that matter here (npm run test:slow gives them): --expose-gc, and
// --no-compilation-cache, without which V8's cache of compiled `new Function` sources ages out only slowly.
const gc = exposeGc() ?? assert.fail('gc is not exposed: run with node --expose-gc (npm run test:slow does)');

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

test('typing in a big spec does not keep each version of its text alive', () => {
  const service = new LanguageService({ fs: nodeFileSystem });
  const uri = 'file:///memory/typing.yaml';
  let text = generateAsyncApi('2.6', 10000);
  service.store.setOpen(uri, text, 1);
  service.fastDiagnostics(uri);
  const before = heapAfterGc();
  const edits = 60;
  for (let i = 0; i < edits; i++) {
    // Spread over the file, each inside a description value: every one is spliced, not a full parse.
    const at = text.indexOf('description: ', (i * 7919) % (text.length - 100)) + 'description: '.length;
    text = text.slice(0, at) + 'x' + text.slice(at);
    service.store.setOpen(uri, text, i + 2);
    service.fastDiagnostics(uri);
  }
  const grown = heapAfterGc() - before;
  // One version's text is ~260 KB: keeping every version would add ~15 MB. Caches that settle (compiled code, the
  // line index) take ~1 MB, more on a loaded machine: a quarter of the leak is the line between them.
  assert.ok(grown < 16 * text.length, `heap grew by ${(grown / 1e6).toFixed(1)} MB over ${edits} edits of a ${(text.length / 1e3).toFixed(0)} KB text`);
});

test('a semantic pass over a spec with hundreds of distinct payloads keeps few of their compiled validators', () => {
  const service = new LanguageService({ fs: nodeFileSystem });
  // Warm up on a small spec of the same version: the official schema's validators are compiled once and kept.
  service.store.setOpen('file:///memory/small.yaml', generateAsyncApi('2.6', 300), 1);
  service.slowDiagnostics('file:///memory/small.yaml');
  const uri = 'file:///memory/payloads.yaml';
  service.store.setOpen(uri, generateAsyncApi('2.6', 20000), 1); // ~320 distinct payload schemas with examples
  service.fastDiagnostics(uri);
  const before = heapAfterGc();
  service.slowDiagnostics(uri);
  const grown = heapAfterGc() - before;
  // A compiled payload validator with its source is ~60 KB: keeping all 320 would add ~20 MB.
  assert.ok(grown < 8e6, `heap grew by ${(grown / 1e6).toFixed(1)} MB`);
});
