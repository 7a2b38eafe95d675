/**
 * `specsocket test` (dist/cli.js, its own process) replaying the MQTT and Server-Sent Events sessions of examples/:
 * against the spec's mocks (Aedes; the SSE mock) and against Eclipse Mosquitto with a sensor nobody here wrote the
 * broker of (a plain MQTT.js client answering commands), then copies edited to go wrong, failing in words.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import mqtt from 'mqtt';
import type { SessionResult } from '../../common/src/sessions/runner';
import { startMosquitto, type MqttBroker } from './peers';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const TMP = mkdtempSync(join(tmpdir(), 'specsocket-sessions-mqtt-sse-'));
const USER = { name: 'guest', password: 'guest-secret' };

/** `dist/cli.js test … --reporter json`: its exit code and results (nothing may go to stderr). */
function results(args: string[], env: Record<string, string> = {}): Promise<{ code: number; results: SessionResult[] }> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [join(ROOT, 'dist', 'cli.js'), 'test', ...args, '--reporter', 'json'],
      { env: { ...process.env, ...env }, cwd: ROOT },
      (error, stdout, stderr) => {
        if (stderr) return reject(new Error(`stderr: ${stderr}`));
        resolve({ code: error ? Number(error.code) : 0, results: JSON.parse(stdout) as SessionResult[] });
      },
    ),
  );
}

/** A copy of an example's session with `edit` applied, its `spec:` still pointing at the example's spec. */
function edited(example: string, file: string, edit: (text: string) => string): string {
  const text = readFileSync(join(EXAMPLES, example, file), 'utf8');
  const changed = edit(text);
  assert.notEqual(changed, text, 'the edit changed the session');
  const out = join(TMP, `${example}-${Math.random().toString(36).slice(2)}.session.yaml`);
  writeFileSync(out, changed.replace(/^spec: asyncapi\.yaml$/m, `spec: ${relative(TMP, join(EXAMPLES, example, 'asyncapi.yaml'))}`));
  return out;
}

const steps = (r: SessionResult) => r.steps.map((s) => `${s.label}: ${s.status}${s.reason ? ` ${s.reason}` : ''}`);

describe('MQTT sessions (examples/mqtt-sensors)', () => {
  let broker: MqttBroker;
  let sensor: mqtt.MqttClient;

  before(async () => {
    broker = await startMosquitto(USER);
    // Sensor 42 answers a command with a reading on its own topic, as a device would.
    sensor = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: USER.name, password: USER.password, reconnectPeriod: 0 });
    await sensor.subscribeAsync('sensors/+/commands', { qos: 1 });
    sensor.on('message', (topic) => {
      const id = topic.split('/')[1];
      void sensor.publishAsync(`sensors/${id}/temperature`, JSON.stringify({ sensorId: id, celsius: 19.5, at: '2026-12-07T09:00:00Z' }), { qos: 1 });
    });
  });
  after(async () => {
    await sensor?.endAsync();
    await broker?.stop();
  });

  test('replays green against Mosquitto: the command is published, the sensor’s reading matched and valid', async () => {
    const {
      code,
      results: [r],
    } = await results([join(EXAMPLES, 'mqtt-sensors'), '--url', `mqtt://127.0.0.1:${broker.port}`], {
      BROKER_LOGIN: `${USER.name}:${USER.password}`,
    });
    assert.deepEqual(steps(r), ['send setInterval (example everyMinute): passed', 'expect reading: passed']);
    assert.equal(code, 0);
  });

  test('replays green against the spec’s MQTT mock (--mock)', async () => {
    const {
      code,
      results: [r],
    } = await results([join(EXAMPLES, 'mqtt-sensors'), '--mock']);
    assert.deepEqual(steps(r), ['send setInterval (example everyMinute): passed', 'expect reading: passed']);
    assert.equal(code, 0);
  });

  test('--examples against the MQTT mock: each channel smoke-tested, parameters filled (sensorId, no example: its name)', async () => {
    const { code, results: rs } = await results([
      '--examples',
      join(EXAMPLES, 'mqtt-sensors', 'asyncapi.yaml'),
      '--mock',
      '--server',
      'local',
      '--listen',
      '300',
    ]);
    assert.deepEqual(
      rs.map((r) => [r.name, r.steps.map((s) => `${s.label}: ${s.status}`)]),
      [
        ['examples on sensors/{sensorId}/temperature', ['listen 300 ms: passed']],
        ['examples on sensors/{sensorId}/commands', ['send setInterval (example everyMinute): passed', 'listen 300 ms: passed']],
      ],
    );
    assert.equal(code, 0);
  });

  test('a wrong expectation fails with the difference; a topic left with a parameter fails before publishing', async () => {
    const wrong = edited('mqtt-sensors', 'readings.session.yaml', (t) => t.replace("match: { sensorId: '42' }", "match: { sensorId: '7' }"));
    const {
      code,
      results: [r],
    } = await results([wrong, '--url', `mqtt://127.0.0.1:${broker.port}`], { BROKER_LOGIN: `${USER.name}:${USER.password}` });
    assert.equal(code, 1);
    const failed = r.steps.find((s) => s.status === 'failed');
    assert.equal(failed?.label, 'expect reading');
    assert.match(failed?.reason ?? '', /^reading arrived but differs from the expected payload:\n- \/sensorId: "7"\n\+ \/sensorId: "42"$/);
    const unfilled = edited('mqtt-sensors', 'readings.session.yaml', (t) => t.replace("parameters: { sensorId: '42' }\n", ''));
    const second = await results([unfilled, '--mock']);
    assert.equal(second.code, 1);
    assert.match(second.results[0].steps[0].reason ?? '', /the topic sensors\/\{sensorId\}\/commands has parameters without values/);
  });
});

describe('Server-Sent Events sessions (examples/sse-prices)', () => {
  test('replays green against the spec’s SSE mock (--mock): a quote, then a halt', async () => {
    const {
      code,
      results: [r],
    } = await results([join(EXAMPLES, 'sse-prices'), '--mock']);
    assert.deepEqual(steps(r), ['expect quote: passed', 'expect halt: passed']);
    assert.equal(code, 0);
  });

  test('a wrong expectation fails in words: the halt arrived with another reason', async () => {
    const wrong = edited('sse-prices', 'prices.session.yaml', (t) =>
      t.replace('reason: news', 'reason: volatility').replace('steps:', 'timeout: 1000\nsteps:'),
    );
    const {
      code,
      results: [r],
    } = await results([wrong, '--mock']);
    assert.equal(code, 1);
    assert.deepEqual(
      r.steps.map((s) => [s.label, s.status]),
      [
        ['expect quote', 'passed'],
        ['expect halt', 'failed'],
      ],
    );
    assert.match(r.steps[1].reason ?? '', /^halt arrived but differs from the expected payload:\n- \/reason: "volatility"\n\+ \/reason: "news"$/);
  });
});
