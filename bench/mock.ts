/**
 * Mock server budget (issue 5): one mock holds 1,000 concurrent clients sending 100 msgs/s each on loopback
 * with no errors and no lost messages. The mock runs as a child process (the CLI, as the extension starts it)
 * so its CPU and memory are its own, read from /proc; the clients run here, on the same machine.
 * Run: node --import tsx bench/mock.ts   (MOCK_CLIENTS, MOCK_RATE, MOCK_WARMUP_S, MOCK_STEADY_S override the load; MOCK_CLI
 * another bundled cli.js, for A/B runs; MOCK_NODE_ARGS node flags for the mock, e.g. --cpu-prof; MOCK_WRAP a command
 * the mock runs under: with `valgrind --tool=callgrind …` the counters are zeroed at the start of the steady phase
 * and dumped at its end, and the bench prints instructions per ping → pong, which a loaded machine doesn't skew)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const ROOT = join(__dirname, '..');
const CLIENTS = Number(process.env.MOCK_CLIENTS ?? 1000);
const RATE = Number(process.env.MOCK_RATE ?? 100); // pings per second per client
const STEADY_MS = Number(process.env.MOCK_STEADY_S ?? 10) * 1000;
const WARMUP_MS = Number(process.env.MOCK_WARMUP_S ?? 2) * 1000;
const DRAIN_MS = 8000;
const TICK_MS = 10;
/** At most this many ticks' worth of pings per client per tick: a stalled loop must not turn into a burst. */
const MAX_CATCH_UP = 3;
const CAP = Math.max(1, Math.round(MAX_CATCH_UP * TICK_MS * (RATE / 1000)));
/** Connections opened at once while ramping up (the listen backlog is 511). */
const RAMP_BATCH = 100;
const HARD_LIMIT_MS = 40000;
const CLK_TCK = 100; // getconf CLK_TCK on Linux
/**
 * The load generator's own cost shares the machine with the mock, so it is kept low without changing what goes
 * over the wire: the ping is encoded once (ws then masks it, with a fresh random key per frame, into one buffer
 * and one socket write instead of a header + payload writev), and a reply is checked on its bytes.
 */
const PING = Buffer.from('{"type":"ping","data":{}}');
const AS_TEXT = { binary: false };
const PONG = Buffer.from('"type":"pong"');
const WRAP = process.env.MOCK_WRAP?.split(' ').filter(Boolean) ?? [];
const CALLGRIND = WRAP.some((a) => a.includes('callgrind'));

interface Client {
  ws: WebSocket;
  sent: number;
  pongs: number;
  skipped: number;
  /** When each outstanding ping was sent (ring by ping number): pongs come back in order on a connection. */
  sentAt: Float64Array;
}

/** Outstanding pings remembered per client for the round trip (more outstanding = not timed). */
const RING = 256;
/** Round-trip histogram of the steady phase, in 0.1 ms buckets (the last one: ≥ 5 s). */
const RTT_BUCKET_MS = 0.1;
const rtt = new Uint32Array(50001);
let timing = false;
let untimed = 0;

function percentile(hist: Uint32Array, p: number): number {
  const n = hist.reduce((a, b) => a + b, 0);
  let seen = 0;
  for (let i = 0; i < hist.length; i++) if ((seen += hist[i]) >= n * p) return i * RTT_BUCKET_MS;
  return NaN;
}

function startMockProcess(): Promise<{ child: ChildProcess; url: string }> {
  const cli = process.env.MOCK_CLI ?? join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js missing: run npm run build first');
  const spec = join(ROOT, 'examples', 'jwt-websocket-service', 'asyncapi.yaml');
  const command = [...WRAP, process.execPath, ...(process.env.MOCK_NODE_ARGS?.split(' ').filter(Boolean) ?? []), cli, 'mock', spec, '--port', '0', '--token', 't', '--json'];
  const child = spawn(command[0], command.slice(1), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`mock exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const ev = JSON.parse(line) as { event: string; url?: string; message?: string };
      if (ev.event === 'listening') resolve({ child, url: ev.url! });
      else if (ev.event === 'error') reject(new Error(ev.message));
    });
  });
}

/** CPU seconds (user, system) of a process, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return { user: Number(fields[11]) / CLK_TCK, system: Number(fields[12]) / CLK_TCK };
}

/** VmRSS and VmHWM (peak RSS) in MB, from /proc/<pid>/status. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Busy and total ticks of all cores, from /proc/stat: how much of the machine others took meanwhile. */
function machineTicks(): { busy: number; all: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const all = cpu.reduce((a, b) => a + b, 0);
  return { busy: all - cpu[3] - cpu[4], all };
}

/**
 * Callgrind's instruction counts since the last zeroing: dump now and read the dump's totals, all threads and
 * the main (JS) thread alone (with --separate-threads=yes; V8's compiler and GC threads make the total noisier).
 */
function callgrindDump(pid: number): { all: number; main: number } {
  const out = WRAP.find((a) => a.startsWith('--callgrind-out-file='))?.split('=')[1] ?? `callgrind.out.${pid}`;
  const dir = out.includes('/') ? out.slice(0, out.lastIndexOf('/')) : '.';
  const base = out.slice(out.lastIndexOf('/') + 1);
  const before = new Set(readdirSync(dir));
  execFileSync('callgrind_control', ['--dump=steady', String(pid)], { stdio: 'ignore' });
  const dumps = readdirSync(dir).filter((f) => f.startsWith(base) && !before.has(f));
  const totals = (f: string) => Number(/^(?:totals|summary): (\d+)/m.exec(readFileSync(join(dir, f), 'utf8'))?.[1] ?? NaN);
  const all = dumps.reduce((n, f) => n + totals(f), 0);
  const main = dumps.find((f) => f.endsWith('-01'));
  return { all, main: main ? totals(main) : all };
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) (done = true), fn();
  };
}

async function main(): Promise<void> {
  const loadStart = loadavg();
  const { child, url } = await startMockProcess();
  const pid = child.pid!;
  const clients: Client[] = [];
  let errors = 0;
  let closes = 0;
  let closing = false;
  let sending = false;
  const hard = setTimeout(() => {
    console.error('mock bench: hard time limit reached');
    cleanup();
    process.exit(1);
  }, HARD_LIMIT_MS);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const cleanup = once(() => {
    closing = true;
    for (const c of clients) c.ws.terminate();
    child.kill('SIGTERM');
    clearTimeout(hard);
  });

  try {
    // Ramp up in batches, each waiting for its opens (or failures).
    const rampStart = performance.now();
    for (let i = 0; i < CLIENTS; i += RAMP_BATCH) {
      const batch: Promise<void>[] = [];
      for (let j = i; j < Math.min(CLIENTS, i + RAMP_BATCH); j++) {
        const c: Client = { ws: new WebSocket(`${url}/ws?token=t`, { perMessageDeflate: false }), sent: 0, pongs: 0, skipped: 0, sentAt: new Float64Array(RING) };
        clients.push(c);
        c.ws.on('message', (data: Buffer) => {
          // Only pongs count: the three messages sent on connect are not replies.
          if (data.indexOf(PONG) === -1) return;
          if (timing) {
            if (c.sent - c.pongs <= RING) rtt[Math.min(rtt.length - 1, Math.floor((performance.now() - c.sentAt[c.pongs % RING]) / RTT_BUCKET_MS))]++;
            else untimed++;
          }
          c.pongs++;
        });
        c.ws.on('error', () => void errors++);
        c.ws.on('close', () => void (closing || closes++));
        batch.push(new Promise<void>((resolve) => {
          c.ws.once('open', () => resolve());
          c.ws.once('error', () => resolve());
        }));
      }
      await Promise.all(batch);
    }
    const open = clients.filter((c) => c.ws.readyState === WebSocket.OPEN);
    const rampMs = performance.now() - rampStart;
    console.error(`mock bench: ${open.length}/${CLIENTS} open in ${rampMs.toFixed(0)} ms`);

    // One shared loop: every client is owed RATE pings per second since sending began.
    sending = true;
    const sendStart = performance.now();
    const perMs = RATE / 1000;
    const ticker = setInterval(() => {
      if (!sending) return;
      const now = performance.now();
      const owed = Math.floor((now - sendStart) * perMs);
      for (const c of open) {
        const due = owed - c.skipped - c.sent;
        for (let n = Math.min(due, CAP); n > 0 && c.ws.readyState === WebSocket.OPEN; n--) {
          c.ws.send(PING, AS_TEXT);
          c.sentAt[c.sent++ % RING] = now;
        }
        // A stalled loop must not turn into a burst: what a client could not send in time is not owed any more.
        if (due > CAP) c.skipped += due - CAP;
      }
    }, TICK_MS);

    const total = (f: (c: Client) => number) => clients.reduce((n, c) => n + f(c), 0);
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    // Steady phase: CPU of both processes and messages counted from here.
    if (CALLGRIND) execFileSync('callgrind_control', ['--zero', String(pid)], { stdio: 'ignore' });
    const sent0 = total((c) => c.sent);
    const pongs0 = total((c) => c.pongs);
    const cpu0 = cpuSeconds(pid);
    const machine0 = machineTicks();
    const own0 = process.cpuUsage();
    const t0 = performance.now();
    let peakRss = 0;
    timing = true;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, memory(pid).rss)), 500);
    await new Promise((r) => setTimeout(r, STEADY_MS));
    const steadyS = (performance.now() - t0) / 1000;
    const instructions = CALLGRIND ? callgrindDump(pid) : { all: NaN, main: NaN };
    const cpu1 = cpuSeconds(pid);
    const mockUser = cpu1.user - cpu0.user;
    const mockSystem = cpu1.system - cpu0.system;
    const mockCpu = (mockUser + mockSystem) / steadyS;
    const own = process.cpuUsage(own0);
    const machine1 = machineTicks();
    const machineBusy = (machine1.busy - machine0.busy) / (machine1.all - machine0.all);
    const ownCpu = (own.user + own.system) / 1e6 / steadyS;
    const sentSteady = total((c) => c.sent) - sent0;
    const pongsSteady = total((c) => c.pongs) - pongs0;
    clearInterval(sampler);
    timing = false;
    sending = false;
    clearInterval(ticker);

    // Drain: wait for every pong (polled every 50 ms: checking on each message would cost more), bounded.
    const sent = total((c) => c.sent);
    const drainStart = performance.now();
    while (total((c) => c.pongs) < sent && performance.now() - drainStart < DRAIN_MS) await new Promise((r) => setTimeout(r, 50));
    const drainMs = performance.now() - drainStart;
    const pongs = total((c) => c.pongs);
    const mem = memory(pid);
    peakRss = Math.max(peakRss, mem.rss);
    const lost = sent - pongs;
    const target = CLIENTS * RATE;
    const achieved = sentSteady / steadyS;
    const met = open.length === CLIENTS && errors === 0 && closes === 0 && lost === 0 && achieved >= target * 0.98;

    const load = loadavg();
    console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}; load average ${loadStart.map((x) => x.toFixed(1)).join(' ')} at start, ${load.map((x) => x.toFixed(1)).join(' ')} at end. The clients run on the same cores as the mock.`);
    console.log(`Ramp-up ${(rampMs / 1000).toFixed(1)} s, warm-up ${WARMUP_MS / 1000} s, steady ${steadyS.toFixed(1)} s, drain ${(drainMs / 1000).toFixed(1)} s. During the steady phase the whole machine was ${(machineBusy * 100).toFixed(0)}% busy (all ${cpus().length} cores; mock + clients ${(((mockCpu + ownCpu) / cpus().length) * 100).toFixed(0)}%, the rest is other processes).`);
    console.log('');
    if (CALLGRIND) console.log(`callgrind: ${(instructions.all / Math.max(1, pongsSteady)).toFixed(0)} instructions per ping → pong in the steady phase (user space; all threads; main thread ${(instructions.main / Math.max(1, pongsSteady)).toFixed(0)})`);
    let maxBucket = rtt.length - 1;
    while (maxBucket > 0 && rtt[maxBucket] === 0) maxBucket--;
    const roundTrip = `${percentile(rtt, 0.5).toFixed(1)} / ${percentile(rtt, 0.99).toFixed(1)} / ${maxBucket === rtt.length - 1 ? '≥ 5000' : (maxBucket * RTT_BUCKET_MS).toFixed(0)} ms${untimed ? ` (${untimed} not timed)` : ''}`;
    const perPong = (cpuS: number) => ((cpuS * 1e6) / Math.max(1, pongsSteady)).toFixed(1);
    console.log('| clients open | target msgs/s | achieved msgs/s sent (steady) | pongs/s received (steady) | sent / pongs (whole run) | lost | errors / closes | mock CPU (% of one core, steady) | mock CPU per ping → pong (user + system) | mock RSS end / peak | client process CPU (% of one core) | client CPU per ping → pong (user + system) | round trip p50 / p99 / max (steady) | met |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    console.log(`| ${open.length}/${CLIENTS} | ${target} | ${achieved.toFixed(0)} | ${(pongsSteady / steadyS).toFixed(0)} | ${sent} / ${pongs} | ${lost} | ${errors} / ${closes} | ${(mockCpu * 100).toFixed(0)}% | ${perPong(mockUser + mockSystem)} µs (${perPong(mockUser)} + ${perPong(mockSystem)}) | ${mem.rss.toFixed(0)} / ${Math.max(peakRss, mem.peak).toFixed(0)} MB | ${(ownCpu * 100).toFixed(0)}% | ${perPong((own.user + own.system) / 1e6)} µs (${perPong(own.user / 1e6)} + ${perPong(own.system / 1e6)}) | ${roundTrip} | ${met ? 'yes' : 'NO'} |`);
  } finally {
    cleanup();
    // Let the mock stop on its own (it writes a --cpu-prof profile on exit), bounded.
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000).unref())]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
