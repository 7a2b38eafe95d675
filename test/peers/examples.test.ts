/**
 * Each seed system end to end from its spec in examples/: the real language service builds the
 * Try it model, connectOptions + the auth secret make the connection, the spec's own example is
 * sent, and the expected event comes back matched to its declared message by the panel's matcher.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { modelOf } from '../helpers/tryItModels';
import { diskService, fileUri } from '../helpers/fixtures';
import { buildConnectOptions, type ConnectRequest } from '../../transports/src/connectOptions';
import { TryItSession, type SessionEvent } from '../../client/src/tryit/session';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';
import type { TryItMessage, TryItModel } from '../../common/src/tryItModel';
import { mintJwt, Recorder, startPythonPeer, startRabbitMq, type Peer } from './peers';
import { fernChat, fernServer } from './model';
import { hostFor, MemorySecrets, Posts, TryItController } from '../helpers/tryItHost';
import { createTransport } from '../../transports/src';
import { matchFrame } from '../../transports/src/frameMatch';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
type Frame = Extract<SessionEvent, { type: 'frame' }>;
const isIn = (e: SessionEvent): e is Frame => e.type === 'frame' && e.frame.direction === 'in';

let ws: Peer;
let sio: Peer;
const sessions: TryItSession[] = [];

before(async () => {
  [ws, sio] = await Promise.all([startPythonPeer('ws_server.py'), startPythonPeer('socketio_server.py')]);
});
after(async () => {
  await Promise.all(sessions.map((s) => s.disconnect()));
  await Promise.all([ws.stop(), sio.stop()]);
});

function open(req: ConnectRequest) {
  const built = buildConnectOptions(req);
  assert.deepEqual(built.problems, [], 'the spec and the secret give everything the connection needs');
  const s = new TryItSession({ connectOptions: () => built.options, reconnect: { enabled: false } });
  sessions.push(s);
  return { s, rec: new Recorder<SessionEvent>(s), options: built.options };
}

function fernModel(path: string): TryItModel | undefined {
  const service = diskService();
  const uri = fileUri(path);
  service.store.setOpen(uri, readFileSync(path, 'utf8'), 1);
  return service.tryItModel(uri);
}

function message(model: TryItModel, channelId: string, direction: 'send' | 'receive', id: string): TryItMessage {
  const ch = model.channels.find((c) => c.id === channelId);
  const m = ch?.operations
    .filter((o) => o.clientDirection === direction)
    .flatMap((o) => o.messages)
    .find((x) => x.id === id);
  assert.ok(m, `${direction} message ${id} on ${channelId}`);
  return m;
}

/** The frame matched against what the spec says this client may receive, as the panel host matches it. */
function matched(model: TryItModel, frame: Frame) {
  const result = matchFrame(createMessageMatcher(receivableMessages(model)), model.servers[0].transport, frame.frame);
  assert.ok(result, `a message frame, not a control or protocol frame: ${JSON.stringify(frame.frame)}`);
  return result;
}

test('the AsyncAPI examples are valid for @asyncapi/parser (no errors)', async () => {
  const { Parser } = await import('@asyncapi/parser');
  const parser = new Parser();
  for (const f of ['dataverse-pubsub', 'chatapp-socketio', 'airy-stomp', 'jwt-websocket-service']) {
    const file = join(EXAMPLES, f, 'asyncapi.yaml');
    const { document, diagnostics } = await parser.parse(readFileSync(file, 'utf8'), { source: file });
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code} ${d.message} at ${d.path.join('.')}`);
    assert.deepEqual(errors, [], f);
    assert.ok(document, f);
  }
});

describe('examples/ end to end against real peers', () => {
  test('000 dataverse-pubsub: publish the grounding_dino example, receive data_ack', async () => {
    const model = modelOf(join(EXAMPLES, 'dataverse-pubsub/asyncapi.yaml'));
    const [server] = model.servers;
    const channel = model.channels.find((c) => c.id === 'ws/data')!;
    const { s, rec } = open({ server, variables: { port: String(ws.port) }, channel });
    await s.connect();
    const example = message(model, 'ws/data', 'send', 'groundingDino').examples[0].payload;
    await s.send({ data: JSON.stringify(example) });
    const m = matched(model, await rec.waitFor(isIn));
    assert.equal(m.messageId, 'dataAck');
    assert.equal(m.valid, true, JSON.stringify(m.errors));
  });

  test('001 chatapp-socketio: JWT as auth.token, join_chat acknowledged, user_status matched', async () => {
    const model = modelOf(join(EXAMPLES, 'chatapp-socketio/asyncapi.yaml'));
    const [server] = model.servers;
    assert.equal(server.transport, 'socket.io');
    const joinChat = message(model, 'join_chat', 'send', 'ChatRoomRequest');
    const secrets = (sub: string) => ({ bearerAuth: { token: mintJwt({ sub }) } });
    const a = open({ server, variables: { port: String(sio.port) }, secrets: secrets('user-1') });
    const b = open({ server, variables: { port: String(sio.port) }, secrets: secrets('user-2') });
    await a.s.connect();
    await b.s.connect();
    const payload = JSON.stringify(joinChat.examples[0].payload);
    assert.deepEqual(await a.s.send({ event: joinChat.eventName, data: payload, ack: true }), { ok: true, chatId: 'chat-42' });
    await b.s.send({ event: joinChat.eventName, data: payload, ack: true });
    const m = matched(model, (await a.rec.waitFor((e) => isIn(e) && e.frame.event === 'user_status')) as Frame);
    assert.equal(m.messageId, 'UserStatus');
    assert.equal(m.valid, true, JSON.stringify(m.errors));
    const typing = message(model, 'typing_start', 'send', 'ChatRoomRequest');
    await b.s.send({ event: typing.eventName, data: payload });
    const t = matched(model, (await a.rec.waitFor((e) => isIn(e) && e.frame.event === 'typing_start')) as Frame);
    assert.equal(t.messageId, 'TypingEvent');
    assert.equal(t.valid, true, JSON.stringify(t.errors));
  });

  test('002 fern chat: the session example of chat.yml (publish, then the subscribe reply)', async () => {
    const chat = parse(readFileSync(join(EXAMPLES, 'fern/definition/chat.yml'), 'utf8'));
    const session = chat.channel.examples[0];
    const [publish, reply] = session.messages;
    // Once the Fern feature builds Try it models, use its channel (the environment's port is the peer's).
    const fern = fernModel(join(EXAMPLES, 'fern/definition/chat.yml'));
    const channel = fern?.channels.find((c) => c.address === '/chat') ?? fernChat;
    if (fern) assert.equal(fern.servers[0]?.url, 'ws://127.0.0.1:8002');
    const { s, rec, options } = open({ server: fernServer(ws.port), channel, query: session['query-parameters'] });
    assert.equal(options.url, `ws://127.0.0.1:${ws.port}/chat`);
    assert.deepEqual(options.query, { model_id: '123' });
    await s.connect();
    await s.send({ data: JSON.stringify(publish.body) });
    const frame = await rec.waitFor(isIn);
    assert.deepEqual((frame as Frame).json, { ok: true, value: reply.body });
  });

  test('004 jwt-websocket-service: token in the query, subscribe example, chat_message matched', async () => {
    const model = modelOf(join(EXAMPLES, 'jwt-websocket-service/asyncapi.yaml'));
    const [server] = model.servers;
    const channel = model.channels[0];
    const token = mintJwt({ sub: 'user-456', exp: Math.floor(Date.now() / 1000) + 600 });
    const { s, rec } = open({ server, variables: { port: String(ws.port) }, channel, secrets: { jwtQuery: { value: token } } });
    await s.connect();
    await s.send({ data: JSON.stringify(message(model, 'events', 'send', 'subscribe').examples[0].payload) });
    const subscribed = matched(model, (await rec.waitFor(isIn)) as Frame);
    assert.equal(subscribed.messageId, 'subscribed');
    const chat = await rec.waitFor((e) => isIn(e) && (e.json as { value?: { type?: string } })?.value?.type === 'chat_message');
    const m = matched(model, chat as Frame);
    assert.equal(m.messageId, 'chatMessage');
    assert.equal(m.valid, true, JSON.stringify(m.errors));
  });
});

describe('examples/airy-stomp against RabbitMQ Web-STOMP', () => {
  let broker: Peer;
  before(async () => {
    broker = await startRabbitMq();
  });
  after(async () => {
    await broker?.stop();
  });

  test('003: guest/guest from the userPassword scheme, the message example delivered and matched', async () => {
    const model = modelOf(join(EXAMPLES, 'airy-stomp/asyncapi.yaml'));
    const [server] = model.servers;
    const valid = model.channels.filter((c) => !c.address!.startsWith('/queue/channel/'));
    const secrets = { brokerLogin: { username: 'guest', password: 'guest' } };
    const variables = { port: String(broker.port) };
    const airy = open({ server, variables, channels: valid, secrets });
    await airy.s.connect();
    const backend = open({ server, variables, channels: [], secrets });
    await backend.s.connect();
    const example = message(model, '/queue/message', 'receive', 'MessageUpserted').examples[0].payload;
    await backend.s.send({ destination: '/queue/message', data: JSON.stringify(example), ack: true, headers: { 'content-type': 'application/json' } });
    const m = matched(model, (await airy.rec.waitFor((e) => isIn(e) && e.frame.event === 'MESSAGE')) as Frame);
    assert.equal(m.messageId, 'MessageUpserted');
    assert.equal(m.valid, true, JSON.stringify(m.errors));
  });

  test('003: the panel flags a schema-violating body published to /queue/message (matched by its destination)', { timeout: 60_000 }, async () => {
    // RabbitMQ hands a queue's messages round-robin to its consumers: the earlier tests' subscribers go first.
    await Promise.all(sessions.map((s) => s.disconnect()));
    const full = modelOf(join(EXAMPLES, 'airy-stomp/asyncapi.yaml'));
    // RabbitMQ refuses the two-segment seed queues (and closes the connection): the panel subscribes to the rest.
    const model = { ...full, channels: full.channels.filter((c) => !c.address!.startsWith('/queue/channel/')) };
    const posts = new Posts();
    const host = hostFor(posts, { createTransport, secrets: new MemorySecrets('guest:guest'), reconnect: { enabled: false } });
    const panel = new TryItController(model.uri, host);
    panel.setModel(model);
    await panel.handle({ type: 'ready' });
    const connected = posts.next('state', (m) => m.state.kind === 'open');
    const form = { server: model.servers[0].name, variables: { port: String(broker.port) }, channel: '/queue/message', parameters: {}, query: {}, headers: {} };
    await panel.handle({ type: 'connect', form });
    await connected;
    try {
      const backend = open({
        server: model.servers[0],
        variables: { port: String(broker.port) },
        channels: [],
        secrets: { brokerLogin: { username: 'guest', password: 'guest' } },
      });
      await backend.s.connect();
      const example = message(model, '/queue/message', 'receive', 'MessageUpserted').examples[0].payload as { message: object };
      const bad = { ...example, message: { ...example.message, state: 'LOST' } };
      const logged = posts.next('log', (m) => m.entries.some((e) => e.event === 'MESSAGE'));
      await backend.s.send({ destination: '/queue/message', data: JSON.stringify(bad), headers: { 'content-type': 'application/json' } });
      const entry = (await logged).entries.find((e) => e.event === 'MESSAGE')!;
      assert.equal(entry.destination, '/queue/message');
      assert.deepEqual(entry.match, { messageId: 'MessageUpserted', label: 'message' });
      assert.deepEqual(
        entry.violations?.map((v) => v.path),
        ['/message/state'],
      );
    } finally {
      await panel.handle({ type: 'disconnect' });
      panel.dispose();
    }
  });

  test("003: the seed queue /queue/channel/connected gets RabbitMQ's ERROR, surfaced in words", async () => {
    const model = modelOf(join(EXAMPLES, 'airy-stomp/asyncapi.yaml'));
    const airy = open({
      server: model.servers[0],
      variables: { port: String(broker.port) },
      channels: model.channels,
      secrets: { brokerLogin: { username: 'guest', password: 'guest' } },
    });
    await airy.s.connect();
    const error = await airy.rec.waitFor((e) => e.type === 'error');
    assert.match(
      (error as { message: string }).message,
      /^STOMP ERROR from the broker: Invalid destination\. '\/channel\/connected' is not a valid queue destination\./,
    );
  });
});
