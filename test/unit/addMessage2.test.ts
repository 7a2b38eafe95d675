/**
 * "Add message to spec" for AsyncAPI 2.x (issue 18.4): the message lands in components and in the channel's
 * `subscribe` operation (what the client receives); the spec stays free of diagnostics, every original byte is
 * still there, and the Try it model then matches the payload to the new message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serviceWith, readText } from '../helpers/fixtures';
import { applyInserts, assertOnlyInserted } from '../helpers/insertions';
import { offsetOf } from '../../common/src/specEdit/addExample';
import { addMessage2 } from '../../common/src/specEdit/addMessage2';
import { inferSchema } from '../../common/src/specEdit/inferSchema';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';

const presence = { kind: 'presence', user: 'ada', online: true };

/** Adds `presence` on `channelId` of the spec; returns the edited text, the edit and the match of the payload after. */
function addTo(text: string, channelId: string, payload: unknown = presence) {
  const { service, uri } = serviceWith({ 'asyncapi.yaml': text });
  const spec = uri('asyncapi.yaml');
  assert.deepEqual(messagesOf(service), [], 'the spec starts clean');
  const match = () => createMessageMatcher(receivableMessages(service.tryItModel(spec)!)).match({ data: JSON.stringify(payload) });
  assert.notEqual(match().messageId, 'presence', 'not in spec before');
  const channel = service.tryItModel(spec)!.channels.find((c) => c.id === channelId)!;
  const edit = addMessage2({
    text,
    channelAt: offsetOf(text, channel.location!.line, channel.location!.character),
    channelId,
    version: service.tryItModel(spec)!.version,
    name: 'presence',
    payloadSchema: inferSchema([payload]),
    example: payload,
  });
  assert.ok(typeof edit !== 'string', String(edit));
  const edited = applyInserts(text, edit.inserts);
  service.store.setOpen(spec, edited, 2);
  return { edit, edited, diagnostics: messagesOf(service), after: match() };

  function messagesOf(s: typeof service) {
    return s.diagnostics(spec).map((d) => d.message);
  }
}

test('2.6 seed spec: a single `$ref` message becomes a oneOf with the new message, and the payload matches it', () => {
  const text = readText(join(__dirname, '..', '..', 'examples', 'chatapp-socketio', 'asyncapi.yaml'));
  const r = addTo(text, 'user_status');
  assertOnlyInserted(text, r.edited, r.edit.inserts);
  assert.deepEqual(r.diagnostics, []);
  assert.match(
    r.edited,
    / {6}message:\n {8}oneOf:\n {10}- \$ref: '#\/components\/messages\/UserStatus'\n {10}- \{"\$ref":"#\/components\/messages\/presence"\}\n/,
  );
  assert.equal(r.after.messageId, 'presence');
  assert.equal(r.after.valid, true);
});

const spec2 = (channel: string) => `asyncapi: 2.0.0
info:
  title: t
  version: '1'
channels:
  /ws:
${channel}components:
  messages:
    tick: # kept
      payload: {type: object, required: [n], properties: {n: {type: integer}}, additionalProperties: false}
`;

test('2.0: an inline block message after a comment is wrapped in oneOf, its lines indented, its bytes kept', () => {
  const text = spec2(`    subscribe:
      message:
        # the tick
        name: tick
        payload:
          type: object
          required: [n]
          properties: {n: {type: integer}}
          additionalProperties: false
`);
  const r = addTo(text, '/ws');
  assertOnlyInserted(text, r.edited, r.edit.inserts);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.after.messageId, 'presence');
  assert.match(r.edited, / {8}# the tick\n {8}oneOf:\n {10}- name: tick\n {12}payload:\n {14}type: object\n/);
});

test('2.0: an existing oneOf gets one more item; a flow message is wrapped in flow style', () => {
  const oneOf = spec2(`    subscribe:
      message:
        oneOf:
          - $ref: '#/components/messages/tick'
`);
  const a = addTo(oneOf, '/ws');
  assertOnlyInserted(oneOf, a.edited, a.edit.inserts);
  assert.deepEqual(a.diagnostics, []);
  assert.equal(a.after.messageId, 'presence');
  assert.match(a.edited, /- \$ref: '#\/components\/messages\/tick'\n {10}- \$ref: "#\/components\/messages\/presence"\n/);

  const flow = spec2(`    subscribe:
      message: {$ref: '#/components/messages/tick'} # one message
`);
  const b = addTo(flow, '/ws');
  assertOnlyInserted(flow, b.edited, b.edit.inserts);
  assert.deepEqual(b.diagnostics, []);
  assert.equal(b.after.messageId, 'presence');
  assert.match(
    b.edited,
    /message: \{"oneOf": \[\{\$ref: '#\/components\/messages\/tick'\}, \{"\$ref":"#\/components\/messages\/presence"\}\]\} # one message\n/,
  );
});

test('2.0: a channel the client only publishes to gets a subscribe operation; a taken name gets a number', () => {
  const text = spec2(`    publish:
      message:
        $ref: '#/components/messages/tick'
`);
  const r = addTo(text, '/ws', { n: 'one' });
  assertOnlyInserted(text, r.edited, r.edit.inserts);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.after.messageId, 'presence');
  const taken = addMessage2({ text, channelAt: text.indexOf('/ws:'), channelId: '/ws', version: '2.0.0', name: 'tick', payloadSchema: {}, example: 1 });
  assert.ok(typeof taken !== 'string');
  assert.equal(taken.name, 'tick2');
  assert.match(String(addMessage2({ text, channelAt: 0, channelId: '/ws', version: '2.0.0', name: 'x', payloadSchema: {}, example: 1 })), /no longer where/);
});

test('a channel that is a `$ref` to one written elsewhere is refused in words', () => {
  const text = spec2(`    $ref: 'other.yaml#/channels/ws'
`);
  const edit = addMessage2({ text, channelAt: text.indexOf('/ws:'), channelId: '/ws', version: '2.0.0', name: 'x', payloadSchema: {}, example: 1 });
  assert.match(String(edit), /cannot add to channel \/ws: it is a \$ref to a channel written elsewhere/);
});
