import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { applyEdits, serviceWith, diskService, fileUri, readText, FIXTURES } from '../helpers/fixtures';
import type { Location, SpecDiagnostic } from '../../server/src/languageService/core/types';

const span = (l: { start: number; end: number }) => ({ start: l.start, end: l.end });

const V3 = `asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  «room»:
    address: rooms
    messages:
      hello:
        $ref: '#/components/messages/Hel‸lo'
operations:
  greet:
    action: send
    channel:
      $ref: '#/channels/ro‸om'
components:
  messages:
    «Hello»:
      payload:
        type: object
`;

test('definition on a local $ref lands on the component key', () => {
  const { service, marks, uri } = serviceWith({ 'a.yaml': V3 });
  const m = marks['a.yaml'];
  const defs = service.definition(uri('a.yaml'), m.cursors[0]);
  assert.deepEqual(defs.map(span), [m.spans[1]]);
  assert.equal(defs[0].uri, uri('a.yaml'));
});

test('definition on a 3.x operation channel $ref lands on the channel key', () => {
  const { service, marks, uri } = serviceWith({ 'a.yaml': V3 });
  const m = marks['a.yaml'];
  assert.deepEqual(service.definition(uri('a.yaml'), m.cursors[1]).map(span), [m.spans[0]]);
});

test('definition across files lands on the key in the other file, and nothing for a missing target', () => {
  const { service, marks, uri } = serviceWith({
    'main.yaml':
      "asyncapi: 3.0.0\ncomponents:\n  messages:\n    a:\n      $ref: './common/msgs.yaml#/Cha‸t'\n    b:\n      $ref: './common/msgs.yaml#/No‸pe'\n",
    'common/msgs.yaml': 'Other: {}\n«Chat»:\n  payload: {type: string}\n',
  });
  const defs = service.definition(uri('main.yaml'), marks['main.yaml'].cursors[0]);
  assert.deepEqual(defs, [{ uri: uri('common/msgs.yaml'), ...marks['common/msgs.yaml'].spans[0] }]);
  assert.deepEqual(service.definition(uri('main.yaml'), marks['main.yaml'].cursors[1]), []);
});

test('definition resolves ~0 and ~1 escapes in pointers', () => {
  const { service, marks, uri } = serviceWith({
    'a.yaml': "asyncapi: 2.6.0\nchannels:\n  «a/b~c»:\n    publish: {}\nx:\n  $ref: '#/channels/a~1b~0‸c'\n",
  });
  assert.deepEqual(service.definition(uri('a.yaml'), marks['a.yaml'].cursors[0]).map(span), [marks['a.yaml'].spans[0]]);
});

const REFS_MAIN = `asyncapi: 3.0.0
channels:
  room:
    messages:
      hello:
        $ref: '«#/components/messages/Hello»'
components:
  messages:
    «Hel‸lo»:
      payload:
        $ref: '«#/components/schemas/Text»'
  schemas:
    «Text»:
      type: string
    Other:
      $ref: '«#/components/schemas/Te‸xt/properties/x»'
`;

test('find references from a component key, with and without the declaration', () => {
  const { service, marks, uri } = serviceWith({ 'a.yaml': REFS_MAIN });
  const m = marks['a.yaml'];
  const locs = service.references(uri('a.yaml'), m.cursors[0], false);
  assert.deepEqual(locs.map(span), [m.spans[0]]);
  const withDecl = service.references(uri('a.yaml'), m.cursors[0], true);
  assert.deepEqual(withDecl.map(span), [m.spans[1], m.spans[0]]);
});

test('find references from a $ref lists every ref to the same component, including refs into it', () => {
  const { service, marks, uri } = serviceWith({ 'a.yaml': REFS_MAIN });
  const m = marks['a.yaml'];
  const locs = service.references(uri('a.yaml'), m.cursors[1], true);
  assert.deepEqual(locs.map(span), [m.spans[3], m.spans[2], m.spans[4]]);
});

test('find references covers other open documents and referenced files', () => {
  const { service, marks, uri } = serviceWith({
    'lib.yaml': 'asyncapi: 3.0.0\ncomponents:\n  schemas:\n    «Sh‸ared»: {type: string}\n    Local:\n      $ref: "«#/components/schemas/Shared»"\n',
    'other.yaml': "asyncapi: 3.0.0\ncomponents:\n  schemas:\n    X:\n      $ref: '«lib.yaml#/components/schemas/Shared»'\n",
  });
  service.store.setOpen(uri('other.yaml'), marks['other.yaml'].text, 1);
  const locs = service.references(uri('lib.yaml'), marks['lib.yaml'].cursors[0], false);
  assert.deepEqual(
    locs.map((l: Location) => [l.uri, span(l)]),
    [
      [uri('lib.yaml'), marks['lib.yaml'].spans[1]],
      [uri('other.yaml'), marks['other.yaml'].spans[0]],
    ],
  );
});

test('2.x security scheme references include security requirement keys', () => {
  const { service, marks, uri } = serviceWith({
    'a.yaml':
      'asyncapi: 2.6.0\nservers:\n  s:\n    url: x\n    protocol: ws\n    security:\n      - «apiKey»: []\ncomponents:\n  securitySchemes:\n    api‸Key: {type: httpApiKey, name: k, in: query}\n',
  });
  const m = marks['a.yaml'];
  assert.deepEqual(service.references(uri('a.yaml'), m.cursors[0], false).map(span), [m.spans[0]]);
});

test('prepareRename on a component key and on a ref segment; refused elsewhere', () => {
  const { service, marks, uri } = serviceWith({
    'a.yaml':
      "asyncapi: 3.0.0\ninfo:\n  ti‸tle: x\nchannels:\n  c:\n    messages:\n      m:\n        $ref: '#/components/messages/«He‸llo»'\ncomponents:\n  messages:\n    «Hel‸lo»: {payload: {type: string}}\n",
  });
  const m = marks['a.yaml'];
  assert.equal(service.prepareRename(uri('a.yaml'), m.cursors[0]), undefined);
  assert.deepEqual(service.prepareRename(uri('a.yaml'), m.cursors[1]), { span: m.spans[0], placeholder: 'Hello' });
  assert.deepEqual(service.prepareRename(uri('a.yaml'), m.cursors[2]), { span: m.spans[1], placeholder: 'Hello' });
  assert.equal(service.rename(uri('a.yaml'), m.cursors[0], 'x'), undefined);
});

test('rename rewrites the key and every $ref across files, escaping ~ and /', () => {
  const { service, marks, uri } = serviceWith({
    'lib.yaml': "asyncapi: 3.0.0\ncomponents:\n  schemas:\n    Sh‸ared: {type: string}\n    Deep:\n      $ref: '#/components/schemas/Shared/properties/x'\n",
    'main.json': '{"asyncapi": "3.0.0", "components": {"schemas": {"X": {"$ref": "lib.yaml#/components/schemas/Shared"}}}}',
  });
  service.store.setOpen(uri('main.json'), marks['main.json'].text, 1);
  const edit = service.rename(uri('lib.yaml'), marks['lib.yaml'].cursors[0], 'a/b~c')!;
  assert.ok(edit);
  assert.equal(
    applyEdits(marks['lib.yaml'].text, edit[uri('lib.yaml')]),
    "asyncapi: 3.0.0\ncomponents:\n  schemas:\n    a/b~c: {type: string}\n    Deep:\n      $ref: '#/components/schemas/a~1b~0c/properties/x'\n",
  );
  assert.equal(
    applyEdits(marks['main.json'].text, edit[uri('main.json')]),
    '{"asyncapi": "3.0.0", "components": {"schemas": {"X": {"$ref": "lib.yaml#/components/schemas/a~1b~0c"}}}}',
  );
});

test('rename from a $ref in a JSON document keeps the key quoted', () => {
  const { service, marks, uri } = serviceWith({
    'a.json':
      '{\n  "asyncapi": "2.6.0",\n  "components": {\n    "messages": {\n      "M": {"payload": {"$ref": "#/components/schemas/S‸"}}\n    },\n    "schemas": {"S": {"type": "string"}}\n  }\n}\n',
  });
  const m = marks['a.json'];
  const edit = service.rename(uri('a.json'), m.cursors[0], 'Str')!;
  assert.equal(applyEdits(m.text, edit[uri('a.json')]), m.text.replace('schemas/S"', 'schemas/Str"').replace('{"S":', '{"Str":'));
});

test('renaming a 2.x security scheme renames its requirement keys', () => {
  const text = 'asyncapi: 2.6.0\nsecurity:\n  - apiKey: []\ncomponents:\n  securitySchemes:\n    apiKey: {type: httpApiKey, name: k, in: query}\n';
  const { service, uri } = serviceWith({ 'a.yaml': text });
  const edit = service.rename(uri('a.yaml'), text.lastIndexOf('apiKey') + 2, 'key')!;
  assert.equal(applyEdits(text, edit[uri('a.yaml')]), text.replace(/apiKey:/g, 'key:'));
});

test('hover on a $ref previews the target with its title first and names the other file', () => {
  const { service, marks, uri } = serviceWith({
    'main.yaml': "asyncapi: 3.0.0\ncomponents:\n  messages:\n    a:\n      $ref: «'./common/msgs.yaml#/Ch‸at'»\n",
    'common/msgs.yaml': 'Chat:\n  title: Chat message\n  description: Posted to a room.\n  payload:\n    type: string\n',
  });
  const h = service.hover(uri('main.yaml'), marks['main.yaml'].cursors[0])!;
  assert.ok(h);
  assert.deepEqual(span(h.span), marks['main.yaml'].spans[0]);
  assert.equal(
    h.contents,
    '**Chat message**\n\nPosted to a room.\n\n```yaml\nChat:\n  title: Chat message\n  description: Posted to a room.\n  payload:\n    type: string\n```\n\nDefined in `./common/msgs.yaml`',
  );
});

test('hover on an unresolved $ref says so', () => {
  const { service, uri } = serviceWith({ 'a.yaml': "asyncapi: 3.0.0\nx:\n  $ref: '#/components/schemas/Nope'\n" });
  const h = service.hover(uri('a.yaml'), 30);
  assert.match(h!.contents, /does not resolve/);
});

const invalidRef = (text: string, ref: string): SpecDiagnostic => {
  const start = text.indexOf(ref);
  return { start, end: start + ref.length, severity: 1, code: 'invalid-ref', message: 'unresolved' };
};

test('quick fix creates a missing schema under an existing kind with the document indentation', () => {
  const text =
    "asyncapi: 3.0.0\ncomponents:\n    messages:\n        M:\n            payload:\n                $ref: '#/components/schemas/Missing'\n    schemas:\n        Other:\n            type: string\n";
  const { service, uri } = serviceWith({ 'a.yaml': text });
  const d = invalidRef(text, "'#/components/schemas/Missing'");
  const actions = service.codeActions(uri('a.yaml'), d, [d]);
  assert.equal(actions.length, 1);
  assert.equal(actions[0].title, "Create schema 'Missing' in components/schemas");
  assert.equal(applyEdits(text, actions[0].edit[uri('a.yaml')]), text + '        Missing:\n            type: object\n');
});

test('quick fix creates components and the kind when absent (YAML, no final newline)', () => {
  const text = "asyncapi: 2.6.0\nchannels:\n  c:\n    publish:\n      message:\n        $ref: '#/components/messages/Hello'";
  const { service, uri } = serviceWith({ 'a.yaml': text });
  const d = invalidRef(text, "'#/components/messages/Hello'");
  const [a] = service.codeActions(uri('a.yaml'), d, [d]);
  assert.equal(applyEdits(text, a.edit[uri('a.yaml')]), text + '\ncomponents:\n  messages:\n    Hello:\n      payload:\n        type: object\n');
});

test('quick fix adds a kind to an existing components section, minimal 3.x server body', () => {
  const text = "asyncapi: 3.0.0\nchannels:\n  c:\n    servers:\n      - $ref: '#/components/servers/prod'\ncomponents:\n  schemas:\n    A: {type: string}\n";
  const { service, uri } = serviceWith({ 'a.yaml': text });
  const d = invalidRef(text, "'#/components/servers/prod'");
  const [a] = service.codeActions(uri('a.yaml'), d, [d]);
  assert.equal(applyEdits(text, a.edit[uri('a.yaml')]), text + '  servers:\n    prod:\n      host: localhost\n      protocol: ws\n');
});

test('quick fix in JSON inserts a member with the surrounding indentation', () => {
  const text =
    '{\n  "asyncapi": "3.0.0",\n  "channels": {\n    "c": {"messages": {"m": {"$ref": "#/components/messages/Hello"}}}\n  },\n  "components": {\n    "schemas": {}\n  }\n}\n';
  const { service, uri } = serviceWith({ 'a.json': text });
  const d = invalidRef(text, '"#/components/messages/Hello"');
  const [a] = service.codeActions(uri('a.json'), d, [d]);
  const fixed = applyEdits(text, a.edit[uri('a.json')]);
  assert.deepEqual(JSON.parse(fixed).components, { schemas: {}, messages: { Hello: { payload: { type: 'object' } } } });
  assert.ok(fixed.includes('\n    "messages": {\n      "Hello": {\n        "payload": {'), fixed);
});

test('quick fix is offered only for local component pointers that are missing', () => {
  const text = "asyncapi: 3.0.0\nx:\n  $ref: './other.yaml#/components/schemas/A'\ny:\n  $ref: '#/channels/nope'\n";
  const { service, uri } = serviceWith({ 'a.yaml': text });
  const d1 = invalidRef(text, "'./other.yaml#/components/schemas/A'");
  const d2 = invalidRef(text, "'#/channels/nope'");
  assert.deepEqual(service.codeActions(uri('a.yaml'), { start: 0, end: text.length }, [d1, d2]), []);
});

test('the multi-file fixture resolves across files on disk', () => {
  const path = join(FIXTURES, 'asyncapi', 'navigation', 'v3', 'asyncapi.yaml');
  const text = readText(path);
  const service = diskService();
  const u = fileUri(path);
  service.store.setOpen(u, text, 1);
  const defs = service.definition(u, text.indexOf('messages.yaml#/chatMessage') + 3);
  assert.equal(defs[0].uri, fileUri(join(FIXTURES, 'asyncapi', 'navigation', 'v3', 'common', 'messages.yaml')));
  assert.equal(defs[0].start, 0);
  const user = fileUri(join(FIXTURES, 'asyncapi', 'navigation', 'v3', 'common', 'schemas.yaml'));
  const refs = service.references(u, text.indexOf('schemas.yaml#/User') + 3, false);
  assert.deepEqual(refs.map((r) => r.uri).sort(), [u, user].sort());
});

test('the quick fix applies to the invalid-ref diagnostic the semantic checks produce, and the fixed document has none', () => {
  const text =
    "asyncapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\nchannels:\n  c:\n    address: c\n    messages:\n      m:\n        $ref: '#/components/messages/Missing'\n";
  const { service, uri } = serviceWith({ 'a.yaml': text });
  const diag = service.diagnostics(uri('a.yaml')).find((d) => d.code === 'invalid-ref');
  assert.ok(diag, 'semantic checks report the unresolved ref');
  const [fix] = service.codeActions(uri('a.yaml'), diag, [diag]);
  assert.ok(fix, 'a fix is offered');
  const fixed = applyEdits(text, fix.edit[uri('a.yaml')]);
  assert.equal(fixed, text + 'components:\n  messages:\n    Missing:\n      payload:\n        type: object\n');
  service.store.setOpen(uri('a.yaml'), fixed, 2);
  assert.deepEqual(
    service.diagnostics(uri('a.yaml')).filter((d) => d.code === 'invalid-ref'),
    [],
  );
});

test('rename onto an existing sibling is refused', () => {
  const text = 'asyncapi: 3.0.0\ncomponents:\n  schemas:\n    A: {type: string}\n    B: {type: string}\n';
  const { service, uri } = serviceWith({ 'a.yaml': text });
  assert.equal(service.rename(uri('a.yaml'), text.indexOf('A:'), 'B'), undefined);
  assert.ok(service.rename(uri('a.yaml'), text.indexOf('A:'), 'C'));
});

test('references of a 3.x channel list the operation refs and the refs to its messages', () => {
  const { service, marks, uri } = serviceWith({
    'a.yaml':
      "asyncapi: 3.0.0\nchannels:\n  ro‸om:\n    messages:\n      m: {payload: {type: string}}\noperations:\n  o:\n    action: send\n    channel:\n      $ref: '«#/channels/room»'\n    messages:\n      - $ref: '«#/channels/room/messages/m»'\n",
  });
  const m = marks['a.yaml'];
  assert.deepEqual(service.references(uri('a.yaml'), m.cursors[0], false).map(span), m.spans);
});

test('quick fix in a YAML flow mapping adds a flow member', () => {
  const text = "asyncapi: 3.0.0\nx: {$ref: '#/components/schemas/S'}\ncomponents: {messages: {}}\n";
  const { service, uri } = serviceWith({ 'a.yaml': text });
  const d = invalidRef(text, "'#/components/schemas/S'");
  const [a] = service.codeActions(uri('a.yaml'), d, [d]);
  assert.equal(applyEdits(text, a.edit[uri('a.yaml')]), text.replace('{messages: {}}', '{messages: {}, schemas: {"S": {"type": "object"}}}'));
});

test('in a referenced fragment file: definition of its own refs, references and rename of its top-level keys', () => {
  const { service, marks, uri } = serviceWith({
    'main.yaml': "asyncapi: 3.0.0\ncomponents:\n  schemas:\n    A:\n      $ref: '«./schemas.yaml#/User»'\n",
    'schemas.yaml': "«Us‸er»:\n  type: object\nChat:\n  properties:\n    author:\n      $ref: '«#/Us‸er»'\n",
    'unrelated.yaml': 'User:\n  x: 1\n',
  });
  service.store.setOpen(uri('schemas.yaml'), marks['schemas.yaml'].text, 1);
  const m = marks['schemas.yaml'];
  assert.deepEqual(service.definition(uri('schemas.yaml'), m.cursors[1]), [{ uri: uri('schemas.yaml'), ...m.spans[0] }]);
  const refs = service.references(uri('schemas.yaml'), m.cursors[0], false).map((l) => [l.uri, span(l)]);
  assert.deepEqual(
    refs.sort(),
    [
      [uri('main.yaml'), marks['main.yaml'].spans[0]],
      [uri('schemas.yaml'), m.spans[1]],
    ].sort(),
  );
  const edit = service.rename(uri('schemas.yaml'), m.cursors[0], 'Person')!;
  assert.deepEqual(Object.keys(edit).sort(), [uri('main.yaml'), uri('schemas.yaml')].sort());
  // A YAML file no spec references gets nothing.
  service.store.setOpen(uri('unrelated.yaml'), 'User:\n  x: 1\n', 1);
  assert.equal(service.prepareRename(uri('unrelated.yaml'), 1), undefined);
});

test('2.x: definition on a security requirement key and on a channel server name', () => {
  const { service, marks, uri } = serviceWith({
    'a.yaml':
      'asyncapi: 2.6.0\nservers:\n  «live»: {url: x, protocol: ws}\nchannels:\n  c:\n    servers: [li‸ve]\n    publish:\n      security:\n        - api‸Key: []\ncomponents:\n  securitySchemes:\n    «apiKey»: {type: httpApiKey, name: k, in: query}\n',
  });
  const m = marks['a.yaml'];
  assert.deepEqual(service.definition(uri('a.yaml'), m.cursors[0]).map(span), [m.spans[0]]);
  assert.deepEqual(service.definition(uri('a.yaml'), m.cursors[1]).map(span), [m.spans[1]]);
});
