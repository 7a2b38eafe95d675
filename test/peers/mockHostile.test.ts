/**
 * Hostile input against the mock as the extension runs it: `dist/cli.js mock` in its own process. Every
 * malformed frame class closes its own connection; the process lives on and still answers a normal client.
 * An oversized STOMP SEND is refused without the process's memory growing with it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MALFORMED_FRAMES, oversized } from '../helpers/malformedFrames';
import { clientFrame, rawWebSocket, type RawWebSocket } from '../helpers/rawWebSocket';
import { MockProcess } from '../../client/src/mock/mockProcess';
import { MOCK_TOKEN, startMockCli, socketIoAnswers, stompAnswers, stompConnect, wsAnswers, type MockCli } from '../helpers/mockCli';

const ROOT = join(__dirname, '..', '..');

const PROTOCOLS = [
  {
    name: 'raw ws',
    spec: 'examples/jwt-websocket-service/asyncapi.yaml',
    path: `/ws?token=${MOCK_TOKEN}`,
    headers: {} as Record<string, string>,
    answers: (cli: MockCli) => wsAnswers(cli),
  },
  { name: 'STOMP', spec: 'examples/airy-stomp/asyncapi.yaml', path: '/ws', headers: { 'Sec-WebSocket-Protocol': 'v12.stomp' }, answers: stompAnswers },
  { name: 'Socket.IO', spec: 'examples/chatapp-socketio/asyncapi.yaml', path: '/socket.io/?EIO=4&transport=websocket', headers: {}, answers: socketIoAnswers },
];

describe('mock process: malformed frames', { timeout: 60_000 }, () => {
  for (const p of PROTOCOLS) {
    test(`${p.name}: each malformed frame closes its connection with its code; the process still answers`, async () => {
      const max = 4096;
      const cli = await startMockCli(p.spec, ['--max-payload', String(max)]);
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
    token: MOCK_TOKEN,
    maxPayloadBytes: 2048,
  });
  try {
    const { port } = await mock.ready();
    const raw = await rawWebSocket(port, `/ws?token=${MOCK_TOKEN}`);
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

async function stompSession(cli: MockCli): Promise<RawWebSocket> {
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
    const cli = await startMockCli('examples/airy-stomp/asyncapi.yaml'); // the default limit, 4 MiB
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
