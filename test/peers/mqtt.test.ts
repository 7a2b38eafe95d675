/**
 * MQTT against a broker nobody here wrote: Eclipse Mosquitto (Debian), over TCP and over WebSocket, driven from
 * examples/mqtt-sensors through the real language service (Try it model), connectOptions and the MQTT transport.
 * A second client (MQTT.js on its own) plays the sensors.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import mqtt, { type IPublishPacket } from 'mqtt';
import { modelOf, seed } from '../helpers/tryItModels';
import { mqttSendHeaders } from '../../transports/src/mqttBindings';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { createTransport } from '../../transports/src';
import { TransportError } from '../../transports/src/events';
import type { Transport, TransportEvent } from '../../transports/src/transport';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';
import { matchFrame } from '../../transports/src/frameMatch';
import type { TryItModel, TryItServer } from '../../common/src/tryItModel';
import { Recorder, startMosquitto, type MqttBroker } from './peers';

type Frame = Extract<TransportEvent, { type: 'frame' }>;
const USER = { name: 'guest', password: 'guest-secret' };
const SPEC = join(__dirname, '..', '..', 'examples', 'mqtt-sensors', 'asyncapi.yaml');

let broker: MqttBroker;
let model: TryItModel;
const open: Transport[] = [];
const sensors: mqtt.MqttClient[] = [];

before(async () => {
  [broker, model] = [await startMosquitto(USER), modelOf(SPEC)];
});
after(async () => {
  await Promise.all(open.map((t) => t.close().catch(() => undefined)));
  await Promise.all(sensors.map((c) => c.endAsync()));
  await broker?.stop();
});

const server = (name: string): TryItServer => model.servers.find((s) => s.name === name)!;

function client(serverName = 'local', password = USER.password) {
  const s = server(serverName);
  const port = serverName === 'local' ? broker.port : broker.wsPort;
  const built = buildConnectOptions({
    server: s,
    variables: { port: String(port) },
    channels: model.channels,
    secrets: { brokerLogin: { username: USER.name, password } },
    connectTimeoutMs: 10_000,
  });
  const t = createTransport(built.options);
  open.push(t);
  return { t, rec: new Recorder(t), options: built.options, problems: built.problems };
}

/** A sensor: a plain MQTT.js client of its own, publishing as a device would. */
async function sensor(): Promise<mqtt.MqttClient> {
  const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: USER.name, password: USER.password, reconnectPeriod: 0 });
  sensors.push(c);
  return c;
}

/** What the panel does with a received frame (the product's own function): match it to what this client receives. */
function matched(frame: Frame) {
  const m = matchFrame(createMessageMatcher(receivableMessages(model)), 'mqtt', frame);
  assert.ok(m, 'a PUBLISH is a message, not a protocol frame');
  return m;
}

const isIn =
  (topic: string) =>
  (e: TransportEvent): e is Frame =>
    e.type === 'frame' && e.direction === 'in' && e.destination === topic;

describe('examples/mqtt-sensors against Mosquitto', () => {
  test("the spec's mqtt servers get the MQTT transport, its binding, the readings' QoS and its credentials; unfilled parameters subscribe as +", () => {
    assert.deepEqual([server('local').transport, server('websocket').transport], ['mqtt', 'mqtt']);
    const { options, problems } = client();
    assert.deepEqual(problems, []);
    assert.equal(options.url, `mqtt://127.0.0.1:${broker.port}`);
    assert.deepEqual(options.mqtt, {
      clientId: 'specsocket-sensors-demo',
      cleanSession: true,
      keepAlive: 30,
      subscriptions: ['sensors/+/temperature'],
      qos: 1, // publishTemperature's binding
      username: 'guest',
      password: USER.password,
    });
  });

  test('a reading published by a sensor arrives on its topic, matched to its message and valid; a broken one is flagged', async () => {
    const { t, rec } = client();
    await t.connect();
    const s = await sensor();
    await s.publishAsync('sensors/42/temperature', JSON.stringify({ sensorId: '42', celsius: 21.5, at: '2026-12-07T10:00:00Z' }), { qos: 1 });
    const good = matched(await rec.waitFor(isIn('sensors/42/temperature')));
    assert.equal(good.messageId, 'reading');
    assert.equal(good.valid, true, JSON.stringify(good.errors));
    await s.publishAsync('sensors/43/temperature', JSON.stringify({ sensorId: '43', celsius: 500 }), { qos: 1 });
    const bad = matched(await rec.waitFor(isIn('sensors/43/temperature')));
    assert.equal(bad.messageId, 'reading');
    assert.equal(bad.valid, false);
    assert.ok(bad.errors.length >= 2, JSON.stringify(bad.errors)); // celsius above its maximum, `at` missing
  });

  test('a command sent with "wait for ack" is a QoS 1 PUBLISH the broker acknowledges, and the sensor gets it', async () => {
    const { t } = client();
    await t.connect();
    const s = await sensor();
    await s.subscribeAsync('sensors/42/commands', { qos: 1 });
    const got = new Promise<string>((resolve) => s.once('message', (_topic, payload) => resolve(payload.toString())));
    const ack = await t.send({ data: '{"command":"setInterval","seconds":60}', destination: 'sensors/42/commands', ack: true });
    assert.deepEqual(Object.keys(ack as object).sort(), ['acknowledged', 'messageId']);
    assert.equal(await got, '{"command":"setInterval","seconds":60}');
    await assert.rejects(t.send({ data: '{}', destination: 'sensors/+/commands' }), /fill in the channel's parameters/);
  });

  test('a retained reading is delivered on subscribe and marked retained', async () => {
    const s = await sensor();
    await s.publishAsync('sensors/7/temperature', JSON.stringify({ sensorId: '7', celsius: 3, at: '2026-12-07T09:00:00Z' }), { qos: 1, retain: true });
    const { t, rec } = client();
    await t.connect();
    const frame = await rec.waitFor(isIn('sensors/7/temperature'));
    assert.equal(frame.headers?.retain, 'true');
    assert.equal(matched(frame).messageId, 'reading');
    await s.publishAsync('sensors/7/temperature', '', { qos: 1, retain: true }); // clears the retained message
  });

  test('MQTT over WebSocket: the websocket server of the spec connects and receives the same way', async () => {
    const { t, rec, options } = client('websocket');
    assert.equal(options.url, `ws://127.0.0.1:${broker.wsPort}/`);
    await t.connect();
    const s = await sensor();
    await s.publishAsync('sensors/9/temperature', JSON.stringify({ sensorId: '9', celsius: -4, at: '2026-12-07T08:00:00Z' }), { qos: 1 });
    assert.equal(matched(await rec.waitFor(isIn('sensors/9/temperature'))).messageId, 'reading');
  });

  test('a wrong password is refused in words, as an auth failure', async () => {
    const { t } = client('local', 'wrong');
    const err = await t.connect().then(
      () => assert.fail('should fail'),
      (e: unknown) => e as TransportError,
    );
    assert.ok(err instanceof TransportError);
    assert.equal(err.kind, 'auth');
    assert.match(err.message, /refused the credentials .*Check the username and password/);
  });

  test('nothing listening: the refusal says where', async () => {
    const t = createTransport({ transport: 'mqtt', url: 'mqtt://127.0.0.1:1', query: {}, headers: {}, mqtt: { subscriptions: [] }, connectTimeoutMs: 5000 });
    open.push(t);
    const err = await t.connect().then(
      () => assert.fail('should fail'),
      (e: unknown) => e as TransportError,
    );
    assert.equal(err.kind, 'refused');
  });
});

describe('MQTT 5 bindings against Mosquitto (test/fixtures/asyncapi/tryit/mqtt5-bindings.yaml)', () => {
  const thermostats = modelOf(seed('mqtt5-bindings.yaml'));
  const operation = thermostats.channels.flatMap((c) => c.operations).find((o) => o.id === 'reportSetpoint')!;

  async function watcher(): Promise<{ c: mqtt.MqttClient; next(topic: string): Promise<{ payload: string; packet: IPublishPacket }> }> {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
      username: USER.name,
      password: USER.password,
      protocolVersion: 5,
      reconnectPeriod: 0,
    });
    sensors.push(c);
    await c.subscribeAsync('thermostats/#', { qos: 1 });
    const next = (topic: string) =>
      new Promise<{ payload: string; packet: IPublishPacket }>((resolve) => {
        const on = (t: string, payload: Buffer, packet: IPublishPacket) =>
          t === topic && (c.off('message', on), resolve({ payload: payload.toString(), packet }));
        c.on('message', on);
      });
    return { c, next };
  }

  // Without a will nothing comes on the status topic: the timeout is how that fails.
  test(
    "a send over MQTT 5 carries the bindings' PUBLISH properties; the server binding's lastWill is published when the client drops",
    { timeout: 20_000 },
    async () => {
      const w = await watcher();
      const { options } = buildConnectOptions({
        server: thermostats.servers[0],
        variables: { port: String(broker.port) },
        channels: thermostats.channels,
        secrets: { login: { username: USER.name, password: USER.password } },
        connectTimeoutMs: 10_000,
      });
      assert.equal(options.mqtt?.protocolVersion, 5);
      const t = createTransport(options);
      open.push(t);
      await t.connect();
      const got = w.next('thermostats/7/setpoint');
      await t.send({ data: '{"celsius":21}', destination: 'thermostats/7/setpoint', headers: mqttSendHeaders(operation, operation.messages[0]) });
      const { packet } = await got;
      const { messageExpiryInterval, ...rest } = packet.properties ?? {};
      assert.deepEqual(rest, { contentType: 'application/json', responseTopic: 'thermostats/7/ack', payloadFormatIndicator: true });
      // The broker forwards what is left of the expiry: at most what was sent.
      assert.ok(messageExpiryInterval !== undefined && messageExpiryInterval > 0 && messageExpiryInterval <= 300, String(messageExpiryInterval));
      const will = w.next('thermostats/7/status');
      // A dropped network connection (no DISCONNECT): the broker publishes the will.
      (t as unknown as { client: mqtt.MqttClient }).client.stream.destroy();
      assert.equal((await will).payload, '{"online":false}');
    },
  );
});
