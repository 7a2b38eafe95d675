/**
 * The mock as the extension runs it: `dist/cli.js mock <spec> --json` in its own process, its JSON lines read
 * (common/src/mockEvents.ts), and a well-behaved client of each protocol to ask whether it still answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import { io as connectClient } from 'socket.io-client';
import { decodeMockLine } from '../../common/src/mockEvents';

const ROOT = join(__dirname, '..', '..');
export const MOCK_TOKEN = 'test-mock-token';

export interface MockCli {
  child: ChildProcess;
  port: number;
  url: string;
  logs: string[];
  /** Its `error` events (a mock must never send one for what a client sends). */
  errors: string[];
  stderr: () => string;
  stop(): Promise<number | null>;
}

/** Spawns `node dist/cli.js mock <spec> --json` (spec relative to the repository) and waits for its listening event. */
export function startMockCli(spec: string, args: string[] = []): Promise<MockCli> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'mock', join(ROOT, spec), '--json', '--port', '0', '--token', MOCK_TOKEN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const errors: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const e = decodeMockLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (e?.event === 'log') logs.push(e.message);
        if (e?.event === 'error') errors.push(e.message);
        if (e?.event === 'listening')
          resolve({ child, port: e.port, url: e.url, logs, errors, stderr: () => stderr, stop: () => (child.kill('SIGTERM'), exited) });
      }
    });
    void exited.then((code) => reject(new Error(`the mock exited (${code}) before listening: ${stderr}`)));
  });
}

/** A raw WebSocket client of jwt-websocket-service (a mock process, or one in this process): ping answered with pong. */
export async function wsAnswers(mock: { url: string }, token = MOCK_TOKEN): Promise<void> {
  const ws = new WebSocket(`${mock.url}/ws?token=${token}`);
  try {
    const pong = new Promise<void>((resolve) => ws.on('message', (d) => String(d).includes('"pong"') && resolve()));
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    ws.send('{"type":"ping","data":{}}');
    await pong;
  } finally {
    ws.terminate();
  }
}

export const stompConnect = `CONNECT\naccept-version:1.2\nhost:mock\nlogin:guest\npasscode:${MOCK_TOKEN}\n\n\0`;

/** A STOMP client of airy-stomp: CONNECT answered with CONNECTED. */
export async function stompAnswers(cli: MockCli): Promise<void> {
  const ws = new WebSocket(cli.url, 'v12.stomp');
  try {
    const connected = new Promise<void>((resolve) => ws.on('message', (d) => String(d).startsWith('CONNECTED') && resolve()));
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    ws.send(stompConnect);
    await connected;
  } finally {
    ws.terminate();
  }
}

/** A Socket.IO client of chatapp-socketio: join_chat acknowledged without an error. */
export async function socketIoAnswers(cli: MockCli): Promise<void> {
  const client = connectClient(cli.url, { transports: ['websocket'], auth: { token: MOCK_TOKEN }, reconnection: false });
  try {
    const ack = (await client.timeout(5000).emitWithAck('join_chat', { chatId: 'chat-42' })) as { error?: string };
    if (ack.error !== undefined) throw new Error(`join_chat answered ${JSON.stringify(ack)}`);
  } finally {
    client.close();
  }
}
