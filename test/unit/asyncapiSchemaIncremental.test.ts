/**
 * Entry-wise validation (incrementalValidation.ts) must report exactly what one whole-document validation
 * reports: over the corpus, over the corpus with typos injected, and over a big generated spec with errors,
 * including after incremental edits that reuse unchanged entries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED, readText } from '../helpers/fixtures';
import { SpecDocument } from '../../server/src/languageService/specDocument';
import { schemaDiagnostics } from '../../server/src/languageService/asyncapiSchemaValidation';
import { validateByEntries } from '../../server/src/languageService/incrementalValidation';
import type { SpecDiagnostic } from '../../server/src/languageService/types';

const CORPUS = join(SHARED, 'corpus');
const key = (ds: SpecDiagnostic[]) => ds.map((d) => `${d.start}-${d.end} ${d.code} ${d.message} ${JSON.stringify(d.data)}`).sort();

function bigSpec(entries: number): string {
  const L = ['asyncapi: 3.0.0', 'info:', '  title: Big', '  version: 1.0.0', 'servers:', '  prod:', '    host: x', '    protocol: wss', 'channels:'];
  for (let i = 0; i < entries; i++) L.push(`  ch${i}:`, `    ${i % 17 ? 'address' : 'adress'}: /c${i}`, '    messages:', `      m${i}:`, `        $ref: '#/components/messages/m${i}'`);
  L.push('operations:');
  for (let i = 0; i < entries; i++) L.push(`  op${i}:`, `    action: ${i % 13 ? 'send' : 'sned'}`, '    channel:', `      $ref: '#/channels/ch${i}'`);
  L.push('components:', '  messages:');
  for (let i = 0; i < entries; i++) L.push(`    m${i}:`, '      payload:', `        type: ${i % 11 ? 'object' : 'objekt'}`, `        description: Text ${i}`);
  L.push('  securitySchemes:', '    k: {type: httpApiKey, name: k, in: header, extra: 1}');
  return L.join('\n') + '\n';
}

test('incremental schema: entry-wise equals whole-document validation on a big spec with errors, across edits', () => {
  let text = bigSpec(120);
  let doc = new SpecDocument('file:///big.yaml', text, 0);
  assert.ok(validateByEntries('3.0.0', doc.value), 'the entry-wise path is taken');
  const first = schemaDiagnostics(doc);
  assert.ok(first.length > 20, `errors found: ${first.length}`);
  assert.deepEqual(key(first), key(schemaDiagnostics(doc, true)));
  const edits: [string, string][] = [
    ['description: Text 5\n', 'description: Text 55\n'],
    ['action: send\n    channel:\n      $ref: \'#/channels/ch3\'', 'action: sendd\n    channel:\n      $ref: \'#/channels/ch3\''],
    ['adress: /c0', 'address: /c0'],
    ['type: objekt', 'type: object'],
  ];
  for (const [i, [from, to]] of edits.entries()) {
    assert.ok(text.includes(from), from);
    text = text.replace(from, to);
    doc = new SpecDocument('file:///big.yaml', text, i + 1, doc);
    assert.deepEqual(key(schemaDiagnostics(doc)), key(schemaDiagnostics(doc, true)), `after edit ${i}`);
  }
});

test('incremental schema: entry-wise equals whole-document validation over the corpus, with typos injected', { skip: !existsSync(join(CORPUS, 'SOURCES.tsv')) && 'no corpus' }, () => {
  const [, ...rows] = readText(join(CORPUS, 'SOURCES.tsv')).trim().split('\n').map((l) => l.split('\t'));
  let compared = 0;
  for (const r of rows.filter((c) => /^[23]\./.test(c[6]))) {
    const original = readText(join(CORPUS, r[0]));
    const typo = original
      .replace(/\n(\s+)(description|summary|title):/g, (m, ind: string, k: string, off: number) => (off % 3 === 0 ? `\n${ind}${k}x:` : m))
      .replace(/type: string/g, (m, off: number) => (off % 2 ? 'type: strin' : m));
    for (const text of [original, typo]) {
      const a = new SpecDocument('file:///a.yaml', text, 1);
      const b = new SpecDocument('file:///a.yaml', text, 1);
      assert.deepEqual(key(schemaDiagnostics(a)), key(schemaDiagnostics(b, true)), r[0]);
      compared++;
    }
  }
  assert.ok(compared > 80);
});
