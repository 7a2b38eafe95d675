import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { replyPayload } from '../../mock/src/payloads';
import { diskService, fileUri, FIXTURES } from '../helpers/fixtures';
import type { TryItMessage } from '../../common/src/tryItModel';

const message = (id: string, examplePayload: unknown, location?: string): TryItMessage => ({
  id,
  payload: {},
  examples: [{ payload: examplePayload }],
  discriminators: [],
  ...(location ? { correlationId: { location } } : {}),
});

test("the model carries each message's declared correlation ID", () => {
  const model = diskService().tryItModel(fileUri(join(FIXTURES, 'mock', 'reply.asyncapi.yaml')))!;
  const op = model.channels[0].operations.find((o) => o.id === 'askPrice')!;
  assert.deepEqual(op.messages[0].correlationId, { location: '$message.payload#/request/id' });
  assert.deepEqual(op.reply?.messages[0].correlationId, { location: '$message.payload#/inReplyTo' });
});

test('a reply copies the declared correlation ID from the request to its own location', () => {
  const request = message('getPrice', {}, '$message.payload#/request/id');
  const reply = message('price', { type: 'price', inReplyTo: 'example', price: 1 }, '$message.payload#/inReplyTo');
  assert.deepEqual(replyPayload(reply, { type: 'get_price', request: { id: 'abc' } }, request), { type: 'price', inReplyTo: 'abc', price: 1 });
});

test("a reply without its own location uses the request's; nested objects are created", () => {
  const request = message('q', {}, '$message.payload#/meta/cid');
  const reply = message('r', { ok: true });
  assert.deepEqual(replyPayload(reply, { meta: { cid: 7 } }, request), { ok: true, meta: { cid: 7 } });
});

test('without a declaration, id-like fields present in both are copied; the example itself is untouched', () => {
  const example = { id: 'example', result: 1 };
  const reply = message('r', example);
  assert.deepEqual(replyPayload(reply, { id: 'req-9', other: 1 }), { id: 'req-9', result: 1 });
  assert.deepEqual(example, { id: 'example', result: 1 });
});
