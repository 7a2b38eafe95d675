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
