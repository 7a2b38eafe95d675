/**
 * "Add as example" (issue 18.4) on the real seed specs: the insertion leaves every other byte of the file as it
 * was (comments, flow maps, quotes), the language service then finds no problem in the spec, and its Try it
 * model lists the new example with the payload.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serviceWith, readText } from '../helpers/fixtures';
import { addExample, offsetOf } from '../../common/src/specEdit/addExample';
import { applyInsert, type TextInsert } from '../../common/src/specEdit/yamlInsert';
import type { TryItMessage, TryItModel } from '../../common/src/tryItModel';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

function messageOf(model: TryItModel, id: string): TryItMessage {
  const all = model.channels.flatMap((c) => c.operations.flatMap((o) => [...o.messages, ...(o.reply?.messages ?? [])]));
  const m = all.find((x) => x.id === id);
  assert.ok(m, `message ${id} in the model`);
  return m;
}

/** Opens `files` (the first is the spec), adds the example, and returns the service over the edited text. */
function addTo(files: Record<string, string>, kind: 'asyncapi' | 'fern', id: string, name: string, payload: unknown, version?: string) {
  const { service, uri } = serviceWith(files);
  const path = Object.keys(files)[0]!;
  const text = files[path]!;
  assert.deepEqual(messagesOf(service.diagnostics(uri(path))), [], 'the spec starts clean');
  const message = messageOf(service.tryItModel(uri(path))!, id);
  const insert = addExample({ kind, text, at: offsetOf(text, message.location!.line, message.location!.character), messageId: id, name, payload, version });
  assert.ok(typeof insert !== 'string', String(insert));
  const edited = applyInsert(text, insert);
  service.store.setOpen(uri(path), edited, 2);
  return { service, uri: uri(path), edited, insert, text };
}

const messagesOf = (diags: { message: string }[]) => diags.map((d) => d.message);

/** Removing the inserted text gives back the original byte for byte: nothing else was reformatted. */
function assertOnlyInserted(text: string, edited: string, insert: TextInsert): void {
  assert.equal(edited.slice(0, insert.offset) + edited.slice(insert.offset + insert.text.length), text);
}

test('3.0: an example is appended to a message that has examples; comments and flow maps are kept, no diagnostics', () => {
  const spec = readText(join(EXAMPLES, 'jwt-websocket-service', 'asyncapi.yaml'));
  const payload = { type: 'subscribe', data: { channel: 'conversation:conv-9' } };
  const r = addTo({ 'asyncapi.yaml': spec }, 'asyncapi', 'subscribe', 'recorded', payload);
  assertOnlyInserted(r.text, r.edited, r.insert);
  assert.deepEqual(messagesOf(r.service.diagnostics(r.uri)), []);
  const examples = messageOf(r.service.tryItModel(r.uri)!, 'subscribe').examples;
  assert.deepEqual(examples.at(-1), { name: 'recorded', payload });
  assert.equal(examples.length, 2);
});

test('3.0: a message without examples gets an `examples` list, at its keys` indentation', () => {
  const spec = readText(join(EXAMPLES, 'jwt-websocket-service', 'asyncapi.yaml'));
  const payload = { type: 'subscribed', data: { channel: 'conversation:conv-123' } };
  const r = addTo({ 'asyncapi.yaml': spec }, 'asyncapi', 'subscribed', 'after subscribe', payload);
  assertOnlyInserted(r.text, r.edited, r.insert);
  assert.match(r.insert.text, /^ {6}examples:\n {8}- name: after subscribe\n/);
  assert.deepEqual(messagesOf(r.service.diagnostics(r.uri)), []);
  assert.deepEqual(messageOf(r.service.tryItModel(r.uri)!, 'subscribed').examples, [{ name: 'after subscribe', payload }]);
});

test('2.6: an inline message with comments, at the end of a file without a final newline; a taken name gets a number', () => {
  const spec = `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  /ws:
    subscribe:
      message: # the only message
        name: tick
        payload: {type: object, required: [n], properties: {n: {type: integer}}}  # kept as written
        examples:
          - name: recorded
            payload: {n: 1}
          # a comment after the list`;
  const r = addTo({ 'asyncapi.yaml': spec }, 'asyncapi', 'tick', 'recorded', { n: 2 });
  assertOnlyInserted(r.text, r.edited, r.insert);
  assert.deepEqual(messagesOf(r.service.diagnostics(r.uri)), []);
  assert.deepEqual(
    messageOf(r.service.tryItModel(r.uri)!, 'tick').examples.map((e) => [e.name, e.payload]),
    [
      ['recorded', { n: 1 }],
      ['recorded 2', { n: 2 }],
    ],
  );
});

test('2.0: the example is a bare `payload` map (2.0 examples have no name), and the spec stays clean', () => {
  const spec = `asyncapi: 2.0.0
info: {title: t, version: '1'}
channels:
  /ws:
    subscribe:
      message:
        name: tick
        payload: {type: integer}
`;
  const r = addTo({ 'asyncapi.yaml': spec }, 'asyncapi', 'tick', 'recorded', 7, '2.0.0');
  assertOnlyInserted(r.text, r.edited, r.insert);
  assert.equal(r.insert.text, '        examples:\n          - payload: 7\n');
  assert.deepEqual(messagesOf(r.service.diagnostics(r.uri)), []);
  assert.deepEqual(
    messageOf(r.service.tryItModel(r.uri)!, 'tick').examples.map((e) => e.payload),
    [7],
  );
});

test('Fern: the example goes to the channel`s examples as `messages: [{ type, body }]`', () => {
  const dir = join(EXAMPLES, 'fern');
  const files = {
    'fern/definition/chat.yml': readText(join(dir, 'definition', 'chat.yml')),
    'fern/definition/api.yml': readText(join(dir, 'definition', 'api.yml')),
    'fern/fern.config.json': readText(join(dir, 'fern.config.json')),
  };
  const body = { id: '1', message: 'hello from the server' };
  const r = addTo(files, 'fern', 'subscribe', 'recorded reply', body);
  assertOnlyInserted(r.text, r.edited, r.insert);
  assert.deepEqual(messagesOf(r.service.diagnostics(r.uri)), []);
  assert.match(r.insert.text, /^ {4}- name: recorded reply\n {6}messages:\n {8}- type: subscribe\n {10}body:\n/);
});

test('what cannot take an example is said in words, and nothing is inserted', () => {
  const flow = `asyncapi: 3.0.0
info: {title: t, version: '1'}
components:
  messages:
    m: {payload: {type: string}}
`;
  const at = flow.indexOf('m: {');
  assert.match(String(addExample({ kind: 'asyncapi', text: flow, at, messageId: 'm', name: 'x', payload: 'a' })), /flow style/);
  assert.match(String(addExample({ kind: 'asyncapi', text: flow, at: 3, messageId: 'm', name: 'x', payload: 'a' })), /no longer where/);
  assert.match(String(addExample({ kind: 'asyncapi', text: 'a: [', at: 0, messageId: 'm', name: 'x', payload: 'a' })), /does not parse/);
});
