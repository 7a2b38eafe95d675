/**
 * The raw WebSocket mock writes its frames itself (framed in one buffer, constant replies framed once, the writes
 * of one turn of the event loop corked together): the bytes and their order must be what ws.send would give.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import WebSocket from 'ws';
import { textFrame } from '../../mock/src/ws';
import { startMock } from '../../mock/src/mockServer';
import { diskService, fileUri, FIXTURES } from '../helpers/fixtures';

/** ws's own framing of a server-to-client text message (header and payload concatenated). */
function wsFrame(text: string): Buffer {
  const { Sender } = WebSocket as unknown as { Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] } };
  return Buffer.concat(Sender.frame(Buffer.from(text), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false }));
}

test('a text frame is byte for byte what ws frames, at every length class', () => {
  for (const text of [
    '',
    'x',
    '{"type":"pong"}',
    'é'.repeat(62) + 'x',
    'a'.repeat(125),
    'a'.repeat(126),
    'ü'.repeat(70),
    'a'.repeat(65535),
    'a'.repeat(65536),
    '\u{1F600}'.repeat(20000),
  ]) {
    assert.deepEqual(textFrame(text), wsFrame(text), `${text.length} characters`);
  }
});

test('replies to messages that arrive together keep their order, and a close frame comes after them', async () => {
  const model = diskService().tryItModel(fileUri(join(FIXTURES, 'mock', 'reply.asyncapi.yaml')))!;
  const mock = await startMock(model, undefined, { token: 't', port: 0 });
  const ws = new WebSocket(`${mock.url}/rpc`);
  try {
    const got: string[] = [];
    ws.on('message', (data) => got.push(String(data)));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    // Sent in one turn of the loop: the mock reads them together (in one or a few reads).
    for (let i = 0; i < 20; i++) ws.send(JSON.stringify({ type: 'get_price', request: { id: `r-${i}`, symbol: 'ETH' } }));
    ws.send('{not json');
    assert.equal(await closed, 1007);
    assert.deepEqual(
      got.map((t) => (JSON.parse(t) as { inReplyTo: string }).inReplyTo),
      Array.from({ length: 20 }, (_, i) => `r-${i}`),
    );
  } finally {
    ws.terminate();
    await mock.close();
  }
});

test('the ws mock answers pings with identical pong frames and keeps replying after many', { timeout: 10_000 }, async () => {
  const model = diskService().tryItModel(fileUri(join(__dirname, '..', '..', 'examples', 'jwt-websocket-service', 'asyncapi.yaml')))!;
  const mock = await startMock(model, undefined, { token: 't', port: 0 });
  const ws = new WebSocket(`${mock.url}/ws?token=t`);
  try {
    const frames: { text: string; binary: boolean }[] = [];
    // The error answers the last message sent: once it is here, every reply before it is too.
    const errorArrived = new Promise<void>((resolve) =>
      ws.on('message', (data, binary) => {
        frames.push({ text: String(data), binary });
        if (String(data).includes('"error"')) resolve();
      }),
    );
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    for (let i = 0; i < 50; i++) ws.send('{"type":"ping","data":{}}');
    ws.send('{"type":"subscribe","data":{"channel":42}}');
    await errorArrived;
    const pongs = frames.filter((f) => f.text.includes('"pong"'));
    assert.equal(pongs.length, 50);
    assert.ok(
      frames.every((f) => !f.binary),
      'all text frames',
    );
    assert.deepEqual(new Set(pongs.map((f) => f.text)), new Set([pongs[0].text]));
    assert.deepEqual(JSON.parse(pongs[0].text), { type: 'pong', data: {} });
    assert.match(frames.at(-1)!.text, /Invalid subscribe/, 'the error (a fresh payload) comes last, in order');
    assert.equal(mock.stats.received, 51);
  } finally {
    ws.terminate();
    await mock.close();
  }
});
