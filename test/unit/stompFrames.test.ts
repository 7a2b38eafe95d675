/** The STOMP mock's frame reader (bounded, bytes not JS arrays) and close reasons cut by bytes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IRawFrameType } from '@stomp/stompjs' with { 'resolution-mode': 'import' };
import { StompFrameReader } from '../../mock/src/stompFrames';
import { closeReason } from '../../mock/src/closeReason';
import { heartBeatEvery } from '../../mock/src/stompLimits';

function reader(max = 1000) {
  const frames: { command: string; headers: [string, string][]; body: string }[] = [];
  const r = new StompFrameReader(max, (f: IRawFrameType) =>
    frames.push({ command: f.command!, headers: f.headers, body: Buffer.from(f.binaryBody!).toString() }),
  );
  return { frames, push: (s: string | Buffer) => r.push(Buffer.from(s)) };
}

test('frames are read whole however the messages cut them: together, apart, a byte at a time, CRLF', () => {
  const text = 'SEND\ndestination:/a\n\nhello\0\n\nSEND\r\ndestination:/b\r\n\r\nworld\0';
  for (const cut of [[text], [text.slice(0, 20), text.slice(20)], [...text]]) {
    const { frames, push } = reader();
    for (const part of cut) assert.equal(push(part), undefined);
    assert.deepEqual(
      frames,
      [
        { command: 'SEND', headers: [['destination', '/a']], body: 'hello' },
        { command: 'SEND', headers: [['destination', '/b']], body: 'world' },
      ],
      `${cut.length} parts`,
    );
  }
});

test('content-length frames may hold NULs; a wrong length or a header without a colon is malformed', () => {
  const { frames, push } = reader();
  assert.equal(push('SEND\ncontent-length:3\n\na\0b\0'), undefined);
  assert.equal(frames[0].body, 'a\0b');
  assert.equal(reader().push('SEND\ncontent-length:2\n\nabc\0'), 'malformed');
  assert.equal(reader().push('SEND\ncontent-length:-1\n\n\0'), 'malformed');
  assert.equal(reader().push('SEND\nno colon here\n\n\0'), 'malformed');
});

test('an unfinished frame over the limit is too large, as is a content-length over it', () => {
  const r = reader(100);
  assert.equal(r.push('SEND\n\n' + 'x'.repeat(90)), undefined);
  assert.equal(r.push('x'.repeat(20)), 'too-large');
  assert.equal(reader(100).push('SEND\ncontent-length:101\n\n'), 'too-large');
  assert.equal(reader(100).push('SEND\n' + 'h'.repeat(200)), 'too-large', 'headers that never end');
});

test('close reasons: at most 123 bytes, cut on a character boundary', () => {
  assert.equal(closeReason('short'), 'short');
  for (const text of ['a'.repeat(200), 'é'.repeat(100), '\u{1F600}'.repeat(40), 'a' + '\u{1F600}'.repeat(40)]) {
    const out = closeReason(text);
    assert.ok(Buffer.byteLength(out) <= 123, `${Buffer.byteLength(out)} bytes`);
    assert.ok(out.endsWith('…') && text.startsWith(out.slice(0, -1)));
    assert.ok(!/[\uD800-\uDBFF]$/.test(out.slice(0, -1)), 'no half surrogate pair');
  }
});

test('heart-beats: none when not asked, else 1 s to 1 h', () => {
  assert.equal(heartBeatEvery(undefined), 0);
  assert.equal(heartBeatEvery('0,0'), 0);
  assert.equal(heartBeatEvery('0,x'), 0);
  assert.equal(heartBeatEvery('0,1'), 1000);
  assert.equal(heartBeatEvery('10,5000'), 5000);
  assert.equal(heartBeatEvery('0,4294967296'), 3_600_000);
});
