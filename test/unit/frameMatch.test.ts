import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { frameKind, matchFrame } from '../../transports/src/frameMatch';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';
import type { TransportEvent } from '../../transports/src/transport';
import { modelOf, seed } from '../helpers/tryItModels';

type Frame = Extract<TransportEvent, { type: 'frame' }>;
const frame = (extra: Partial<Frame>): Frame => ({ type: 'frame', direction: 'in', time: 0, data: '', ...extra });
const airy = modelOf(join(__dirname, '..', '..', 'examples', 'airy-stomp', 'asyncapi.yaml'));
const unread = JSON.stringify({ conversation_id: '0b5a3f0e-5e57-4d1b-a3b2-8a4f6f2f3c11', unread_message_count: 3, timestamp: '2025-01-01T12:00:00.000Z' });

test('a STOMP MESSAGE is matched by its destination, not by its command', () => {
  const matcher = createMessageMatcher(receivableMessages(airy));
  const r = matchFrame(matcher, 'stomp', frame({ event: 'MESSAGE', destination: '/queue/unread-count', data: unread }));
  assert.deepEqual([r?.messageId, r?.valid], ['UnreadCount', true]);
  const bad = matchFrame(
    matcher,
    'stomp',
    frame({ event: 'MESSAGE', destination: '/queue/unread-count', data: unread.replace('"unread_message_count":3', '"unread_message_count":-3') }),
  );
  assert.deepEqual([bad?.messageId, bad?.errors.map((e) => e.path)], ['UnreadCount', ['/unread_message_count']]);
});

test('STOMP CONNECTED, RECEIPT, ERROR and SUBSCRIBE are protocol frames, never matched', () => {
  const matcher = createMessageMatcher(receivableMessages(airy));
  for (const event of ['CONNECTED', 'RECEIPT', 'ERROR', 'SUBSCRIBE']) {
    assert.equal(frameKind('stomp', { event }), 'protocol', event);
    assert.equal(matchFrame(matcher, 'stomp', frame({ event, destination: '/queue/unread-count', data: unread })), undefined, event);
  }
  assert.equal(frameKind('stomp', { event: 'SEND' }), undefined);
});

test('WebSocket ping/pong are control frames; a Socket.IO event named "ping" is a message', () => {
  assert.equal(frameKind('ws', { event: 'ping' }), 'control');
  assert.equal(frameKind('ws', { event: 'pong' }), 'control');
  assert.equal(frameKind('ws', {}), undefined);
  assert.equal(frameKind('socket.io', { event: 'ping' }), undefined);
  const chat = createMessageMatcher(receivableMessages(modelOf(seed('chatapp.yaml'))));
  const r = matchFrame(chat, 'socket.io', frame({ event: 'typing_start', data: JSON.stringify({ chatId: 7, userId: 2 }) }));
  assert.equal(r?.messageId, 'TypingEvent');
});

test('an MQTT PUBLISH is matched by its topic (a parameter segment matches any id); CONNACK and SUBSCRIBE are protocol frames', () => {
  const sensors = modelOf(join(__dirname, '..', '..', 'examples', 'mqtt-sensors', 'asyncapi.yaml'));
  const matcher = createMessageMatcher(receivableMessages(sensors));
  const reading = JSON.stringify({ sensorId: '42', celsius: 21.5, at: '2026-12-07T10:00:00Z' });
  const r = matchFrame(matcher, 'mqtt', frame({ destination: 'sensors/42/temperature', data: reading }));
  assert.deepEqual([r?.messageId, r?.valid], ['reading', true]);
  const elsewhere = matchFrame(matcher, 'mqtt', frame({ destination: 'sensors/42/humidity', data: reading }));
  assert.equal(elsewhere?.messageId, undefined, 'a topic no channel declares is not in spec');
  for (const event of ['CONNACK', 'SUBSCRIBE']) assert.equal(frameKind('mqtt', { event }), 'protocol', event);
});

test('an SSE event is matched by its event name like a Socket.IO event; the default name `message` by its payload alone', () => {
  const matcher = createMessageMatcher(receivableMessages(modelOf(seed('sse-ticker.yaml'))));
  const tick = JSON.stringify({ lastEventId: '3' }); // a `resumed` payload, sent under the name `tick`
  assert.deepEqual(
    [matchFrame(matcher, 'sse', frame({ event: 'tick', data: tick }))].map((r) => [r?.messageId, r?.valid]),
    [['tick', false]],
  );
  assert.equal(matchFrame(matcher, 'sse', frame({ event: 'message', data: tick }))?.messageId, 'resumed');
  assert.equal(matchFrame(matcher, 'sse', frame({ event: 'other', data: tick }))?.messageId, undefined);
  assert.equal(frameKind('sse', { event: 'tick' }), undefined);
});
