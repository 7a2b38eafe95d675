/**
 * Fern auth for clients that cannot send headers: the Try it model's fallbacks (query parameter, subprotocol,
 * auth message), what the panel host does with them (connectOptions, sendingFirst), and what the mock accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, serviceWith } from '../helpers/fixtures';
import { modelOf } from '../helpers/tryItModels';
import { buildConnectOptions, connectOptions, sendingFirst, type FirstMessage } from '../../transports/src/connectOptions';
import type { OutgoingMessage, Transport, TransportEvent } from '../../transports/src/transport';
import { checkAuth, checkAuthMessage, needsAuthMessage } from '../../mock/src/auth';
import type { TryItModel, TryItSecurityScheme } from '../../common/src/tryItModel';
import { API, CHANNEL } from '../helpers/fernAuthMessageSpec';

const FALLBACKS = join(FIXTURES, 'fern', 'auth-fallbacks', 'definition');
const SUBPROTOCOL = join(FIXTURES, 'fern', 'auth-subprotocol', 'definition');

// ---- the Try it model ----

function schemeOf(model: TryItModel): TryItSecurityScheme {
  assert.equal(model.servers[0].security.length, 1);
  return model.servers[0].security[0][0];
}

test('Try it model: a required token query parameter is the query fallback of the bearer scheme', () => {
  const model = modelOf(join(FALLBACKS, 'query.yml'));
  assert.deepEqual(model.problems, []);
  assert.deepEqual(schemeOf(model), { kind: 'httpBearer', name: 'Bearer', fallbacks: [{ kind: 'query', param: 'access_token', required: true }] });
});

test('Try it model: auth-message becomes an authMessage fallback beside an optional api_key query fallback', () => {
  const model = modelOf(join(FALLBACKS, 'auth-message.yml'));
  assert.deepEqual(model.problems, []);
  assert.deepEqual(schemeOf(model).fallbacks, [
    { kind: 'query', param: 'api_key', required: false },
    { kind: 'authMessage', messageId: 'authenticate', tokenPath: ['params', 'token'] },
  ]);
  // The auth message stays an ordinary sendable message too.
  assert.ok(model.channels[0].operations.some((o) => o.id === 'authenticate' && o.clientDirection === 'send'));
});

test('Try it model: a header scheme on Sec-WebSocket-Protocol is the subprotocol fallback, with its prefix', () => {
  const model = modelOf(join(SUBPROTOCOL, 'subprotocol.yml'));
  assert.deepEqual(schemeOf(model), {
    kind: 'apiKey',
    name: 'Token',
    in: 'header',
    paramName: 'Sec-WebSocket-Protocol',
    description: 'Value prefix: `token, `.',
    fallbacks: [{ kind: 'subprotocol', prefix: 'token, ' }],
  });
});

test("Try it model: the query rule (token names, the scheme's header and parameter name, string types only)", () => {
  const api =
    'name: k\nauth: Key\nauth-schemes:\n  Key:\n    header: X-Hume-Api-Key\n    name: secretKey\n    type: string\nenvironments:\n  Local: ws://127.0.0.1:1\n';
  const { service, uri } = serviceWith({
    'fern/definition/c.yml':
      'channel:\n  path: /ws\n  auth: true\n  query-parameters:\n    Access-Token: optional<string>\n    hume-api-key: optional<string>\n    x_hume_api_key: string\n' +
      '    secret_key: optional<string>\n    token: integer\n    model: optional<string>\n  messages: {}\n',
    'fern/definition/api.yml': api,
  });
  const model = service.tryItModel(uri('fern/definition/c.yml'))!;
  assert.deepEqual(schemeOf(model).fallbacks, [
    { kind: 'query', param: 'Access-Token', required: false },
    { kind: 'query', param: 'hume-api-key', required: false },
    { kind: 'query', param: 'x_hume_api_key', required: true },
    { kind: 'query', param: 'secret_key', required: false },
  ]);
  // Basic auth carries no single token: no fallbacks; `auth: false`: no schemes at all.
  const basic = serviceWith({
    'fern/definition/c.yml': 'channel:\n  path: /ws\n  auth: true\n  query-parameters:\n    token: string\n  messages: {}\n',
    'fern/definition/api.yml': 'name: b\nauth: basic\nenvironments:\n  Local: ws://127.0.0.1:1\n',
  });
  assert.deepEqual(schemeOf(basic.service.tryItModel(basic.uri('fern/definition/c.yml'))!), { kind: 'httpBasic', name: 'basic' });
});

test('Try it model: an auth-message that does not resolve is a problem of the model, not a fallback', () => {
  const { service, uri } = serviceWith({
    'fern/definition/a.yml': CHANNEL('    message-id: ack\n    token-property-path: ok\n'),
    'fern/definition/api.yml': API,
  });
  const model = service.tryItModel(uri('fern/definition/a.yml'))!;
  assert.equal(schemeOf(model).fallbacks, undefined);
  assert.match(model.problems.join('\n'), /auth-message.*not used.*`ack` is a `server` message/);
});

// ---- the panel host ----

const TOKEN = 'tok-123';

test('panel host: headers stay; a required token query parameter is filled unless the user filled it', () => {
  const model = modelOf(join(FALLBACKS, 'query.yml'));
  const server = model.servers[0];
  const req = { server, channel: model.channels[0], secrets: { Bearer: { token: TOKEN } } };
  const built = buildConnectOptions(req);
  assert.deepEqual(built.problems, [], 'the required access_token comes from the secret');
  assert.equal(built.options.headers.Authorization, `Bearer ${TOKEN}`);
  assert.deepEqual(built.options.query, { access_token: TOKEN });
  assert.equal(built.authMessage, undefined);
  assert.deepEqual(buildConnectOptions({ ...req, query: { access_token: 'typed' } }).options.query, { access_token: 'typed' });
  const none = buildConnectOptions({ server, channel: model.channels[0] });
  assert.match(none.problems.join('\n'), /Query parameter "access_token" is required/);
  // An optional token parameter (auth-message.yml's api_key) is left to the header.
  const am = modelOf(join(FALLBACKS, 'auth-message.yml'));
  assert.deepEqual(buildConnectOptions({ server: am.servers[0], channel: am.channels[0], secrets: { Bearer: { token: TOKEN } } }).options.query, {});
});

test('panel host: the Sec-WebSocket-Protocol scheme offers `token` and the key as subprotocols, no header', () => {
  const model = modelOf(join(SUBPROTOCOL, 'subprotocol.yml'));
  const built = buildConnectOptions({ server: model.servers[0], channel: model.channels[0], secrets: { Token: { value: TOKEN } } });
  assert.deepEqual(built.problems, []);
  assert.deepEqual(built.options.subprotocols, ['token', TOKEN]);
  assert.deepEqual(built.options.headers, {});
  const spaced = buildConnectOptions({ server: model.servers[0], channel: model.channels[0], secrets: { Token: { value: 'has space' } } });
  assert.match(spaced.problems.join('\n'), /Sec-WebSocket-Protocol header, which allows no spaces/);
});

test('panel host: the auth message is the example with the token at its path (masked for the log)', async () => {
  const model = modelOf(join(FALLBACKS, 'auth-message.yml'));
  const form = { server: model.servers[0].name, variables: {}, channel: model.channels[0].id, parameters: {}, query: {}, headers: {} };
  const resolved = await connectOptions(model, form, true, async () => TOKEN);
  assert.deepEqual(resolved.problems, []);
  assert.equal(resolved.options.headers.Authorization, `Bearer ${TOKEN}`, 'the header stays the default');
  const first = resolved.authMessage!;
  assert.equal(first.messageId, 'authenticate');
  assert.deepEqual(JSON.parse(first.data), { type: 'auth', params: { token: TOKEN, client: 'specsocket' } });
  assert.deepEqual(JSON.parse(first.shown), { type: 'auth', params: { token: '••••••', client: 'specsocket' } });
  assert.ok(!first.shown.includes(TOKEN));
});

test('panel host: without an example the auth message is generated from the schema', () => {
  const { service, uri } = serviceWith({
    'fern/definition/a.yml': CHANNEL('    message-id: authenticate\n    token-property-path: params.token\n'),
    'fern/definition/api.yml': API,
  });
  const model = service.tryItModel(uri('fern/definition/a.yml'))!;
  const built = buildConnectOptions({ server: model.servers[0], channel: model.channels[0], secrets: { Bearer: { token: TOKEN } } });
  const sent = JSON.parse(built.authMessage!.data) as { type: string; params: { token: string; depth: number } };
  assert.equal(sent.type, 'auth');
  assert.equal(sent.params.token, TOKEN);
  assert.equal(typeof sent.params.depth, 'number');
});

class FakeTransport implements Transport {
  readonly sent: OutgoingMessage[] = [];
  private listeners: ((e: TransportEvent) => void)[] = [];
  constructor(private readonly failSend = false) {}
  async connect(): Promise<void> {}
  async send(m: OutgoingMessage): Promise<unknown> {
    if (this.failSend) throw new Error('socket gone');
    this.sent.push(m);
    for (const l of this.listeners) l({ type: 'frame', direction: 'out', time: 0, data: m.data });
    return undefined;
  }
  closed = false;
  async close(): Promise<void> {
    this.closed = true;
  }
  onEvent(l: (e: TransportEvent) => void) {
    this.listeners.push(l);
    return { dispose: () => void (this.listeners = this.listeners.filter((x) => x !== l)) };
  }
}

test('sendingFirst: the auth message goes out before connect() resolves, logged masked', async () => {
  const first: FirstMessage = { messageId: 'authenticate', data: '{"token":"s3cret"}', shown: '{"token":"••••••"}' };
  const inner = new FakeTransport();
  const t = sendingFirst(inner, first);
  const seen: TransportEvent[] = [];
  t.onEvent((e) => seen.push(e));
  await t.connect();
  assert.deepEqual(inner.sent, [{ data: first.data }]);
  await t.send({ data: 'hello' });
  assert.deepEqual(
    seen.map((e) => (e.type === 'frame' ? e.data : e.type)),
    [first.shown, 'hello'],
  );
  const failing = new FakeTransport(true);
  await assert.rejects(sendingFirst(failing, first).connect(), /auth message "authenticate" could not be sent: socket gone/);
  assert.ok(failing.closed);
});

// ---- the mock ----

const mockCreds = (headers: Record<string, string> = {}, query = '') => ({ headers, query: new URLSearchParams(query) });

test('mock: the token is accepted in the header or in the query fallback, refused elsewhere in words', () => {
  const security = modelOf(join(FALLBACKS, 'query.yml')).servers[0].security;
  assert.equal(checkAuth(security, mockCreds({ authorization: `Bearer ${TOKEN}` }), TOKEN), undefined);
  assert.equal(checkAuth(security, mockCreds({}, `access_token=${TOKEN}`), TOKEN), undefined);
  assert.match(checkAuth(security, mockCreds({}, 'access_token=wrong'), TOKEN)!, /bearer token \(Authorization header\) \(or query parameter "access_token"\)/);
});

test('mock: the subprotocol fallback needs every protocol of prefix + token', () => {
  const security = modelOf(join(SUBPROTOCOL, 'subprotocol.yml')).servers[0].security;
  assert.equal(checkAuth(security, mockCreds({ 'sec-websocket-protocol': `token, ${TOKEN}` }), TOKEN), undefined);
  assert.ok(checkAuth(security, mockCreds({ 'sec-websocket-protocol': 'token, wrong' }), TOKEN));
  assert.ok(checkAuth(security, mockCreds(), TOKEN));
});

test('mock: an auth-message channel lets the handshake through; the first message must carry the token', () => {
  const security = modelOf(join(FALLBACKS, 'auth-message.yml')).servers[0].security;
  assert.equal(checkAuth(security, mockCreds(), TOKEN), undefined);
  assert.deepEqual(needsAuthMessage(security, mockCreds({ authorization: `Bearer ${TOKEN}` }), TOKEN), [], 'the header was enough');
  const expected = needsAuthMessage(security, mockCreds(), TOKEN);
  assert.deepEqual(expected, [{ messageId: 'authenticate', tokenPath: ['params', 'token'] }]);
  assert.equal(checkAuthMessage(expected, JSON.stringify({ type: 'auth', params: { token: TOKEN } }), TOKEN), undefined);
  assert.equal(checkAuthMessage(expected, new TextEncoder().encode(JSON.stringify({ params: { token: TOKEN } })), TOKEN), undefined);
  assert.match(
    checkAuthMessage(expected, '{"type":"say","text":"hi"}', TOKEN)!,
    /first message must be the auth message `authenticate` with the mock token at params\.token/,
  );
  assert.ok(checkAuthMessage(expected, 'not json', TOKEN));
});
