import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { TryItSession, type SessionEvent } from '../../client/src/tryit/session';
import { WsTransport } from '../../transports/src/ws';

/** A real peer that refuses `{"type":"subscribe","channel":"bad"}` with an error message and takes any other. */
async function subscribePeer() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const received: string[][] = [];
  const sockets: WebSocket[] = [];
  server.on('connection', (socket) => {
    const mine: string[] = [];
    received.push(mine);
    sockets.push(socket);
    socket.on('message', (data) => {
      const text = data.toString();
      mine.push(text);
      const bad = JSON.parse(text).channel === 'bad';
      socket.send(JSON.stringify(bad ? { type: 'error', message: 'no such channel' } : { type: 'subscribed' }));
    });
  });
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, received, sockets, server };
}

test('after reconnecting, only the subscriptions no error answered are sent again, and the refusal is said', { timeout: 10_000 }, async () => {
  const peer = await subscribePeer();
  const events: SessionEvent[] = [];
  const session = new TryItSession({
    connectOptions: () => ({ transport: 'ws', url: peer.url, query: {}, headers: {} }),
    createTransport: (o) => new WsTransport(o),
    reconnect: { initialDelayMs: 10, maxDelayMs: 20, tickMs: 50 },
  });
  session.onEvent((e) => events.push(e));
  try {
    await session.connect();
    const nextReply = () =>
      new Promise<void>((resolve) => {
        const sub = session.onEvent((e) => e.type === 'frame' && e.frame.direction === 'in' && (sub.dispose(), resolve()));
      });
    for (const channel of ['good', 'bad']) {
      const reply = nextReply();
      await session.send({ data: JSON.stringify({ type: 'subscribe', channel }) });
      await reply;
    }
    assert.ok(events.some((e) => e.type === 'notice' && /answered \{"type":"subscribe","channel":"bad"\} with an error/.test(e.message)));
    const replayed = new Promise<SessionEvent>((resolve) => session.onEvent((e) => e.type === 'replayed' && resolve(e)));
    peer.sockets[0]!.terminate();
    const r = await replayed;
    assert.ok(r.type === 'replayed');
    assert.deepEqual(
      r.messages.map((m) => m.data),
      ['{"type":"subscribe","channel":"good"}'],
    );
  } finally {
    await session.disconnect(true);
    peer.server.close();
  }
});

/** A session on `peer` with fast reconnects, its events recorded. */
async function sessionOn(url: string) {
  const events: SessionEvent[] = [];
  const session = new TryItSession({
    connectOptions: () => ({ transport: 'ws', url, query: {}, headers: {} }),
    createTransport: (o) => new WsTransport(o),
    reconnect: { initialDelayMs: 10, maxDelayMs: 20, tickMs: 50 },
  });
  session.onEvent((e) => events.push(e));
  await session.connect();
  const replayed = new Promise<SessionEvent>((resolve) => session.onEvent((e) => e.type === 'replayed' && resolve(e)));
  const settled = (state: string) => new Promise<void>((resolve) => session.onEvent((e) => e.type === 'join' && e.status.state === state && resolve()));
  return { session, events, replayed, refused: settled('refused'), subscribed: settled('subscribed') };
}

const replayedData = (e: SessionEvent) => (e.type === 'replayed' ? e.messages.map((m) => m.data) : []);
const statuses = (events: SessionEvent[]) =>
  events.flatMap((e) => (e.type === 'join' ? [`${e.status.name}: ${e.status.state}${e.status.words ? ` (${e.status.words})` : ''}`] : []));

test('two joins in flight: the error is charged to the join it names, not to the one sent last', { timeout: 10_000 }, async () => {
  // The server answers only once both have arrived, the refusal of the first before the acceptance of the second.
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  server.on('connection', (socket) => {
    const got: string[] = [];
    socket.on('message', (data) => {
      got.push(JSON.parse(data.toString()).channel);
      if (got.length !== 2) return;
      socket.send(JSON.stringify({ type: 'error', code: 'subscription_failed', message: `unknown channel ${got[0]}` }));
      socket.send(JSON.stringify({ type: 'subscribed', channel: got[1] }));
    });
  });
  const { session, events, replayed, subscribed } = await sessionOn(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  try {
    await session.send({ data: JSON.stringify({ type: 'subscribe', channel: 'bad' }) });
    await session.send({ data: JSON.stringify({ type: 'subscribe', channel: 'good' }) });
    await subscribed;
    assert.deepEqual(statuses(events), [
      'subscribe bad: asked',
      'subscribe good: asked',
      'subscribe bad: refused (subscription_failed: unknown channel bad)',
      'subscribe good: subscribed',
    ]);
    for (const s of server.clients) s.terminate();
    assert.deepEqual(replayedData(await replayed), ['{"type":"subscribe","channel":"good"}']);
  } finally {
    await session.disconnect(true);
    server.close();
  }
});

test('a ping between a join and its refusal is no answer: the refused join is not re-sent', { timeout: 10_000 }, async () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      if (JSON.parse(data.toString()).data.channel === 'tasks') return socket.send(JSON.stringify({ type: 'subscribed', channel: 'tasks' }));
      socket.ping('are you there');
      socket.send(JSON.stringify({ type: 'error', message: 'no such channel' }));
    });
  });
  const { session, events, replayed, refused } = await sessionOn(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  try {
    await session.send({ data: JSON.stringify({ type: 'subscribe', data: { channel: 'tasks' } }) });
    await session.send({ data: JSON.stringify({ type: 'subscribe', data: { channel: 'x' } }) });
    await refused;
    assert.ok(
      events.some((e) => e.type === 'frame' && e.frame.event === 'ping'),
      'the ping arrived first',
    );
    // The two are in flight together: their statuses interleave, each in its own order.
    const all = statuses(events);
    assert.deepEqual(
      all.filter((s) => s.startsWith('subscribe tasks')),
      ['subscribe tasks: asked', 'subscribe tasks: subscribed'],
    );
    assert.deepEqual(
      all.filter((s) => s.startsWith('subscribe x')),
      ['subscribe x: asked', 'subscribe x: refused (no such channel)'],
    );
    for (const s of server.clients) s.terminate();
    assert.deepEqual(replayedData(await replayed), ['{"type":"subscribe","data":{"channel":"tasks"}}']);
  } finally {
    await session.disconnect(true);
    server.close();
  }
});

test('an unsubscribe takes its subscription off the list and out of the replay', { timeout: 10_000 }, async () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const m = JSON.parse(data.toString());
      socket.send(JSON.stringify({ type: `${m.type}d`, channel: m.channel }));
    });
  });
  const { session, events, replayed, subscribed } = await sessionOn(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  try {
    await session.send({ data: JSON.stringify({ type: 'subscribe', channel: 'tasks' }) });
    await session.send({ data: JSON.stringify({ type: 'subscribe', channel: 'alerts' }) });
    await subscribed;
    await session.send({ data: JSON.stringify({ type: 'unsubscribe', channel: 'tasks' }) });
    assert.ok(statuses(events).includes('subscribe tasks: left'));
    for (const s of server.clients) s.terminate();
    assert.deepEqual(replayedData(await replayed), ['{"type":"subscribe","channel":"alerts"}']);
  } finally {
    await session.disconnect(true);
    server.close();
  }
});
