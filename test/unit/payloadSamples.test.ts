import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMessageMatcher } from '../../common/src/tryit/messageMatcher';
import { formatPayload, generatePayload, payloadSample, payloadSamples } from '../../common/src/tryit/payloadSamples';
import { ASYNCTION, GEMINI, KRAKEN, modelOf, seed, ZOD_SOCKETS } from '../helpers/tryItModels';
import type { TryItMessage, TryItModel } from '../../common/src/tryItModel';

const messages = (m: TryItModel): TryItMessage[] => m.channels.flatMap((c) => c.operations.flatMap((o) => [...o.messages, ...(o.reply?.messages ?? [])]));
const find = (m: TryItModel, id: string) => messages(m).find((x) => x.id === id)!;
const kraken = modelOf(KRAKEN);

test('the first example comes first, then the others, then one generated from the schema', () => {
  const status = find(kraken, 'subscriptionStatus');
  const samples = payloadSamples(status);
  assert.deepEqual(
    samples.map((s) => [s.label, s.source]),
    [
      ['Example 1', 'example'],
      ['Example 2', 'example'],
      ['Generated from schema', 'schema'],
    ],
  );
  assert.equal(samples[0].text, JSON.stringify(status.examples[0].payload, null, 2));
  assert.deepEqual(payloadSample(status), samples[0]);
  const named = payloadSample(find(modelOf(seed('chatapp.yaml')), 'NewMessage'));
  assert.deepEqual([named.label, named.value], ['hello', { id: 101, chatId: 7, senderId: 3, content: 'Hello!', createdAt: '2025-01-01T10:00:00.000Z' }]);
});

test('without examples the payload is generated: consts, defaults, first enum values, formats', () => {
  const subscribe = payloadSample(find(kraken, 'subscribe'));
  assert.equal(subscribe.source, 'schema');
  assert.deepEqual(subscribe.value, {
    event: 'subscribe',
    reqid: 0,
    pair: ['A/A'],
    subscription: { depth: 10, interval: 1, name: 'book', ratecounter: false, snapshot: true, token: 'string' },
  });
  assert.equal(subscribe.text, JSON.stringify(subscribe.value, null, 2));
  const unread = payloadSample(find(modelOf(seed('airy-stomp.yaml')), 'unreadCount')).value as Record<string, unknown>;
  assert.match(String(unread.conversation_id), /^[0-9a-f]{8}-[0-9a-f]{4}-/);
  assert.match(String(unread.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
});

test('generated samples carry generated headers when the message declares a headers schema', () => {
  const msg = {
    id: 'm',
    payload: { type: 'object' },
    headers: { type: 'object', required: ['x-id'], properties: { 'x-id': { type: 'string', default: 'abc' } } },
    examples: [],
    discriminators: [],
  };
  assert.deepEqual(payloadSample(msg).headers, { 'x-id': 'abc' });
  assert.equal(payloadSample(find(kraken, 'ping')).headers, undefined);
});

test('requiredOnly leaves out optional properties', () => {
  assert.deepEqual(generatePayload(find(kraken, 'subscribe').payload, { requiredOnly: true }), { event: 'subscribe' });
});

test('a root oneOf is sampled branch by branch until the schema accepts the sample (Kraken status, Gemini market data)', () => {
  const v = createMessageMatcher([]);
  const status = find(kraken, 'subscriptionStatus');
  assert.deepEqual(v.validate(status, generatePayload(status.payload)), []);
  const market = find(modelOf(GEMINI), 'marketData');
  const value = generatePayload(market.payload) as Record<string, unknown>;
  assert.deepEqual(v.validate(market, value), []);
  assert.equal(value.type, 'heartbeat');
});

test('every message of the seeds and corpus examples gets a generated payload its own schema accepts', () => {
  const v = createMessageMatcher([]);
  const files = [
    seed('dataverse.yaml'),
    seed('chatapp.yaml'),
    seed('fern-chat.yaml'),
    seed('airy-stomp.yaml'),
    seed('websocket-service.yaml'),
    KRAKEN,
    GEMINI,
    ZOD_SOCKETS,
    ASYNCTION,
  ];
  let count = 0;
  for (const f of files) {
    for (const msg of messages(modelOf(f))) {
      const errors = v.validate(msg, generatePayload(msg.payload));
      assert.deepEqual(errors, [], `${f} ${msg.id}`);
      count++;
    }
  }
  assert.ok(count > 40, `${count} messages`);
});

test('text: pretty JSON, except a string payload of a non-JSON content type, which is the raw text', () => {
  assert.equal(formatPayload({ a: [1] }), '{\n  "a": [\n    1\n  ]\n}');
  assert.equal(formatPayload('hi', 'text/plain'), 'hi');
  assert.equal(formatPayload('hi', 'application/json'), '"hi"');
  assert.equal(formatPayload('hi', 'application/vnd.api+json'), '"hi"');
  assert.equal(formatPayload('hi'), '"hi"');
  assert.equal(generatePayload(false), null);
  assert.deepEqual(generatePayload(true), {});
});
