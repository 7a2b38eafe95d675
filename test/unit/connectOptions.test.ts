/** ConnectOptions from the panel's choices, and the session's pure rules (backoff, what to re-join). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConnectOptions, channelAddress, connectOptions, secretFromString } from '../../transports/src/connectOptions';
import { backoffDelay } from '../../client/src/tryit/session';
import { defaultReplayRole } from '../../client/src/tryit/joins';
import { describeCloseCode } from '../../transports/src/describe';
import type { TryItChannel, TryItModel, TryItServer } from '../../common/src/tryItModel';

const server = (p: Partial<TryItServer> = {}): TryItServer => ({
  name: 's',
  url: 'ws://{host}:{port}/api',
  protocol: 'ws',
  transport: 'ws',
  variables: [{ name: 'host', default: 'localhost' }, { name: 'port' }],
  security: [],
  ...p,
});
const channel = (address: string, dirs: ('send' | 'receive')[], p: Partial<TryItChannel> = {}): TryItChannel => ({
  id: address,
  address,
  parameters: [],
  query: [],
  headers: [],
  servers: [],
  operations: dirs.map((d, i) => ({ id: `${address}${i}`, rawAction: d === 'send' ? 'publish' : 'subscribe', clientDirection: d, messages: [] })),
  ...p,
});

test('server variables: defaults, user values, and a missing one reported', () => {
  const ok = buildConnectOptions({ server: server(), variables: { port: '9000' } });
  assert.equal(ok.options.url, 'ws://localhost:9000/api');
  assert.deepEqual(ok.problems, []);
  const missing = buildConnectOptions({ server: server() });
  assert.deepEqual(missing.problems.slice(0, 1), ['No value for server variable "port": fill it in before connecting.']);
});

test('an empty form field is unset: never sent empty; its default applies; a required one is reported', () => {
  const ch = channel('/chat', ['send'], {
    query: [
      { name: 'channel_id', schema: {}, required: true },
      { name: 'model', schema: {}, required: false },
      { name: 'v', schema: {}, required: false, default: '2' },
    ],
    headers: [{ name: 'X-Trace', schema: {}, required: false }],
  });
  const built = buildConnectOptions({
    server: server(),
    variables: { host: '', port: '1' },
    channel: ch,
    query: { channel_id: '', model: ' ', v: '' },
    headers: { 'X-Trace': '' },
  });
  assert.equal(built.options.url, 'ws://localhost:1/api/chat');
  assert.deepEqual(built.options.query, { v: '2' });
  assert.deepEqual(built.options.headers, {});
  assert.deepEqual(built.problems, ['Query parameter "channel_id" is required by the channel.']);
});

test('a URL without scheme gets ws:// or wss:// from the protocol', () => {
  assert.equal(buildConnectOptions({ server: server({ url: 'example.com/x', protocol: 'wss', variables: [] }) }).options.url, 'wss://example.com/x');
  assert.equal(buildConnectOptions({ server: server({ url: 'example.com', protocol: 'ws', variables: [] }) }).options.url, 'ws://example.com');
});

test('raw ws: the channel address is appended with its parameters encoded', () => {
  const ch = channel('/rooms/{room}', ['send'], { parameters: [{ name: 'room', schema: {}, required: true }] });
  const { options } = buildConnectOptions({ server: server(), variables: { port: '1' }, channel: ch, channelParameters: { room: 'a b' } });
  assert.equal(options.url, 'ws://localhost:1/api/rooms/a%20b');
  assert.equal(channelAddress(ch, { room: 'x' }), '/rooms/x');
});

test('auth: bearer header, apiKey in header and cookie, basic', () => {
  const s = server({
    variables: [],
    url: 'ws://h',
    security: [
      [
        { kind: 'httpBearer', name: 'b' },
        { kind: 'apiKey', name: 'k', in: 'header', paramName: 'X-Key' },
        { kind: 'apiKey', name: 'c', in: 'cookie', paramName: 'sid' },
      ],
    ],
  });
  const { options, problems } = buildConnectOptions({ server: s, secrets: { b: { token: 't' }, k: { value: 'v' }, c: { value: 'a;b' } } });
  assert.deepEqual(problems, []);
  assert.deepEqual(options.headers, { Authorization: 'Bearer t', 'X-Key': 'v', Cookie: 'sid=a%3Bb' });
  const basic = buildConnectOptions({
    server: server({ url: 'ws://h', variables: [], security: [[{ kind: 'httpBasic', name: 'u' }]] }),
    secrets: { u: { username: 'me', password: 'p:w' } },
  });
  assert.equal(basic.options.headers.Authorization, `Basic ${Buffer.from('me:p:w').toString('base64')}`);
});

test('Socket.IO: /socket.io in the URL becomes the engine path; bearer goes to auth.token', () => {
  const s = server({ url: 'http://h:4000/socket.io', variables: [], transport: 'socket.io', security: [[{ kind: 'httpBearer', name: 'jwt' }]] });
  const { options } = buildConnectOptions({ server: s, secrets: { jwt: { token: 'T' } } });
  assert.equal(options.url, 'http://h:4000/');
  assert.deepEqual(options.socketIo, { path: '/socket.io', namespace: '/', auth: { token: 'T' } });
  assert.equal(options.headers.Authorization, undefined);
});

test('STOMP: subscribe to receivable channels only; userPassword becomes login/passcode', () => {
  const s = server({ url: 'ws://h/ws', variables: [], transport: 'stomp', protocol: 'stomp', security: [[{ kind: 'userPassword', name: 'login' }]] });
  const chs = [channel('/queue/in', ['receive']), channel('/queue/out', ['send']), channel('/topic/{id}', ['receive'])];
  const { options, problems } = buildConnectOptions({ server: s, channels: chs, secrets: { login: { username: 'guest', password: 'guest' } } });
  assert.deepEqual(options.stomp, { subscriptions: ['/queue/in'], login: 'guest', passcode: 'guest' });
  assert.match(problems.join('\n'), /Not subscribing to \/topic\/\{id\} until its parameters have values/);
  const bearer = buildConnectOptions({
    server: { ...s, security: [[{ kind: 'httpBearer', name: 'b' }]] },
    headers: { 'X-App': '1' },
    secrets: { b: { token: 't' } },
  });
  assert.deepEqual(bearer.options.stomp?.connectHeaders, { 'X-App': '1', Authorization: 'Bearer t' });
  assert.deepEqual(bearer.options.headers, { 'X-App': '1', Authorization: 'Bearer t' });
});

test('connectOptions (panel entry): secrets asked per scheme, directions flipped for client documents', async () => {
  const s = server({ url: 'ws://h/ws', variables: [], transport: 'stomp', protocol: 'stomp', security: [[{ kind: 'userPassword', name: 'login' }]] });
  const model: TryItModel = {
    uri: 'x',
    kind: 'asyncapi',
    version: '3.0.0',
    describesServer: false,
    servers: [s],
    channels: [channel('/queue/a', ['send']), channel('/queue/b', ['receive'])],
    problems: [],
  };
  const asked: string[] = [];
  const r = await connectOptions(model, { server: 's', variables: {}, channel: '/queue/a', parameters: {}, query: {}, headers: {} }, false, async (sc) => {
    asked.push(sc.name);
    return 'guest:pa:ss';
  });
  assert.deepEqual(asked, ['login']);
  assert.deepEqual(r.options.stomp, { subscriptions: ['/queue/a'], login: 'guest', passcode: 'pa:ss' });
  await assert.rejects(
    connectOptions(model, { server: 'gone', variables: {}, channel: '', parameters: {}, query: {}, headers: {} }, true, async () => undefined),
    /no server named "gone"/,
  );
  assert.deepEqual(secretFromString({ kind: 'apiKey', name: 'k', in: 'query', paramName: 'key' }, 'v'), { value: 'v' });
});

test('backoff doubles up to the cap', () => {
  const p = { enabled: true, initialDelayMs: 1000, maxDelayMs: 5000, factor: 2, maxAttempts: Infinity, tickMs: 1000 };
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((a) => backoffDelay(p, a)),
    [1000, 2000, 4000, 5000, 5000],
  );
});

test('re-join rules: Socket.IO join/leave events and JSON subscribe/unsubscribe commands pair up', () => {
  const join = defaultReplayRole({ event: 'join_chat', data: '{"chatId":"1"}' });
  const leave = defaultReplayRole({ event: 'leave_chat', data: '{"chatId":"1"}' });
  assert.equal(join?.role, 'join');
  assert.equal(leave?.role, 'leave');
  assert.equal(join?.key, leave?.key);
  const sub = defaultReplayRole({ data: '{"type":"subscribe","data":{"channel":"c"}}' });
  const unsub = defaultReplayRole({ data: '{"type":"unsubscribe","data":{"channel":"c"}}' });
  assert.equal(sub?.key, unsub?.key);
  assert.equal(defaultReplayRole({ event: 'typing_start', data: '{}' }), undefined);
  assert.equal(defaultReplayRole({ data: 'not json' }), undefined);
});

test('close codes in words', () => {
  assert.match(describeCloseCode(1006), /closed abnormally: the connection dropped without a close frame/);
  assert.match(describeCloseCode(1008, 'bad token'), /policy violation.*authentication.*Reason given: "bad token"/);
  assert.match(describeCloseCode(4001, 'unauthorized'), /application code defined by this API.*usually: not authenticated/);
  assert.match(describeCloseCode(4999), /^Closed with code 4999, an application code defined by this API, not by the WebSocket standard\.$/);
});
