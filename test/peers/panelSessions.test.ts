/**
 * Record and Replay in the Try it panel (issue 18.2–18.3) against the real peers: the panel's controller, with the
 * real transports and the real language service's model of each example spec, records a conversation with
 * Python websockets, python-socketio and RabbitMQ Web-STOMP; the session file it writes replays green in the
 * panel, and, as a file beside the spec, through `dist/cli.js test` as CI would run it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { createTransport } from '../../transports/src';
import { parseSession } from '../../common/src/sessions/format';
import type { SessionResult } from '../../common/src/sessions/runner';
import type { TryItModel } from '../../common/src/tryItModel';
import type { ConnectionForm } from '../../common/src/webviewMessages';
import type { SessionFiles } from '../../client/src/tryit/sessionPanel';
import { hostFor, MemorySecrets, Posts, TryItController } from '../helpers/tryItHost';
import { modelOf } from '../helpers/tryItModels';
import { mintJwt, startPythonPeer, startRabbitMq, type Peer } from './peers';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const TMP = mkdtempSync(join(tmpdir(), 'specsocket-panel-sessions-'));

/** A panel on `example`'s spec with the real transports; the session file it records is kept in memory. */
async function panel(model: TryItModel, secret?: string) {
  const written: string[] = [];
  const files: SessionFiles = {
    saveSession: async (_spec, name, text) => (written.push(text), `file:///mem/${name}`),
    readText: async () => '',
    applyInserts: async () => false,
  };
  const posts = new Posts();
  const controller = new TryItController(model.uri, hostFor(posts, { files, createTransport, secrets: new MemorySecrets(secret) }));
  controller.setModel(model);
  await controller.handle({ type: 'ready' });
  return {
    controller,
    async connect(form: ConnectionForm) {
      const open = posts.next('state', (m) => m.state.kind === 'open' || m.state.kind === 'failed');
      await controller.handle({ type: 'connect', form });
      assert.equal((await open).state.kind, 'open', JSON.stringify(posts.entries().map((e) => e.text)));
    },
    /** Records what `converse` does; resolves with the session file's text. */
    async record(converse: () => Promise<void>): Promise<string> {
      await controller.handle({ type: 'record', on: true });
      await converse();
      await controller.handle({ type: 'record', on: false });
      assert.equal(written.length, 1, JSON.stringify(posts.entries().map((e) => e.text)));
      return written[0]!;
    },
    /** Resolves once a received row of this message is logged. */
    received(messageId: string) {
      return posts.next('log', (m) => m.entries.some((e) => e.direction === 'in' && e.match?.messageId === messageId));
    },
  };
}

const steps = (r: SessionResult | undefined) => r?.steps.map((s) => `${s.label}: ${s.status}${s.reason ? ` ${s.reason}` : ''}`);

/** The recorded file beside a copy of its spec, run by `dist/cli.js test` as CI would. */
function cliReplay(example: string, session: string, args: string[], env: Record<string, string> = {}): Promise<SessionResult[]> {
  const dir = mkdtempSync(join(TMP, `${example}-`));
  copyFileSync(join(EXAMPLES, example, 'asyncapi.yaml'), join(dir, 'asyncapi.yaml'));
  writeFileSync(join(dir, 'recorded.session.yaml'), session);
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'test', dir, ...args, '--reporter', 'json'], { env: { ...process.env, ...env } }, (_e, stdout) =>
      resolve(JSON.parse(stdout) as SessionResult[]),
    );
  });
}

/** The example's model with its server moved to where the peer listens. */
function modelAt(example: string, url: string): TryItModel {
  const model = modelOf(join(EXAMPLES, example, 'asyncapi.yaml'));
  model.servers[0] = { ...model.servers[0]!, url, variables: [] };
  return model;
}

describe('Python websockets and python-socketio', () => {
  let ws: Peer;
  let sio: Peer;
  before(async () => {
    [ws, sio] = await Promise.all([startPythonPeer('ws_server.py'), startPythonPeer('socketio_server.py')]);
  });
  after(async () => {
    await Promise.all([ws.stop(), sio.stop()]);
  });

  test('dataverse-pubsub: a recorded send and its acknowledgement replay green in the panel and in the CLI', async () => {
    const url = `ws://127.0.0.1:${ws.port}`;
    const model = modelAt('dataverse-pubsub', url);
    const p = await panel(model);
    const form = { server: 'data', variables: {}, channel: 'ws/data', parameters: {}, query: {}, headers: {} };
    await p.connect(form);
    const cat = model.channels[0]!.operations[0]!.messages[0]!;
    const text = await p.record(async () => {
      const ack = p.received('dataAck');
      await p.controller.handle({ type: 'send', key: `${model.channels[0]!.operations[0]!.id}/${cat.id}`, text: JSON.stringify(cat.examples[0]!.payload) });
      await ack;
    });
    const session = parseSession(text);
    assert.ok(typeof session !== 'string', String(session));
    assert.deepEqual(
      session.steps.map((s) => Object.keys(s)[0] + ' ' + Object.values(s)[0]),
      ['send groundingDino', 'expect dataAck'],
    );
    const replayed = await p.controller.sessions.replay(text, 'recorded.session.yaml');
    assert.equal(replayed?.status, 'passed', JSON.stringify(steps(replayed)));
    const [cli] = await cliReplay('dataverse-pubsub', text, ['--url', url]);
    assert.equal(cli!.status, 'passed', JSON.stringify(steps(cli)));
    p.controller.dispose();
  });

  test('chatapp-socketio: a join, and the typing event another member answers it with, replay green', async () => {
    const url = `ws://127.0.0.1:${sio.port}/socket.io`;
    const token = mintJwt({ sub: 'user-a', exp: Math.floor(Date.now() / 1000) + 600 });
    // Another member of the room: whenever someone comes online there, it starts typing (the server tells the room).
    const other: Socket = io(`http://127.0.0.1:${sio.port}`, {
      auth: { token: mintJwt({ sub: 'user-b', exp: Math.floor(Date.now() / 1000) + 600 }) },
      transports: ['websocket'],
    });
    try {
      await other.emitWithAck('join_chat', { chatId: 'room-1' });
      other.on('user_status', () => other.emit('typing_start', { chatId: 'room-1' }));
      const model = modelAt('chatapp-socketio', url);
      const p = await panel(model, token);
      await p.connect({ server: 'local', variables: {}, channel: '', parameters: {}, query: {}, headers: {} });
      const text = await p.record(async () => {
        const typing = p.received('TypingEvent');
        await p.controller.handle({ type: 'send', key: 'publishJoinChat/ChatRoomRequest', text: '{"chatId":"room-1"}' });
        await typing;
      });
      const session = parseSession(text);
      assert.ok(typeof session !== 'string', String(session));
      assert.deepEqual(session.steps, [
        { send: 'ChatRoomRequest', channel: 'join_chat', payload: { chatId: 'room-1' } },
        { expect: 'TypingEvent', channel: 'typing_start', match: { chatId: 'room-1', userId: 'user-b' } },
      ]);
      assert.deepEqual(session.auth, { scheme: 'bearerAuth', env: 'BEARER_AUTH' });
      const replayed = await p.controller.sessions.replay(text, 'recorded.session.yaml');
      assert.equal(replayed?.status, 'passed', JSON.stringify(steps(replayed)));
      const [cli] = await cliReplay('chatapp-socketio', text, ['--url', url], { BEARER_AUTH: token });
      assert.equal(cli!.status, 'passed', JSON.stringify(steps(cli)));
      p.controller.dispose();
    } finally {
      other.close();
    }
  });
});

describe('RabbitMQ Web-STOMP', () => {
  let broker: Peer;
  before(async () => {
    broker = await startRabbitMq();
  });
  after(async () => {
    await broker?.stop();
  });

  /** The backend's side: the spec's example published to /queue/message, where it waits for a subscriber. */
  async function publish(model: TryItModel): Promise<void> {
    const example = model.channels.find((c) => c.id === '/queue/message')!.operations[0]!.messages[0]!.examples[0]!.payload;
    const built = buildConnectOptions({
      server: model.servers[0]!,
      variables: { port: String(broker.port) },
      channels: [],
      secrets: { brokerLogin: { username: 'guest', password: 'guest' } },
    });
    const backend = createTransport(built.options);
    await backend.connect();
    try {
      await backend.send({ destination: '/queue/message', data: JSON.stringify(example), ack: true, headers: { 'content-type': 'application/json' } });
    } finally {
      await backend.close();
    }
  }

  test('airy-stomp: a message heard on a subscribed queue replays green while the backend publishes it again', async () => {
    const model = modelOf(join(EXAMPLES, 'airy-stomp', 'asyncapi.yaml'));
    const p = await panel(model, 'guest:guest');
    const form = { server: 'local', variables: { port: String(broker.port) }, channel: '/queue/message', parameters: {}, query: {}, headers: {} };
    await p.connect(form);
    const text = await p.record(async () => {
      const heard = p.received('MessageUpserted');
      await publish(model);
      await heard;
    });
    const session = parseSession(text);
    assert.ok(typeof session !== 'string', String(session));
    assert.deepEqual(
      session.steps.map((s) => Object.keys(s)[0] + ' ' + Object.values(s)[0]),
      ['expect MessageUpserted'],
    );
    assert.deepEqual(session.variables, { port: String(broker.port) });
    // Disconnected first: the recording's subscription would take the message from the queue.
    await p.controller.handle({ type: 'disconnect' });
    await publish(model);
    const replayed = await p.controller.sessions.replay(text, 'recorded.session.yaml');
    assert.equal(replayed?.status, 'passed', JSON.stringify(steps(replayed)));
    // The replay's connection stays subscribed: closed first (DISCONNECT waits for the broker's receipt), or it takes the next message.
    await p.controller.handle({ type: 'disconnect' });
    await publish(model);
    const [cli] = await cliReplay('airy-stomp', text, [], { BROKER_LOGIN: 'guest:guest' });
    assert.equal(cli!.status, 'passed', JSON.stringify(steps(cli)));
    p.controller.dispose();
  });
});
