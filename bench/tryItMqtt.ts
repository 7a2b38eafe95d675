/**
 * Try it over MQTT (issue 19): received PUBLISH → matched by topic and validated → handed to the webview, at
 * 5,000 msgs/s, in the panel host's own path, as bench/tryItPanel.ts does for ws at 1,000 msgs/s.
 *
 * A real TryItController (the product's batch interval) with the real MQTT transport connects to the MQTT mock of
 * examples/mqtt-sensors (`dist/cli.js mock`, an Aedes broker in its own process) and subscribes as the panel does
 * (`sensors/+/temperature`); a publisher in another child process (MQTT.js) sends paced readings whose `at` is
 * the send time. A frame's latency is from that send to the host posting the `log` batch that carries it. The
 * host's CPU time per message is process.cpuUsage over the paced phase (broker and publisher are other processes).
 *
 * Run: npm run build && node --import tsx bench/tryItMqtt.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_BATCH_MS } from '../client/src/tryit/logBuffer';
import { createTransport } from '../transports/src';
import { hostFor, MemorySecrets, Posts, TryItController } from '../test/helpers/tryItHost';
import { modelOf } from '../test/helpers/tryItModels';
import type { HostToWebview } from '../common/src/webviewMessages';

const RATE = 5000;
const SECONDS = 10;
const TOKEN = 'bench-mock-token';
const ROOT = join(__dirname, '..');
const SPEC = join(ROOT, 'examples', 'mqtt-sensors', 'asyncapi.yaml');

/** The publisher: MQTT.js, paced on an IPC command; each reading's `at` carries its send time (ms precision). */
const PUBLISHER = `
const mqtt = require('mqtt');
const c = mqtt.connect(process.argv[1], { username: 'bench', password: process.argv[2], reconnectPeriod: 0 });
c.on('connect', () => process.send({ ready: true }));
process.on('message', (cmd) => {
  if (cmd.kind === 'exit') return c.end(true, () => process.exit(0));
  const start = performance.now();
  let sent = 0;
  const total = cmd.rate * cmd.seconds;
  const tick = () => {
    // Send every reading that is due by now: a steady rate whatever the timer granularity.
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * cmd.rate));
    while (sent < due) {
      const at = new Date().toISOString();
      c.publish('sensors/' + (sent % 50) + '/temperature', JSON.stringify({ sensorId: String(sent % 50), celsius: 20 + (sent % 10), at }));
      sent++;
    }
    if (sent < total) setTimeout(tick, 1); else process.send({ done: sent });
  };
  tick();
});
`;

function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)] ?? NaN;
}

/** `dist/cli.js mock` of the spec on a free port: resolves with its URL once it listens. */
async function startBroker(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'mock', SPEC, '--json', '--port', '0', '--token', TOKEN], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    const e = JSON.parse(line) as { event: string; url?: string; message?: string };
    if (e.event === 'listening') return { child, url: e.url! };
    if (e.event === 'error') throw new Error(`the mock did not start: ${e.message}`);
  }
  throw new Error('the mock exited before listening');
}

async function command(peer: ChildProcess, cmd: object): Promise<number> {
  peer.send(cmd);
  const [reply] = (await once(peer, 'message')) as [{ done: number }];
  return reply.done;
}

async function main(): Promise<void> {
  const broker = await startBroker();
  const publisher = spawn(process.execPath, ['-e', PUBLISHER, broker.url, TOKEN], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await once(publisher, 'message');

  const latencies: number[] = [];
  const tally = { received: 0, matched: 0, invalid: 0 };
  let measuring = false;
  let wanted = 0;
  let arrived: () => void = () => {};
  const posts = new Posts();
  const post = (m: HostToWebview): void => {
    if (m.type !== 'log') return posts.push(m);
    const at = Date.now();
    for (const e of m.entries) {
      if (e.direction !== 'in' || e.kind) continue;
      tally.received++;
      if (!measuring) continue;
      if (e.match) tally.matched++;
      if (e.violations?.length) tally.invalid++;
      latencies.push(at - Date.parse((JSON.parse(e.text!) as { at: string }).at));
    }
    if (tally.received >= wanted) arrived();
  };
  const model = modelOf(SPEC);
  const port = new URL(broker.url).port;
  // batchMs undefined: the product's default interval, whatever it is.
  const host = hostFor(posts, { post, batchMs: undefined, createTransport, secrets: new MemorySecrets(`bench:${TOKEN}`) });
  const controller = new TryItController(model.uri, host);
  controller.setModel(model);
  await controller.handle({ type: 'ready' });
  const open = posts.next('state', (m) => m.state.kind === 'open');
  await controller.handle({ type: 'connect', form: { server: 'local', variables: { port }, channel: 'temperature', parameters: {}, query: {}, headers: {} } });
  await open;

  const until = (n: number) =>
    new Promise<void>((resolve) => {
      wanted = n;
      arrived = resolve;
      if (tally.received >= n) resolve();
    });

  // Warm-up (JIT, validator compile), not counted; the mock's own example on subscribe counts as received.
  const warm = await command(publisher, { kind: 'rate', rate: RATE, seconds: 1 });
  await until(warm);
  const base = tally.received;
  measuring = true;
  const cpu = process.cpuUsage();
  const t = performance.now();
  const sent = await command(publisher, { kind: 'rate', rate: RATE, seconds: SECONDS });
  await until(base + sent);
  const wall = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  controller.dispose();
  publisher.send({ kind: 'exit' });
  broker.child.kill();

  const cpuUs = (used.user + used.system) / sent;
  const f = (x: number) => x.toFixed(1);
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} CPUs; broker (the MQTT mock) and publisher in child processes; default batch interval ${DEFAULT_BATCH_MS} ms`,
  );
  console.log('');
  console.log('| metric | measured |');
  console.log('|---|---|');
  console.log(`| readings published at ${RATE}/s for ${SECONDS} s, received by the host | ${sent} sent, ${tally.received - base} received in ${f(wall)} s |`);
  console.log(`| matched to \`reading\` by topic / flagged invalid | ${tally.matched} / ${tally.invalid} |`);
  console.log(
    `| publish → log batch posted to the webview: p50 / p95 / max (ms clock; webview render not included) | ${f(pct(latencies, 0.5))} / ${f(pct(latencies, 0.95))} / ${f(Math.max(...latencies))} ms |`,
  );
  console.log(`| host CPU per message (receive, match, validate, batch) | ${f(cpuUs)} µs (${f((cpuUs * RATE) / 10_000)} % of one core at ${RATE}/s) |`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
