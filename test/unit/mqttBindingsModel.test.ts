/**
 * The Try it model carries the mqtt bindings a connection uses (server: clientId, cleanSession, keepAlive,
 * lastWill, MQTT 5 session expiry and packet limit; operation: qos, retain, message expiry), the connect options
 * take them over, and a send's headers carry the operation's and the message binding's PUBLISH fields.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelOf, seed } from '../helpers/tryItModels';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { mqttSendHeaders } from '../../transports/src/mqttBindings';

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
