/**
 * The mock server (`specsocket mock`) for each seed system's example spec: our own transports and an
 * independent client (Python websockets / python-socketio / a STOMP client framed by stomp.py) talk to it and
 * get traffic that validates against the spec; invalid input gets the declared error; auth is enforced;
 * stopping frees the port.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TryItModel } from '../../common/src/tryItModel';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { createTransport } from '../../transports/src';
import { matchFrame } from '../../transports/src/frameMatch';
import { hostFor, MemorySecrets, Posts, TryItController } from '../helpers/tryItHost';
import type { TransportEvent } from '../../transports/src/transport';
import { startMock, type RunningMock } from '../../mock/src/mockServer';
import { diskService, fileUri } from '../helpers/fixtures';
import { Recorder } from './peers';
import { MockProcess } from '../../client/src/mock/mockProcess';
import { python, type Line } from './mockClient';

const ROOT = join(__dirname, '..', '..');
const TOKEN = 'test-mock-token';

function modelOf(rel: string): TryItModel {
  const model = diskService().tryItModel(fileUri(join(ROOT, rel)));
  assert.ok(model, `a Try it model for ${rel}`);
  return model;
}

/** Every received payload is a declared receivable message and valid against its schema. */
function assertAllMatch(model: TryItModel, lines: Line[], expectAtLeast: number): string[] {
  const matcher = createMessageMatcher(receivableMessages(model));
  const received = lines.filter((l) => 'data' in l && l.event !== 'ack');
  assert.ok(received.length >= expectAtLeast, `received ${received.length} messages: ${JSON.stringify(lines)}`);
  return received.map((l) => {
    const r = matcher.match({
      data: l.data,
      ...(l.event && l.event !== 'MESSAGE' ? { event: l.event } : {}),
      ...(l.headers?.destination ? { destination: l.headers.destination } : {}),
    });
    assert.ok(r.messageId, `not in spec: ${JSON.stringify(l)}`);
    assert.ok(r.valid, `${r.messageId} invalid: ${JSON.stringify(r.errors)}`);
    return r.messageId;
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function withMock(rel: string, fn: (mock: RunningMock, model: TryItModel) => Promise<void>): Promise<void> {
  const model = modelOf(rel);
  const mock = await startMock(model, undefined, { token: TOKEN, port: 0 });
  try {
    await fn(mock, model);
  } finally {
    await mock.close();
  }
  assert.ok(await portIsFree(mock.port), `port ${mock.port} is free after stopping`);
}

const isIn = (e: TransportEvent): e is Extract<TransportEvent, { type: 'frame' }> => e.type === 'frame' && e.direction === 'in';

describe('mock: generic JWT WebSocket service (seed 004, raw ws, token in query)', () => {
  const spec = 'examples/jwt-websocket-service/asyncapi.yaml';

  test('independent client: events on connect, ping answered with pong, all valid', () =>
    withMock(spec, async (mock, model) => {
      const lines = await python(['ws', `${mock.url}/ws?token=${TOKEN}`, '--send', '{"type":"ping"}', '--count', '4']);
      const ids = assertAllMatch(model, lines, 4);
      assert.ok(ids.includes('pong'), `pong among ${ids}`);
    }));

  test("invalid input gets the spec's error message", () =>
    withMock(spec, async (mock, model) => {
      const lines = await python(['ws', `${mock.url}/ws?token=${TOKEN}`, '--send', '{"type":"subscribe","data":{"channel":42}}', '--count', '4']);
      const ids = assertAllMatch(model, lines, 4);
      assert.equal(ids[3], 'error');
      assert.match(JSON.stringify(lines[3].data), /Invalid subscribe/);
    }));

  test('a wrong token is refused with HTTP 401', () =>
    withMock(spec, async (mock) => {
      const lines = await python(['ws', `${mock.url}/ws?token=wrong`]);
      assert.match(lines[0].error ?? '', /401/);
    }));

  test('our own ws transport gets the same traffic', () =>
    withMock(spec, async (mock, model) => {
      const server = { ...model.servers[0], url: mock.url, variables: [] };
      const channel = model.channels[0];
      const { options } = buildConnectOptions({ server, channel, security: server.security[0], secrets: { [server.security[0][0].name]: { value: TOKEN } } });
      const t = createTransport(options);
      const rec = new Recorder(t);
      await t.connect();
      await t.send({ data: '{"type":"ping"}' });
      const pong = await rec.waitFor((e): e is Extract<TransportEvent, { type: 'frame' }> => isIn(e) && /"pong"/.test(String(e.data)));
      assert.ok(pong);
      await t.close();
    }));
});

describe('mock: 3.x request/reply with declared correlation IDs', () => {
  test('the declared reply answers the request, carrying its correlation ID, and validates', () =>
    withMock('test/fixtures/mock/reply.asyncapi.yaml', async (mock, model) => {
      const lines = await python([
        'ws',
        `${mock.url}/rpc`,
        '--send',
        JSON.stringify({ type: 'get_price', request: { id: 'req-77', symbol: 'ETH' } }),
        '--count',
        '1',
      ]);
      const ids = assertAllMatch(model, lines, 1);
      assert.deepEqual(ids, ['price']);
      assert.equal((JSON.parse(String(lines[0].data)) as { inReplyTo: string }).inReplyTo, 'req-77');
    }));
});

describe('mock: Dataverse pub/sub (seed 000, raw ws, two channels)', () => {
  const spec = 'examples/dataverse-pubsub/asyncapi.yaml';

  test('each channel path emits its declared messages', () =>
    withMock(spec, async (mock, model) => {
      for (const ch of model.channels) {
        const lines = await python(['ws', `${mock.url}/${ch.address}`, '--count', '1']);
        assertAllMatch(model, lines, 1);
      }
    }));

  test('invalid JSON is refused with close code 1007 when the spec declares no error message', () =>
    withMock(spec, async (mock) => {
      const lines = await python(['ws', `${mock.url}/ws/data`, '--send', '{not json', '--count', '3']);
      assert.match(lines.map((l) => l.error ?? '').join(' '), /1007/);
    }));
});

describe('mock: ChatApp (seed 001, Socket.IO with JWT)', () => {
  const spec = 'examples/chatapp-socketio/asyncapi.yaml';

  test('independent python-socketio client: events on connect validate, join_chat is acknowledged', () =>
    withMock(spec, async (mock, model) => {
      const server = model.servers[0];
      const send = JSON.stringify(model.channels.find((c) => c.id === 'join_chat')!.operations[0].messages[0].examples[0]?.payload ?? { chat_id: 'c1' });
      const lines = await python([
        'socketio',
        mock.url,
        '--path',
        server.socketIo?.path ?? '/socket.io',
        '--token',
        TOKEN,
        '--emit',
        'join_chat',
        '--send',
        send,
        '--ack',
        '--count',
        '3',
      ]);
      assert.ok(!lines.some((l) => l.error), JSON.stringify(lines));
      assertAllMatch(model, lines, 3);
      const ack = lines.find((l) => l.event === 'ack');
      assert.ok(ack && !(ack.data as { error?: string }).error, `join_chat acknowledged without error: ${JSON.stringify(ack)}`);
    }));

  test('a missing token is refused at the handshake', () =>
    withMock(spec, async (mock, model) => {
      const lines = await python(['socketio', mock.url, '--path', model.servers[0].socketIo?.path ?? '/socket.io', '--count', '1']);
      assert.match(lines[0].error ?? '', /Unauthorized|ConnectionError/);
    }));
});

describe('mock: Airy (seed 003, STOMP over WebSocket)', () => {
  const spec = 'examples/airy-stomp/asyncapi.yaml';

  test('independent STOMP client: SUBSCRIBE delivers a valid MESSAGE', () =>
    withMock(spec, async (mock, model) => {
      const lines = await python(['stomp', mock.url, '--login', 'guest', '--passcode', TOKEN, '--subscribe', '/queue/message', '--count', '1']);
      assert.equal(lines[0].event, 'MESSAGE', JSON.stringify(lines));
      assertAllMatch(model, lines, 1);
    }));

  test('a wrong passcode gets an ERROR frame', () =>
    withMock(spec, async (mock) => {
      const lines = await python(['stomp', mock.url, '--login', 'guest', '--passcode', 'wrong', '--subscribe', '/queue/message']);
      assert.equal(lines[0].event, 'ERROR', JSON.stringify(lines));
    }));

  test('our STOMP transport subscribes and receives', () =>
    withMock(spec, async (mock, model) => {
      const server = { ...model.servers[0], url: mock.url, variables: [] };
      const { options } = buildConnectOptions({
        server,
        channels: model.channels,
        security: server.security[0],
        secrets: { [server.security[0][0].name]: { username: 'guest', password: TOKEN } },
      });
      const t = createTransport(options);
      const rec = new Recorder(t);
      await t.connect();
      const msg = await rec.waitFor((e): e is Extract<TransportEvent, { type: 'frame' }> => isIn(e) && e.event === 'MESSAGE');
      const r = matchFrame(createMessageMatcher(receivableMessages(model)), options.transport, msg);
      assert.ok(r?.valid && r.messageId, JSON.stringify(r));
      await t.close();
    }));

  test('the Try it panel host matches every MESSAGE from the mock to its message, valid', () =>
    withMock(spec, async (mock, model) => {
      const served = { ...model, servers: [{ ...model.servers[0], url: mock.url, variables: [] }] };
      const posts = new Posts();
      const panel = new TryItController(
        served.uri,
        hostFor(posts, { createTransport, secrets: new MemorySecrets(`guest:${TOKEN}`), reconnect: { enabled: false } }),
      );
      panel.setModel(served);
      await panel.handle({ type: 'ready' });
      const logged = posts.next('log', (m) => m.entries.some((e) => e.event === 'MESSAGE' && e.destination === '/queue/message'));
      await panel.handle({
        type: 'connect',
        form: { server: served.servers[0].name, variables: {}, channel: '/queue/message', parameters: {}, query: {}, headers: {} },
      });
      try {
        await logged;
        const messages = posts.entries().filter((e) => e.event === 'MESSAGE');
        for (const e of messages)
          assert.deepEqual(
            [e.match?.messageId, e.violations],
            [model.channels.find((c) => c.address === e.destination)?.operations[0]?.messages[0]?.id, undefined],
            JSON.stringify(e),
          );
        assert.ok(
          messages.some((e) => e.match?.messageId === 'MessageUpserted'),
          JSON.stringify(messages),
        );
      } finally {
        await panel.handle({ type: 'disconnect' });
        panel.dispose();
      }
    }));
});

describe('mock: the headless CLI, as the extension runs it', () => {
  test('MockProcess starts `dist/cli.js mock --json`, learns its URL, and stopping frees the port', async () => {
    const mock = new MockProcess({
      cliPath: join(ROOT, 'dist', 'cli.js'),
      spec: join(ROOT, 'examples/jwt-websocket-service/asyncapi.yaml'),
      port: 0,
      token: TOKEN,
    });
    const events: string[] = [];
    mock.onEvent((e) => events.push(e.event));
    const ready = await mock.ready();
    assert.equal(ready.protocol, 'ws');
    const lines = await python(['ws', `${ready.url}/ws?token=${TOKEN}`, '--count', '1']);
    assert.ok(lines[0].data, JSON.stringify(lines));
    await mock.stop();
    assert.ok(events.includes('stopped'), `events: ${events}`);
    assert.ok(await portIsFree(ready.port));
  });

  test('a spec that is not a spec is reported in words', async () => {
    const mock = new MockProcess({ cliPath: join(ROOT, 'dist', 'cli.js'), spec: join(ROOT, 'package.json'), token: TOKEN });
    await assert.rejects(mock.ready(), /not an AsyncAPI or Fern spec/);
  });
});
describe('mock: Fern channel (seed 002)', () => {
  test('independent client: the channel answers with server-origin messages that validate', () =>
    withMock('examples/fern/definition/chat.yml', async (mock, model) => {
      const ch = model.channels[0];
      const sendable = ch.operations.find((o) => o.clientDirection === 'send')?.messages[0];
      assert.ok(sendable, 'a client-origin message');
      const payload = JSON.stringify(sendable.examples[0]?.payload ?? {});
      const lines = await python(['ws', `${mock.url}${ch.address ?? ''}`, '--send', payload, '--count', '1']);
      assertAllMatch(model, lines, 1);
    }));
});
