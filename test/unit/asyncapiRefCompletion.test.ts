import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import type { SpecCompletion } from '../../server/src/languageService/core/types';

const span = (s: { start: number; end: number }) => ({ start: s.start, end: s.end });
const refLabels = (items: SpecCompletion[]) => items.map((c) => c.label).sort();
const at = (files: Record<string, string>, file = Object.keys(files)[0]) => {
  const s = serviceWith(files);
  const m = s.marks[file];
  return { ...s, m, items: s.service.completions(s.uri(file), m.cursors[0]) };
};

const V3 = (cursorLine: string) => `asyncapi: 3.0.0
servers:
  prod: {host: h, protocol: ws}
  dev: {host: d, protocol: ws}
channels:
  room:
    address: rooms
    messages:
      hello: {$ref: '#/components/messages/Hello'}
      bye: {$ref: '#/components/messages/Bye'}
  lobby:
    address: lobby
    messages:
      enter: {$ref: '#/components/messages/Hello'}
operations:
  greet:
    action: send
    channel:
      $ref: '#/channels/room'
${cursorLine}
components:
  messages:
    Hello: {payload: {$ref: '#/components/schemas/Text'}}
    Bye: {payload: {type: string}}
  schemas:
    Text: {type: string}
  securitySchemes:
    token: {type: httpApiKey, name: t, in: query}
`;

test('$ref value: the local components of the kind the schema takes there, replacing the whole quoted value', () => {
  const { items, m } = at({
    'a.yaml':
      "asyncapi: 3.0.0\ncomponents:\n  messages:\n    M:\n      payload:\n        $ref: «'#/comp‸onents/x'»\n    N: {}\n  schemas:\n    Text: {type: string}\n",
  });
  assert.deepEqual(refLabels(items), ['#/components/schemas/Text'], 'a message payload takes a schema, not a message');
  const text = items[0];
  assert.equal(text.insertText, "'#/components/schemas/Text'");
  assert.deepEqual(span(text.replace!), m.spans[0]);
  assert.equal(text.filterText, "'#/components/schemas/Text'");
});

test('$ref value: targets the typed text cannot match (in order, any case) are left out', () => {
  const doc = (typed: string) =>
    `asyncapi: 3.0.0\ncomponents:\n  messages:\n    M:\n      payload:\n        $ref: '${typed}‸'\n    Shout: {}\n  schemas:\n    Text: {type: string}\n    Chat: {type: string}\n    Shouted: {type: string}\n`;
  assert.deepEqual(refLabels(at({ 'a.yaml': doc('#/components/sch') }).items), [
    '#/components/schemas/Chat',
    '#/components/schemas/Shouted',
    '#/components/schemas/Text',
  ]);
  assert.deepEqual(refLabels(at({ 'a.yaml': doc('#/COMPONENTS/ScH') }).items), [
    '#/components/schemas/Chat',
    '#/components/schemas/Shouted',
    '#/components/schemas/Text',
  ]);
  // Not a prefix: a fuzzy filter shows `…/schemas/Shouted` for "shout" (s…h…o…u…t), and so must the list.
  assert.deepEqual(refLabels(at({ 'a.yaml': doc('shout') }).items), ['#/components/schemas/Shouted']);
});

test("3.x channel messages map: only messages, this file first, then the referenced files' messages", () => {
  const { items } = at({
    'main.yaml': `asyncapi: 3.0.0
servers:
  prod: {host: h, protocol: ws}
channels:
  room:
    address: rooms
    messages:
      hello:
        $ref: '‸'
operations:
  greet: {action: send, channel: {$ref: '#/channels/room'}}
components:
  messages:
    Hello: {payload: {$ref: './common.yaml#/components/schemas/Text'}}
    Bye: {$ref: './messages.yaml#/Ping'}
  schemas:
    Local: {type: string}
  securitySchemes:
    token: {type: httpApiKey, name: t, in: query}
`,
    'common.yaml': 'asyncapi: 3.0.0\ncomponents:\n  messages:\n    Shared: {payload: {type: string}}\n  schemas:\n    Text: {type: string}\n',
    'messages.yaml': 'Ping: {payload: {type: string}}\nNotAMessage: {type: string, items: {}}\n',
  });
  const refs = items.filter((i) => i.label.includes('#'));
  const sorted = [...refs].sort((a, b) => a.sortText!.localeCompare(b.sortText!) || a.label.localeCompare(b.label));
  assert.deepEqual(
    sorted.map((i) => i.label),
    ['#/components/messages/Bye', '#/components/messages/Hello', './common.yaml#/components/messages/Shared', './messages.yaml#/Ping'],
  );
});

test('2.x operation message and message oneOf entries: messages only, no schemas', () => {
  const doc = (place: string) => `asyncapi: 2.6.0
channels:
  room:
    publish:
${place}
components:
  messages:
    Hello: {payload: {type: string}}
  schemas:
    Text: {type: string}
  parameters:
    id: {schema: {type: string}}
`;
  assert.deepEqual(refLabels(at({ 'a.yaml': doc("      message:\n        $ref: '#/‸'") }).items), ['#/components/messages/Hello']);
  assert.deepEqual(refLabels(at({ 'a.yaml': doc("      message:\n        oneOf:\n          - $ref: '#/‸'") }).items), ['#/components/messages/Hello']);
  assert.deepEqual(refLabels(at({ 'a.yaml': doc("      message:\n        payload:\n          $ref: '#/‸'") }).items), ['#/components/schemas/Text']);
});

test('2.x bindings: the bindings kind of the place when all four share one definition', () => {
  const text = `asyncapi: 2.6.0
channels:
  room:
    bindings:
      $ref: '#/‸'
components:
  channelBindings:
    ws: {ws: {method: GET}}
  serverBindings:
    s: {ws: {}}
`;
  assert.deepEqual(refLabels(at({ 'a.yaml': text }).items), ['#/components/channelBindings/ws']);
});

test('$ref value unquoted in YAML (a comment to YAML) is replaced by a quoted pointer', () => {
  const { items, m } = at({ 'a.yaml': 'asyncapi: 3.0.0\nx:\n  $ref: «#/‸»\ncomponents:\n  schemas:\n    S: {}\n' });
  const s = items.find((c) => c.label === '#/components/schemas/S')!;
  assert.equal(s.insertText, "'#/components/schemas/S'");
  assert.deepEqual(span(s.replace!), m.spans[0]);
  assert.equal(s.filterText, '#/components/schemas/S');
});

test('$ref value in JSON uses double quotes and keeps the comma outside the replaced span', () => {
  const { items, m } = at({ 'a.json': '{"asyncapi": "3.0.0", "x": {"$ref": «"#/‸"», "y": 1}, "components": {"schemas": {"S": {}}}}' });
  const s = items.find((c) => c.label === '#/components/schemas/S')!;
  assert.equal(s.insertText, '"#/components/schemas/S"');
  assert.deepEqual(span(s.replace!), m.spans[0]);
});

test('$ref value offers components of referenced files and the YAML/JSON files next to the document', () => {
  const { items } = at({
    'api/main.yaml': "asyncapi: 3.0.0\ncomponents:\n  messages:\n    A:\n      $ref: './common/msgs.yaml#/Chat'\n    B:\n      $ref: '‸'\n",
    'api/common/msgs.yaml': 'Chat: {payload: {type: string}}\nPing: {}\n',
    'api/other.json': '{}',
    'api/readme.md': '# no',
  });
  assert.deepEqual(refLabels(items), ['#/components/messages/A', './common/', './common/msgs.yaml#/Chat', './common/msgs.yaml#/Ping', './other.json']);
});

test('$ref value: files inside a typed folder, then pointers inside a file after #', () => {
  const files = {
    'main.yaml': "asyncapi: 3.0.0\nx:\n  $ref: './common/‸'\n",
    'common/msgs.yaml': 'Chat: {}\n',
    'common/schemas.json': '{"components": {"schemas": {"User": {}}}}',
  };
  assert.deepEqual(
    refLabels(at(files).items).filter((l) => !l.includes('#')),
    ['./common/msgs.yaml', './common/schemas.json'],
  );
  const inFile = at({ ...files, 'main.yaml': "asyncapi: 3.0.0\nx:\n  $ref: './common/msgs.yaml#‸'\n" });
  assert.deepEqual(refLabels(inFile.items), ['./common/msgs.yaml#/Chat']);
});

test('3.x operation channel: only #/channels/*', () => {
  const { items } = at({ 'a.yaml': V3("  other:\n    action: send\n    channel:\n      $ref: '#/‸'") });
  assert.deepEqual(refLabels(items), ['#/channels/lobby', '#/channels/room']);
});

test('3.x operation messages: only the messages of the operation channel', () => {
  const { items } = at({ 'a.yaml': V3("    messages:\n      - $ref: '‸'") });
  assert.deepEqual(refLabels(items), ['#/channels/room/messages/bye', '#/channels/room/messages/hello']);
});

test('3.x operation messages: an empty list item gets whole $ref entries', () => {
  const { items, m } = at({ 'a.yaml': V3('    messages:\n      - «he‸»') });
  assert.deepEqual(
    items.map((c) => [c.label, c.insertText]),
    [
      ['hello', "$ref: '#/channels/room/messages/hello'"],
      ['bye', "$ref: '#/channels/room/messages/bye'"],
    ],
  );
  assert.deepEqual(span(items[0].replace!), m.spans[0]);
});

test('3.x channel servers: server refs', () => {
  const text = V3('').replace('    address: lobby\n', "    address: lobby\n    servers:\n      - $ref: '#/servers/‸'\n");
  assert.deepEqual(refLabels(at({ 'a.yaml': text }).items), ['#/servers/dev', '#/servers/prod']);
});

test('3.x server security: security scheme refs', () => {
  const text = V3('').replace('  dev: {host: d, protocol: ws}\n', "  dev:\n    host: d\n    protocol: ws\n    security:\n      - $ref: '‸'\n");
  assert.deepEqual(refLabels(at({ 'a.yaml': text }).items), ['#/components/securitySchemes/token']);
});

test('2.x security requirement keys: scheme names', () => {
  const base =
    'asyncapi: 2.6.0\nservers:\n  s:\n    url: x\n    protocol: ws\n    security:\n      - CURSOR\ncomponents:\n  securitySchemes:\n    apiKey: {type: httpApiKey, name: k, in: query}\n    basic: {type: userPassword}\n';
  const { items, m } = at({ 'a.yaml': base.replace('CURSOR', '«ap‸»') });
  assert.deepEqual(
    items.map((c) => c.insertText),
    ['apiKey: []', 'basic: []'],
  );
  assert.deepEqual(span(items[0].replace!), m.spans[0]);
  const onKey = at({ 'a.yaml': base.replace('CURSOR', '«ap‸Key»: []') });
  assert.deepEqual(
    onKey.items.map((c) => c.insertText),
    ['apiKey', 'basic'],
  );
  assert.deepEqual(span(onKey.items[0].replace!), onKey.m.spans[0]);
});

test('2.x channel servers list: server names, block and flow', () => {
  const doc = (servers: string) =>
    `asyncapi: 2.6.0\nservers:\n  live: {url: x, protocol: ws}\n  test: {url: y, protocol: ws}\nchannels:\n  c:\n    servers: ${servers}\n    publish: {}\n`;
  assert.deepEqual(
    at({ 'a.yaml': doc('[live, ‸]') }).items.map((c) => c.insertText),
    ['live', 'test'],
  );
  assert.deepEqual(
    at({ 'a.yaml': doc('\n      - t‸') }).items.map((c) => c.insertText),
    ['live', 'test'],
  );
});

test('no reference completion elsewhere', () => {
  assert.deepEqual(at({ 'a.yaml': 'asyncapi: 3.0.0\ninfo:\n  title: ‸\n' }).items, []);
});

test('3.x reply messages: only the messages of the reply channel', () => {
  const { items } = at({ 'a.yaml': V3("    reply:\n      channel:\n        $ref: '#/channels/lobby'\n      messages:\n        - $ref: '‸'") });
  assert.deepEqual(refLabels(items), ['#/channels/lobby/messages/enter']);
});

test('$ref completion inside a fragment file a spec references: its own keys and its neighbours', () => {
  const files = {
    'main.yaml': "asyncapi: 3.0.0\ncomponents:\n  schemas:\n    A:\n      $ref: './schemas.yaml#/User'\n",
    'schemas.yaml': "User:\n  type: object\nChat:\n  properties:\n    author:\n      $ref: '‸'\n",
  };
  const s = serviceWith(files);
  s.service.store.setOpen(s.uri('schemas.yaml'), s.marks['schemas.yaml'].text, 1);
  const labels = s.service
    .completions(s.uri('schemas.yaml'), s.marks['schemas.yaml'].cursors[0])
    .map((c) => c.label)
    .sort();
  assert.deepEqual(labels, ['#/Chat', '#/User', './main.yaml']);
});

test('$ref completion leaves out the component the ref would alias to itself', () => {
  const { items } = at({ 'a.yaml': "asyncapi: 3.0.0\ncomponents:\n  schemas:\n    A:\n      $ref: '‸'\n    B: {}\n" });
  assert.deepEqual(refLabels(items), ['#/components/schemas/B']);
});

test('$ref completions carry the target title or description as documentation', () => {
  const { items } = at({
    'a.yaml': "asyncapi: 3.0.0\nx:\n  $ref: '‸'\ncomponents:\n  schemas:\n    A: {type: string, description: An identifier.}\n    B: {title: Bee}\n    C: {}\n",
  });
  assert.deepEqual(
    items.filter((i) => i.label.startsWith('#')).map((i) => [i.label, i.documentation]),
    [
      ['#/components/schemas/A', 'An identifier.'],
      ['#/components/schemas/B', 'Bee'],
      ['#/components/schemas/C', undefined],
    ],
  );
});
