/**
 * Add as example and Add message to spec on specs written in JSON (issue 18.4): the insertion is JSON at the
 * container's own layout and the file's indentation, the result parses as JSON, everything else is byte for byte
 * what it was, the language service finds no problem, and the Try it model sees the new example or message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parse } from 'yaml';
import { serviceWith, readText } from '../helpers/fixtures';
import { addMessageRequest, applyInserts, assertOnlyInserted } from '../helpers/insertions';
import { addExample, offsetOf } from '../../common/src/specEdit/addExample';
import { addMessage } from '../../common/src/specEdit/addMessage';
import { addMessage2 } from '../../common/src/specEdit/addMessage2';
import { inferSchema } from '../../common/src/specEdit/inferSchema';
import type { TextInsert } from '../../common/src/specEdit/yamlInsert';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';
import type { TryItModel } from '../../common/src/tryItModel';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** A seed spec as JSON, indented by `unit`, with one member kept compact on a line (as people write `info`). */
function asJson(yamlPath: string, unit: string | number): string {
  const value = parse(readText(yamlPath)) as Record<string, unknown>;
  const { info, ...rest } = value;
  const body = JSON.stringify(rest, null, unit);
  const pad = typeof unit === 'number' ? ' '.repeat(unit) : unit;
  return body.replace('{\n', `{\n${pad}"info": ${JSON.stringify(info)},\n`) + '\n';
}

function open(text: string) {
  const { service, uri } = serviceWith({ 'asyncapi.json': text });
  const spec = uri('asyncapi.json');
  assert.deepEqual(
    service.diagnostics(spec).map((d) => d.message),
    [],
    'the JSON spec starts clean',
  );
  return {
    model: (): TryItModel => service.tryItModel(spec)!,
    edit(inserts: TextInsert[]) {
      const edited = applyInserts(text, inserts);
      assertOnlyInserted(
        text,
        edited,
        [...inserts].sort((a, b) => a.offset - b.offset),
      );
      JSON.parse(edited); // throws unless the result is JSON
      service.store.setOpen(spec, edited, 2);
      assert.deepEqual(
        service.diagnostics(spec).map((d) => d.message),
        [],
      );
      return edited;
    },
  };
}

test('3.0 in JSON (4 spaces): Add as example appends to a message`s examples, and starts one where there is none', () => {
  const text = asJson(join(EXAMPLES, 'jwt-websocket-service', 'asyncapi.yaml'), 4);
  const s = open(text);
  const messages = s.model().channels.flatMap((c) => c.operations.flatMap((o) => o.messages));
  const subscribed = messages.find((m) => m.id === 'subscribed')!;
  const payload = { type: 'subscribed', data: { channel: 'conversation:conv-1' } };
  const at = offsetOf(text, subscribed.location!.line, subscribed.location!.character);
  const insert = addExample({ kind: 'asyncapi', text, at, messageId: 'subscribed', name: 'recorded', payload });
  assert.ok(typeof insert !== 'string', String(insert));
  const edited = s.edit([insert]);
  assert.match(insert.text, /^,\n {16}"examples": \[\n {20}\{\n {24}"name": "recorded",\n {24}"payload": \{\n {28}"type": "subscribed",/);
  assert.deepEqual((JSON.parse(edited) as { components: { messages: Record<string, { examples: unknown[] }> } }).components.messages.subscribed!.examples, [
    { name: 'recorded', payload },
  ]);
  const after = s.model().channels.flatMap((c) => c.operations.flatMap((o) => o.messages));
  assert.deepEqual(after.find((m) => m.id === 'subscribed')!.examples, [{ name: 'recorded', payload }]);

  const again = open(text);
  const subscribe = messages.find((m) => m.id === 'subscribe')!;
  const sent = { type: 'subscribe', data: { channel: 'conversation:conv-2' } };
  const at2 = offsetOf(text, subscribe.location!.line, subscribe.location!.character);
  const appended = addExample({ kind: 'asyncapi', text, at: at2, messageId: 'subscribe', name: 'recorded', payload: sent });
  assert.ok(typeof appended !== 'string', String(appended));
  again.edit([appended]);
  assert.match(appended.text, /^,\n {20}\{\n {24}"name": "recorded",/);
  const examples = again
    .model()
    .channels.flatMap((c) => c.operations.flatMap((o) => o.messages))
    .find((m) => m.id === 'subscribe')!.examples;
  assert.equal(examples.length, 2);
  assert.deepEqual(examples[1], { name: 'recorded', payload: sent });
});

test('3.0 in JSON (tabs): Add message to spec lands in components, the channel and the receiving operation; the payload matches', () => {
  const text = asJson(join(EXAMPLES, 'jwt-websocket-service', 'asyncapi.yaml'), '\t');
  const s = open(text);
  const payload = { type: 'presence', data: { user: 'ada', online: true } };
  const edit = addMessage(addMessageRequest(text, s.model(), [payload]));
  assert.ok(typeof edit !== 'string', String(edit));
  assert.equal(edit.inserts.length, 3);
  assert.ok(
    edit.inserts.every((i) => !/\n\t* /.test(i.text)),
    'indented with the file`s tabs',
  );
  s.edit(edit.inserts);
  const match = createMessageMatcher(receivableMessages(s.model())).match({ data: JSON.stringify(payload) });
  assert.equal(match.messageId, 'presence');
  assert.equal(match.valid, true);
});

test('2.6 in JSON: Add message to spec wraps the subscribe message in a oneOf; compact JSON stays compact', () => {
  const text = asJson(join(EXAMPLES, 'chatapp-socketio', 'asyncapi.yaml'), 2);
  const s = open(text);
  const channel = s.model().channels.find((c) => c.id === 'user_status')!;
  const payload = { kind: 'presence', user: 'ada' };
  const edit = addMessage2({
    text,
    channelAt: offsetOf(text, channel.location!.line, channel.location!.character),
    channelId: channel.id,
    version: s.model().version,
    name: 'presence',
    payloadSchema: inferSchema([payload]),
    example: payload,
  });
  assert.ok(typeof edit !== 'string', String(edit));
  const edited = s.edit(edit.inserts);
  assert.match(
    edited,
    /"message": \{"oneOf": \[\{\n {10}"\$ref": "#\/components\/messages\/UserStatus"\n {8}\}, \{"\$ref":"#\/components\/messages\/presence"\}\]\}/,
  );
  assert.equal(createMessageMatcher(receivableMessages(s.model())).match({ data: JSON.stringify(payload) }).messageId, 'presence');

  const compact = JSON.stringify(parse(readText(join(EXAMPLES, 'chatapp-socketio', 'asyncapi.yaml'))));
  const one = open(compact);
  const c = one.model().channels.find((x) => x.id === 'user_status')!;
  const edit2 = addMessage2({
    text: compact,
    channelAt: offsetOf(compact, c.location!.line, c.location!.character),
    channelId: c.id,
    version: '2.6.0',
    name: 'presence',
    payloadSchema: inferSchema([payload]),
    example: payload,
  });
  assert.ok(typeof edit2 !== 'string', String(edit2));
  assert.ok(!one.edit(edit2.inserts).includes('\n'), 'a one-line file stays on one line');
});

test('JSON: empty containers take the first entry on lines of their own', () => {
  const text = `{
  "asyncapi": "3.0.0",
  "info": { "title": "t", "version": "1" },
  "channels": {
    "c": { "address": "/c", "messages": {} }
  },
  "components": {
    "messages": {
      "m": { "payload": { "type": "integer" }, "examples": [] }
    }
  }
}
`;
  const s = open(text);
  const insert = addExample({ kind: 'asyncapi', text, at: text.indexOf('"m"'), messageId: 'm', name: 'first', payload: 3 });
  assert.ok(typeof insert !== 'string', String(insert));
  assert.equal(insert.text, '\n        {\n          "name": "first",\n          "payload": 3\n        }\n      ');
  s.edit([insert]);
});
