/**
 * Fern auth fallbacks end to end: the panel host (TryItController with the real ws transport, the Try it model
 * built by the language service from test/fixtures/fern/auth-fallbacks and auth-subprotocol, the secret asked
 * once) against a Python `websockets` peer whose routes take the token ONLY the way a header-less client can
 * (query parameter, auth message sent first, subprotocol) and ignore the Authorization header. A control per
 * route shows the header alone is refused. Then the mock: it takes the token the same ways.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { TryItModel } from '../../common/src/tryItModel';
import type { LogEntry } from '../../common/src/webviewMessages';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { createTransport } from '../../transports/src';
import { TransportError } from '../../transports/src/events';
import { startMock, type RunningMock } from '../../mock/src/mockServer';
import { FIXTURES } from '../helpers/fixtures';
import { modelOf } from '../helpers/tryItModels';
import { hostFor, MemorySecrets, Posts, TryItController } from '../helpers/tryItHost';
import { Recorder, startPythonPeer, type Peer } from './peers';

const TOKEN = 'fern-fallback-token';
const FALLBACKS = join(FIXTURES, 'fern', 'auth-fallbacks', 'definition');
const SUBPROTOCOL = join(FIXTURES, 'fern', 'auth-subprotocol', 'definition');

let peer: Peer;
const controllers: TryItController[] = [];

before(async () => {
  peer = await startPythonPeer('fern_auth_server.py');
});
after(async () => {
  for (const c of controllers) c.dispose();
  await peer.stop();
});

/** The fixture's model with its one environment moved to `port` (the spec says 127.0.0.1:8000). */
function modelAt(path: string, port: number): TryItModel {
  const model = modelOf(path);
  assert.deepEqual(model.problems, []);
  return { ...model, servers: model.servers.map((s) => ({ ...s, url: `ws://127.0.0.1:${port}` })) };
}

/** The panel host connected to the channel of `model`, the user having typed TOKEN when asked for the secret. */
async function panel(model: TryItModel) {
  const posts = new Posts();
  const host = hostFor(posts, { secrets: new MemorySecrets(TOKEN), reconnect: { enabled: false } });
  const controller = new TryItController(model.uri, host);
  controllers.push(controller);
  controller.setModel(model);
  await controller.handle({ type: 'ready' });
  const settled = posts.next('state', (m) => m.state.kind === 'open' || m.state.kind === 'failed');
  await controller.handle({
    type: 'connect',
    form: { server: model.servers[0].name, variables: {}, channel: model.channels[0].id, parameters: {}, query: {}, headers: {} },
  });
  const state = (await settled).state;
  assert.equal(state.kind, 'open', `connected: ${JSON.stringify(state)}\n${JSON.stringify(posts.entries())}`);
  assert.equal(host.secrets.asked, 1, 'the secret is asked once');
  return { controller, posts };
}

/** Sends `say` and waits for the `said` that answers it (matched to its declared message by the panel). */
async function say(p: Awaited<ReturnType<typeof panel>>, text: string): Promise<string> {
  const answered = p.posts.next('log', (m) => m.entries.some((e) => e.direction === 'in' && e.match?.messageId === 'said'));
  await p.controller.handle({ type: 'send', key: 'say/say', text: JSON.stringify({ type: 'say', text }) });
  const entry = (await answered).entries.find((e) => e.direction === 'in' && e.match?.messageId === 'said')!;
  assert.deepEqual(entry.violations, undefined, 'the reply is valid against the spec');
  return (JSON.parse(entry.text!) as { text: string }).text;
}

/** The handshake as the peer saw it. */
async function handshake(p: Awaited<ReturnType<typeof panel>>): Promise<{ authorization: string | null; query: string[]; protocol: string | null }> {
  return JSON.parse(await say(p, 'handshake?'));
}

/** A plain connection carrying only the Authorization header: what the header-only path would do. */
async function headerOnly(path: string): Promise<TransportError> {
  const t = createTransport({ transport: 'ws', url: `ws://127.0.0.1:${peer.port}${path}`, query: {}, headers: { Authorization: `Bearer ${TOKEN}` } });
  const rec = new Recorder(t);
  try {
    await t.connect();
  } catch (e) {
    assert.ok(e instanceof TransportError);
    return e;
  }
  // Accepted at the handshake (auth-message): the peer closes once the first message is not the auth message.
  await t.send({ data: JSON.stringify({ type: 'say', text: 'hi' }) });
  const close = await rec.waitFor((e) => e.type === 'close');
  assert.ok(close.type === 'close');
  return new TransportError(`closed ${close.code}`, 'closed');
}

describe('the panel host authenticates through the fallback the Fern channel declares', () => {
  test('query: the required access_token parameter carries the secret', async () => {
    assert.match((await headerOnly('/query')).message, /401/);
    const p = await panel(modelAt(join(FALLBACKS, 'query.yml'), peer.port));
    const seen = await handshake(p);
    assert.deepEqual(seen.query, ['access_token']);
    assert.equal(seen.authorization, `Bearer ${TOKEN}`, 'the header is still sent (the default)');
    assert.equal(await say(p, 'hello'), 'hello');
  });

  test('auth-message: the auth message goes first with the secret at params.token, masked in the log', async () => {
    assert.match((await headerOnly('/auth-message')).message, /closed 4001/);
    const p = await panel(modelAt(join(FALLBACKS, 'auth-message.yml'), peer.port));
    assert.equal(await say(p, 'hello'), 'hello');
    const frames = p.posts.entries().filter((e: LogEntry) => e.direction === 'in' || e.direction === 'out');
    assert.deepEqual(JSON.parse(frames[0].text!), { type: 'auth', params: { token: '••••••', client: 'specsocket' } }, 'first out: the auth message, masked');
    assert.equal(frames[0].direction, 'out');
    assert.ok(
      frames.some((e) => e.direction === 'in' && e.match?.messageId === 'authenticated'),
      'the peer accepted it',
    );
    assert.ok(!JSON.stringify(p.posts.all).includes(TOKEN), 'the secret never reaches the webview');
  });

  test('subprotocol: the Sec-WebSocket-Protocol scheme offers `token` and the key; the peer chooses `token`', async () => {
    assert.match((await headerOnly('/subprotocol')).message, /401/);
    const p = await panel(modelAt(join(SUBPROTOCOL, 'subprotocol.yml'), peer.port));
    const seen = await handshake(p);
    assert.equal(seen.protocol, 'token');
    assert.equal(seen.authorization, null);
  });
});

describe('the mock takes the token the ways the Fern channel declares', () => {
  const open = async (mock: RunningMock, path: string, query = '', protocols: string[] = []) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${mock.port}${path}${query}`, protocols);
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => undefined);
    });

  test('query fallback: a header-less client with ?access_token= gets in, without it gets 401', async () => {
    const mock = await startMock(modelOf(join(FALLBACKS, 'query.yml')), undefined, { token: TOKEN, port: 0 });
    try {
      assert.equal(await open(mock, '/query', `?access_token=${TOKEN}`), 101);
      assert.equal(await open(mock, '/query'), 401);
      // And the panel host's own options (header and query) pass too.
      const model = modelAt(join(FALLBACKS, 'query.yml'), mock.port);
      const t = createTransport(buildConnectOptions({ server: model.servers[0], channel: model.channels[0], secrets: { Bearer: { token: TOKEN } } }).options);
      await t.connect();
      await t.close();
    } finally {
      await mock.close();
    }
  });

  test('subprotocol fallback: offering `token` and the key gets in', async () => {
    const mock = await startMock(modelOf(join(SUBPROTOCOL, 'subprotocol.yml')), undefined, { token: TOKEN, port: 0 });
    try {
      assert.equal(await open(mock, '/subprotocol', '', ['token', TOKEN]), 101);
      assert.equal(await open(mock, '/subprotocol', '', ['token', 'wrong']), 401);
    } finally {
      await mock.close();
    }
  });
});
