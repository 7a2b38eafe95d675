import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fernApi } from '../../server/src/languageService/fern/apiModel';
import { fernFile } from '../../server/src/languageService/fern/fileModel';
import { FIXTURES, readText, serviceWith } from '../helpers/fixtures';

const VALID = join(FIXTURES, 'fern', 'valid-complete', 'definition');

test('api.yml: name, auth, schemes, multi-URL environments, default environment, headers', () => {
  const { service, uri } = serviceWith({ 'fern/definition/api.yml': readText(join(VALID, 'api.yml')) });
  const api = fernApi(service.store.get(uri('fern/definition/api.yml'))!);
  assert.equal(api.name, 'chat');
  assert.deepEqual(api.auth, ['Bearer']);
  assert.deepEqual(
    { ...api.authSchemes.get('Bearer'), keySpan: undefined },
    { name: 'Bearer', keySpan: undefined, scheme: 'bearer', header: undefined, prefix: undefined, paramName: 'apiKey', docs: undefined },
  );
  assert.deepEqual(
    api.environments.map((e) => [e.name, e.urls]),
    [
      ['Production', { realtime: 'wss://realtime.example.com', rest: 'https://api.example.com' }],
      ['Staging', { realtime: 'wss://staging-realtime.example.com', rest: 'https://staging.example.com' }],
    ],
  );
  assert.equal(api.defaultEnvironment?.text, 'Production');
  assert.deepEqual(
    api.headers.map((h) => [h.name, h.type?.text]),
    [['X-Client-Version', 'optional<string>']],
  );
});

test('a file model: imports, every kind of type, the channel with its three body forms', () => {
  const { service, uri } = serviceWith({ 'fern/definition/chat.yml': readText(join(VALID, 'chat.yml')) });
  const f = fernFile(service.store.get(uri('fern/definition/chat.yml'))!);
  assert.deepEqual(
    [...f.imports.values()].map((i) => [i.alias, i.uri]),
    [['commons', uri('fern/definition/commons.yml')]],
  );
  assert.deepEqual(
    [...f.types.values()].map((t) => [t.name, t.shape]),
    [
      ['SayEvent', 'object'],
      ['Base', 'object'],
      ['TypingEvent', 'alias'],
      ['TextEvent', 'object'],
      ['ServerEvent', 'union'],
      ['Anything', 'undiscriminated'],
    ],
  );
  assert.deepEqual(
    f.types.get('SayEvent')!.extends.map((e) => e.text),
    ['Base'],
  );
  assert.deepEqual(
    f.types.get('ServerEvent')!.variants.map((v) => [v.key, v.type?.text]),
    [
      ['text', 'TextEvent'],
      ['count', 'integer'],
    ],
  );
  const ch = f.channel!;
  assert.equal(ch.path?.text, '/rooms/{room_id}');
  assert.equal(ch.url?.text, 'realtime');
  assert.equal(ch.auth, true);
  assert.deepEqual(
    ch.messages.map((m) => [m.id, m.origin, m.body?.text ?? m.inline?.name]),
    [
      ['say', 'client', 'SayEvent'],
      ['typing', 'client', 'TypingEvent'],
      ['joined', 'server', 'JoinedEvent'],
      ['said', 'server', 'ServerEvent'],
    ],
  );
  assert.deepEqual(
    ch.queryParameters.map((q) => [q.name, q.type?.text, q.docs]),
    [
      ['since', 'optional<datetime>', 'Replay messages after this time.'],
      ['limit', 'optional<integer>', undefined],
    ],
  );
});

test('models are built once per text version: editing one file leaves the others’ models alone', () => {
  const { service, uri } = serviceWith({
    'fern/definition/chat.yml': 'imports:\n  commons: commons.yml\ntypes:\n  A:\n    properties:\n      id: commons.Id\n',
    'fern/definition/commons.yml': 'types:\n  Id: string\n',
    'fern/definition/api.yml': 'name: x\n',
  });
  const chat = uri('fern/definition/chat.yml');
  const commons = uri('fern/definition/commons.yml');
  service.diagnostics(chat);
  const commonsModel = fernFile(service.store.get(commons)!);
  const chatModel = fernFile(service.store.get(chat)!);
  assert.equal(fernFile(service.store.get(chat)!), chatModel, 'same version, same model');
  service.store.setOpen(chat, 'imports:\n  commons: commons.yml\ntypes:\n  A:\n    properties:\n      id: commons.Idd\n', 2);
  const diags = service.diagnostics(chat);
  assert.ok(diags.some((d) => d.code === 'fern-unknown-type'));
  assert.notEqual(fernFile(service.store.get(chat)!), chatModel, 'the edited file is rebuilt');
  assert.equal(fernFile(service.store.get(commons)!), commonsModel, 'the imported file is not');
});

test('slow diagnostics record the files they read, so editing an import re-validates its importers', () => {
  const { service, uri } = serviceWith({
    'fern/definition/chat.yml': 'imports:\n  commons: commons.yml\ntypes:\n  A:\n    properties:\n      id: commons.Id\n',
    'fern/definition/commons.yml': 'types:\n  Id: string\n',
    'fern/definition/other.yml': 'types:\n  Unrelated: string\n',
    'fern/definition/api.yml': 'name: x\n',
  });
  service.slowDiagnostics(uri('fern/definition/chat.yml'));
  assert.deepEqual(service.dependents(uri('fern/definition/commons.yml')), [uri('fern/definition/chat.yml')]);
  assert.deepEqual(service.dependents(uri('fern/definition/api.yml')), [uri('fern/definition/chat.yml')]);
  assert.deepEqual(service.dependents(uri('fern/definition/other.yml')), [], 'files not needed are not read');
});

test('no feature throws on any prefix of a real definition (the service never fails mid-typing)', () => {
  const full = readText(join(VALID, 'chat.yml'));
  for (let cut = 0; cut <= full.length; cut += 11) {
    const text = full.slice(0, cut);
    const { service, uri } = serviceWith({
      'fern/definition/chat.yml': text,
      'fern/definition/commons.yml': readText(join(VALID, 'commons.yml')),
      'fern/definition/api.yml': readText(join(VALID, 'api.yml')),
    });
    const u = uri('fern/definition/chat.yml');
    const diags = service.diagnostics(u);
    // Only ours: syntax-* spans come from the shared YAML layer.
    for (const d of diags.filter((x) => x.code.startsWith('fern-')))
      assert.ok(d.start >= 0 && d.end <= text.length && d.start <= d.end, `span in range at cut ${cut}`);
    for (const at of [0, Math.floor(cut / 2), cut]) {
      service.completions(u, at);
      service.hover(u, at);
      service.definition(u, at);
      service.references(u, at, true);
      service.prepareRename(u, at);
    }
    service.symbols(u);
    service.tryItModel(u);
    service.codeActions(u, { start: 0, end: text.length }, diags);
  }
});

test('odd shapes where objects are expected are reported, not crashed on', () => {
  const { service, uri } = serviceWith({
    'fern/definition/chat.yml':
      'channel:\n  path: 5\n  auth: false\n  messages:\n    a: 3\n    b:\n      origin: [client]\n      body: 7\n  examples: {}\ntypes: [A, B]\nimports: x\n',
    'fern/definition/api.yml': 'name: x\nenvironments: 3\nauth-schemes: []\n',
  });
  const codes = service.diagnostics(uri('fern/definition/chat.yml')).map((d) => d.code);
  assert.ok(codes.filter((c) => c === 'fern-wrong-value-type').length >= 5, codes.join());
  assert.ok(service.tryItModel(uri('fern/definition/chat.yml')));
  assert.ok(service.diagnostics(uri('fern/definition/api.yml')).some((d) => d.code === 'fern-wrong-value-type'));
});
