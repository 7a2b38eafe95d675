import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMessageMatcher, receivableMessages, type MatchResult } from '../../common/src/tryit/messageMatcher';
import { corpus, KRAKEN, modelOf, seed, ZOD_SOCKETS } from '../helpers/tryItModels';
import type { TryItModel } from '../../common/src/tryItModel';

const brief = (r: MatchResult) => ({ id: r.messageId, valid: r.valid, errors: r.errors.map((e) => `${e.path} ${e.message}`) });

const kraken = modelOf(KRAKEN);

test('receivable messages: what 3.x `send` operations emit plus replies to what the client sends; the client view flips it', () => {
  assert.deepEqual(
    receivableMessages(kraken).map((r) => `${r.channelId}/${r.message.id}`),
    ['pong/pong', 'heartbeat/heartbeat', 'systemStatus/systemStatus', 'currencyInfo/subscriptionStatus', 'currencyInfo/dummyCurrencyInfo'],
  );
  // A document describing a client: its `receive` operations are what that client gets.
  assert.deepEqual(
    receivableMessages(kraken, 'client').map((r) => r.message.id),
    ['ping', 'subscribe', 'unsubscribe'],
  );
});

test('Kraken frames are matched by their `event` discriminator, then validated', () => {
  const matcher = createMessageMatcher(receivableMessages(kraken));
  assert.deepEqual(brief(matcher.match({ data: '{"event":"heartbeat"}' })), { id: 'heartbeat', valid: true, errors: [] });
  assert.deepEqual(brief(matcher.match({ data: '{"event":"pong","reqid":42}' })), { id: 'pong', valid: true, errors: [] });
  assert.deepEqual(brief(matcher.match({ data: '{"connectionID":1,"event":"systemStatus","status":"online","version":"1.0.0"}' })), {
    id: 'systemStatus',
    valid: true,
    errors: [],
  });
  const status = matcher.match({
    data: {
      channelID: 10001,
      channelName: 'ohlc-5',
      event: 'subscriptionStatus',
      pair: ['XBT/EUR'],
      reqid: 42,
      status: 'online',
      subscription: { interval: 5, name: 'ohlc' },
    },
  });
  assert.deepEqual(brief(status), { id: 'subscriptionStatus', valid: true, errors: [] });
  assert.equal(status.channelId, 'currencyInfo');
});

test('a frame pinned to a message but violating its schema is invalid, each error revealing its schema in the spec', () => {
  const matcher = createMessageMatcher(receivableMessages(kraken));
  const r = matcher.match({ data: '{"event":"pong","reqid":"forty-two"}' });
  assert.deepEqual(brief(r), { id: 'pong', valid: false, errors: ['/reqid must be integer'] });
  // `reqid` is `$ref: '#/components/schemas/reqid'`: the reveal goes to that schema (line 385 of the file, 0-based 384).
  assert.deepEqual(r.errors[0].location && [r.errors[0].location.line, r.errors[0].location.character], [384, 4]);
  assert.equal(r.errors[0].schemaPath, '#/properties/reqid/type');
  const bad = matcher.match({ data: '{"event":"systemStatus","status":"sleeping"}' });
  assert.equal(bad.messageId, 'systemStatus');
  assert.deepEqual(
    bad.errors.map((e) => [e.path, e.keyword, e.message]),
    [['/status', 'enum', 'must be equal to one of the allowed values: ["online","maintenance","cancel_only","limit_only","post_only"]']],
  );
});

test('frames no receivable message accepts are not in spec (unknown discriminator, a sent-only message, not JSON, binary)', () => {
  const matcher = createMessageMatcher(receivableMessages(kraken));
  for (const data of ['{"event":"nope"}', '{"event":"ping"}', '[1,2]', 'hello']) {
    const r = matcher.match({ data });
    assert.deepEqual([r.messageId, r.valid], [undefined, false], data);
  }
  assert.match(matcher.match({ data: 'hello' }).parseError ?? '', /JSON/);
  const bytes = matcher.match({ data: new Uint8Array([0xff, 0xfe, 0x00]) });
  assert.deepEqual([bytes.messageId, bytes.parseError], [undefined, 'binary data (not UTF-8 text)']);
  assert.equal(matcher.match({ data: new TextEncoder().encode('{"event":"heartbeat"}') }).messageId, 'heartbeat');
});

test('seed 004: `type` picks the message; a schema without discriminators is tried when nothing pins', () => {
  const m = modelOf(seed('websocket-service.yaml'));
  const matcher = createMessageMatcher(receivableMessages(m));
  assert.deepEqual(
    brief(matcher.match({ data: '{"type":"chat_message","data":{"conversation_id":"conv-123","sender_id":"user-456","content":"Hello there!"}}' })),
    { id: 'chatMessage', valid: true, errors: [] },
  );
  assert.deepEqual(brief(matcher.match({ data: '{"type":"error","data":{"code":"teapot","message":"x"}}' })), {
    id: 'error',
    valid: false,
    errors: ['/data/code must be equal to one of the allowed values: ["invalid_request","unauthorized","subscription_failed","internal_error"]'],
  });
  assert.deepEqual(brief(matcher.match({ data: '{"type":"notification"}' })), {
    id: 'notification',
    valid: false,
    errors: [" must have required property 'data'"],
  });
  // Sent by clients only: not something a client receives.
  assert.equal(matcher.match({ data: '{"type":"ping"}' }).messageId, undefined);
});

test('Socket.IO: the event name selects the message; one-argument events match their argument', () => {
  const m = modelOf(seed('chatapp.yaml'));
  const matcher = createMessageMatcher(receivableMessages(m));
  const msg = { id: 101, chatId: 7, senderId: 3, content: 'Hello!', createdAt: '2025-01-01T10:00:00.000Z' };
  assert.deepEqual(brief(matcher.match({ event: 'new_message', data: msg })), { id: 'NewMessage', valid: true, errors: [] });
  assert.deepEqual(brief(matcher.match({ event: 'new_message', data: [msg] })), { id: 'NewMessage', valid: true, errors: [] });
  assert.deepEqual(brief(matcher.match({ event: 'new_message', data: { ...msg, createdAt: 'yesterday' } })), {
    id: 'NewMessage',
    valid: false,
    errors: ['/createdAt must match format "date-time"'],
  });
  assert.deepEqual(brief(matcher.match({ event: 'typing_start', data: { chatId: 7, userId: 2 } })), { id: 'TypingEvent', valid: true, errors: [] });
  assert.deepEqual(brief(matcher.match({ event: 'join_chat', data: { chatId: 7 } })), { id: undefined, valid: false, errors: [] });
  assert.deepEqual(brief(matcher.match({ event: 'surprise', data: {} })), { id: undefined, valid: false, errors: [] });
});

test('Socket.IO tuples written with prefixItems (zod-sockets) validate as 2020-12', () => {
  const matcher = createMessageMatcher(receivableMessages(modelOf(ZOD_SOCKETS)));
  assert.deepEqual(brief(matcher.match({ event: 'chat', data: ['Hello there!', { from: '123abc', features: [{ name: 'visitor' }] }] })), {
    id: 'rootOutgoingChat',
    valid: true,
    errors: [],
  });
  assert.deepEqual(brief(matcher.match({ event: 'chat', data: ['Hello', { from: 'x', features: [] }, 'extra'] })), {
    id: 'rootOutgoingChat',
    valid: false,
    errors: ['/2 must NOT be valid'],
  });
  assert.equal(matcher.match({ event: 'time', data: ['2024-03-28T21:13:15.084Z'] }).valid, true);
});

test('STOMP: the MESSAGE destination selects the channel', () => {
  const m = modelOf(seed('airy-stomp.yaml'));
  const matcher = createMessageMatcher(receivableMessages(m));
  const channel = { id: '3f1c9a34-5d6e-4f7a-8b9c-0d1e2f3a4b5c', name: 'my page 1', source: 'facebook', source_channel_id: 'fb-page-id-1' };
  assert.deepEqual(brief(matcher.match({ destination: '/queue/channel/connected', data: JSON.stringify(channel) })), {
    id: 'channelConnected',
    valid: true,
    errors: [],
  });
  assert.deepEqual(brief(matcher.match({ destination: '/queue/channel/disconnected', data: JSON.stringify(channel) })), {
    id: 'channelDisconnected',
    valid: true,
    errors: [],
  });
  assert.deepEqual(brief(matcher.match({ destination: '/queue/unread-count', data: '{"conversation_id":"x"}' })), {
    id: 'unreadCount',
    valid: false,
    errors: [" must have required property 'unread_message_count'", " must have required property 'timestamp'", '/conversation_id must match format "uuid"'],
  });
  assert.equal(matcher.match({ destination: '/queue/other', data: '{}' }).messageId, undefined);
});

test('validate() lists violations of a payload being written, with locations', () => {
  const sendable = kraken.channels.find((c) => c.id === 'subscribe')!.operations[0].messages[0];
  const matcher = createMessageMatcher([]);
  assert.deepEqual(matcher.validate(sendable, { event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ticker' } }), []);
  const errors = matcher.validate(sendable, { event: 'subscribe', subscription: { name: 'tickers', depth: 11 } });
  assert.deepEqual(
    errors.map((e) => [e.path, e.keyword]),
    [
      ['/subscription/depth', 'enum'],
      ['/subscription/name', 'enum'],
    ],
  );
  assert.ok(errors.every((e) => e.location?.uri === kraken.uri));
});

test('a model that crossed JSON (as over LSP) matches the same', () => {
  const wire = JSON.parse(JSON.stringify(kraken)) as TryItModel;
  const matcher = createMessageMatcher(receivableMessages(wire));
  matcher.warm();
  assert.deepEqual(brief(matcher.match({ data: '{"event":"pong","reqid":1}' })), { id: 'pong', valid: true, errors: [] });
});

test('Socket.IO: the namespace tells apart events declared in several namespaces (asynction)', () => {
  const m = modelOf(corpus('dedoussis__asynction/tests/fixtures/namespace_security.yaml'));
  const matcher = createMessageMatcher(receivableMessages(m));
  assert.equal(matcher.match({ event: 'test', data: 'hi' }).channelId, '/');
  assert.equal(matcher.match({ event: 'test', namespace: '/bearer_secured', data: 'hi' }).channelId, '/bearer_secured');
  assert.equal(matcher.match({ event: 'test', namespace: '/', data: 'hi' }).channelId, '/');
});
