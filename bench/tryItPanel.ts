/**
 * Try it panel budgets (issue 4): frame received → handed to the webview p95 ≤ 50 ms at 1,000 msgs/s, and
 * extension-host memory growth ≤ 100 MB after 100,000 messages. Match + validate per message is measured by
 * bench/tryIt.ts (its figure is the third budget; not repeated here).
 *
 * A real TryItController with the product's batch interval, connected over `ws` to a peer in a child process
 * (so the peer's CPU doesn't count against the host). Each frame carries its send time; a frame's latency is
 * the time from that send to the host posting the `log` batch that contains it. The webview's own render is
 * NOT included (test/webview/panel.test.ts prints a 10,000-frame render figure).
 *
 * Run: node --import tsx bench/tryItPanel.ts (GC is exposed at run time, bench/run.ts passes no --expose-gc).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_BATCH_MS } from '../client/src/tryit/logBuffer';
import { echoModel, formFor, hostFor, Posts, TryItController } from '../test/helpers/tryItHost';
import type { HostToWebview } from '../common/src/webviewMessages';

const RATE = 1000;
const RATE_SECONDS = 10;
const FLOOD = 100_000;

/** The peer: a `ws` server that, on an IPC command, sends paced frames (`rate`) or as fast as it can (`flood`). */
const PEER = `
const { WebSocketServer } = require('ws');
const now = () => performance.timeOrigin + performance.now();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => process.send({ port: wss.address().port }));
let n = 0;
const frame = () => JSON.stringify({ type: 'pong', n: n++, t: now() });
process.on('message', (cmd) => {
  const socket = [...wss.clients][0];
  if (cmd.kind === 'rate') {
    const start = now();
    let sent = 0;
    const total = cmd.rate * cmd.seconds;
    const tick = () => {
      // Send every frame that is due by now: a steady rate whatever the timer granularity.
      const due = Math.min(total, Math.floor(((now() - start) / 1000) * cmd.rate));
      while (sent < due) { socket.send(frame()); sent++; }
      if (sent < total) setTimeout(tick, 1); else process.send({ done: sent });
    };
    tick();
  } else if (cmd.kind === 'flood') {
    let sent = 0;
    const burst = () => {
      // Respect backpressure so the peer's own buffer doesn't balloon; the host still gets them back to back.
      while (sent < cmd.count && socket.bufferedAmount < 1 << 20) { socket.send(frame()); sent++; }
      if (sent < cmd.count) setImmediate(burst); else process.send({ done: sent });
    };
    burst();
  } else if (cmd.kind === 'exit') process.exit(0);
});
`;

const now = () => performance.timeOrigin + performance.now();

function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)] ?? NaN;
}

/** A forced GC without --expose-gc on the command line: the flag set now applies to new contexts. */
function exposedGc(): (() => void) | undefined {
  const own = (globalThis as { gc?: () => void }).gc;
  if (own) return own;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}
const gc = exposedGc();

function memory(): { heap: number; rss: number } {
  if (gc) for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / 2 ** 20, rss: m.rss / 2 ** 20 };
}

async function command(peer: ChildProcess, cmd: object): Promise<number> {
  peer.send(cmd);
  const [reply] = (await once(peer, 'message')) as [{ done: number }];
  return reply.done;
}

async function main(): Promise<void> {
  const peer = spawn(process.execPath, ['-e', PEER], { cwd: join(__dirname, '..'), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [{ port }] = (await once(peer, 'message')) as [{ port: number }];

  // Per `log` post: which frames it carried (measuring phase) or just how many (flood phase).
  const latencies: number[] = [];
  let received = 0;
  let measuring = true;
  let wanted = 0;
  let arrived: () => void = () => {};
  const posts = new Posts();
  const post = (m: HostToWebview): void => {
    if (m.type !== 'log') return posts.push(m);
    const at = now();
    for (const e of m.entries) {
      if (e.direction !== 'in') continue;
      received++;
      if (measuring) latencies.push(at - (JSON.parse(e.text!) as { t: number }).t);
    }
    if (received >= wanted) arrived();
  };
  // batchMs undefined: the product's default interval, whatever it is.
  const host = hostFor(posts, { post, batchMs: undefined });
  const url = `ws://127.0.0.1:${port}`;
  const model = echoModel(url);
  const controller = new TryItController(model.uri, host);
  controller.setModel(model);
  await controller.handle({ type: 'ready' });
  const open = posts.next('state', (m) => m.state.kind === 'open');
  await controller.handle({ type: 'connect', form: formFor(model) });
  await open;

  const until = (n: number) =>
    new Promise<void>((resolve) => {
      wanted = n;
      arrived = resolve;
      if (received >= n) resolve();
    });

  // Warm-up (JIT, validator compile), not counted.
  await command(peer, { kind: 'rate', rate: RATE, seconds: 1 });
  await until(RATE);
  latencies.length = 0;
  const before = memory();

  const sent = await command(peer, { kind: 'rate', rate: RATE, seconds: RATE_SECONDS });
  await until(RATE + sent);
  const p50 = pct(latencies, 0.5);
  const p95 = pct(latencies, 0.95);
  const max = Math.max(...latencies);

  measuring = false;
  const t = performance.now();
  const flooded = await command(peer, { kind: 'flood', count: FLOOD });
  await until(RATE + sent + flooded);
  const floodS = (performance.now() - t) / 1000;
  const after = memory();
  controller.dispose();
  peer.send({ kind: 'exit' });

  const batch = `default batch interval ${DEFAULT_BATCH_MS} ms`;
  const gcNote = gc ? 'after GC' : 'no GC available: without a forced GC';
  const heapGrowth = after.heap - before.heap;
  const rssGrowth = after.rss - before.rss;
  const f = (x: number) => x.toFixed(1);
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} CPUs; peer in a child process; ${batch}`,
  );
  console.log('');
  console.log('| metric | measured | target | met |');
  console.log('|---|---|---|---|');
  console.log(
    `| frame sent → log batch posted to the webview, ${sent} frames at ${RATE}/s: p50 / p95 / max (webview render not included) | ${f(p50)} / ${f(p95)} / ${f(max)} ms | p95 ≤ 50 ms | ${p95 <= 50 ? 'yes' : 'NO'} |`,
  );
  console.log(`| match + validate per message | see bench/tryIt.ts (match …) | ≤ 20 µs avg | |`);
  console.log(
    `| host memory growth after ${sent + flooded} frames (${sent} paced, then ${flooded} flooded at ${(flooded / floodS).toFixed(0)} frames/s), ${gcNote}: heapUsed / RSS | ${f(heapGrowth)} / ${f(rssGrowth)} MB (heap ${f(before.heap)} → ${f(after.heap)}, RSS ${f(before.rss)} → ${f(after.rss)}) | ≤ 100 MB | ${Math.max(heapGrowth, rssGrowth) <= 100 ? 'yes' : 'NO'} |`,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
