/**
 * The panel's subscription list for joins (issue 14): a Socket.IO room joined or refused and a ws subscribe message
 * taken or refused, each in the server's words and kept in view, with the panel host (TryItController) on the specs
 * of examples/ against the real Python servers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { modelOf } from '../helpers/tryItModels';
import { hostFor, MemorySecrets, Posts, TryItController } from '../helpers/tryItHost';
import { createTransport } from '../../transports/src';
import type { SubscriptionStatus } from '../../common/src/webviewMessages';
import { mintJwt, startPythonPeer, type Peer } from './peers';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
let ws: Peer;
let sio: Peer;
const controllers: TryItController[] = [];

before(async () => {
  [ws, sio] = await Promise.all([startPythonPeer('ws_server.py'), startPythonPeer('socketio_server.py')]);
});
after(async () => {
  for (const c of controllers) c.dispose();
  await Promise.all([ws.stop(), sio.stop()]);
});

/** The panel host on an example's spec, connected to `port` with a valid JWT as the stored secret. */
async function connected(example: string, port: number) {
  const model = modelOf(join(EXAMPLES, example, 'asyncapi.yaml'));
  const posts = new Posts();
  const controller = new TryItController(model.uri, hostFor(posts, { createTransport, secrets: new MemorySecrets(mintJwt({ sub: 'user-1' })) }));
  controllers.push(controller);
  controller.setModel(model);
  await controller.handle({ type: 'ready' });
  const open = posts.next('state', (m) => m.state.kind === 'open');
  const form = { server: 'local', variables: { port: String(port) }, channel: model.channels[0]!.id, parameters: {}, query: {}, headers: {} };
  await controller.handle({ type: 'connect', form });
  await open;
  return { controller, posts };
}

/** The list as the panel shows it once every named subscription has an answer (asked → subscribed/refused). */
async function answered(posts: Posts, names: string[]): Promise<string[]> {
  const done = (list: SubscriptionStatus[]) => names.every((n) => list.some((s) => s.name === n && s.state !== 'asked'));
  const last = posts.all.filter((m) => m.type === 'subscriptions').at(-1);
  const list = last?.type === 'subscriptions' && done(last.list) ? last.list : (await posts.next('subscriptions', (m) => done(m.list))).list;
  return list.map((s) => `${s.name}: ${s.state}${s.words ? ` (${s.words})` : ''}`);
}

describe('subscription status of joins against real servers', { timeout: 30_000 }, () => {
  test('ws (jwt-websocket-service): a subscribe the server takes is subscribed, an unknown channel refused in its words', async () => {
    const { controller, posts } = await connected('jwt-websocket-service', ws.port);
    const subscribe = (channel: string) =>
      controller.handle({ type: 'send', key: 'receiveCommands/subscribe', text: JSON.stringify({ type: 'subscribe', data: { channel } }) });
    await subscribe('tasks');
    await subscribe('nowhere');
    assert.deepEqual(await answered(posts, ['subscribe tasks', 'subscribe nowhere']), [
      'subscribe tasks: subscribed',
      'subscribe nowhere: refused (subscription_failed: unknown channel nowhere)',
    ]);
  });

  test('Socket.IO (chatapp-socketio): a room joined with an ack is subscribed, a refused one keeps the server words', async () => {
    const { controller, posts } = await connected('chatapp-socketio', sio.port);
    const joinChat = (chatId: string, ack?: boolean) =>
      controller.handle({ type: 'send', key: 'publishJoinChat/ChatRoomRequest', text: JSON.stringify({ chatId }), ack });
    await joinChat('chat-42', true);
    await joinChat('private-7');
    assert.deepEqual(await answered(posts, ['join_chat chat-42', 'join_chat private-7']), [
      'join_chat chat-42: subscribed',
      'join_chat private-7: refused (forbidden: you are not a member of private-7)',
    ]);
    // Also with an acknowledgement that says no (the error event comes first and says it).
    await joinChat('private-8', true);
    const list = await answered(posts, ['join_chat private-8']);
    assert.equal(list.at(-1), 'join_chat private-8: refused (forbidden: you are not a member of private-8)');
  });
});
