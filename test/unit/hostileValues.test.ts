/**
 * Issue 13.9–10: values that contain themselves and keys that are collections are reported once, where they are
 * written, and the rest of the document is checked as usual (no feature throws: the service reports that).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/languageService/languageService';
import { mark, memoryFs, memUri } from '../helpers/fixtures';
import type { SpecDiagnostic } from '../../server/src/languageService/core/types';

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
