/**
 * MQTT operation bindings: the Try it model carries an operation's qos/retain (2.x and 3.x, a binding behind a
 * $ref too); Connect subscribes at the receive operations' QoS, and a send publishes with its operation's QoS
 * and retain flag, as a second client sees them on a real broker (the MQTT mock's embedded Aedes); the log marks
 * a retained message it receives.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { modelOf, seed } from '../helpers/tryItModels';
import { hostFor, Posts, TryItController } from '../helpers/tryItHost';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { createTransport } from '../../transports/src';
import { startMock } from '../../mock/src/mockServer';

const LIGHTS = seed('mqtt-operation-bindings.yaml');
const SENSORS = join(__dirname, '..', '..', 'examples', 'mqtt-sensors', 'asyncapi.yaml');
const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

const op = (model: ReturnType<typeof modelOf>, id: string) => model.channels.flatMap((c) => c.operations).find((o) => o.id === id);

test("the model carries each operation's mqtt binding (2.x, through a $ref; 3.x)", () => {
  const lights = modelOf(LIGHTS);
  assert.deepEqual(op(lights, 'setLight')?.mqtt, { qos: 2, retain: true });
  assert.deepEqual(op(lights, 'lightState')?.mqtt, { qos: 1 });
  const sensors = modelOf(SENSORS);
  assert.deepEqual(op(sensors, 'takeCommand')?.mqtt, { qos: 1 });
});

test("Connect subscribes at the highest QoS of the client's receive operations", () => {
  const model = modelOf(LIGHTS);
  const { options } = buildConnectOptions({ server: model.servers[0], variables: { port: '1883' }, channels: model.channels });
  assert.equal(options.mqtt?.qos, 1);
  assert.deepEqual(options.mqtt?.subscriptions, ['lights/+/state']);
});

// Without the retain flag no message would come at all: the timeout is how that fails.
test('a send publishes with its operation’s QoS and retain flag', { timeout: 15_000 }, async () => {
  const model = modelOf(LIGHTS);
  const broker = await startMock(model, undefined, { token: 'unused', port: 0 });
  cleanup.push(() => broker.close());
  const posts = new Posts();
  const controller = new TryItController(model.uri, hostFor(posts, { createTransport }));
  cleanup.push(async () => controller.dispose());
  controller.setModel(model);
  await controller.handle({ type: 'ready' });
  const open = posts.next('state', (m) => m.state.kind === 'open');
  const form = {
    server: 'local',
    variables: { port: String(broker.port) },
    channel: 'lights/{room}/set',
    parameters: { room: 'kitchen' },
    query: {},
    headers: {},
  };
  await controller.handle({ type: 'connect', form });
  await open;
  // At QoS 2 the send resolves on PUBCOMP, which Aedes sends once it has published (and retained) the message.
  await controller.handle({ type: 'send', key: 'setLight/set', text: '{"on":true}' });
  assert.equal(broker.stats.received, 1);
  // A client that subscribes afterwards gets the retained message; at QoS 2 it sees the QoS it was published with.
  const light = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { reconnectPeriod: 0 });
  cleanup.push(() => light.endAsync());
  const got = new Promise<mqtt.IPublishPacket>((resolve) => light.once('message', (_t, _p, packet) => resolve(packet)));
  await light.subscribeAsync('lights/kitchen/set', { qos: 2 });
  const packet = await got;
  assert.deepEqual([packet.topic, packet.payload.toString(), packet.qos, packet.retain], ['lights/kitchen/set', '{"on":true}', 2, true]);
});

test('the log marks a retained message (delivered from the broker’s store on subscribe) and not a fresh one', { timeout: 15_000 }, async () => {
  const model = modelOf(LIGHTS);
  const broker = await startMock(model, undefined, { token: 'unused', port: 0 });
  cleanup.push(() => broker.close());
  const lamp = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { reconnectPeriod: 0 });
  cleanup.push(() => lamp.endAsync());
  await lamp.publishAsync('lights/hall/state', '{"on":false}', { qos: 1, retain: true });
  const posts = new Posts();
  const controller = new TryItController(model.uri, hostFor(posts, { createTransport }));
  cleanup.push(async () => controller.dispose());
  controller.setModel(model);
  await controller.handle({ type: 'ready' });
  const stored = posts.next('log', (m) => m.entries.some((e) => e.destination === 'lights/hall/state'));
  const form = { server: 'local', variables: { port: String(broker.port) }, channel: 'lights/{room}/set', parameters: {}, query: {}, headers: {} };
  await controller.handle({ type: 'connect', form });
  await stored;
  const fresh = posts.next('log', (m) => m.entries.some((e) => e.destination === 'lights/hall/state' && e.text === '{"on":true}'));
  await lamp.publishAsync('lights/hall/state', '{"on":true}', { qos: 1 });
  await fresh;
  const hall = posts.entries().filter((e) => e.destination === 'lights/hall/state');
  assert.deepEqual(
    hall.map((e) => [e.text, e.retained, e.match?.messageId]),
    [
      ['{"on":false}', true, 'state'],
      ['{"on":true}', undefined, 'state'],
    ],
  );
});
