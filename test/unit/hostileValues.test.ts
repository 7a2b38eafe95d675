/**
 * Issue 13.9–10: values that contain themselves and keys that are collections are reported once, where they are
 * written, and the rest of the document is checked as usual (no feature throws: the service reports that).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/languageService/languageService';
import { mark, memoryFs, memUri } from '../helpers/fixtures';
import type { SpecDiagnostic } from '../../server/src/languageService/core/types';
import { SpecDocument } from '../../server/src/languageService/core/specDocument';
import { parseDocument } from 'yaml';

function diagnose(source: string): { diags: SpecDiagnostic[]; spans: { start: number; end: number }[]; failures: string[]; value: unknown } {
  const { text, spans } = mark(source);
  const failures: string[] = [];
  const service = new LanguageService({ fs: memoryFs({ 'a.yaml': text }), onError: (f, e) => failures.push(`${f}: ${String(e)}`) });
  service.store.setOpen(memUri('a.yaml'), text, 1);
  const diags = service.diagnostics(memUri('a.yaml'));
  return { diags, spans, failures, value: service.store.get(memUri('a.yaml'))!.value };
}

const at = (d: SpecDiagnostic | undefined) => d && { start: d.start, end: d.end };

test('a circular alias: one diagnostic at the alias, and the schema and semantic checks still run', () => {
  const { diags, spans, failures } = diagnose(
    [
      'asyncapi: 3.0.0',
      "info: {title: t, version: '1'}",
      'channels:',
      '  c:',
      '    address: c',
      "    messages: {m: {$ref: '#/components/messages/M'}}",
      'components:',
      '  messages:',
      "    M: {payload: {$ref: '#/components/schemas/Bomb'}}",
      '  schemas:',
      '    Bomb: &B',
      '      type: object',
      '      properties:',
      '        self: «*B»',
      '    Bad: {type: «12»}',
      "    Gone: {$ref: '#/components/schemas/Nowhere'}",
      '',
    ].join('\n'),
  );
  assert.deepEqual(failures, []);
  const circular = diags.filter((d) => d.code === 'circular-alias');
  assert.equal(circular.length, 1);
  assert.deepEqual(at(circular[0]), spans[0]);
  assert.ok(
    diags.some((d) => d.code.startsWith('schema-') && d.start === spans[1].start),
    `schema check of Bad: ${JSON.stringify(diags)}`,
  );
  assert.ok(
    diags.some((d) => d.code === 'invalid-ref'),
    `semantic check of Gone: ${JSON.stringify(diags)}`,
  );
});

test('a 2.4 KB key `[[[…]]]` is reported once and kept short in the value, not stringified', () => {
  let key = '1';
  while (key.length < 2400) key = `[${key}]`;
  const { diags, spans, failures, value } = diagnose(`asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\nx-k:\n  «${key}»: 1\n  [a, b]: 2\n`);
  assert.deepEqual(failures, []);
  const keys = diags.filter((d) => d.code === 'collection-key');
  assert.equal(keys.length, 2);
  assert.deepEqual(at(keys[0]), spans[0]);
  const written = Object.keys((value as { 'x-k': object })['x-k']);
  assert.deepEqual(written, [`${key.slice(0, 64)}…`, '[ a, b ]'], 'the long key cut short, a short one as yaml writes it');
});

/**
 * An alias naming no anchor before it (fuzz seed 26: `<<: *a` typed into an 800 KB broken spec): yaml's conversion
 * fails there, after walking the whole tree with `visit` to find anchors (0.25-0.4 s of CPU at 800 KB, on every
 * edit). When it is the document's first alias the same error is given without converting; the value error must be
 * yaml's own in every case, the first alias unresolved or not.
 */
test('an alias naming no anchor before it fails the value as yaml does, without converting when it is the first', () => {
  const cases = [
    'a: 1\nb: *a\n',
    'a: &x 1\nb: *x\nc: *nope\n',
    'a: [*later]\nb: &later 2\n',
    'x-$ref: <<: *a\nc: 3\n',
    'a: &a {b: *a}\nc: *z\n',
    'k: *a\nl: &a 1\nm: *a\n',
  ];
  for (const text of cases) {
    const expected = (() => {
      try {
        parseDocument(text, { uniqueKeys: false }).toJS({ maxAliasCount: 1000 });
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    })();
    const doc = new SpecDocument('file:///alias.yaml', text, 1);
    let converted = 0;
    const toJS = doc.ast.toJS.bind(doc.ast);
    doc.ast.toJS = ((...args: Parameters<typeof toJS>) => (converted++, toJS(...args))) as typeof toJS;
    assert.equal(doc.valueError, expected, JSON.stringify(text));
    const firstAliasUnresolved = /^[^*&]*\*/.test(text);
    assert.equal(converted, firstAliasUnresolved ? 0 : 1, `${JSON.stringify(text)}: converted ${converted} times`);
  }
});
