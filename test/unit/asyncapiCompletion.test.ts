import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import type { SpecCompletion } from '../../server/src/languageService/core/types';

function complete(file: string, source: string): { items: SpecCompletion[]; text: string; spans: { start: number; end: number }[] } {
  const { service, marks, uri } = serviceWith({ [file]: source });
  const m = marks[file];
  assert.equal(m.cursors.length, 1, 'one cursor');
  return { items: service.completions(uri(file), m.cursors[0]), text: m.text, spans: m.spans };
}

const labels = (items: SpecCompletion[]) => items.map((i) => i.label);
const item = (items: SpecCompletion[], label: string) => {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `${label} offered; got ${labels(items).join(', ')}`);
  return found;
};

test('completion: keys of the mapping on a blank line, minus the ones already there', () => {
  const { items } = complete('a.yaml', 'asyncapi: 3.0.0\ninfo:\n  title: x\n  ‸\nchannels: {}\n');
  const l = labels(items);
  assert.ok(l.includes('version') && l.includes('description') && l.includes('contact'), l.join());
  assert.ok(!l.includes('title'), 'present key not offered');
  assert.ok(!l.includes('channels'), 'keys of the parent mapping are not offered');
  assert.equal(item(items, 'version').sortText?.[0], '0', 'required keys sort first');
});

test('completion: keys below the cursor count as present too', () => {
  const { items } = complete('a.yaml', 'asyncapi: 3.0.0\ninfo:\n  ‸\n  title: x\n  version: "1"\n');
  const l = labels(items);
  assert.ok(!l.includes('title') && !l.includes('version'), l.join());
  assert.ok(l.includes('description'));
});

test('completion: mid-word, the word is replaced (even when YAML reads it as part of the previous value)', () => {
  const { items, spans } = complete('a.yaml', 'asyncapi: 3.0.0\ninfo:\n  title: x\n  «ver‸»\nchannels: {}\n');
  const v = item(items, 'version');
  assert.deepEqual(v.replace, spans[0]);
  assert.equal(v.insertText, 'version: $0');
});

test('completion: a key with required children inserts a snippet that fills them', () => {
  const { items } = complete('a.yaml', 'asyncapi: 3.0.0\ninfo:\n  title: x\n  version: "1"\n  ‸\n');
  const license = item(items, 'license');
  assert.equal(license.snippet, true);
  assert.equal(license.insertText, 'license:\n  name: ${1}');
  assert.equal(item(items, 'tags').insertText, 'tags:\n  - $0');
});

test('completion: top-level keys at column 0 of an empty line', () => {
  const { items } = complete('a.yaml', 'asyncapi: 3.0.0\ninfo:\n  title: x\n‸\n');
  assert.deepEqual(labels(items).sort(), ['channels', 'components', 'defaultContentType', 'id', 'operations', 'servers']);
});

test('completion: keys under a key with no value yet', () => {
  const { items } = complete('a.yaml', 'asyncapi: 3.0.0\nservers:\n  prod:\n    ‸\n');
  const l = labels(items);
  assert.ok(l.includes('host') && l.includes('protocol') && l.includes('pathname'), l.join());
  assert.ok(!l.includes('$ref'), '$ref is left to reference completion');
});

test('completion: binding names under bindings, and the binding fields for its version', () => {
  const names = labels(complete('a.yaml', 'asyncapi: 3.0.0\nchannels:\n  c:\n    bindings:\n      ‸\n').items);
  for (const b of ['ws', 'kafka', 'amqp', 'mqtt']) assert.ok(names.includes(b), `${b} in ${names.join()}`);
  const ws = labels(complete('a.yaml', 'asyncapi: 3.0.0\nchannels:\n  c:\n    bindings:\n      ws:\n        ‸\n').items);
  assert.deepEqual(ws.sort(), ['bindingVersion', 'headers', 'method', 'query']);
});

test('completion: keys of a new list item', () => {
  const { items } = complete('a.yaml', 'asyncapi: 3.0.0\nchannels:\n  c:\n    tags:\n      - ‸\n');
  assert.deepEqual(labels(items).sort(), ['description', 'externalDocs', 'name']);
});

test('completion: enum values at a value position (action, mid-word)', () => {
  const { items, spans } = complete('a.yaml', 'asyncapi: 3.0.0\noperations:\n  o:\n    action: «re‸»\n');
  assert.deepEqual(labels(items), ['send', 'receive']);
  assert.deepEqual(items[0].replace, spans[0]);
});

test('completion: the asyncapi version list, newest first', () => {
  const { items } = complete('a.yaml', 'asyncapi: ‸\ninfo: {title: x, version: "1"}\n');
  assert.deepEqual(labels(items), ['3.1.0', '3.0.0', '2.6.0', '2.5.0', '2.4.0', '2.3.0', '2.2.0', '2.1.0', '2.0.0']);
});

test('completion: server protocols', () => {
  const l = labels(complete('a.yaml', 'asyncapi: 3.0.0\nservers:\n  s:\n    host: x\n    protocol: ‸\n').items);
  for (const p of ['ws', 'wss', 'mqtt', 'kafka', 'amqp']) assert.ok(l.includes(p), p);
});

test('completion: security scheme types from every oneOf branch, even while one is half typed', () => {
  const l = labels(complete('a.yaml', 'asyncapi: 3.0.0\ncomponents:\n  securitySchemes:\n    k:\n      type: http‸\n').items);
  for (const t of ['userPassword', 'apiKey', 'httpApiKey', 'oauth2', 'openIdConnect']) assert.ok(l.includes(t), `${t} in ${l.join()}`);
});

test('completion: 2.x channel item keys', () => {
  const l = labels(complete('a.yaml', 'asyncapi: 2.6.0\nchannels:\n  a/b:\n    ‸\n').items);
  assert.ok(l.includes('publish') && l.includes('subscribe') && l.includes('parameters'), l.join());
});

test('completion: JSON keys are quoted and values typed', () => {
  const { items } = complete('a.json', '{"asyncapi": "3.0.0", "info": {"title": "x", ‸}}');
  assert.equal(item(items, 'version').insertText, '"version": "$0"');
  assert.equal(item(items, 'contact').insertText, '"contact": {$0}');
  assert.ok(!labels(items).includes('title'));
});

test('completion: JSON enum values are quoted', () => {
  const { items, spans } = complete('a.json', '{"asyncapi": "3.0.0", "operations": {"o": {"action": «"‸"»}}}');
  assert.deepEqual(labels(items), ['send', 'receive']);
  assert.equal(items[0].insertText, '"send"');
  assert.deepEqual(items[0].replace, spans[0]);
});

test('completion: no $ref values from the schema feature', () => {
  const { service, marks, uri } = serviceWith({ 'a.yaml': 'asyncapi: 3.0.0\noperations:\n  o:\n    channel:\n      $ref: ‸\n' });
  const items = service.completions(uri('a.yaml'), marks['a.yaml'].cursors[0]);
  assert.ok(
    items.every((i) => i.kind !== 13 && i.kind !== 10),
    JSON.stringify(items.filter((i) => i.kind === 13 || i.kind === 10)),
  );
});

test('completion: JSON value position with no value typed yet', () => {
  const { items } = complete('a.json', '{"asyncapi": "3.0.0", "operations": {"o": {"action": ‸}}}');
  assert.deepEqual(labels(items), ['send', 'receive']);
  assert.equal(items[0].insertText, '"send"');
});

test('completion: JSON keys on a blank line of a multi-line object', () => {
  const { items } = complete('a.json', '{\n  "asyncapi": "3.0.0",\n  "info": {\n    "title": "x",\n    ‸\n  }\n}');
  const l = labels(items);
  assert.ok(l.includes('version') && !l.includes('title'), l.join());
});

test('completion: a key required only by one alternative form (2.x message `oneOf`) is not marked required', () => {
  const { items } = complete('a.yaml', 'asyncapi: 2.6.0\nchannels:\n  a:\n    subscribe:\n      message:\n        ‸\n');
  assert.equal(item(items, 'oneOf').sortText, '1oneOf');
  assert.equal(item(items, 'payload').sortText, '1payload');
});

test('completion: binding fields and bindingVersion values of the latest binding version', () => {
  const { items } = complete('a.yaml', 'asyncapi: 3.0.0\noperations:\n  o:\n    bindings:\n      kafka:\n        bindingVersion: ‸\n');
  assert.deepEqual(labels(items), ['0.5.0', '0.4.0', '0.3.0']);
});

test('completion: inside a JSON key being typed, with and without its colon', () => {
  const typing = complete('a.json', '{"asyncapi": "3.0.0", "info": {"title": "x", «"ver‸"»}}');
  assert.equal(item(typing.items, 'version').insertText, '"version": "$0"');
  assert.deepEqual(item(typing.items, 'version').replace, typing.spans[0]);
  const renaming = complete('a.json', '{"asyncapi": "3.0.0", "info": {"title": "x", «"ver‸"»: "1"}}');
  assert.equal(item(renaming.items, 'version').insertText, '"version"');
});

test('completion: example values from the payload schema enum/const (through $ref, allOf/oneOf and arrays)', () => {
  const spec = (value: string) => `asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  c:
    messages:
      m:
        payload: {$ref: '#/components/schemas/Req'}
        headers: {type: object, properties: {v: {const: 2}}}
        examples:
${value}
components:
  schemas:
    Req:
      allOf:
        - oneOf:
            - {properties: {event: {const: subscribe}}}
            - {properties: {event: {const: unsubscribe}}}
        - properties:
            pairs: {type: array, items: {type: string, enum: [XBT/USD, ETH/USD]}}
            ok: {type: boolean}
`;
  const at = (value: string) => labels(complete('a.yaml', spec(value)).items);
  assert.deepEqual(at('          - payload:\n              event: ‸'), ['subscribe', 'unsubscribe']);
  assert.deepEqual(at('          - payload:\n              pairs:\n                - ‸'), ['XBT/USD', 'ETH/USD']);
  assert.deepEqual(at('          - payload:\n              ok: ‸'), ['true', 'false']);
  assert.deepEqual(at('          - headers:\n              v: ‸'), ['2']);
  const { items, spans } = complete('a.yaml', spec('          - payload:\n              event: «uns‸»'));
  assert.deepEqual({ start: item(items, 'unsubscribe').replace!.start, end: item(items, 'unsubscribe').replace!.end }, spans[0]);
});
