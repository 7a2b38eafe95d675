import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formErrors } from '../../client/src/tryit/formErrors';
import type { TryItChannel, TryItModel, TryItParameter, TryItServer } from '../../common/src/tryItModel';
import type { ConnectionForm } from '../../common/src/webviewMessages';

const param = (name: string, required: boolean, extra: Partial<TryItParameter> = {}): TryItParameter => ({
  name,
  schema: { type: 'string' },
  required,
  ...extra,
});
const server: TryItServer = {
  name: 's',
  url: 'ws://{host}:{port}',
  protocol: 'ws',
  transport: 'ws',
  variables: [{ name: 'host', default: 'localhost' }, { name: 'port' }],
  security: [],
};
const chat: TryItChannel = {
  id: 'chat',
  address: '/rooms/{room}',
  parameters: [param('room', true)],
  servers: [],
  operations: [],
  query: [param('channel_id', true), param('model', false), param('version', true, { default: '1' })],
  headers: [param('X-Tenant', true)],
};
const model = (s: TryItServer = server): TryItModel => ({
  uri: 'file:///x.yaml',
  kind: 'asyncapi',
  version: '3.0.0',
  title: 'x',
  describesServer: true,
  problems: [],
  servers: [s],
  channels: [chat],
});
const form = (f: Partial<ConnectionForm> = {}): ConnectionForm => ({
  server: 's',
  channel: 'chat',
  variables: { host: 'localhost', port: '1' },
  parameters: { room: 'r' },
  query: { channel_id: 'c', model: '', version: '' },
  headers: { 'X-Tenant': 't' },
  ...f,
});
const names = (m: TryItModel, f: ConnectionForm) => formErrors(m, f).map((e) => `${e.section}.${e.name}`);

test('a complete form has no errors (empty optional fields and emptied defaults are fine)', () => {
  assert.deepEqual(formErrors(model(), form()), []);
});

test('each empty field the connection needs is an error at that field', () => {
  const f = form({
    variables: { host: '', port: ' ' },
    parameters: { room: '' },
    query: { channel_id: '', model: '', version: '' },
    headers: { 'X-Tenant': '' },
  });
  assert.deepEqual(names(model(), f), ['variables.port', 'parameters.room', 'query.channel_id', 'headers.X-Tenant']);
  assert.equal(formErrors(model(), f)[0]!.message, 'Required: fill it in before connecting.');
});

test("a query parameter or header the server's security fills from the secret is no error", () => {
  const secured = {
    ...server,
    security: [
      [
        { kind: 'apiKey' as const, name: 'key', in: 'query' as const, paramName: 'channel_id' },
        { kind: 'apiKey' as const, name: 'tenant', in: 'header' as const, paramName: 'x-tenant' },
      ],
    ],
  };
  assert.deepEqual(names(model(secured), form({ query: { channel_id: '' }, headers: { 'X-Tenant': '' } })), []);
});

test('a Socket.IO channel address is an event, not part of the connection: its parameters are not asked for here', () => {
  assert.deepEqual(names(model(), form({ transport: 'socket.io', parameters: { room: '' } })), []);
});
