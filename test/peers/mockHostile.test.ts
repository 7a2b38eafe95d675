/**
 * Hostile input against the mock as the extension runs it: `dist/cli.js mock` in its own process. Every
 * malformed frame class closes its own connection; the process lives on and still answers a normal client.
 * An oversized STOMP SEND is refused without the process's memory growing with it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { io as connectClient } from 'socket.io-client';
import { MALFORMED_FRAMES, oversized } from '../helpers/malformedFrames';
import { clientFrame, rawWebSocket, type RawWebSocket } from '../helpers/rawWebSocket';
import { MockProcess } from '../../client/src/mock/mockProcess';

const ROOT = join(__dirname, '..', '..');
const TOKEN = 'test-mock-token';

interface Cli {
  child: ChildProcess;
  port: number;
  url: string;
  logs: string[];
  stop(): Promise<number | null>;
}

/** Spawns `node dist/cli.js mock <spec> --json` and waits for its listening event. */
function startCli(spec: string, args: string[] = []): Promise<Cli> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'mock', join(ROOT, spec), '--json', '--port', '0', '--token', TOKEN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const e = JSON.parse(buf.slice(0, i)) as { event: string; message?: string; port?: number; url?: string };
        buf = buf.slice(i + 1);
        if (e.event === 'log') logs.push(e.message!);
        if (e.event === 'listening') resolve({ child, port: e.port!, url: e.url!, logs, stop: () => (child.kill('SIGTERM'), exited) });
      }
    });
    void exited.then((code) => reject(new Error(`the mock exited (${code}) before listening: ${stderr}`)));
  });
}

async function wsAnswers(cli: Cli): Promise<void> {
  const ws = new WebSocket(`${cli.url}/ws?token=${TOKEN}`);
  try {
    const pong = new Promise<void>((resolve) => ws.on('message', (d) => String(d).includes('"pong"') && resolve()));
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    ws.send('{"type":"ping","data":{}}');
    await pong;
  } finally {
    ws.terminate();
  }
}

const stompConnect = `CONNECT\naccept-version:1.2\nhost:mock\nlogin:guest\npasscode:${TOKEN}\n\n\0`;

async function stompAnswers(cli: Cli): Promise<void> {
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

async function socketIoAnswers(cli: Cli): Promise<void> {
  const client = connectClient(cli.url, { transports: ['websocket'], auth: { token: TOKEN }, reconnection: false });
  try {
    const ack = (await client.timeout(5000).emitWithAck('join_chat', { chatId: 'chat-42' })) as { error?: string };
    assert.equal(ack.error, undefined);
  } finally {
    client.close();
  }
}

const PROTOCOLS = [
  {
    name: 'raw ws',
    spec: 'examples/jwt-websocket-service/asyncapi.yaml',
    path: `/ws?token=${TOKEN}`,
    headers: {} as Record<string, string>,
    answers: wsAnswers,
  },
  { name: 'STOMP', spec: 'examples/airy-stomp/asyncapi.yaml', path: '/ws', headers: { 'Sec-WebSocket-Protocol': 'v12.stomp' }, answers: stompAnswers },
  { name: 'Socket.IO', spec: 'examples/chatapp-socketio/asyncapi.yaml', path: '/socket.io/?EIO=4&transport=websocket', headers: {}, answers: socketIoAnswers },
];

describe('mock process: malformed frames', { timeout: 60_000 }, () => {
  for (const p of PROTOCOLS) {
    test(`${p.name}: each malformed frame closes its connection with its code; the process still answers`, async () => {
      const max = 4096;
      const cli = await startCli(p.spec, ['--max-payload', String(max)]);
      try {
        const cases = [...MALFORMED_FRAMES, { name: 'oversized', bytes: () => oversized(max), code: 1009 }];
        for (const c of cases) {
          const raw = await rawWebSocket(cli.port, p.path, p.headers);
          raw.send(c.bytes());
          assert.equal((await raw.closed).code, c.code, c.name);
          raw.destroy();
          await p.answers(cli);
        }
        assert.equal(cli.child.exitCode, null, 'still running');
        assert.equal(cli.logs.length, cases.length, `one line each: ${cli.logs.join(' | ')}`);
        assert.equal(await cli.stop(), 0, 'stops cleanly');
      } finally {
        await cli.stop();
      }
    });
  }
});

test("MockProcess (the extension's launcher) hands specsocket.mock.maxPayloadBytes to the mock", { timeout: 10_000 }, async () => {
  const mock = new MockProcess({
    cliPath: join(ROOT, 'dist', 'cli.js'),
    spec: join(ROOT, 'examples/jwt-websocket-service/asyncapi.yaml'),
    port: 0,
    token: TOKEN,
    maxPayloadBytes: 2048,
  });
  try {
    const { port } = await mock.ready();
    const raw = await rawWebSocket(port, `/ws?token=${TOKEN}`);
    raw.send(oversized(2048));
    assert.equal((await raw.closed).code, 1009);
    raw.destroy();
  } finally {
    await mock.stop();
  }
});

/** The process's resident set now and at its peak (Linux), in MB. */
function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function stompSession(cli: Cli): Promise<RawWebSocket> {
  const raw = await rawWebSocket(cli.port, '/ws', { 'Sec-WebSocket-Protocol': 'v12.stomp' });
  raw.send(clientFrame({ opcode: 1, payload: stompConnect }));
  await raw.nextFrame((f) => f.payload.toString().startsWith('CONNECTED'));
  return raw;
}

async function assertRefusedTooLarge(raw: RawWebSocket): Promise<void> {
  const error = await raw.nextFrame((f) => f.payload.toString().startsWith('ERROR'));
  assert.match(error.payload.toString(), /message:Frame too large/);
  assert.equal((await raw.closed).code, 1009);
  raw.destroy();
}

describe('mock process: memory under oversized STOMP frames', { timeout: 60_000 }, () => {
  test('a 20 MB SEND, in one message or in 1 MB messages without its NUL, is refused; the mock stays small', async () => {
    const cli = await startCli('examples/airy-stomp/asyncapi.yaml'); // the default limit, 4 MiB
    try {
      await stompAnswers(cli);
      const before = memoryMb(cli.child.pid!);
      const send = 'SEND\ndestination:/queue/message\ncontent-type:application/json\n\n';
      const body = Buffer.alloc(20 * 1024 * 1024, 0x61);
      const whole = await stompSession(cli);
      whole.send(clientFrame({ opcode: 1, payload: Buffer.concat([Buffer.from(send), body, Buffer.from([0])]) }));
      await assertRefusedTooLarge(whole);
      const spread = await stompSession(cli);
      spread.send(clientFrame({ opcode: 1, payload: send }));
      for (let at = 0; at < body.length && !spread.socket.destroyed; at += 1024 * 1024)
        spread.send(clientFrame({ opcode: 1, payload: body.subarray(at, at + 1024 * 1024) }));
      await assertRefusedTooLarge(spread);
      await stompAnswers(cli);
      const after = memoryMb(cli.child.pid!);
      // Before the limit and the reader, the one-message SEND alone took the mock from ~70 to ~590 MB. Now the peak
      // is ~30 MB up: the frames ws still reads (and drops) after the refusal, until a collection frees them.
      assert.ok(after.peak - before.rss < 64, `RSS ${before.rss.toFixed(0)} MB, then a peak of ${after.peak.toFixed(0)} MB`);
    } finally {
      await cli.stop();
    }
  });
});
