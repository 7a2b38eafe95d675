/**
 * Mock server budget (issue 5): one mock holds 1,000 concurrent clients sending 100 msgs/s each on loopback
 * with no errors and no lost messages. The mock runs as a child process (the CLI, as the extension starts it)
 * so its CPU and memory are its own, read from /proc; the clients run here, on the same machine.
 * Run: node --import tsx bench/mock.ts. Environment:
 * - MOCK_CLIENTS, MOCK_RATE (pings/s per client), MOCK_WARMUP_S, MOCK_STEADY_S: the load;
 * - MOCK_CLIENT=ws: the ws library's client instead of ours (rawConnection below);
 * - MOCK_CLI: another bundled cli.js, for A/B runs; MOCK_NODE_ARGS: node flags for the mock (e.g. --cpu-prof);
 * - MOCK_WRAP: a command the mock runs under. With `valgrind --tool=callgrind --smc-check=all-non-file
 *   --separate-threads=yes --callgrind-out-file=DIR/cg.out` the counters are zeroed at the start of the steady
 *   phase and dumped at its end, and the bench prints instructions per ping → pong (repeatable on a loaded
 *   machine; use a light load, e.g. MOCK_CLIENTS=200 MOCK_RATE=5 MOCK_WARMUP_S=8).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { connect } from 'node:net';
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
const PING = Buffer.from('{"type":"ping","data":{}}');
const AS_TEXT = { binary: false };
const PONG = Buffer.from('"type":"pong"');
/** `raw` (default): our own RFC 6455 client below; `ws`: the ws library's client. */
const CLIENT_KIND = process.env.MOCK_CLIENT === 'ws' ? 'ws' : 'raw';
const WRAP = process.env.MOCK_WRAP?.split(' ').filter(Boolean) ?? [];
const CALLGRIND = WRAP.some((a) => a.includes('callgrind'));

interface Client {
  conn: Connection;
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
  const command = [
    ...WRAP,
    process.execPath,
    ...(process.env.MOCK_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    cli,
    'mock',
    spec,
    '--port',
    '0',
    '--token',
    't',
    '--json',
  ];
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

/**
 * One client connection, either kind. The load generator shares the machine with the mock, so its own cost is
 * kept low without changing what the mock gets: every ping is its own masked text frame (a fresh random masking
 * key each) in its own socket write, on its own connection; every frame the mock sends is parsed and each reply
 * checked for `"type":"pong"`.
 */
interface Connection {
  readonly open: boolean;
  sendPing(): void;
  terminate(): void;
}

interface ConnectionEvents {
  opened(): void;
  /** A text message from the mock (its payload is buf[start, end)). */
  message(buf: Buffer, start: number, end: number): void;
  error(): void;
  closed(): void;
}

/** The ws library's client: ping encoded once (ws masks it into one buffer: one write per ping). */
function wsConnection(url: string, on: ConnectionEvents): Connection {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('open', () => on.opened());
  ws.on('message', (data: Buffer) => on.message(data, 0, data.length));
  ws.on('error', () => on.error());
  ws.on('close', () => on.closed());
  return {
    get open() {
      return ws.readyState === WebSocket.OPEN;
    },
    sendPing: () => ws.send(PING, AS_TEXT),
    terminate: () => ws.terminate(),
  };
}

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** One read buffer for every raw connection: each read is parsed before the next (one thread). */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
/** Masking keys, drawn from the system's random source in bulk (as ws does). */
const RANDOM = Buffer.allocUnsafe(64 * 1024);
let randomAt = RANDOM.length;

/** A client-to-server text frame of `payload` (< 126 bytes), masked with a fresh random key. */
function maskedTextFrame(payload: Buffer, opcode = 0x1): Buffer {
  if (randomAt + 4 > RANDOM.length) {
    randomFillSync(RANDOM);
    randomAt = 0;
  }
  const frame = Buffer.allocUnsafe(6 + payload.length);
  frame[0] = 0x80 | opcode;
  frame[1] = 0x80 | payload.length;
  RANDOM.copy(frame, 2, randomAt, (randomAt += 4));
  for (let i = 0; i < payload.length; i++) frame[6 + i] = payload[i] ^ frame[2 + (i & 3)];
  return frame;
}

/**
 * Our own WebSocket client (RFC 6455) for the load, cheaper than ws's (no stream machinery per frame): the
 * opening handshake over TCP (Sec-WebSocket-Key, checking the 101 and Sec-WebSocket-Accept), masked text frames
 * out, frames in parsed from a shared read buffer (a frame split across reads is carried over). A close frame or
 * anything unexpected (a fragment, a masked frame, an extension bit) counts as an error and ends the connection.
 */
function rawConnection(url: string, on: ConnectionEvents): Connection {
  const u = new URL(url);
  const key = randomBytes(16).toString('base64');
  const accept = createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');
  let open = false;
  let failed = false;
  let head = '';
  let rest: Buffer | undefined;
  const fail = () => {
    if (failed) return;
    failed = true;
    open = false;
    on.error();
    socket.destroy();
  };
  const frames = (buf: Buffer, start: number, end: number) => {
    let i = start;
    while (end - i >= 2) {
      const b0 = buf[i];
      let len = buf[i + 1];
      let h = 2;
      if (len & 0x80 || b0 & 0x70) return fail(); // masked, or RSV bits: not what the mock sends
      if (len === 126) {
        if (end - i < 4) break;
        len = buf.readUInt16BE(i + 2);
        h = 4;
      } else if (len === 127) {
        if (end - i < 10) break;
        len = Number(buf.readBigUInt64BE(i + 2));
        h = 10;
      }
      if (end - i < h + len) break;
      const opcode = b0 & 0x0f;
      if (opcode === 0x1 && b0 & 0x80) on.message(buf, i + h, i + h + len);
      else if (opcode === 0x9)
        socket.write(maskedTextFrame(buf.subarray(i + h, i + h + len), 0xa)); // ping → pong
      else if (opcode !== 0xa) return fail(); // close, binary or fragment: the mock sends none here
      i += h + len;
    }
    rest = i < end ? Buffer.from(buf.subarray(i, end)) : undefined;
  };
  const socket = connect({
    host: u.hostname,
    port: Number(u.port),
    onread: {
      buffer: READ_BUFFER,
      callback(n: number): boolean {
        const buf = READ_BUFFER;
        if (failed) return true;
        if (open) {
          if (rest) {
            const all = Buffer.concat([rest, buf.subarray(0, n)]);
            frames(all, 0, all.length);
          } else frames(buf, 0, n);
          return true;
        }
        head += buf.toString('latin1', 0, n);
        const endOfHead = head.indexOf('\r\n\r\n');
        if (endOfHead === -1) return true;
        const lines = head.slice(0, endOfHead).split('\r\n');
        const acceptHeader = lines
          .find((l) => /^sec-websocket-accept:/i.test(l))
          ?.split(':')[1]
          .trim();
        if (!/^HTTP\/1\.1 101 /.test(lines[0]) || acceptHeader !== accept) {
          fail();
          return true;
        }
        open = true;
        on.opened();
        const body = Buffer.from(head.slice(endOfHead + 4), 'latin1');
        head = '';
        if (body.length) frames(body, 0, body.length);
        return true;
      },
    },
  });
  socket.setNoDelay(true);
  socket.on('connect', () =>
    socket.write(
      `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    ),
  );
  socket.on('error', fail);
  socket.on('close', () => {
    open = false;
    if (!failed) on.closed();
  });
  return {
    get open() {
      return open;
    },
    sendPing: () => void socket.write(maskedTextFrame(PING)),
    terminate: () => {
      failed = true;
      open = false;
      socket.destroy();
    },
  };
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
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
    for (const c of clients) c.conn.terminate();
    child.kill('SIGTERM');
    clearTimeout(hard);
  });

  try {
    // Ramp up in batches, each waiting for its opens (or failures).
    const rampStart = performance.now();
    for (let i = 0; i < CLIENTS; i += RAMP_BATCH) {
      const batch: Promise<void>[] = [];
      for (let j = i; j < Math.min(CLIENTS, i + RAMP_BATCH); j++) {
        batch.push(
          new Promise<void>((resolve) => {
            const c: Client = { conn: undefined as unknown as Connection, sent: 0, pongs: 0, skipped: 0, sentAt: new Float64Array(RING) };
            clients.push(c);
            let settled = false;
            const settle = () => void (settled || ((settled = true), resolve()));
            const events: ConnectionEvents = {
              opened: settle,
              message(buf, start, end) {
                // Only pongs count: the three messages sent on connect are not replies.
                const at = buf.indexOf(PONG, start);
                if (at === -1 || at + PONG.length > end) return;
                if (timing) {
                  if (c.sent - c.pongs <= RING) rtt[Math.min(rtt.length - 1, Math.floor((performance.now() - c.sentAt[c.pongs % RING]) / RTT_BUCKET_MS))]++;
                  else untimed++;
                }
                c.pongs++;
              },
              error() {
                errors++;
                settle();
              },
              closed() {
                if (!closing) closes++;
                settle();
              },
            };
            c.conn = (CLIENT_KIND === 'ws' ? wsConnection : rawConnection)(`${url}/ws?token=t`, events);
          }),
        );
      }
      await Promise.all(batch);
    }
    const open = clients.filter((c) => c.conn.open);
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
        for (let n = Math.min(due, CAP); n > 0 && c.conn.open; n--) {
          c.conn.sendPing();
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
    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}; load average ${loadStart.map((x) => x.toFixed(1)).join(' ')} at start, ${load.map((x) => x.toFixed(1)).join(' ')} at end. The clients (${CLIENT_KIND === 'ws' ? "ws's client" : 'our RFC 6455 client'}) run on the same cores as the mock.`,
    );
    console.log(
      `Ramp-up ${(rampMs / 1000).toFixed(1)} s, warm-up ${WARMUP_MS / 1000} s, steady ${steadyS.toFixed(1)} s, drain ${(drainMs / 1000).toFixed(1)} s. During the steady phase the whole machine was ${(machineBusy * 100).toFixed(0)}% busy (all ${cpus().length} cores; mock + clients ${(((mockCpu + ownCpu) / cpus().length) * 100).toFixed(0)}%, the rest is other processes).`,
    );
    console.log('');
    if (CALLGRIND)
      console.log(
        `callgrind: ${(instructions.all / Math.max(1, pongsSteady)).toFixed(0)} instructions per ping → pong in the steady phase (user space; all threads; main thread ${(instructions.main / Math.max(1, pongsSteady)).toFixed(0)})`,
      );
    let maxBucket = rtt.length - 1;
    while (maxBucket > 0 && rtt[maxBucket] === 0) maxBucket--;
    const roundTrip = `${percentile(rtt, 0.5).toFixed(1)} / ${percentile(rtt, 0.99).toFixed(1)} / ${maxBucket === rtt.length - 1 ? '≥ 5000' : (maxBucket * RTT_BUCKET_MS).toFixed(0)} ms${untimed ? ` (${untimed} not timed)` : ''}`;
    const perPong = (cpuS: number) => ((cpuS * 1e6) / Math.max(1, pongsSteady)).toFixed(1);
    console.log(
      '| clients open | target msgs/s | achieved msgs/s sent (steady) | pongs/s received (steady) | sent / pongs (whole run) | lost | errors / closes | mock CPU (% of one core, steady) | mock CPU per ping → pong (user + system) | mock RSS end / peak | client process CPU (% of one core) | client CPU per ping → pong (user + system) | round trip p50 / p99 / max (steady) | met |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    console.log(
      `| ${open.length}/${CLIENTS} | ${target} | ${achieved.toFixed(0)} | ${(pongsSteady / steadyS).toFixed(0)} | ${sent} / ${pongs} | ${lost} | ${errors} / ${closes} | ${(mockCpu * 100).toFixed(0)}% | ${perPong(mockUser + mockSystem)} µs (${perPong(mockUser)} + ${perPong(mockSystem)}) | ${mem.rss.toFixed(0)} / ${Math.max(peakRss, mem.peak).toFixed(0)} MB | ${(ownCpu * 100).toFixed(0)}% | ${perPong((own.user + own.system) / 1e6)} µs (${perPong(own.user / 1e6)} + ${perPong(own.system / 1e6)}) | ${roundTrip} | ${met ? 'yes' : 'NO'} |`,
    );
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
