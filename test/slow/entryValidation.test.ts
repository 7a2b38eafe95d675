/**
 * Issue 17.6: schema validation entry by entry (each `channels.*`, `operations.*`, `components.<kind>.*` against
 * its own compiled sub-schema, cached per entry object) must give what one ajv pass over the whole value gives,
 * narrowed the same way (schemaErrors.ts): error for error, and the same diagnostics in the same order. Over the
 * corpus (as written and with mistakes planted in entries and around them), generated 2.6 and 3.0 specs, chains of
 * spliced versions (where the cache serves the unchanged entries), and a document past narrowing's budget.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { CORPUS, readText, walk } from '../helpers/fixtures';
import { generateAsyncApi, generateAsyncApiJson, rng } from '../helpers/generate';
import { SpecDocument } from '../../server/src/languageService/core/specDocument';
import { isSupportedVersion } from '../../server/src/languageService/asyncapi/officialSchemas';
import { entryValidation, specBranches, validateValue } from '../../server/src/languageService/asyncapi/schemas';
import { narrowErrors } from '../../server/src/languageService/asyncapi/schemaErrors';
import { schemaDiagnosticsWith, schemaErrors } from '../../server/src/languageService/asyncapi/schemaValidation';

/** The reference: one pass over the whole value, narrowed. */
const whole = (version: string, value: object): ErrorObject[] => narrowErrors(validateValue(version, value), specBranches(version));

/**
 * What an error says, as far as anything downstream reads it (schemaValidation.ts's mapping and narrowing): the
 * map's own schema is a copy in the stub root (its entries `true`), so of the parent schema only its description
 * and the names it allows; `data` by identity (the same objects of the same value).
 */
function said(e: ErrorObject) {
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  return {
    keyword: e.keyword,
    instancePath: e.instancePath,
    params: e.params,
    message: e.message,
    schema: e.keyword === 'oneOf' || e.keyword === 'anyOf' ? JSON.stringify(e.schema) : undefined,
    parent: [parent.description, Object.keys((parent.properties as object) ?? {}), Object.keys((parent.patternProperties as object) ?? {})],
  };
}

const key = (e: ErrorObject) => JSON.stringify(said(e));

/** Per entry == whole: the same errors (each with the same data object), and the same diagnostics in order. */
function assertSame(name: string, doc: SpecDocument): number {
  const value = doc.value as { asyncapi?: unknown } | null;
  if (!value || typeof value !== 'object' || !isSupportedVersion(value.asyncapi)) return -1;
  const version = value.asyncapi;
  const expected = whole(version, value);
  const actual = schemaErrors(version, value);
  const sorted = (es: ErrorObject[]) => es.map((e) => [key(e), e.data] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const [a, x] = [sorted(actual), sorted(expected)];
  assert.deepEqual(
    a.map((p) => p[0]),
    x.map((p) => p[0]),
    `${name}: errors`,
  );
  a.forEach((p, i) => assert.ok(p[1] === x[i][1], `${name}: the data of ${p[0]}`));
  assert.deepEqual(schemaDiagnosticsWith(doc), schemaDiagnosticsWith(doc, whole), `${name}: diagnostics`);
  return expected.length;
}

/** Mistakes in entries and around them: unknown keys, wrong types and enums, empty entries, bad map keys. */
const MISTAKES: [RegExp, string][] = [
  [/^(\s+)type: string$/m, '$1type: strin'],
  [/^(\s+)action: send$/m, '$1action: sned'],
  [/^(\s+)address: /m, '$1adress: '],
  [/^(\s+)description: /m, '$1description:\n$1  nested: 1\n$1x-was: '],
  [/^(\s+)payload:$/m, '$1payload: 5\n$1x-payload:'],
  [/^(\s+)messages:$/m, '$1messages: []\n$1x-messages:'],
  [/^(\s+)\$ref: /m, '$1$ref: 5\n$1x-ref: '],
  [/^channels:$/m, 'channels:\n  bad key%:\n  "":\n    description: 5\n  nothing:'],
  [
    /^components:$/m,
    'components:\n  schemas:\n    Bad Name:\n      type: 5\n  securitySchemes:\n    bad key:\n      type: 5\n  nothing: 1\n  messages: []\n  x-old:',
  ],
  [/^operations:$/m, 'operations:\n  empty:\n  ref:\n    $ref: 5\n  wrong: []'],
  [/^servers:$/m, 'servers:\n  empty:\n  listed: []'],
  [/^(\s+)required:\n(\s+)- /m, '$1required: 1\n$1x-required:\n$2- '],
  [/^channels:\n/m, 'channels: 5\nx-channels:\n'],
];

function variants(text: string): string[] {
  const out = [text];
  for (const [re, by] of MISTAKES) if (re.test(text)) out.push(text.replace(re, by));
  // All of them at once, and every third `type: string` misspelt (composites fail all over).
  out.push(MISTAKES.reduce((t, [re, by]) => t.replace(re, by), text));
  out.push(text.replace(/type: string/g, (m, off: number) => (off % 3 ? m : 'type: strin')));
  return out;
}

test('entry by entry equals the whole pass over every corpus document and generated spec, with mistakes planted', () => {
  const files = walk(join(CORPUS, 'asyncapi'), /\.ya?ml$/i);
  assert.ok(files.length > 40, `${files.length} corpus files`);
  const texts: [string, string][] = [
    ...files.map((f) => [f.slice(CORPUS.length + 1), readText(f)] as [string, string]),
    ...walk(join(CORPUS, 'asyncapi'), /\.json$/i).map((f) => [f.slice(CORPUS.length + 1), readText(f)] as [string, string]),
    ['generated 2.6', generateAsyncApi('2.6', 2000)],
    ['generated 3.0', generateAsyncApi('3.0', 2000)],
  ];
  let docs = 0;
  let failing = 0;
  let inEntries = 0;
  for (const [name, text] of texts)
    for (const [i, variant] of variants(text).entries()) {
      const doc = new SpecDocument(`file:///${name}.${i}.yaml`, variant, 1);
      const n = assertSame(`${name} (variant ${i})`, doc);
      if (n < 0) continue;
      docs++;
      if (n > 0) failing++;
      const version = (doc.value as { asyncapi: string }).asyncapi;
      const sites = entryValidation(version)!.sites.map((s) => '/' + s.path.join('/') + '/');
      if (whole(version, doc.value as object).some((e) => sites.some((s) => e.instancePath.startsWith(s)))) inEntries++;
    }
  assert.ok(docs >= 300 && failing >= 250 && inEntries >= 200, `documents ${docs}, failing ${failing}, with errors inside entries ${inEntries}`);
});

test('entry by entry equals the whole pass over chains of spliced versions (the cache serves unchanged entries)', () => {
  const r = rng(1706);
  const files = walk(join(CORPUS, 'asyncapi'), /\.ya?ml$/i).filter((_f, i) => i % 3 === 0);
  const texts: [string, string][] = [
    ...files.map((f) => [f.slice(CORPUS.length + 1), readText(f)] as [string, string]),
    ['generated 2.6', generateAsyncApi('2.6', 1000)],
    ['generated 3.0', generateAsyncApi('3.0', 1000)],
    ['generated 3.0 JSON', generateAsyncApiJson('3.0', 1500)],
  ];
  // One-character edits in values and keys, making and mending mistakes (`send` → `sned` → `send`, …).
  const EDITS: [RegExp, (m: string) => string][] = [
    [/\bsend\b/g, () => 'sned'],
    [/\bsned\b/g, () => 'send'],
    [/\bstring\b/g, () => 'strin'],
    [/\bstrin\b/g, () => 'string'],
    [/description\b/g, () => 'descriptio'],
    [/descriptio\b/g, () => 'description'],
    [/: [A-Za-z]/g, (m) => m + 'x'],
  ];
  let versions = 0;
  for (const [name, text] of texts) {
    let doc = new SpecDocument(`file:///chain/${name}`, text, 1);
    assertSame(`${name} v1`, doc);
    for (let v = 2; v < 14; v++) {
      const [re, by] = EDITS[Math.floor(r() * EDITS.length)];
      const hits = [...doc.text.matchAll(re)];
      if (!hits.length) continue;
      const m = hits[Math.floor(r() * hits.length)];
      const next = doc.text.slice(0, m.index) + by(m[0]) + doc.text.slice(m.index + m[0].length);
      doc = new SpecDocument(doc.uri, next, v, doc);
      assertSame(`${name} v${v}`, doc);
      versions++;
    }
  }
  assert.ok(versions > 150, `${versions} versions`);
});

test('a map or an entry met at two places (YAML aliases) gets each place its own instance paths', () => {
  const text = `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels: &channels
  a/b:
    subscribe: &op
      message: {payload: {type: strin}}
    x-bad: 1
  c: {publish: *op}
components:
  channels: *channels
  messages:
    m: &m {payload: {type: 5}}
    n: *m
`;
  const doc = new SpecDocument('file:///aliases.yaml', text, 1);
  assert.ok(assertSame('aliases', doc) >= 6);
});

test('past narrowing budget the whole pass decides, and gives the same', () => {
  // 1,200 channels whose oneOf fails each: narrowing spends more than its budget over the document.
  const lines = ['asyncapi: 3.0.0', 'info:', '  title: t', '  version: 1.0.0', 'channels:'];
  for (let i = 0; i < 1200; i++) lines.push(`  c${i}:`, `    address: ${i % 2 ? 5 : 'a'}`, '    messages: []');
  const doc = new SpecDocument('file:///budget.yaml', lines.join('\n') + '\n', 1);
  assert.ok(assertSame('budget', doc) > 0);
});
