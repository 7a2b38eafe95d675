/**
 * Socket.IO transport against python-socketio (aiohttp) behaving like the ChatApp seed (001):
 * JWT as auth.token, rooms, acknowledgements, broadcasts; and the failures: a wrong token
 * (connect_error in words), a wrong path, refused, and a Socket.IO 2.x server explained.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { createTransport } from '../../transports/src';
import type { Transport, TransportEvent } from '../../transports/src/transport';
import { TransportError } from '../../transports/src/events';
import { freePort, jsonOf, mintJwt, Recorder, startPythonPeer, type Peer } from './peers';
import { chatAppServer } from './model';

type Frame = Extract<TransportEvent, { type: 'frame' }>;

let peer: Peer;
const open: Transport[] = [];

before(async () => {
  peer = await startPythonPeer('socketio_server.py');
});
after(async () => {
  await Promise.all(open.map((t) => t.close()));
  await peer.stop();
});

function chatClient(token: string | undefined, port = peer.port, extra: Partial<Parameters<typeof buildConnectOptions>[0]> = {}) {
  const { options, problems } = buildConnectOptions({
    server: chatAppServer,
    variables: { port: String(port) },
    secrets: token ? { bearerAuth: { token } } : {},
    connectTimeoutMs: 10_000,
    ...extra,
  });
  const t = createTransport(options);
  open.push(t);
  return { t, rec: new Recorder(t), options, problems };
}

async function connectError(t: Transport): Promise<TransportError> {
  const err = await t.connect().then(
    () => assert.fail('connect() should have failed'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof TransportError, `expected a TransportError, got ${String(err)}`);
  return err;
}

describe('seed 001 ChatApp over Socket.IO (examples/chatapp-socketio)', () => {
  test('the JWT goes in auth.token and the engine path comes out of the server URL', () => {
    const { options } = chatClient('abc');
    assert.equal(options.url, `ws://127.0.0.1:${peer.port}/`);
    assert.deepEqual(options.socketIo, { path: '/socket.io', namespace: '/', auth: { token: 'abc' } });
    assert.equal(options.headers.Authorization, undefined);
  });

  test('join_chat is acknowledged; typing_start reaches the other member of the room', async () => {
    const alice = chatClient(mintJwt({ sub: 'user-1' }));
    const bob = chatClient(mintJwt({ sub: 'user-2' }));
    await Promise.all([alice.t.connect(), bob.t.connect()]);
    const ackA = await alice.t.send({ event: 'join_chat', data: '{"chatId":"chat-42"}', ack: true });
    assert.deepEqual(ackA, { ok: true, chatId: 'chat-42' });
    await bob.t.send({ event: 'join_chat', data: '{"chatId":"chat-42"}', ack: true });
    // Alice hears Bob come online in the room, then Bob hears Alice typing.
    const status = await alice.rec.waitFor((e) => e.type === 'frame' && e.direction === 'in' && e.event === 'user_status');
    assert.deepEqual(jsonOf(status), { userId: 'user-2', status: 'online' });
    await alice.t.send({ event: 'typing_start', data: '{"chatId":"chat-42"}' });
    const typing = (await bob.rec.waitFor((e) => e.type === 'frame' && e.direction === 'in' && e.event === 'typing_start')) as Frame;
    assert.deepEqual(jsonOf(typing), { chatId: 'chat-42', userId: 'user-1' });
    assert.ok(
      alice.rec.events.some((e) => e.type === 'frame' && e.direction === 'in' && e.event === 'join_chat' && e.headers?.ack === 'true'),
      'the ack is logged',
    );
  });

  test('an event named like a Socket.IO lifecycle event is refused in words, the socket stays up', async () => {
    const c = chatClient(mintJwt({ sub: 'user-4' }));
    await c.t.connect();
    await assert.rejects(c.t.send({ event: 'disconnect', data: '{}' }), /"disconnect" is reserved by Socket\.IO/);
    assert.deepEqual(await c.t.send({ event: 'join_chat', data: '{"chatId":"c"}', ack: true }), { ok: true, chatId: 'c' });
  });

  test('an event the server does not acknowledge times out in words', async () => {
    const c = chatClient(mintJwt({ sub: 'user-3' }), peer.port, { connectTimeoutMs: 500 });
    await c.t.connect();
    const err = await c.t.send({ event: 'no_such_event', data: '{}', ack: true }).then(
      () => assert.fail('should time out'),
      (e: unknown) => e as TransportError,
    );
    assert.match(err.message, /No acknowledgement for "no_such_event" within 500 ms/);
  });
});

describe('Socket.IO failures in words', () => {
  test('a wrong token: connect_error from the server, kind auth, with its reason', async () => {
    const { t, rec } = chatClient(mintJwt({ sub: 'x' }, 'wrong-secret'));
    const err = await connectError(t);
    assert.equal(err.kind, 'auth');
    assert.match(err.message, /refused the connection to namespace "\/": unauthorized: Signature verification failed.*auth\.token/);
    await rec.waitFor((e) => e.type === 'state' && e.state === 'closed');
  });

  test('no token: the server says auth.token is missing', async () => {
    const { t, problems } = chatClient(undefined);
    assert.match(problems.join(), /No secret entered for security scheme "bearerAuth"/);
    const err = await connectError(t);
    assert.match(err.message, /auth\.token is missing/);
  });

  test('a wrong engine path: HTTP 404 explained', async () => {
    const { t } = chatClient('x', peer.port, { server: { ...chatAppServer, url: '127.0.0.1:{port}/sockets', socketIo: { path: '/sockets' } } });
    const err = await connectError(t);
    assert.equal(err.status, 404);
    assert.match(err.message, /Socket\.IO handshake failed: .*HTTP 404.*No Socket\.IO server answers at path "\/sockets"/);
  });

  test('refused: nothing listens', async () => {
    const port = await freePort();
    const { t } = chatClient('x', port);
    const err = await connectError(t);
    assert.equal(err.kind, 'refused');
    assert.match(err.message, /Connection refused by 127\.0\.0\.1:\d+/);
  });

  test('a Socket.IO 2.x server is detected from its handshake and explained', async () => {
    const legacy = await startPythonPeer('socketio_server.py', ['--legacy-v2']);
    try {
      const { t } = chatClient('x', legacy.port);
      const err = await connectError(t);
      assert.equal(err.kind, 'protocol');
      assert.match(err.message, /speaks Socket\.IO 2\.x \(Engine\.IO protocol 3\).*allowEIO3/);
    } finally {
      await legacy.stop();
    }
  });
});

describe('Socket.IO transports', () => {
  test('websocket only (no polling): connects, emits with ack', async () => {
    const { options } = buildConnectOptions({
      server: chatAppServer,
      variables: { port: String(peer.port) },
      secrets: { bearerAuth: { token: mintJwt({ sub: 'ws-only' }) } },
    });
    const t = createTransport({ ...options, socketIo: { ...options.socketIo, transports: ['websocket'] } });
    open.push(t);
    await t.connect();
    assert.deepEqual(await t.send({ event: 'join_chat', data: '{"chatId":"w"}', ack: true }), { ok: true, chatId: 'w' });
  });
});

describe('Socket.IO namespaces', () => {
  test("a namespace the server does not have: refused with the server's words", async () => {
    const { t } = chatClient(mintJwt({ sub: 'user-1' }), peer.port, { server: { ...chatAppServer, socketIo: { path: '/socket.io', namespace: '/admin' } } });
    const err = await connectError(t);
    assert.match(
      err.message,
      /^The Socket\.IO server refused the connection to namespace "\/admin": no reason given\. Check that the server has the namespace "\/admin"/,
    );
  });
});
