/**
 * What the slow pass keeps across versions by plain-value identity (an edit patches the plain value copy-on-path,
 * so what it did not touch keeps its objects): the result over a chain of edits, each parsed incrementally from
 * the one before, must be what a fresh service computes on the same texts. Each chain includes edits that change
 * what a kept result depends on without touching the object it is kept by.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';

type Step = { file: 'a.yaml' | 'b.yaml'; from: string; to: string };

/** Applies each step in one service (incremental parses) and compares its slow diagnostics with a fresh service's. */
function chain(files: { 'a.yaml': string; 'b.yaml': string }, steps: Step[]): void {
  const texts = { ...files };
  const { service, uri } = serviceWith(texts);
  service.store.setOpen(uri('b.yaml'), texts['b.yaml'], 1);
  const show = (ds: { code: string; start: number; end: number; message: string }[]) => ds.map((d) => `${d.code} ${d.start}-${d.end} ${d.message}`).sort();
  service.slowDiagnostics(uri('a.yaml'));
  steps.forEach((s, i) => {
    assert.ok(texts[s.file].includes(s.from), `step ${i}: ${s.from}`);
    texts[s.file] = texts[s.file].replace(s.from, s.to);
    service.store.setOpen(uri(s.file), texts[s.file], i + 2);
    const kept = show(service.slowDiagnostics(uri('a.yaml')));
    const fresh = serviceWith({ ...texts });
    fresh.service.store.setOpen(fresh.uri('b.yaml'), texts['b.yaml'], 1);
    assert.deepEqual(kept, show(fresh.service.slowDiagnostics(fresh.uri('a.yaml'))), `after step ${i}: ${s.from} → ${s.to}`);
  });
}

const A = `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  a:
    subscribe:
      message:
        payload: {$ref: '#/components/schemas/Price'}
        examples:
          - payload: {amount: 12, currency: EUR}
  b:
    publish:
      message:
        payload: {$ref: 'b.yaml#/Order'}
        examples:
          - payload: {id: 3}
  c:
    publish:
      message:
        payload:
          type: object
          properties:
            price: {$ref: '#/components/schemas/Price'}
        examples:
          - payload: {price: {amount: 1}}
components:
  schemas:
    Price:
      type: object
      properties:
        amount: {type: number}
        currency: {$ref: '#/components/schemas/Currency'}
    Currency: {type: string}
`;

const B = `Order:
  type: object
  properties:
    id: {type: integer}
`;

test('message examples: dereferenced payloads kept across versions follow edits of what they reference', () => {
  chain({ 'a.yaml': A, 'b.yaml': B }, [
    // The referenced schema changes: the first message's example becomes wrong, and the nested one's.
    { file: 'a.yaml', from: 'amount: {type: number}', to: 'amount: {type: string}' },
    // An unrelated edit: nothing changes.
    { file: 'a.yaml', from: "version: '1'", to: "version: '2'" },
    // A reference two hops away (Price → Currency) changes.
    { file: 'a.yaml', from: 'Currency: {type: string}', to: 'Currency: {type: integer}' },
    // Back as it was.
    { file: 'a.yaml', from: 'amount: {type: string}', to: 'amount: {type: number}' },
    { file: 'a.yaml', from: 'Currency: {type: integer}', to: 'Currency: {type: string}' },
    // Another file's target changes, then disappears, then comes back.
    { file: 'b.yaml', from: 'id: {type: integer}', to: 'id: {type: string}' },
    { file: 'b.yaml', from: 'Order:', to: 'Other:' },
    { file: 'b.yaml', from: 'Other:', to: 'Order:' },
    // The example itself changes.
    { file: 'a.yaml', from: '{id: 3}', to: '{id: x}' },
  ]);
});
