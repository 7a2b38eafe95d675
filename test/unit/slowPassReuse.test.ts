/**
 * What the slow pass keeps across versions by plain-value identity (an edit patches the plain value copy-on-path,
 * so what it did not touch keeps its objects): the result over a chain of edits, each parsed incrementally from
 * the one before, must be what a fresh service computes on the same texts. Each chain includes edits that change
 * what a kept result depends on without touching the object it is kept by.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import { resolveDocumentSteps, type ResolveCache } from '../../server/src/languageService/asyncapi/semantic/resolvedDocumentSteps';
import { collectRefs, documentRefs } from '../../server/src/languageService/asyncapi/semantic/walk';
import { drain } from '../../server/src/languageService/core/features';

type Step = { file: 'a.yaml' | 'b.yaml'; from: string; to: string };

/** A cache that keeps nothing: the build as it was before anything was kept, also within one build. */
const KEEP_NOTHING = { get: () => undefined, set: () => KEEP_NOTHING } as unknown as ResolveCache;

function resolved(service: ReturnType<typeof serviceWith>['service'], uri: string, cache?: ResolveCache): unknown {
  const doc = service.store.get(uri)!;
  return drain(resolveDocumentSteps({ store: service.store, doc, settings: { resolveRemoteRefs: false } }, doc.value, undefined, cache));
}

/**
 * Applies each step in one service (incremental parses) and compares its slow diagnostics with a fresh service's;
 * returns how many steps had a diagnostic of each code (the chain must exercise what it tests).
 */
function chain(files: { 'a.yaml': string; 'b.yaml': string }, steps: Step[]): Map<string, number> {
  const seen = new Map<string, number>();
  const texts = { ...files };
  const { service, uri } = serviceWith(texts);
  service.store.setOpen(uri('b.yaml'), texts['b.yaml'], 1);
  const show = (ds: { code: string; start: number; end: number; message: string }[]) => ds.map((d) => `${d.code} ${d.start}-${d.end} ${d.message}`).sort();
  service.slowDiagnostics(uri('a.yaml'));
  steps.forEach((s, i) => {
    assert.ok(texts[s.file].includes(s.from), `step ${i}: ${s.from}`);
    texts[s.file] = texts[s.file].replace(s.from, s.to);
    service.store.setOpen(uri(s.file), texts[s.file], i + 2);
    const diags = service.slowDiagnostics(uri('a.yaml'));
    for (const code of new Set(diags.map((d) => d.code))) seen.set(code, (seen.get(code) ?? 0) + 1);
    const kept = show(diags);
    const fresh = serviceWith({ ...texts });
    fresh.service.store.setOpen(fresh.uri('b.yaml'), texts['b.yaml'], 1);
    assert.deepEqual(kept, show(fresh.service.slowDiagnostics(fresh.uri('a.yaml'))), `after step ${i}: ${s.from} → ${s.to}`);
    // The document's references, from what earlier versions kept per entry, are those of one walk.
    const root = service.store.get(uri('a.yaml'))!.value as Record<string, unknown>;
    assert.deepEqual(documentRefs(root), collectRefs(root), `$refs, after step ${i}`);
    // The resolved document built from what earlier versions kept is the one built keeping nothing at all.
    assert.deepEqual(resolved(service, uri('a.yaml')), resolved(service, uri('a.yaml'), KEEP_NOTHING), `resolved, after step ${i}`);
  });
  return seen;
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
  const seen = chain({ 'a.yaml': A, 'b.yaml': B }, [
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
  assert.ok((seen.get('asyncapi2-message-examples') ?? 0) >= 4, JSON.stringify([...seen]));
});

const R = `asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  a:
    messages:
      M: {$ref: '#/x-lib/M'}
  b:
    messages:
      M: {$ref: 'b.yaml#/M'}
  c:
    messages:
      N: {$ref: '#/components/messages/N'}
components:
  messages:
    N:
      payload: {$ref: '#/components/schemas/Node'}
  schemas:
    Node:
      type: object
      properties:
        next: {$ref: '#/components/schemas/Node'}
x-lib:
  M: {$ref: '#/x-lib/M2'}
  M2:
    payload: {type: string}
`;

const RB = `M:
  payload: {type: integer}
`;

test('resolved document: built values and valid chunks kept across versions follow edits of what they reference', () => {
  const seen = chain({ 'a.yaml': R, 'b.yaml': RB }, [
    // Two references away from the channel, which the edit does not touch: the channel's message gets a key a
    // message may not have (valid in itself: x- values are free).
    { file: 'a.yaml', from: 'payload: {type: string}', to: 'payload: {type: string}\n    bogus: 1' },
    { file: 'a.yaml', from: "version: '1'", to: "version: '2'" },
    { file: 'a.yaml', from: '    bogus: 1', to: '    other: 1' },
    { file: 'a.yaml', from: '    other: 1\n', to: '' },
    // Another file's target.
    { file: 'b.yaml', from: 'payload: {type: integer}', to: 'payload: {type: integer}\n  bogus: 2' },
    { file: 'b.yaml', from: 'M:', to: 'X:' },
    { file: 'b.yaml', from: 'X:', to: 'M:' },
    // The cycle (Node → Node) broken and made again; a message key the cyclic payload's message may not have.
    { file: 'a.yaml', from: "next: {$ref: '#/components/schemas/Node'}", to: 'next: {type: string}' },
    { file: 'a.yaml', from: 'next: {type: string}', to: "next: {$ref: '#/components/schemas/Node'}" },
    { file: 'a.yaml', from: '  M: {$ref', to: '  M3: {payload: {type: string}, nope: 1}\n  M: {$ref' },
    { file: 'a.yaml', from: "M: {$ref: '#/x-lib/M2'}", to: "M: {$ref: '#/x-lib/M3'}" },
    // Entries renamed: their references' paths change, not their objects.
    { file: 'a.yaml', from: '  b:\n    messages:', to: '  b2:\n    messages:' },
    { file: 'a.yaml', from: 'channels:', to: 'x-channels:' },
  ]);
  assert.ok((seen.get('asyncapi-document-resolved') ?? 0) >= 4, JSON.stringify([...seen]));
});

test('resolved document: a kept value is not used where the depth limit would cut it', () => {
  const deep = (n: number) => `${'{a: '.repeat(n)}{$ref: '#/components/schemas/T'}${'}'.repeat(n)}`;
  const text = `asyncapi: 3.0.0
info: {title: t, version: '1'}
x-deep: {}
components:
  schemas:
    T: {a: {b: {c: {d: {e: {f: {$ref: '#/components/schemas/U'}}}}}}}
    U: {type: string}
`;
  // T is kept from a shallow build; then it is first reached 250 levels down, where the limit (256) cuts it
  // (and the cut expansion is what the shallow reference gets too, as in a build from scratch).
  chain({ 'a.yaml': text, 'b.yaml': 'x: 1\n' }, [
    { file: 'a.yaml', from: 'x-deep: {}', to: `x-deep: ${deep(250)}` },
    { file: 'a.yaml', from: "version: '1'", to: "version: '2'" },
    { file: 'a.yaml', from: `x-deep: ${deep(250)}`, to: 'x-deep: {}' },
  ]);
});

test('tags: objects kept as checked follow edits, and are walked again where they stand at another depth', () => {
  const text = `asyncapi: 3.0.0
info: {title: t, version: '1'}
operations:
  a:
    action: send
    channel: {$ref: '#/channels/c'}
    tags: [{name: x}, {name: y}]
channels:
  c: {}
`;
  const seen = chain({ 'a.yaml': text, 'b.yaml': 'x: 1\n' }, [
    { file: 'a.yaml', from: '{name: y}', to: '{name: x}' },
    { file: 'a.yaml', from: "version: '1'", to: "version: '2'" },
    { file: 'a.yaml', from: '{name: x}, {name: x}', to: '{name: x}, {name: z}' },
    { file: 'a.yaml', from: '{name: z}', to: '{name: x}' },
  ]);
  assert.equal(seen.get('tags-uniqueness'), 3, JSON.stringify([...seen]));
  // The same object (a YAML alias) first below the walk's depth limit (10), where its tags are not looked at, then
  // near the root, where they are.
  const deep = `${'{a: '.repeat(9)}&t {b: {tags: [{name: d}, {name: d}]}}${'}'.repeat(9)}`;
  const { service, uri } = serviceWith({
    'a.yaml': `asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\nx-deep: ${deep}\nx-near: *t\nchannels: {}\n`,
  });
  const tags = service.slowDiagnostics(uri('a.yaml')).filter((d) => d.code === 'tags-uniqueness');
  assert.equal(tags.length, 1, JSON.stringify(tags));
});

test("$refs: an entry's references are kept by the entry and where it stands (a YAML alias puts one object at two places)", () => {
  const { service, uri } = serviceWith({
    'a.yaml': `asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  a: &c
    messages:
      M: {$ref: '#/components/messages/M'}
  b: *c
components:
  messages:
    M: {payload: {type: string}}
`,
  });
  service.slowDiagnostics(uri('a.yaml'));
  const root = service.store.get(uri('a.yaml'))!.value as Record<string, unknown>;
  assert.equal(root.channels && (root.channels as Record<string, unknown>).a, (root.channels as Record<string, unknown>).b, 'one object');
  assert.deepEqual(documentRefs(root), collectRefs(root));
  assert.equal(documentRefs(root).length, 2);
});
