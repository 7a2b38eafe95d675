/**
 * The language service knows the `mqtt` server, operation and message bindings of @asyncapi/specs: key
 * completion, hover with the binding schema's description, and validation, in 3.x (whose schemas embed them)
 * and in 2.x (whose schemas leave bindings empty: mqttBindings2x.ts), chosen by `bindingVersion`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';

const V3 = 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\n';
const V2 = (v: string) => `asyncapi: ${v}\ninfo: {title: x, version: "1"}\n`;

function completionLabels(source: string): string[] {
  const { service, marks, uri } = serviceWith({ 'a.yaml': source });
  return service
    .completions(uri('a.yaml'), marks['a.yaml'].cursors[0])
    .map((i) => i.label)
    .sort();
}

function hoverText(source: string): string | undefined {
  const { service, marks, uri } = serviceWith({ 'a.yaml': source });
  return service.hover(uri('a.yaml'), marks['a.yaml'].cursors[0])?.contents;
}

/** The schema diagnostics as [code, the text they underline, message]. */
function schemaProblems(source: string): [string, string, string][] {
  const { service, marks, uri } = serviceWith({ 'a.yaml': source });
  const text = marks['a.yaml'].text;
  return service
    .fastDiagnostics(uri('a.yaml'))
    .filter((d) => d.code.startsWith('schema-'))
    .map((d) => [d.code, text.slice(d.start, d.end), d.message]);
}

const SERVER_0_2 = ['bindingVersion', 'cleanSession', 'clientId', 'keepAlive', 'lastWill', 'maximumPacketSize', 'sessionExpiryInterval'];
const SERVER_0_1 = ['cleanSession', 'clientId', 'keepAlive', 'lastWill'];
const OPERATION = ['bindingVersion', 'messageExpiryInterval', 'qos', 'retain'];
const MESSAGE = ['bindingVersion', 'contentType', 'correlationData', 'payloadFormatIndicator', 'responseTopic'];

test('mqtt bindings, completion in 3.0: server, operation and message fields, lastWill inside', () => {
  assert.deepEqual(completionLabels(`${V3}servers:\n  s:\n    host: x\n    protocol: mqtt\n    bindings:\n      mqtt:\n        ‸\n`), SERVER_0_2);
  assert.deepEqual(completionLabels(`${V3}operations:\n  o:\n    action: send\n    bindings:\n      mqtt:\n        ‸\n`), OPERATION);
  assert.deepEqual(completionLabels(`${V3}components:\n  messages:\n    m:\n      bindings:\n        mqtt:\n          ‸\n`), MESSAGE);
  assert.deepEqual(completionLabels(`${V3}servers:\n  s:\n    host: x\n    protocol: mqtt\n    bindings:\n      mqtt:\n        lastWill:\n          ‸\n`), [
    'message',
    'qos',
    'retain',
    'topic',
  ]);
});

test('mqtt bindings, completion in 2.x: every place a binding sits, by what owns it, and by bindingVersion', () => {
  assert.deepEqual(completionLabels(`${V2('2.6.0')}servers:\n  s:\n    url: x\n    protocol: mqtt\n    bindings:\n      mqtt:\n        ‸\n`), SERVER_0_2);
  assert.deepEqual(completionLabels(`${V2('2.6.0')}channels:\n  a/b:\n    publish:\n      bindings:\n        mqtt:\n          ‸\n`), OPERATION);
  assert.deepEqual(completionLabels(`${V2('2.0.0')}components:\n  operationTraits:\n    t:\n      bindings:\n        mqtt:\n          ‸\n`), OPERATION);
  assert.deepEqual(completionLabels(`${V2('2.0.0')}components:\n  messageBindings:\n    b:\n      mqtt:\n        ‸\n`), MESSAGE);
  assert.deepEqual(completionLabels(`${V2('2.3.0')}components:\n  messages:\n    m:\n      bindings:\n        mqtt:\n          ‸\n`), MESSAGE);
  assert.deepEqual(
    completionLabels(`${V2('2.6.0')}servers:\n  s:\n    url: x\n    protocol: mqtt\n    bindings:\n      mqtt:\n        bindingVersion: 0.1.0\n        ‸\n`),
    SERVER_0_1,
  );
  // Other bindings stay free-form in 2.x, as the schema has them.
  assert.deepEqual(completionLabels(`${V2('2.6.0')}servers:\n  s:\n    url: x\n    protocol: kafka\n    bindings:\n      kafka:\n        ‸\n`), []);
});

test("mqtt bindings, hover: the binding schema's description (3.0 operation qos, 2.6 server cleanSession, 2.0 message)", () => {
  assert.match(
    hoverText(`${V3}operations:\n  o:\n    action: send\n    bindings:\n      mqtt:\n        q‸os: 1\n`) ?? '',
    /^Defines the Quality of Service \(QoS\) levels for the message flow between client and server/,
  );
  assert.match(
    hoverText(`${V2('2.6.0')}servers:\n  s:\n    url: x\n    protocol: mqtt\n    bindings:\n      mqtt:\n        clean‸Session: true\n`) ?? '',
    /^Whether to create a persistent connection or not/,
  );
  assert.match(
    hoverText(`${V2('2.0.0')}components:\n  messages:\n    m:\n      bindings:\n        mqtt:\n          response‸Topic: a/b\n`) ?? '',
    /^The topic \(channel URI\) to be used for a response message/,
  );
});

test('mqtt bindings, validation in 2.x and 3.0: a QoS out of range, a misspelt key, an unknown bindingVersion', () => {
  const qos = (head: string, ops: string) => schemaProblems(`${head}${ops}`);
  const v3 = qos(
    V3,
    `operations:\n  o:\n    action: send\n    channel: {$ref: '#/channels/c'}\n    bindings:\n      mqtt:\n        qos: 3\nchannels:\n  c: {}\n`,
  );
  const v2 = qos(V2('2.6.0'), `channels:\n  a/b:\n    publish:\n      bindings:\n        mqtt:\n          qos: 3\n`);
  for (const problems of [v3, v2]) {
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.deepEqual(problems[0].slice(0, 2), ['schema-enum', '3']);
    assert.equal(problems[0][2], '`3` is not allowed here. Use one of: `0`, `1`, `2`.');
  }
  const typo = schemaProblems(
    `${V2('2.6.0')}channels: {}\nservers:\n  s:\n    url: x\n    protocol: mqtt\n    bindings:\n      mqtt:\n        cleanSesion: true\n`,
  );
  assert.deepEqual(
    typo.map((p) => p.slice(0, 2)),
    [['schema-unknown-key', 'cleanSesion']],
  );
  assert.match(typo[0][2], /Did you mean `cleanSession`\?/);
  const version = schemaProblems(
    `${V2('2.6.0')}channels: {}\nservers:\n  s:\n    url: x\n    protocol: mqtt\n    bindings:\n      mqtt:\n        bindingVersion: 9.9.9\n`,
  );
  assert.deepEqual(
    version.map((p) => p.slice(0, 2)),
    [['schema-enum', '9.9.9']],
  );
  // 0.1.0 has no MQTT 5 fields.
  const old = schemaProblems(
    `${V2('2.6.0')}channels: {}\nservers:\n  s:\n    url: x\n    protocol: mqtt\n    bindings:\n      mqtt:\n        bindingVersion: 0.1.0\n        sessionExpiryInterval: 60\n`,
  );
  assert.deepEqual(
    old.map((p) => p.slice(0, 2)),
    [['schema-unknown-key', 'sessionExpiryInterval']],
  );
});

test('mqtt bindings: valid 2.x bindings of every kind, with extensions, give no diagnostics', () => {
  const source = `${V2('2.6.0')}servers:
  s:
    url: x
    protocol: mqtt
    bindings:
      mqtt:
        clientId: guest
        cleanSession: true
        keepAlive: 60
        lastWill: {topic: a/will, qos: 1, message: bye, retain: false}
        x-note: kept
channels:
  a/b:
    subscribe:
      bindings:
        mqtt: {qos: 2, retain: true, bindingVersion: 0.1.0}
      message:
        bindings:
          mqtt: {contentType: application/json, responseTopic: a/reply, correlationData: {type: string}}
`;
  assert.deepEqual(schemaProblems(source), []);
});
