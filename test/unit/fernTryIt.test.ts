import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, diskService, fileUri, serviceWith } from '../helpers/fixtures';

const VALID = join(FIXTURES, 'fern', 'valid-complete', 'definition');

test('a Fern channel becomes a Try it model: servers from the channel url, params, headers, auth', () => {
  const service = diskService();
  const model = service.tryItModel(fileUri(join(VALID, 'chat.yml')));
  assert.ok(model);
  assert.equal(model.kind, 'fern');
  assert.equal(model.title, 'chat');
  assert.deepEqual(model.problems, []);
  // `url: realtime` picks that URL of each environment, the default environment first.
  assert.deepEqual(
    model.servers.map((s) => [s.name, s.url, s.protocol]),
    [
      ['Production.realtime', 'wss://realtime.example.com', 'wss'],
      ['Staging.realtime', 'wss://staging-realtime.example.com', 'wss'],
    ],
  );
  assert.deepEqual(model.servers[0].security, [[{ kind: 'httpBearer', name: 'Bearer' }]]);
  const ch = model.channels[0];
  assert.equal(ch.id, 'chat');
  assert.equal(ch.address, '/rooms/{room_id}');
  assert.deepEqual(ch.parameters, [{ name: 'room_id', schema: { type: 'string' }, required: true, examples: ['lobby'] }]);
  assert.deepEqual(ch.query.find((q) => q.name === 'limit')!.examples, [10], 'example sessions give parameter examples');
  assert.deepEqual(
    ch.query.map((q) => [q.name, q.required, q.schema]),
    [
      ['since', false, { type: 'string', format: 'date-time' }],
      ['limit', false, { type: 'integer' }],
    ],
  );
  assert.equal(ch.query[0].description, 'Replay messages after this time.');
  assert.deepEqual(
    ch.headers.map((h) => [h.name, h.required]),
    [
      ['X-Trace-Id', false],
      ['X-Client-Version', false],
    ],
  );
});

test('client-origin messages are sendable, server-origin receivable, with examples and JSON Schema payloads', () => {
  const service = diskService();
  const ch = service.tryItModel(fileUri(join(VALID, 'chat.yml')))!.channels[0];
  const dir = Object.fromEntries(ch.operations.map((o) => [o.id, [o.rawAction, o.clientDirection]]));
  assert.deepEqual(dir, { say: ['client', 'send'], typing: ['client', 'send'], joined: ['server', 'receive'], said: ['server', 'receive'] });
  const say = ch.operations.find((o) => o.id === 'say')!.messages[0];
  assert.deepEqual(say.examples, [{ name: 'Say hello', payload: { text: 'hello', mentions: ['u1', 'u2'], meta: { lang: 'en' } }, channelExample: 0 }]);
  const payload = say.payload as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
  assert.deepEqual(Object.keys(payload.properties), ['client_id', 'text', 'mentions', 'meta', 'kind'], 'extends come first');
  assert.deepEqual(payload.required, ['text']);
  assert.equal(payload.additionalProperties, false);
  const said = ch.operations.find((o) => o.id === 'said')!.messages[0];
  assert.equal(said.examples.length, 2, 'two occurrences of `said` in the session');
  assert.deepEqual(said.discriminators, [{ property: 'type', values: ['text', 'count'] }]);
  const joined = ch.operations.find((o) => o.id === 'joined')!.messages[0];
  assert.equal((joined.payload as { title: string }).title, 'JoinedEvent', 'inlined body');
  assert.deepEqual(joined.location, { uri: fileUri(join(VALID, 'chat.yml')), line: 26, character: 4 });
});

test('without a channel url every environment is a server; header auth becomes an API key', () => {
  const { service, uri } = serviceWith({
    'fern/definition/chat.yml': 'channel:\n  path: /ws\n  auth: true\n  messages: {}\n',
    'fern/definition/api.yml':
      'name: keyed\nauth: Key\nauth-schemes:\n  Key:\n    header: X-API-Key\n    name: apiKey\n    type: string\n' +
      'environments:\n  Prod: https://api.example.com\n  Dev:\n    url: ws://localhost:8080\ndefault-environment: Dev\n',
  });
  const model = service.tryItModel(uri('fern/definition/chat.yml'))!;
  assert.deepEqual(
    model.servers.map((s) => [s.name, s.url, s.protocol]),
    [
      ['Dev', 'ws://localhost:8080', 'ws'],
      ['Prod', 'https://api.example.com', 'wss'],
    ],
  );
  assert.deepEqual(model.servers[0].security, [[{ kind: 'apiKey', name: 'Key', in: 'header', paramName: 'X-API-Key' }]]);
});

test('a missing api.yml is a problem of the model, not a failure', () => {
  const { service, uri } = serviceWith({
    'x/chat.yml': 'channel:\n  path: /ws\n  auth: false\n  messages:\n    a:\n      origin: client\n      body: string\n',
  });
  const model = service.tryItModel(uri('x/chat.yml'))!;
  assert.deepEqual(model.servers, []);
  assert.match(model.problems[0], /api\.yml/);
  assert.deepEqual(model.channels[0].operations[0].messages[0].payload, { type: 'string' });
});

test('files without a channel have no Try it model', () => {
  const service = diskService();
  assert.equal(service.tryItModel(fileUri(join(VALID, 'commons.yml'))), undefined);
  assert.equal(service.tryItModel(fileUri(join(VALID, 'api.yml'))), undefined);
});
