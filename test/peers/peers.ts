/**
 * Real third-party peers for the transport tests: the Python servers in ./servers (Debian
 * python3-websockets / python3-socketio / python3-jwt) and a RabbitMQ broker with Web-STOMP.
 * A peer that cannot start is a test FAILURE (CI installs them; see .ci/run), never a skip.
 * Readiness is an event (a READY line, the broker's "startup complete" log line), never a sleep.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Transport, TransportEvent } from '../../transports/src/transport';

/** Debian's interpreter: the python3-* packages live there, not in a pyenv/venv python. */
export const PYTHON = '/usr/bin/python3';
export const JWT_SECRET = 'specsocket-test-secret';
const SERVERS = path.join(__dirname, 'servers');

export interface Peer {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
  closeAllConnections?(): Promise<void>;
}

/** Wait for a line on the child's stdout matching `ready`, or fail with what the child said. */
function awaitLine(child: ChildProcess, ready: RegExp, what: string, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => finish(new Error(`${what} did not become ready within ${timeoutMs} ms.\n${out.slice(-2000)}\n${err.slice(-2000)}`)),
      timeoutMs,
    );
    const onOut = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(ready);
      if (m) finish(undefined, m);
    };
    const onErr = (chunk: Buffer) => (err += chunk.toString());
    const onExit = (code: number | null) => finish(new Error(`${what} exited (code ${code}) before it was ready:\n${err.slice(-3000)}${out.slice(-2000)}`));
    function finish(e?: Error, m?: RegExpMatchArray) {
      clearTimeout(timer);
      child.stdout!.off('data', onOut);
      child.stdout!.resume(); // keep draining (RabbitMQ logs to stdout) so the child never blocks on a full pipe
      child.off('exit', onExit);
      if (e) reject(e);
      else resolve(m!);
    }
    child.stdout!.on('data', onOut);
    child.stderr!.on('data', onErr);
    child.once('exit', onExit);
    child.once('error', (e) => finish(new Error(`${what} could not be started: ${e.message}`)));
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Start one of ./servers/*.py on a free port (or `port`) and wait for its READY line. */
export async function startPythonPeer(script: string, args: string[] = [], port = 0): Promise<Peer> {
  const child = spawn(PYTHON, ['-u', path.join(SERVERS, script), '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const m = await awaitLine(child, /READY (\d+)/, `${script}`, 60_000);
  return { port: Number(m[1]), process: child, stop: () => stopChild(child) };
}

/**
 * Start a peer again on the port a killed one used. Another process may briefly hold that port (an
 * outgoing connection's ephemeral port), so a bounded number of tries, each a full start.
 */
export async function restartPythonPeer(script: string, port: number, args: string[] = [], tries = 20): Promise<Peer> {
  for (let i = 1; ; i++) {
    try {
      return await startPythonPeer(script, args, port);
    } catch (e) {
      if (i >= tries || !/address already in use|Errno 98/i.test((e as Error).message)) throw e;
    }
  }
}

/** A JWT signed by PyJWT (python3-jwt), the library the peers verify with. */
export function mintJwt(claims: Record<string, unknown>, secret = JWT_SECRET): string {
  const code = 'import jwt,json,sys; print(jwt.encode(json.loads(sys.argv[1]), sys.argv[2], algorithm="HS256"))';
  return execFileSync(PYTHON, ['-c', code, JSON.stringify(claims), secret])
    .toString()
    .trim();
}

/**
 * A private RabbitMQ node with only rabbitmq_web_stomp enabled, Web-STOMP on a free port of 127.0.0.1 (so two
 * test runs, or another broker, can share the machine). A port taken between choosing and binding is retried.
 */
export async function startRabbitMq(tries = 3): Promise<Peer> {
  for (let i = 1; ; i++) {
    try {
      return await startRabbitMqOn(await freePort(), await freePort());
    } catch (e) {
      if (i >= tries || !/eaddrinuse/i.test((e as Error).message)) throw e;
    }
  }
}

async function startRabbitMqOn(port: number, distPort: number): Promise<Peer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'specsocket-rabbit-'));
  writeFileSync(path.join(dir, 'enabled_plugins'), '[rabbitmq_web_stomp].\n');
  writeFileSync(
    path.join(dir, 'rabbitmq.conf'),
    ['listeners.tcp = none', 'stomp.listeners.tcp = none', `web_stomp.tcp.port = ${port}`, 'web_stomp.tcp.ip = 127.0.0.1', 'loopback_users = none', ''].join(
      '\n',
    ),
  );
  const pidFile = path.join(dir, 'rabbit.pid');
  const env = {
    ...process.env,
    HOME: dir,
    RABBITMQ_BASE: dir,
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_LOGS: '-',
    RABBITMQ_PID_FILE: pidFile,
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_NODENAME: `specsocket-${process.pid}-${port}@localhost`,
    RABBITMQ_DIST_PORT: String(distPort),
  };
  const child = spawn('/usr/lib/rabbitmq/bin/rabbitmq-server', [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await awaitLine(child, /Server startup complete/, 'RabbitMQ (rabbitmq-server with rabbitmq_web_stomp)', 120_000);
  } catch (e) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const stop = async () => {
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    // epmd, started by the broker as a daemon, inherits the pipes: let go of them or the test process lingers.
    child.stdout?.destroy();
    child.stderr?.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  /** The broker drops every client connection (as an operator or a failover would). */
  const closeAllConnections = () =>
    new Promise<void>((resolve, reject) => {
      const ctl = spawn(
        '/usr/lib/rabbitmq/bin/rabbitmqctl',
        ['-n', env.RABBITMQ_NODENAME, 'close_all_connections', 'SpecSocket test: connection dropped by the broker'],
        { env, stdio: 'ignore' },
      );
      ctl.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rabbitmqctl close_all_connections exited with ${code}`))));
    });
  return { port, process: child, stop, closeAllConnections };
}

export interface MqttBroker extends Peer {
  /** MQTT over WebSocket, on its own free port. */
  wsPort: number;
}

/**
 * Eclipse Mosquitto (Debian's mosquitto) with an MQTT listener and an MQTT-over-WebSocket listener on free ports
 * of 127.0.0.1, anonymous access off and one user (`user`/`password`) in a password file made by
 * mosquitto_passwd. Ready when it logs "running".
 */
export async function startMosquitto(user: { name: string; password: string }, tries = 3): Promise<MqttBroker> {
  for (let i = 1; ; i++) {
    const [port, wsPort] = [await freePort(), await freePort()];
    const dir = mkdtempSync(path.join(tmpdir(), 'specsocket-mosquitto-'));
    execFileSync('mosquitto_passwd', ['-b', '-c', path.join(dir, 'passwords'), user.name, user.password]);
    // Started as root, Mosquitto drops to its own user, which must still read its files.
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'passwords'), 0o644);
    const conf = [
      `listener ${port} 127.0.0.1`,
      'protocol mqtt',
      `listener ${wsPort} 127.0.0.1`,
      'protocol websockets',
      'allow_anonymous false',
      `password_file ${path.join(dir, 'passwords')}`,
      'persistence false',
      'log_dest stderr',
      '',
    ];
    writeFileSync(path.join(dir, 'mosquitto.conf'), conf.join('\n'));
    // Its log goes to stderr, which C leaves unbuffered (stdout into a pipe would hold the "running" line back).
    const child = spawn('sh', ['-c', 'exec /usr/sbin/mosquitto -c "$0" 2>&1', path.join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await awaitLine(child, /mosquitto version \S+ running/, 'Mosquitto (mosquitto)', 30_000);
      const stop = async () => {
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      };
      return { port, wsPort, process: child, stop };
    } catch (e) {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
      if (i >= tries || !/address already in use/i.test((e as Error).message)) throw e;
    }
  }
}

/** A TCP server that accepts and never answers: the handshake-timeout case. */
export function silentTcpServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => sockets.add(s));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    ),
  );
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Records a transport's events and lets a test await the first one that matches. */
export class Recorder<E extends { type: string } = TransportEvent> {
  readonly events: E[] = [];
  private waiters: { match: (e: E) => boolean; resolve: (e: E) => void }[] = [];

  constructor(source: { onEvent(l: (e: E) => void): unknown }) {
    source.onEvent((e) => this.push(e));
  }

  private push(e: E): void {
    this.events.push(e);
    for (const w of [...this.waiters]) {
      if (w.match(e)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  }

  /** The first event (already seen or future) matching; fails with the events seen after `timeoutMs`. */
  waitFor<T extends E>(match: (e: E) => e is T, timeoutMs?: number): Promise<T>;
  waitFor(match: (e: E) => boolean, timeoutMs?: number): Promise<E>;
  waitFor(match: (e: E) => boolean, timeoutMs = 30_000): Promise<E> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        const tail = this.events
          .slice(-8)
          .map((e) => JSON.stringify(e).slice(0, 300))
          .join('\n');
        reject(new Error(`No matching event within ${timeoutMs} ms. Last events:\n${tail}`));
      }, timeoutMs);
      const done = (e: E) => {
        clearTimeout(timer);
        resolve(e);
      };
      this.waiters.push({ match, resolve: done });
    });
  }
}

export function frames(rec: Recorder<TransportEvent>, direction: 'in' | 'out' = 'in') {
  return rec.events.filter((e): e is Extract<TransportEvent, { type: 'frame' }> => e.type === 'frame' && e.direction === direction);
}

export function jsonOf(e: TransportEvent): unknown {
  return e.type === 'frame' && typeof e.data === 'string' ? JSON.parse(e.data) : undefined;
}

export type { Transport };
