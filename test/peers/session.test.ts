/**
 * The vscode-free Try it session against real peers: faults (server killed mid-stream, 20 MB frame,
 * invalid JSON, 50,000-message burst, wrong token, refused) reported in words, automatic reconnect
 * with backoff/countdown/cancel, and re-join/re-subscribe after reconnecting.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConnectOptions, type ConnectRequest } from '../../transports/src/connectOptions';
import { TryItSession, type SessionEvent, type SessionOptions } from '../../client/src/tryit/session';
import { createTransport } from '../../transports/src';
import type { Transport } from '../../transports/src/transport';
import { freePort, mintJwt, Recorder, restartPythonPeer, startPythonPeer, type Peer } from './peers';
import { channel, chatAppServer, dataverseServer, jwtServiceChannel, jwtServiceServer } from './model';

type Frame = Extract<SessionEvent, { type: 'frame' }>;
type State = Extract<SessionEvent, { type: 'state' }>;
const isFrameIn = (e: SessionEvent): e is Frame => e.type === 'frame' && e.frame.direction === 'in';
const inJson = (e: SessionEvent) => (isFrameIn(e) && e.json?.ok ? (e.json.value as Record<string, unknown>) : undefined);
const state =
  (s: State['state'], text?: RegExp) =>
  (e: SessionEvent): e is State =>
    e.type === 'state' && e.state === s && (!text || text.test(e.message));

const fast = { initialDelayMs: 100, factor: 2, maxDelayMs: 1000, tickMs: 50 };
const sessions: TryItSession[] = [];
const transports: Transport[] = [];
let wsPeer: Peer;

before(async () => {
  wsPeer = await startPythonPeer('ws_server.py');
});
after(async () => {
  await Promise.all(sessions.map((s) => s.disconnect()));
  await Promise.all(transports.map((t) => t.close()));
  await wsPeer.stop();
});

function session(req: () => ConnectRequest, extra: Partial<SessionOptions> = {}) {
  const s = new TryItSession({ connectOptions: () => buildConnectOptions(req()).options, reconnect: fast, ...extra });
  sessions.push(s);
  return { s, rec: new Recorder<SessionEvent>(s) };
}

const faults = (path: string) => () => ({ server: dataverseServer, variables: { port: String(wsPeer.port) }, channel: channel(path, ['receive']) });

async function kill(peer: Peer): Promise<void> {
  await new Promise<void>((resolve) => {
    peer.process.once('exit', () => resolve());
    peer.process.kill('SIGKILL');
  });
}

describe('connect and disconnect with a visible state', () => {
  test('connecting → open → closed, with sentences; a user disconnect is not followed by reconnecting', async () => {
    const { s, rec } = session(faults('/faults/echo'));
    await s.connect();
    await s.disconnect();
    const states = rec.events.filter((e): e is State => e.type === 'state').map((e) => `${e.state}: ${e.message}`);
    assert.deepEqual(states, [
      `connecting: Connecting to ws://127.0.0.1:${wsPeer.port}/faults/echo…`,
      `open: Connected to ws://127.0.0.1:${wsPeer.port}/faults/echo.`,
      'closed: Disconnected.',
    ]);
    assert.ok(!rec.events.some((e) => e.type === 'reconnect-scheduled'));
    await assert.rejects(s.send({ data: 'x' }), /Not connected \(closed\): connect first, then send\./);
  });
});

describe('faults: the session survives and says what happened', () => {
  test('a 20 MB frame arrives whole and is announced with its size', async () => {
    const { s, rec } = session(faults('/faults/big'));
    await s.connect();
    const big = (await rec.waitFor(isFrameIn, 60_000)) as Frame;
    assert.ok(big.size > 20 * 1024 * 1024);
    assert.equal((inJson(big) as { type: string }).type, 'big');
    const notice = await rec.waitFor((e) => e.type === 'notice');
    assert.match((notice as { message: string }).message, /^Received a 20\.0 MB frame\.$/);
  });

  test('a frame over the configured limit closes with 1009, said in words', async () => {
    const { s, rec } = session(faults('/faults/big'), {
      connectOptions: () => ({ ...buildConnectOptions(faults('/faults/big')()).options, maxPayloadBytes: 1024 * 1024 }),
      reconnect: { enabled: false },
    });
    await s.connect();
    const error = await rec.waitFor((e) => e.type === 'error', 60_000);
    assert.deepEqual(error, {
      type: 'error',
      kind: 'protocol',
      message: 'The server sent a frame larger than the 1 MB limit; the connection was closed (1009).',
    });
    const closed = (await rec.waitFor(state('closed'))) as State;
    assert.match(closed.message, /^Connection lost\. The server sent a frame larger than the 1 MB limit/);
  });

  test('invalid JSON is kept as raw text with the parse error in words; the next frame is fine', async () => {
    const { s, rec } = session(faults('/faults/invalid-json'));
    await s.connect();
    const bad = (await rec.waitFor(isFrameIn)) as Frame;
    assert.equal(bad.frame.data, '{"type": "broken", "value": ');
    assert.equal(bad.json?.ok, false);
    assert.match((bad.json as { error: string }).error, /^Not valid JSON: .+\. Shown as raw text\.$/);
    await rec.waitFor((e) => inJson(e)?.type === 'after-invalid');
    assert.equal(s.stats.invalidJson, 1);
    assert.equal(s.state, 'open');
  });

  test('a burst of 50,000 messages is all received and counted', async () => {
    const { s, rec } = session(() => ({ ...faults('/faults/burst')(), query: { n: '50000' } }));
    await s.connect();
    const done = await rec.waitFor((e) => inJson(e)?.type === 'done', 120_000);
    assert.equal(inJson(done)?.count, 50_000);
    assert.equal(s.stats.framesIn, 50_001);
    assert.equal(rec.events.filter((e) => inJson(e)?.type === 'tick').length, 50_000);
    assert.equal(s.state, 'open');
  });

  test('refused: connect() rejects and the state says why', async () => {
    const port = await freePort();
    const { s, rec } = session(() => ({ server: dataverseServer, variables: { port: String(port) } }));
    await assert.rejects(s.connect(), /Connection refused by 127\.0\.0\.1:\d+: nothing is listening there/);
    await rec.waitFor(state('failed', /Connection refused/));
  });

  test('a wrong token: failed with the 401 body, and no reconnecting', async () => {
    const bad = mintJwt({ sub: 'u' }, 'nope');
    const { s, rec } = session(() => ({
      server: jwtServiceServer,
      variables: { port: String(wsPeer.port) },
      channel: jwtServiceChannel,
      secrets: { jwtQuery: { value: bad } },
    }));
    await assert.rejects(s.connect(), /HTTP 401/);
    const failed = (await rec.waitFor(state('failed'))) as State;
    assert.match(failed.message, /HTTP 401 Unauthorized.*invalid token/);
    assert.ok(!rec.events.some((e) => e.type === 'reconnect-scheduled'));
  });

  test('close 4001 after connecting (expired token): not retried, the user is told to fix credentials', async () => {
    const expired = mintJwt({ sub: 'u', exp: Math.floor(Date.now() / 1000) - 60 });
    const { s, rec } = session(() => ({
      server: jwtServiceServer,
      variables: { port: String(wsPeer.port) },
      channel: jwtServiceChannel,
      secrets: { jwtQuery: { value: expired } },
    }));
    await s.connect();
    const failed = (await rec.waitFor(state('failed'))) as State;
    assert.match(failed.message, /Closed with code 4001.*"token expired".*Not reconnecting: fix the credentials/);
    assert.ok(!rec.events.some((e) => e.type === 'reconnect-scheduled'));
  });
});

describe('server killed mid-stream: reconnect with backoff and re-subscribe', () => {
  test('1006 is explained, the countdown runs, the session reconnects and re-sends the subscribe command', async () => {
    const peer = await startPythonPeer('ws_server.py');
    // Each attempt asks for fresh options (an edited spec or a refreshed secret applies on reconnect).
    const tokens: string[] = [];
    const { s, rec } = session(() => {
      tokens.push(mintJwt({ sub: 'user-456', n: tokens.length }));
      return { server: jwtServiceServer, variables: { port: String(peer.port) }, channel: jwtServiceChannel, secrets: { jwtQuery: { value: tokens.at(-1)! } } };
    });
    try {
      await s.connect();
      await s.send({ data: JSON.stringify({ type: 'subscribe', data: { channel: 'conversation:conv-123' } }) });
      await s.send({ data: JSON.stringify({ type: 'ping', data: {} }) });
      await rec.waitFor((e) => inJson(e)?.type === 'chat_message');
      await kill(peer);
      const lost = (await rec.waitFor(state('reconnecting', /^Connection lost/))) as State;
      assert.match(lost.message, /Closed with code 1006: closed abnormally.*server crashed or killed.*Reconnecting in 0\.1 s \(attempt 1\)/);
      // Nobody listens now: attempts fail and the delay doubles.
      const second = await rec.waitFor((e) => e.type === 'reconnect-scheduled' && e.attempt === 2);
      assert.equal((second as { delayMs: number }).delayMs, 200);
      await rec.waitFor((e) => e.type === 'countdown' && e.attempt === 2);
      const restarted = await restartPythonPeer('ws_server.py', peer.port);
      try {
        const back = (await rec.waitFor(state('open', /^Reconnected/), 60_000)) as State;
        // The status names the URL without its query: the token never shows up in the panel's status line.
        assert.match(back.message, new RegExp(`^Reconnected to ws://127\\.0\\.0\\.1:${peer.port}/ws after \\d+ attempts?\\.$`));
        const replayed = await rec.waitFor((e) => e.type === 'replayed');
        assert.deepEqual(
          (replayed as { messages: { data: string }[] }).messages.map((m) => JSON.parse(m.data).type),
          ['subscribe'],
        );
        const events = rec.events.filter((e) => inJson(e)?.type === 'chat_message');
        await rec.waitFor((e) => inJson(e)?.type === 'chat_message' && !events.includes(e));
        assert.equal(s.stats.reconnects, 1);
        assert.ok(tokens.length >= 3, 'options were built again for every attempt');
      } finally {
        await s.disconnect();
        await restarted.stop();
      }
    } finally {
      await peer.stop();
    }
  });

  test('a stream cut by kill -9, then the countdown is cancelled', async () => {
    const peer = await startPythonPeer('ws_server.py');
    const { s, rec } = session(() => ({ server: dataverseServer, variables: { port: String(peer.port) }, channel: channel('/faults/stream', ['receive']) }), {
      reconnect: { ...fast, initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    await s.connect();
    await rec.waitFor((e) => (inJson(e)?.seq as number) >= 10);
    await kill(peer);
    await rec.waitFor(state('reconnecting', /Closed with code 1006.*Reconnecting in 60\.0 s/));
    await rec.waitFor((e) => e.type === 'countdown' && e.remainingMs < 60_000);
    s.cancelReconnect();
    await rec.waitFor((e) => e.type === 'reconnect-cancelled');
    const closed = (await rec.waitFor(state('closed'))) as State;
    assert.match(closed.message, /^Reconnecting cancelled\. Closed with code 1006/);
    assert.equal(s.state, 'closed');
  });

  test('Socket.IO: after the server restarts the session re-joins the chat room', async () => {
    const peer = await startPythonPeer('socketio_server.py');
    const req = (sub: string) => () => ({
      server: chatAppServer,
      variables: { port: String(peer.port) },
      secrets: { bearerAuth: { token: mintJwt({ sub }) } },
    });
    const { s, rec } = session(req('user-1'));
    try {
      await s.connect();
      assert.deepEqual(await s.send({ event: 'join_chat', data: '{"chatId":"chat-42"}', ack: true }), { ok: true, chatId: 'chat-42' });
      await s.send({ event: 'typing_start', data: '{"chatId":"chat-42"}' });
      await kill(peer);
      await rec.waitFor(state('reconnecting', /^Connection lost\./));
      const restarted = await restartPythonPeer('socketio_server.py', peer.port);
      try {
        await rec.waitFor(state('open', /^Reconnected/), 60_000);
        const replayed = await rec.waitFor((e) => e.type === 'replayed');
        assert.deepEqual(
          (replayed as { messages: { event: string }[] }).messages.map((m) => m.event),
          ['join_chat'],
        );
        // Proof that the room was re-joined on the new server: another member's typing reaches us.
        const bob = createTransport(buildConnectOptions(req('user-2')()).options);
        transports.push(bob);
        await bob.connect();
        await bob.send({ event: 'join_chat', data: '{"chatId":"chat-42"}', ack: true });
        await bob.send({ event: 'typing_start', data: '{"chatId":"chat-42"}' });
        const typing = await rec.waitFor((e) => isFrameIn(e) && e.frame.event === 'typing_start');
        assert.deepEqual(inJson(typing), { chatId: 'chat-42', userId: 'user-2' });
      } finally {
        await s.disconnect();
        await restarted.stop();
      }
    } finally {
      await peer.stop();
    }
  });
});
