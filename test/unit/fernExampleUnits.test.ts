/**
 * Issue 14, defect 5: a Fern example session is one unit. The Try it model keeps each session whole (the values it
 * gives the connection, and its messages pointing at it), and picking a message's example fills the connection
 * form from the same session: query parameters of one example never go out with the message of another.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import { hostFor, Posts, TryItController } from '../helpers/tryItHost';
import type { TryItModel } from '../../common/src/tryItModel';
import { TWO_SESSIONS } from '../helpers/fernTwoSessions';

const API = 'name: chat\nenvironments:\n  Local: ws://127.0.0.1:1\n';
function fernModel(): TryItModel {
  const { service, uri } = serviceWith({ 'fern/definition/chat.yml': TWO_SESSIONS, 'fern/definition/api.yml': API });
  return service.tryItModel(uri('fern/definition/chat.yml'))!;
}

test('Try it model: each Fern example session is kept whole, and its messages name it', () => {
  const ch = fernModel().channels[0]!;
  assert.deepEqual(ch.examples, [
    { name: 'Just listen', parameters: { room: 'lobby' }, query: { model_id: 'listener' }, headers: {} },
    {
      name: 'Ask the v2 model',
      summary: 'Says hello to version 2.',
      parameters: { room: 'support' },
      query: { model_id: 'assistant', model_version: '2' },
      headers: {},
    },
  ]);
  const publish = ch.operations.find((o) => o.id === 'publish')!.messages[0]!;
  assert.deepEqual(publish.examples, [{ name: 'Ask the v2 model', summary: 'Says hello to version 2.', payload: { text: 'Hello, v2.' }, channelExample: 1 }]);
});

async function panelHost() {
  const model = fernModel();
  const posts = new Posts();
  const controller = new TryItController(model.uri, hostFor(posts));
  controller.setModel(model);
  await controller.handle({ type: 'ready' });
  return { controller, posts };
}

test('picking a message whose only example is in the second session fills the form from that session too', async () => {
  const { controller, posts } = await panelHost();
  const draft = posts.next('draft');
  await controller.handle({ type: 'pick', key: 'publish/publish' });
  const d = await draft;
  assert.deepEqual(JSON.parse(d.text), { text: 'Hello, v2.' });
  assert.deepEqual(d.unit, { channel: 'chat', index: 1 });
  controller.dispose();
});

test('picking an example by name fills the form from its session; a generated sample belongs to none', async () => {
  const { controller, posts } = await panelHost();
  const first = posts.next('draft');
  await controller.handle({ type: 'pick', key: 'publish/publish', example: 0 });
  assert.deepEqual((await first).unit, { channel: 'chat', index: 1 });
  const again = posts.next('draft');
  await controller.handle({ type: 'pick', key: 'publish/publish', sample: true });
  assert.equal((await again).unit, undefined, 'a generated sample belongs to no example');
  controller.dispose();
});
