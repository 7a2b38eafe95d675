/**
 * The STOMP mock's limits, over real sockets: an oversized frame gets a STOMP ERROR frame then close 1009 (whether
 * one WebSocket message carries it or several do), heart-beats stay within 1 s–1 h whatever the client asks.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startMock, type RunningMock } from '../../mock/src/mockServer';
import { diskService, fileUri } from '../helpers/fixtures';
import { clientFrame, rawWebSocket, type RawWebSocket } from '../helpers/rawWebSocket';

const SPEC = join(__dirname, '..', '..', 'examples', 'airy-stomp', 'asyncapi.yaml');
const TOKEN = 't';
const MAX = 1024;
const text = (s: string | Buffer) => clientFrame({ opcode: 1, payload: s });
const connect = (heartBeat: string) => `CONNECT\naccept-version:1.2\nhost:mock\nlogin:guest\npasscode:${TOKEN}\nheart-beat:${heartBeat}\n\n\0`;
const SEND = 'SEND\ndestination:/queue/message\ncontent-type:application/json\n';

describe('STOMP mock limits', { timeout: 10_000 }, () => {
  let mock: RunningMock;
  before(async () => (mock = await startMock(diskService().tryItModel(fileUri(SPEC))!, undefined, { token: TOKEN, port: 0, maxPayloadBytes: MAX })));
  after(() => mock.close());

  async function connected(heartBeat = '0,0'): Promise<{ raw: RawWebSocket; headers: string }> {
    const raw = await rawWebSocket(mock.port, '/ws', { 'Sec-WebSocket-Protocol': 'v12.stomp' });
    raw.send(text(connect(heartBeat)));
    const f = await raw.nextFrame((f) => f.payload.toString().startsWith('CONNECTED'));
    return { raw, headers: f.payload.toString() };
  }

  async function assertRefusedTooLarge(raw: RawWebSocket): Promise<void> {
    const error = await raw.nextFrame((f) => f.payload.toString().startsWith('ERROR'));
    assert.match(error.payload.toString(), /message:Frame too large/);
    assert.equal((await raw.closed).code, 1009);
    raw.destroy();
  }

  test('a SEND in one message over maxPayload: ERROR frame, then close 1009', async () => {
    const { raw } = await connected();
    raw.send(text(SEND + '\n' + 'x'.repeat(MAX) + '\0'));
    await assertRefusedTooLarge(raw);
  });

  test('a SEND spread over messages, without its NUL, past maxPayload: ERROR frame, then close 1009', async () => {
    const { raw } = await connected();
    raw.send(text(SEND + '\n'));
    for (let i = 0; i < 3; i++) raw.send(text('x'.repeat(MAX / 2)));
    await assertRefusedTooLarge(raw);
  });

  test('a content-length over maxPayload is refused from the header, before the body', async () => {
    const { raw } = await connected();
    raw.send(text(`${SEND}content-length:${MAX * 100}\n\n{`));
    await assertRefusedTooLarge(raw);
  });

  test('a SEND within the limit, sent a byte per message, is read and answered', async () => {
    const { raw } = await connected();
    raw.send(text('SUBSCRIBE\nid:1\ndestination:/queue/message\nreceipt:r1\n\n\0'));
    await raw.nextFrame((f) => f.payload.toString().startsWith('RECEIPT'));
    const before = raw.frames.length;
    for (const b of Buffer.from(`${SEND}receipt:r2\n\n{"bogus":true}\0`)) raw.send(text(Buffer.from([b])));
    const receipt = await raw.nextFrame((f) => /receipt-id:r2/.test(f.payload.toString()));
    assert.ok(raw.frames.indexOf(receipt) >= before);
    raw.destroy();
  });

  test('a malformed frame (a header line without a colon) gets an ERROR frame and its connection closed', async () => {
    const { raw } = await connected();
    raw.send(text('SEND\ndestination /queue/message\n\n{}\0'));
    const error = await raw.nextFrame((f) => f.payload.toString().startsWith('ERROR'));
    assert.match(error.payload.toString(), /message:Malformed frame/);
    assert.equal((await raw.closed).code, 1000);
    raw.destroy();
  });

  test('heart-beat 0,4294967296 is clamped to one an hour: CONNECTED says so, and no flood follows', async () => {
    const { raw, headers } = await connected('0,4294967296');
    assert.match(headers, /\nheart-beat:3600000,0\n/);
    // Unclamped, Node fired the timer every 1 ms: hundreds of heart-beats in this window. Clamped, none.
    const firstBeat = raw.nextFrame((f) => f.payload.toString() === '\n');
    const outcome = await Promise.race([firstBeat.then(() => 'heart-beat'), new Promise((r) => setTimeout(r, 300, 'quiet'))]);
    assert.equal(outcome, 'quiet');
    raw.destroy();
  });

  test('heart-beat 0,1 is raised to one a second: the first comes about a second after CONNECTED', async () => {
    const { raw, headers } = await connected('0,1');
    const start = performance.now();
    assert.match(headers, /\nheart-beat:1000,0\n/);
    await raw.nextFrame((f) => f.payload.toString() === '\n');
    const waited = performance.now() - start;
    assert.ok(waited > 900 && waited < 3000, `${waited} ms`);
    raw.destroy();
  });
});

test('a STOMP mock on a port in use rejects with EADDRINUSE (the extension then picks a free port)', async () => {
  // The http server's error reached ws's server too, where nothing heard it: the process ended instead.
  const taken = createServer();
  const port = await new Promise<number>((r) => taken.listen(0, '127.0.0.1', () => r((taken.address() as { port: number }).port)));
  try {
    await assert.rejects(startMock(diskService().tryItModel(fileUri(SPEC))!, undefined, { token: TOKEN, port }), { code: 'EADDRINUSE' });
  } finally {
    taken.close();
  }
});
