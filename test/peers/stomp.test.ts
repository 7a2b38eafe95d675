/**
 * STOMP over WebSocket against a real RabbitMQ broker with rabbitmq_web_stomp on ws://127.0.0.1:<free port>/ws,
 * as in the Airy seed (003, examples/airy-stomp, which says port 15674).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { TryItSession, type SessionEvent } from '../../client/src/tryit/session';
import { createTransport } from '../../transports/src';
import type { Transport, TransportEvent } from '../../transports/src/transport';
import { TransportError } from '../../transports/src/events';
import { Recorder, startRabbitMq, type Peer } from './peers';
import { airyChannels, airyServer } from './model';

type Frame = Extract<TransportEvent, { type: 'frame' }>;
type ErrorEvent = Extract<TransportEvent, { type: 'error' }>;
const guest = { brokerLogin: { username: 'guest', password: 'guest' } };

let broker: Peer;
const open: Transport[] = [];

before(async () => {
  broker = await startRabbitMq();
});
after(async () => {
  await Promise.all(open.map((t) => t.close()));
  await broker?.stop();
});

function airyClient(
  channels = airyChannels.slice(0, 2),
  secrets: Record<string, { username: string; password: string }> = guest,
  server = airyServer(broker.port),
) {
  const { options, problems } = buildConnectOptions({ server, channels, secrets, connectTimeoutMs: 20_000 });
  const t = createTransport(options);
  open.push(t);
  return { t, rec: new Recorder(t), options, problems };
}

const example = {
  conversation_id: '0b5a3f0e-5e57-4d1b-a3b2-8a4f6f2f3c11',
  channel_id: '7d6c1c52-2a9e-4c3e-9d0e-4f8e2b1a6c22',
  message: {
    id: '5e1f2c3d-4b5a-6978-8a9b-0c1d2e3f4a5b',
    content: { text: 'Hello from Airy', type: 'text' },
    state: 'DELIVERED',
    sender_type: 'source_contact',
    sent_at: '2025-01-01T12:00:00.000Z',
  },
};

describe('seed 003 Airy over STOMP/WebSocket (examples/airy-stomp, RabbitMQ Web-STOMP)', () => {
  test('login/passcode from the userPassword scheme, one SUBSCRIBE per receivable queue', () => {
    const { options, problems } = airyClient(airyChannels);
    assert.deepEqual(problems, []);
    assert.equal(options.url, `ws://127.0.0.1:${broker.port}/ws`);
    assert.deepEqual(options.stomp, { subscriptions: airyChannels.map((c) => c.address), login: 'guest', passcode: 'guest' });
  });

  test('subscribes to /queue/message and receives the message example sent with a receipt', async () => {
    const airy = airyClient();
    await airy.t.connect();
    await airy.rec.waitFor((e) => e.type === 'frame' && e.event === 'SUBSCRIBE' && e.destination === '/queue/message');
    // The "backend" side: a second connection publishing to the queue.
    const backend = airyClient([]);
    await backend.t.connect();
    const receipt = await backend.t.send({
      destination: '/queue/message',
      data: JSON.stringify(example),
      ack: true,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(receipt, 'receipt-1');
    const msg = (await airy.rec.waitFor((e) => e.type === 'frame' && e.direction === 'in' && e.event === 'MESSAGE')) as Frame;
    assert.equal(msg.destination, '/queue/message');
    assert.deepEqual(JSON.parse(msg.data as string), example);
    await airy.t.close();
    await airy.rec.waitFor((e) => e.type === 'close');
    assert.ok(!airy.rec.events.some((e) => e.type === 'error'), 'DISCONNECT on request is no error');
  });

  test('subscribing to /queue/channel/connected: the ERROR frame is surfaced with its message and body', async () => {
    const airy = airyClient([airyChannels[2]]);
    await airy.t.connect();
    const error = (await airy.rec.waitFor((e) => e.type === 'error')) as ErrorEvent;
    assert.equal(error.kind, 'protocol');
    assert.match(
      error.message,
      /^STOMP ERROR from the broker: Invalid destination\. '\/channel\/connected' is not a valid queue destination\. Brokers may close the connection/,
    );
    assert.match(error.body!, /'\/channel\/connected' is not a valid queue destination/);
    const frame = (await airy.rec.waitFor((e) => e.type === 'frame' && e.event === 'ERROR')) as Frame;
    assert.equal(frame.headers?.message, 'Invalid destination');
  });

  test('a wrong passcode: the broker ERROR during CONNECT rejects connect() as an auth failure', async () => {
    const airy = airyClient([], { brokerLogin: { username: 'guest', password: 'wrong' } });
    const err = await airy.t.connect().then(
      () => assert.fail('should fail'),
      (e: unknown) => e as TransportError,
    );
    assert.equal(err.kind, 'auth');
    assert.match(err.message, /STOMP ERROR from the broker during CONNECT: .*(Access refused|Bad CONNECT).*Check the login and passcode/);
  });

  test('a wrong endpoint path: the HTTP status of the refused upgrade', async () => {
    const airy = airyClient([], guest, { ...airyServer(broker.port), url: `127.0.0.1:${broker.port}/ws.communication` });
    const err = await airy.t.connect().then(
      () => assert.fail('should fail'),
      (e: unknown) => e as TransportError,
    );
    assert.equal(err.kind, 'http');
    assert.equal(err.status, 404);
  });
});

describe('STOMP reconnect', () => {
  test('the broker drops the connection: the session reconnects and re-subscribes to the queues', async () => {
    const { options } = buildConnectOptions({ server: airyServer(broker.port), channels: airyChannels.slice(0, 2), secrets: guest, connectTimeoutMs: 20_000 });
    const s = new TryItSession({ connectOptions: () => options, reconnect: { initialDelayMs: 100, factor: 2, maxDelayMs: 1000, tickMs: 50 } });
    const rec = new Recorder<SessionEvent>(s);
    try {
      await s.connect();
      await broker.closeAllConnections!();
      const lost = await rec.waitFor((e) => e.type === 'state' && e.state === 'reconnecting');
      assert.match((lost as { message: string }).message, /^Connection lost\. Closed with code \d+: .*Reconnecting in 0\.1 s \(attempt 1\)/);
      await rec.waitFor((e) => e.type === 'state' && e.state === 'open' && /^Reconnected/.test(e.message), 60_000);
      const subs = rec.events
        .filter((e) => e.type === 'frame' && e.frame.event === 'SUBSCRIBE')
        .map((e) => (e as { frame: { destination?: string } }).frame.destination);
      assert.deepEqual(subs, ['/queue/message', '/queue/unread-count', '/queue/message', '/queue/unread-count']);
      const backend = airyClient([]);
      await backend.t.connect();
      await backend.t.send({ destination: '/queue/unread-count', data: '{"conversation_id":"c","unread_message_count":42,"timestamp":"t"}', ack: true });
      const msg = await rec.waitFor((e) => e.type === 'frame' && e.frame.event === 'MESSAGE' && e.frame.destination === '/queue/unread-count');
      assert.deepEqual((msg as { json?: unknown }).json, { ok: true, value: { conversation_id: 'c', unread_message_count: 42, timestamp: 't' } });
    } finally {
      await s.disconnect();
    }
  });
});
