/**
 * The Try it model carries the mqtt bindings a connection uses (server: clientId, cleanSession, keepAlive,
 * lastWill, MQTT 5 session expiry and packet limit; operation: qos, retain, message expiry), the connect options
 * take them over, and a send's headers carry the operation's and the message binding's PUBLISH fields. The
 * panel's entry for the (3.1.1) MQTT mock of an MQTT 5 server connects with 3.1.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelOf, seed } from '../helpers/tryItModels';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { mqttSendHeaders } from '../../transports/src/mqttBindings';
import { createTransport } from '../../transports/src';
import { startMock } from '../../mock/src/mockServer';
import { withMockServers } from '../../client/src/tryit/mockServers';
import { hostFor, MemorySecrets, Posts, TryItController } from '../helpers/tryItHost';

const model = modelOf(seed('mqtt5-bindings.yaml'));
const operation = model.channels.flatMap((c) => c.operations).find((o) => o.id === 'reportSetpoint')!;

test("the model carries the server's mqtt binding, lastWill and the MQTT 5 fields included", () => {
  assert.deepEqual(model.servers[0].mqtt, {
    clientId: 'thermostat-7',
    cleanSession: true,
    keepAlive: 30,
    lastWill: { topic: 'thermostats/7/status', qos: 1, message: '{"online":false}', retain: false },
    sessionExpiryInterval: 120,
    maximumPacketSize: 65536,
    protocolVersion: 5,
  });
  const { options } = buildConnectOptions({ server: model.servers[0], variables: { port: '1883' }, channels: model.channels });
  assert.deepEqual(options.mqtt?.lastWill, model.servers[0].mqtt?.lastWill);
  assert.equal(options.mqtt?.sessionExpiryInterval, 120);
});

test("a send's headers: the operation's qos and message expiry, the message binding's PUBLISH properties", () => {
  assert.deepEqual(operation.mqtt, { qos: 1, messageExpiryInterval: 300 });
  assert.deepEqual(mqttSendHeaders(operation, operation.messages[0]), {
    qos: '1',
    messageExpiryInterval: '300',
    contentType: 'application/json',
    responseTopic: 'thermostats/7/ack',
    payloadFormatIndicator: '1',
  });
  assert.equal(mqttSendHeaders(undefined, undefined), undefined);
});

test("the panel's entry for the MQTT mock of an MQTT 5 server connects with 3.1.1, which the mock speaks, and says so", { timeout: 15_000 }, async () => {
  const mock = await startMock(model, 'local', { token: 'mock-token', port: 0 });
  const posts = new Posts();
  const controller = new TryItController(model.uri, hostFor(posts, { createTransport, secrets: new MemorySecrets('mock:mock-token') }));
  try {
    const offered = withMockServers(model, [{ server: 'local', url: mock.url, token: 'mock-token' }])!;
    const entry = offered.servers.find((s) => s.name === 'Mock: local')!;
    assert.equal(entry.mqtt?.protocolVersion, 4);
    assert.match(entry.description ?? '', /speaks MQTT 3\.1\.1, not the MQTT 5 the spec asks for/);
    controller.setModel(offered);
    await controller.handle({ type: 'ready' });
    const open = posts.next('state', (m) => m.state.kind === 'open');
    await controller.handle({ type: 'connect', form: { server: 'Mock: local', variables: {}, channel: 'setpoint', parameters: {}, query: {}, headers: {} } });
    await open;
  } finally {
    controller.dispose();
    await mock.close();
  }
});
