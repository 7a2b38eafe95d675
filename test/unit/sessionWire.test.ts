/**
 * The session wire keeps what the server sends as the connection opens until the runner listens (a welcome, the
 * current state): `specsocket test` and the panel's replay make it before connecting, and attach later.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createTransport } from '../../transports/src/index';
import { sessionWire } from '../../transports/src/sessionWire';

test('what arrives with the handshake reaches a runner that listens after connect() resolved, once, in order', async () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  server.on('connection', (socket) => {
    socket.send(JSON.stringify({ type: 'welcome' }));
    socket.send(JSON.stringify({ type: 'state', n: 1 }));
  });
  const { port } = server.address() as AddressInfo;
  const transport = createTransport({ transport: 'ws', url: `ws://127.0.0.1:${port}/`, query: {}, headers: {} });
  const wire = sessionWire(transport, 'ws');
  // Both frames have reached the transport before the runner attaches (the worst case for the runner).
  let frames = 0;
  const arrived = new Promise<void>((done) => transport.onEvent((e) => e.type === 'frame' && e.direction === 'in' && ++frames === 2 && done()));
  try {
    await transport.connect();
    await arrived;
    const got: unknown[] = [];
    const two = new Promise<void>((done) =>
      wire.onMessage((m) => {
        got.push(JSON.parse(String(m.data)));
        if (got.length === 2) done();
      }),
    );
    // Both arrived before the listener: the wire hands them over at once (without it, nothing more ever comes).
    const late = new Promise<never>((_, fail) => setImmediate(() => fail(new Error(`only ${got.length} of 2 frames reached the runner`))));
    await Promise.race([two, late]);
    assert.deepEqual(got, [{ type: 'welcome' }, { type: 'state', n: 1 }]);
  } finally {
    await transport.close(1000, 'done').catch(() => undefined);
    server.close();
  }
});
