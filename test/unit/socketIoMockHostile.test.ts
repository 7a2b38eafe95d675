/**
 * The Socket.IO mock against malformed input on a bare socket: WebSocket protocol errors (ws's close codes),
 * Engine.IO and Socket.IO packets that cannot be decoded, messages over maxPayload. Each closes its own
 * connection with one log line; a socket.io-client of the same mock still gets its acknowledgement after.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { io as connectClient } from 'socket.io-client';
import { startMock, type RunningMock } from '../../mock/src/mockServer';
import { diskService, fileUri } from '../helpers/fixtures';
import { MALFORMED_FRAMES, oversized } from '../helpers/malformedFrames';
import { clientFrame, rawWebSocket } from '../helpers/rawWebSocket';

const SPEC = join(__dirname, '..', '..', 'examples', 'chatapp-socketio', 'asyncapi.yaml');
const TOKEN = 't';
const MAX = 1024;
const text = (s: string) => clientFrame({ opcode: 1, payload: s });
const JOIN = text(`40{"token":"${TOKEN}"}`);

/** Engine.IO closes the WebSocket without a code (1005) on a packet it or Socket.IO cannot decode. */
const BAD_PACKETS = [
  { name: 'unknown Engine.IO packet type', frames: [text('9')] },
  { name: 'empty Engine.IO packet', frames: [text('')] },
  { name: 'unknown Socket.IO packet type', frames: [JOIN, text('4zzz')] },
  { name: 'event that is not JSON', frames: [JOIN, text('42["join_chat"')] },
  { name: 'binary data with no packet awaiting it', frames: [JOIN, clientFrame({ opcode: 2, payload: Buffer.from([0xff, 0, 1]) })] },
  { name: 'text where an attachment was announced', frames: [JOIN, text('451-["join_chat",{"_placeholder":true,"num":0}]'), text('42["x"]')] },
  {
    name: 'placeholder beyond the attachments',
    frames: [JOIN, text('451-["join_chat",{"_placeholder":true,"num":5}]'), clientFrame({ opcode: 2, payload: Buffer.from([1]) })],
  },
];

describe('Socket.IO mock: malformed input closes its connection only', () => {
  const log: string[] = [];
  let mock: RunningMock;
  before(
    async () =>
      (mock = await startMock(diskService().tryItModel(fileUri(SPEC))!, undefined, { token: TOKEN, port: 0, maxPayloadBytes: MAX }, (l) => log.push(l))),
  );
  after(() => mock.close());

  /** A well-behaved client: join_chat acknowledged. */
  async function answers(): Promise<void> {
    const client = connectClient(mock.url, { transports: ['websocket'], auth: { token: TOKEN }, reconnection: false });
    try {
      const ack = (await client.timeout(5000).emitWithAck('join_chat', { chatId: 'chat-42' })) as { error?: string };
      assert.equal(ack.error, undefined);
    } finally {
      client.close();
    }
  }

  const cases = [
    ...MALFORMED_FRAMES.map((f) => ({ name: f.name, frames: [f.bytes()], code: f.code })),
    { name: `message over maxPayload (${MAX} bytes)`, frames: [oversized(MAX)], code: 1009 },
    ...BAD_PACKETS.map((p) => ({ ...p, code: 1005 })),
  ];
  for (const c of cases) {
    test(`${c.name}: close ${c.code}, one log line, others still answered`, async () => {
      const raw = await rawWebSocket(mock.port, '/socket.io/?EIO=4&transport=websocket');
      const logged = log.length;
      for (const f of c.frames) raw.send(f);
      const { code } = await raw.closed;
      raw.destroy();
      assert.equal(code, c.code);
      assert.equal(log.length - logged, 1, `one line: ${log.slice(logged).join(' | ')}`);
      assert.doesNotMatch(log.at(-1)!, /\n/);
      await answers();
    });
  }

  test('a polling POST over maxPayload is refused with HTTP 413', async () => {
    const open = await fetch(`${mock.url}/socket.io/?EIO=4&transport=polling`);
    const sid = (JSON.parse((await open.text()).slice(1)) as { sid: string }).sid;
    const post = await fetch(`${mock.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '4' + 'x'.repeat(MAX) });
    assert.equal(post.status, 413);
    await answers();
  });
});
