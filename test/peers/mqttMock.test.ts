/**
 * The MQTT mock (an embedded Aedes broker) of examples/mqtt-sensors: our MQTT transport and Mosquitto's own
 * command-line clients (mosquitto_sub/mosquitto_pub, Debian's mosquitto-clients) talk to it. A subscriber gets
 * the spec's example on a filled-in topic, valid through the product's frameMatch; what clients publish is
 * validated, one log line per invalid message; the mock token is the password.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { modelOf } from '../helpers/tryItModels';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { createTransport } from '../../transports/src';
import { TransportError } from '../../transports/src/events';
import type { Transport, TransportEvent } from '../../transports/src/transport';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';
import { matchFrame } from '../../transports/src/frameMatch';
import { startMock, type RunningMock } from '../../mock/src/mockServer';
import { MockProcess, type MockEvent } from '../../client/src/mock/mockProcess';
import { Recorder } from './peers';

type Frame = Extract<TransportEvent, { type: 'frame' }>;
const ROOT = join(__dirname, '..', '..');
const SPEC = join(ROOT, 'examples', 'mqtt-sensors', 'asyncapi.yaml');
const TOKEN = 'test-mock-token';
const model = modelOf(SPEC);
const open: { close(): Promise<void> }[] = [];

after(async () => {
  for (const o of open.reverse()) await o.close().catch(() => undefined);
});

/** The mock in this process, its log lines recorded so a test can await one. */
async function mock(serverName: string, intervalMs = 0): Promise<{ mock: RunningMock; logs: Recorder<{ type: 'log'; line: string }> }> {
  let push: (e: { type: 'log'; line: string }) => void = () => {};
  const logs = new Recorder<{ type: 'log'; line: string }>({ onEvent: (l) => (push = l) });
  const m = await startMock(model, serverName, { token: TOKEN, port: 0, intervalMs }, (line) => push({ type: 'log', line }));
  open.push(m);
  return { mock: m, logs };
}

/** Our transport, connected as the panel would build it (the mock's port, the password from the secret store). */
function client(serverName: string, port: number, password = TOKEN): { t: Transport; rec: Recorder } {
  const server = model.servers.find((s) => s.name === serverName)!;
  const { options } = buildConnectOptions({
    server,
    variables: { port: String(port) },
    channels: model.channels,
    secrets: { brokerLogin: { username: 'dashboard', password } },
    connectTimeoutMs: 10_000,
  });
  const t = createTransport(options);
  open.push(t);
  return { t, rec: new Recorder(t) };
}

const matcher = createMessageMatcher(receivableMessages(model));
const isIn = (e: TransportEvent): e is Frame => e.type === 'frame' && e.direction === 'in' && frameKindIsMessage(e);
const frameKindIsMessage = (e: Frame) => matchFrame(matcher, 'mqtt', e) !== undefined;

describe('MQTT mock: our transport', () => {
  test("subscribing gets the spec's example on the topic filled from the parameter's example, matched and valid", async () => {
    const { mock: m } = await mock('local');
    assert.equal(m.url, `mqtt://127.0.0.1:${m.port}`);
    assert.equal(m.protocol, 'mqtt');
    const { t, rec } = client('local', m.port);
    await t.connect(); // subscribes to sensors/+/temperature
    const frame = await rec.waitFor(isIn);
    assert.equal(frame.destination, 'sensors/42/temperature');
    const r = matchFrame(matcher, 'mqtt', frame)!;
    assert.equal(r.messageId, 'reading');
    assert.equal(r.valid, true, JSON.stringify(r.errors));
  });

  test('an invalid command is logged in one line; a valid one is not', async () => {
    const { mock: m, logs } = await mock('local');
    const { t } = client('local', m.port);
    await t.connect();
    await t.send({ data: '{"command":"setInterval","seconds":60}', destination: 'sensors/42/commands', ack: true });
    await t.send({ data: '{"command":"setInterval","seconds":0}', destination: 'sensors/42/commands', ack: true });
    const line = await logs.waitFor((e) => /invalid/.test(e.line));
    assert.match(line.line, /^invalid message on sensors\/42\/commands: Invalid setInterval: \/seconds must be >= 1$/);
    assert.equal(logs.events.length, 1, logs.events.map((e) => e.line).join('\n'));
    assert.deepEqual({ received: m.stats.received, invalid: m.stats.invalid }, { received: 2, invalid: 1 });
  });

  test('a wrong password is refused as an auth failure, and logged', async () => {
    const { mock: m, logs } = await mock('local');
    const { t } = client('local', m.port, 'wrong');
    const err = await t.connect().then(
      () => assert.fail('should fail'),
      (e: unknown) => e as TransportError,
    );
    assert.ok(err instanceof TransportError);
    assert.equal(err.kind, 'auth');
    assert.match((await logs.waitFor(() => true)).line, /^refused an MQTT client: Unauthorized: .*password.* mock token/);
  });

  test('an MQTT 5 client gets a CONNACK refusing its protocol version, said in words and logged (Aedes speaks 3.1.1)', async () => {
    const { mock: m, logs } = await mock('local');
    const local = model.servers.find((s) => s.name === 'local')!;
    // What the model holds for a server with `protocolVersion: '5.0.0'`.
    const { options } = buildConnectOptions({
      server: { ...local, mqtt: { ...local.mqtt, protocolVersion: 5 } },
      variables: { port: String(m.port) },
      channels: model.channels,
      secrets: { brokerLogin: { username: 'dashboard', password: TOKEN } },
    });
    assert.equal(options.mqtt?.protocolVersion, 5);
    const t = createTransport(options);
    open.push(t);
    const err = await t.connect().then(
      () => assert.fail('should fail'),
      (e: unknown) => e as TransportError,
    );
    assert.equal(err.kind, 'protocol');
    assert.match(
      err.message,
      /^The broker refused MQTT 5 \(Connection refused: Unacceptable protocol version\): it speaks another MQTT version\. Connect with MQTT 3\.1\.1/,
    );
    assert.match(
      (await logs.waitFor(() => true)).line,
      /^MQTT connection refused: unacceptable protocol version \(this mock, an Aedes broker, speaks MQTT 3\.1\.1 and 3\.1, not MQTT 5\)$/,
    );
  });

  test("MQTT over WebSocket: the spec's ws server with an mqtt binding is mocked as a broker on its path; every intervalMs again", async () => {
    const { mock: m } = await mock('websocket', 50);
    assert.equal(m.url, `ws://127.0.0.1:${m.port}`);
    const { t, rec } = client('websocket', m.port);
    await t.connect();
    await rec.waitFor((e) => e.type === 'frame' && e.direction === 'in' && rec.events.filter(isIn).length >= 3);
    for (const f of rec.events.filter(isIn)) assert.equal(matchFrame(matcher, 'mqtt', f)?.valid, true);
  });
});

describe('MQTT mock: limits', () => {
  test('a message over maxPayloadBytes closes that client, in one log line; the broker serves the next', async () => {
    let push: (e: { type: 'log'; line: string }) => void = () => {};
    const logs = new Recorder<{ type: 'log'; line: string }>({ onEvent: (l) => (push = l) });
    const m = await startMock(model, 'local', { token: TOKEN, port: 0, maxPayloadBytes: 64 }, (line) => push({ type: 'log', line }));
    open.push(m);
    const { t, rec } = client('local', m.port);
    await t.connect();
    const big = JSON.stringify({ command: 'setInterval', seconds: 1, pad: 'x'.repeat(100) });
    await assert.rejects(t.send({ data: big, destination: 'sensors/1/commands' }), /closed/i);
    await rec.waitFor((e) => e.type === 'close');
    assert.match((await logs.waitFor(() => true)).line, /closed: a message over 64 bytes on sensors\/1\/commands$/);
    const next = client('local', m.port);
    await next.t.connect();
    await next.rec.waitFor(isIn);
  });
});

describe('MQTT mock: request and reply', () => {
  test("a request is answered on the reply channel's topic (its parameter from the request's topic), its correlation ID copied", async () => {
    const pings = modelOf(join(ROOT, 'test', 'fixtures', 'asyncapi', 'tryit', 'mqtt-request-reply.yaml'));
    const m = await startMock(pings, undefined, { token: TOKEN, port: 0 });
    open.push(m);
    const { options } = buildConnectOptions({ server: pings.servers[0], variables: { port: String(m.port) }, channels: pings.channels });
    assert.deepEqual(options.mqtt?.subscriptions, ['devices/+/pong']); // the reply channel of what the client sends
    const t = createTransport(options);
    open.push(t);
    const rec = new Recorder(t);
    await t.connect();
    await t.send({ data: '{"seq":5}', destination: 'devices/7/ping', ack: true });
    const reply = await rec.waitFor((e): e is Frame => e.type === 'frame' && e.direction === 'in' && e.destination === 'devices/7/pong');
    const r = matchFrame(createMessageMatcher(receivableMessages(pings)), 'mqtt', reply)!;
    assert.deepEqual([r.messageId, r.valid, JSON.parse(reply.data as string)], ['pong', true, { seq: 5, uptime: 3600 }]);
  });
});

/** Runs a Mosquitto command-line client to its end: its exit code and what it printed. */
function mosquitto(cmd: 'mosquitto_sub' | 'mosquitto_pub', args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(cmd, ['-h', '127.0.0.1', '-u', 'dashboard', ...args], { timeout: 20_000 }, (e, stdout, stderr) =>
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stdout, stderr }),
    ),
  );
}

/** The first event of the mock process that `match` accepts, from now on. */
function mockEvent(p: MockProcess, match: (e: MockEvent) => boolean): Promise<MockEvent> {
  return new Promise((resolve) => {
    const sub = p.onEvent((e) => match(e) && (sub.dispose(), resolve(e)));
  });
}

describe("MQTT mock: `dist/cli.js mock` and Mosquitto's command-line clients", () => {
  test('mosquitto_sub receives valid examples every interval; mosquitto_pub of an invalid command is logged; a wrong password and MQTT 5 are refused', async () => {
    const p = new MockProcess({ cliPath: join(ROOT, 'dist', 'cli.js'), spec: SPEC, port: 0, intervalMs: 50, token: TOKEN });
    open.push({ close: () => p.stop() });
    const { port } = await p.ready();
    const sub = await mosquitto('mosquitto_sub', ['-p', String(port), '-P', TOKEN, '-t', 'sensors/+/temperature', '-v', '-C', '3']);
    assert.equal(sub.code, 0, sub.stderr);
    const lines = sub.stdout.trim().split('\n');
    assert.equal(lines.length, 3, sub.stdout);
    for (const l of lines) {
      const [topic, ...rest] = l.split(' ');
      const r = matcher.match({ data: rest.join(' '), destination: topic });
      assert.deepEqual([topic, r.messageId, r.valid], ['sensors/42/temperature', 'reading', true], JSON.stringify(r.errors));
    }
    const logged = mockEvent(p, (e) => e.event === 'log' && /invalid/.test(e.message));
    const pub = await mosquitto('mosquitto_pub', [
      '-p',
      String(port),
      '-P',
      TOKEN,
      '-t',
      'sensors/7/commands',
      '-m',
      '{"command":"setInterval","seconds":"soon"}',
    ]);
    assert.equal(pub.code, 0, pub.stderr);
    assert.match(((await logged) as { message: string }).message, /^invalid message on sensors\/7\/commands: Invalid setInterval: \/seconds must be integer$/);
    const refused = await mosquitto('mosquitto_sub', ['-p', String(port), '-P', 'wrong', '-t', 'sensors/#', '-C', '1']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /bad user name or password/i);
    const v5 = await mosquitto('mosquitto_sub', ['-V', 'mqttv5', '-p', String(port), '-P', TOKEN, '-t', 'sensors/#', '-C', '1']);
    assert.notEqual(v5.code, 0);
    assert.match(v5.stderr, /Unsupported Protocol Version/);
  });
});
