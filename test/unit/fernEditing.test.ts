import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';

const API =
  'name: chat\nenvironments:\n  Prod:\n    urls:\n      realtime: wss://rt.example.com\n      rest: https://api.example.com\ndefault-environment: Prod\n';
const COMMONS = 'types:\n  «Id»: string\n  Role:\n    enum: [admin, member]\n';

function labels(items: { label: string }[]): string[] {
  return items.map((i) => i.label);
}

test('completes channel keys, required first, without the ones already written', () => {
  const { service, marks, uri } = serviceWith({ 'fern/definition/chat.yml': 'channel:\n  path: /x\n  ‸\n', 'fern/definition/api.yml': API });
  const items = service.completions(uri('fern/definition/chat.yml'), marks['fern/definition/chat.yml'].cursors[0]);
  const l = labels(items);
  assert.ok(l.includes('auth') && l.includes('messages') && l.includes('path-parameters') && l.includes('url'), l.join());
  assert.ok(!l.includes('path'));
  assert.equal(items.find((i) => i.label === 'auth')!.detail, 'required');
  assert.equal(items.find((i) => i.label === 'auth')!.insertText, 'auth: ');
});

test('completes message keys and origin values', () => {
  const text = 'channel:\n  path: /x\n  auth: false\n  messages:\n    send:\n      ‸\n    recv:\n      origin: ‸\n';
  const { service, marks, uri } = serviceWith({ 'fern/definition/chat.yml': text, 'fern/definition/api.yml': API });
  const [keys, origin] = marks['fern/definition/chat.yml'].cursors;
  assert.deepEqual(
    labels(service.completions(uri('fern/definition/chat.yml'), keys))
      .slice(0, 2)
      .sort(),
    ['body', 'origin'],
  );
  assert.deepEqual(labels(service.completions(uri('fern/definition/chat.yml'), origin)), ['client', 'server']);
});

test('completes type names: primitives, generics, local and imported types, also inside generics', () => {
  const text =
    'imports:\n  commons: commons.yml\nchannel:\n  path: /x\n  auth: false\n  messages:\n    send:\n      origin: client\n      body: Se‸\n    recv:\n      origin: server\n      body: map<string, Ro‸>\ntypes:\n  SendEvent:\n    properties:\n      id: commons.Id\n';
  const { service, marks, uri } = serviceWith({ 'fern/definition/chat.yml': text, 'fern/definition/commons.yml': COMMONS, 'fern/definition/api.yml': API });
  const [plain, nested] = marks['fern/definition/chat.yml'].cursors;
  const items = service.completions(uri('fern/definition/chat.yml'), plain);
  const l = labels(items);
  for (const want of ['SendEvent', 'commons.Id', 'commons.Role', 'string', 'datetime', 'optional', 'map'])
    assert.ok(l.includes(want), `${want} in ${l.join()}`);
  const send = items.find((i) => i.label === 'SendEvent')!;
  assert.deepEqual(send.replace, { start: plain - 2, end: plain });
  assert.equal(items.find((i) => i.label === 'optional')!.insertText, 'optional<$1>');
  const inner = service.completions(uri('fern/definition/chat.yml'), nested).find((i) => i.label === 'commons.Role')!;
  assert.deepEqual(inner.replace, { start: nested - 2, end: nested }, 'only the word inside the generic is replaced');
});

test('completes message ids in examples and property names and enum values in example bodies', () => {
  const text =
    'imports:\n  commons: commons.yml\nchannel:\n  path: /x\n  auth: false\n  messages:\n    send:\n      origin: client\n      body: SendEvent\n' +
    '  examples:\n    - messages:\n        - type: ‸\n          body: {}\n        - type: send\n          body:\n            text: hi\n            ‸\n        - type: send\n          body:\n            role: ‸\n' +
    'types:\n  SendEvent:\n    properties:\n      text: string\n      role: optional<commons.Role>\n      count: integer\n';
  const { service, marks, uri } = serviceWith({ 'fern/definition/chat.yml': text, 'fern/definition/commons.yml': COMMONS, 'fern/definition/api.yml': API });
  const [type, key, value] = marks['fern/definition/chat.yml'].cursors;
  assert.deepEqual(labels(service.completions(uri('fern/definition/chat.yml'), type)), ['send']);
  const keys = service.completions(uri('fern/definition/chat.yml'), key);
  assert.deepEqual(labels(keys).sort(), ['count', 'role']);
  assert.equal(keys.find((k) => k.label === 'count')!.detail, 'integer · required');
  assert.deepEqual(labels(service.completions(uri('fern/definition/chat.yml'), value)), ['admin', 'member']);
});

test('completes import paths with the other definition files, relative to this one', () => {
  const { service, marks, uri } = serviceWith({
    'fern/definition/chat/room.yml': 'imports:\n  commons: ‸\n',
    'fern/definition/commons.yml': COMMONS,
    'fern/definition/chat/other.yml': 'types: {}\n',
    'fern/definition/api.yml': API,
  });
  assert.deepEqual(labels(service.completions(uri('fern/definition/chat/room.yml'), marks['fern/definition/chat/room.yml'].cursors[0])).sort(), [
    '../commons.yml',
    'other.yml',
  ]);
});

test('completes environment URL names for `url`', () => {
  const { service, marks, uri } = serviceWith({
    'fern/definition/chat.yml': 'channel:\n  path: /x\n  url: ‸\n  auth: false\n',
    'fern/definition/api.yml': API,
  });
  assert.deepEqual(labels(service.completions(uri('fern/definition/chat.yml'), marks['fern/definition/chat.yml'].cursors[0])), ['realtime', 'rest']);
});

const NAV = {
  'fern/definition/chat.yml':
    'imports:\n  commons: commons.yml\nchannel:\n  path: /x\n  auth: false\n  messages:\n    «send»:\n      origin: client\n      body: list<commons.«I‸d»>\n' +
    '  examples:\n    - messages:\n        - type: «se‸nd»\n          body: []\ntypes:\n  Local:\n    properties:\n      id: commons.«Id»\n',
  'fern/definition/commons.yml': COMMONS,
  'fern/definition/api.yml': API,
};

test('go to definition of an imported type lands on its declaration in the other file', () => {
  const { service, marks, uri } = serviceWith(NAV);
  const defs = service.definition(uri('fern/definition/chat.yml'), marks['fern/definition/chat.yml'].cursors[0]);
  assert.deepEqual(defs, [{ uri: uri('fern/definition/commons.yml'), ...marks['fern/definition/commons.yml'].spans[0] }]);
});

test('go to definition on an import path opens the imported file', () => {
  const { service, uri } = serviceWith({
    'fern/definition/chat.yml': 'imports:\n  commons: commons.yml\n  gone: gone.yml\n',
    'fern/definition/commons.yml': COMMONS,
    'fern/definition/api.yml': API,
  });
  assert.deepEqual(service.definition(uri('fern/definition/chat.yml'), 22), [{ uri: uri('fern/definition/commons.yml'), start: 0, end: 0 }]);
  assert.deepEqual(service.definition(uri('fern/definition/chat.yml'), 42), []);
});

test('references of a type span files; of a message, the key and example types', () => {
  const { service, marks, uri } = serviceWith(NAV);
  const m = marks['fern/definition/chat.yml'];
  const refs = service.references(uri('fern/definition/chat.yml'), m.cursors[0], true);
  assert.deepEqual(refs, [
    { uri: uri('fern/definition/commons.yml'), ...marks['fern/definition/commons.yml'].spans[0] },
    { uri: uri('fern/definition/chat.yml'), ...m.spans[1] },
    { uri: uri('fern/definition/chat.yml'), ...m.spans[3] },
  ]);
  const msgRefs = service.references(uri('fern/definition/chat.yml'), m.cursors[1], true);
  assert.deepEqual(msgRefs, [
    { uri: uri('fern/definition/chat.yml'), ...m.spans[0] },
    { uri: uri('fern/definition/chat.yml'), ...m.spans[2] },
  ]);
});

test('rename a type across files and a message id with its examples', () => {
  const { service, marks, uri } = serviceWith(NAV);
  const m = marks['fern/definition/chat.yml'];
  const prep = service.prepareRename(uri('fern/definition/chat.yml'), m.cursors[0]);
  assert.deepEqual(prep, { span: m.spans[1], placeholder: 'Id' });
  const edit = service.rename(uri('fern/definition/chat.yml'), m.cursors[0], 'UserId')!;
  assert.deepEqual(edit[uri('fern/definition/commons.yml')], [{ ...marks['fern/definition/commons.yml'].spans[0], newText: 'UserId' }]);
  assert.equal(edit[uri('fern/definition/chat.yml')].length, 2);
  const msg = service.rename(uri('fern/definition/chat.yml'), m.cursors[1], 'publish')!;
  assert.deepEqual(
    msg[uri('fern/definition/chat.yml')].map((e) => [e.start, e.end]),
    [
      [m.spans[0].start, m.spans[0].end],
      [m.spans[2].start, m.spans[2].end],
    ],
  );
  assert.equal(service.rename(uri('fern/definition/chat.yml'), m.cursors[0], 'not valid'), undefined);
});

test('hover shows a type definition, a primitive, a message', () => {
  const { service, marks, uri } = serviceWith(NAV);
  const m = marks['fern/definition/chat.yml'];
  const h = service.hover(uri('fern/definition/chat.yml'), m.cursors[0])!;
  assert.deepEqual({ start: h.span.start, end: h.span.end }, m.spans[1]);
  assert.match(h.contents, /\*\*alias Id\*\*/);
  assert.match(h.contents, /```yaml\nId: string\n```/);
  assert.match(h.contents, /Declared in `commons.yml`/);
  const msg = service.hover(uri('fern/definition/chat.yml'), m.cursors[1])!;
  assert.match(msg.contents, /message send.*\n\nsent by the client; body `list<commons.Id>`/);
});

test('hover on a property inside an example body shows its declared type and docs', () => {
  const text =
    'channel:\n  path: /x\n  auth: false\n  messages:\n    send:\n      origin: client\n      body: E\n  examples:\n    - messages:\n        - type: send\n          body:\n            «co‸unt»: 3\ntypes:\n  E:\n    properties:\n      count:\n        type: optional<integer>\n        docs: How many.\n';
  const { service, marks, uri } = serviceWith({ 'fern/definition/chat.yml': text, 'fern/definition/api.yml': API });
  const h = service.hover(uri('fern/definition/chat.yml'), marks['fern/definition/chat.yml'].cursors[0])!;
  assert.deepEqual({ start: h.span.start, end: h.span.end }, marks['fern/definition/chat.yml'].spans[0]);
  assert.equal(h.contents, '**count**: `optional<integer>`\n\nHow many.');
});

test('document symbols outline the channel (parameters, messages) and the types', () => {
  const text =
    'channel:\n  path: /r/{id}\n  auth: false\n  path-parameters:\n    id: string\n  messages:\n    send:\n      origin: client\n      body: A\ntypes:\n  A:\n    properties:\n      x: string\n  E:\n    enum: [a]\n';
  const { service, uri } = serviceWith({ 'fern/definition/chat.yml': text, 'fern/definition/api.yml': API });
  const syms = service.symbols(uri('fern/definition/chat.yml'));
  assert.deepEqual(
    syms.map((s) => s.name),
    ['channel', 'types'],
  );
  assert.deepEqual(
    syms[0].children.map((c) => [c.name, c.children.map((x) => `${x.name}:${x.detail}`)]),
    [
      ['path-parameters', ['id:string']],
      ['messages', ['send:client · A']],
    ],
  );
  assert.deepEqual(
    syms[1].children.map((c) => [c.name, c.detail, c.children.map((x) => x.name)]),
    [
      ['A', 'object', ['x']],
      ['E', 'a', []],
    ],
  );
  assert.equal(text.slice(syms[0].selection.start, syms[0].selection.end), 'channel');
});

function fixes(files: Record<string, string>, code: string) {
  const { service, uri } = serviceWith(files);
  const u = uri(Object.keys(files)[0]);
  const diags = service.diagnostics(u).filter((d) => d.code === code);
  assert.equal(diags.length, 1, JSON.stringify(service.diagnostics(u)));
  const actions = service.codeActions(u, diags[0], diags);
  const text = service.store.get(u)!.text;
  const apply = (i = 0) => {
    const edits = [...actions[i].edit[u]].sort((a, b) => b.start - a.start);
    let t = text;
    for (const e of edits) t = t.slice(0, e.start) + e.newText + t.slice(e.end);
    return t;
  };
  return { actions, apply };
}

test('quick fix: did-you-mean for keys and type names', () => {
  const key = fixes({ 'fern/definition/chat.yml': 'channel:\n  path: /x\n  auth: false\n  mesages: {}\n', 'fern/definition/api.yml': API }, 'fern-unknown-key');
  assert.equal(key.actions[0].title, "Change to 'messages'");
  assert.equal(key.apply(), 'channel:\n  path: /x\n  auth: false\n  messages: {}\n');
  const type = fixes(
    { 'fern/definition/chat.yml': 'types:\n  Event:\n    properties:\n      a: optional<Evnt>\n', 'fern/definition/api.yml': API },
    'fern-unknown-type',
  );
  assert.equal(type.apply(), 'types:\n  Event:\n    properties:\n      a: optional<Event>\n');
});

test('quick fix: declare a missing path parameter, with or without a path-parameters block', () => {
  const without = fixes(
    { 'fern/definition/chat.yml': 'channel:\n  path: /rooms/{room}\n  auth: false\n', 'fern/definition/api.yml': API },
    'fern-path-parameter-undeclared',
  );
  assert.equal(without.actions[0].title, "Declare path parameter 'room'");
  assert.equal(without.apply(), 'channel:\n  path: /rooms/{room}\n  path-parameters:\n    room: string\n  auth: false\n');
  const withBlock = fixes(
    {
      'fern/definition/chat.yml': 'channel:\n  path: /r/{a}/{b}\n  auth: false\n  path-parameters:\n    a: string\n  messages: {}\n',
      'fern/definition/api.yml': API,
    },
    'fern-path-parameter-undeclared',
  );
  assert.equal(withBlock.apply(), 'channel:\n  path: /r/{a}/{b}\n  auth: false\n  path-parameters:\n    a: string\n    b: string\n  messages: {}\n');
});

test('quick fix: add missing required keys with placeholders, in a map and in a list item', () => {
  const msg = fixes(
    { 'fern/definition/chat.yml': 'channel:\n  path: /x\n  auth: false\n  messages:\n    send:\n      docs: hi\n', 'fern/definition/api.yml': API },
    'fern-missing-key',
  );
  assert.equal(msg.actions[0].title, "Add 'origin' and 'body'");
  assert.equal(msg.apply(), 'channel:\n  path: /x\n  auth: false\n  messages:\n    send:\n      origin: client\n      body: string\n      docs: hi\n');
  const item = fixes(
    { 'fern/definition/chat.yml': 'channel:\n  path: /x\n  auth: false\n  messages: {}\n  examples:\n    - name: a\n', 'fern/definition/api.yml': API },
    'fern-missing-key',
  );
  assert.equal(item.apply(), 'channel:\n  path: /x\n  auth: false\n  messages: {}\n  examples:\n    - messages: []\n      name: a\n');
});

test("type declaration keys: once the kind is chosen, only that kind's keys (and the common ones)", () => {
  const at = (decl: string) => {
    const text = `types:\n  T:\n${decl}`;
    const { service, marks, uri } = serviceWith({ 'fern/definition/t.yml': text, 'fern/definition/api.yml': API });
    return labels(service.completions(uri('fern/definition/t.yml'), marks['fern/definition/t.yml'].cursors[0])).sort();
  };
  const common = ['audiences', 'availability', 'display-name', 'docs', 'encoding', 'examples', 'inline', 'source'];
  const object = at('    properties:\n      a: string\n    ‸\n');
  assert.deepEqual(object, [...common, 'extends', 'extra-properties'].sort());
  assert.deepEqual(at('    enum: [a, b]\n    ‸\n'), [...common, 'default', 'forward-compatible'].sort());
  assert.deepEqual(at('    union:\n      a: A\n    ‸\n'), [...common, 'base-properties', 'default-variant', 'discriminant', 'discriminated', 'extends'].sort());
  assert.deepEqual(at('    discriminated: false\n    union: [A, B]\n    ‸\n'), common);
  assert.deepEqual(at('    type: string\n    ‸\n'), [...common, 'validation'].sort());
  // Nothing decides the kind yet (docs is common): every kind's keys.
  const open = at('    docs: a type\n    ‸\n');
  for (const k of ['properties', 'enum', 'union', 'type', 'discriminant']) assert.ok(open.includes(k), k);
});

test('hover on a key whose value is one of a fixed set lists the allowed values', () => {
  const text = 'channel:\n  path: /x\n  auth: false\n  messages:\n    send:\n      «ori‸gin»: client\n      body: string\n';
  const { service, marks, uri } = serviceWith({ 'fern/definition/chat.yml': text, 'fern/definition/api.yml': API });
  const m = marks['fern/definition/chat.yml'];
  const h = service.hover(uri('fern/definition/chat.yml'), m.cursors[0])!;
  assert.deepEqual({ start: h.span.start, end: h.span.end }, m.spans[0]);
  assert.equal(h.contents, 'Allowed values: `client`, `server`');
});
