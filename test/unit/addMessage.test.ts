/**
 * "Add message to spec" (issue 18.4) on the 3.0 seed spec: the inferred message lands in components, the channel
 * and the receiving operation; the spec stays free of diagnostics and the row's payload now matches the new message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serviceWith, readText } from '../helpers/fixtures';
import { addMessageRequest } from '../helpers/insertions';
import { addMessage } from '../../common/src/specEdit/addMessage';
import { applyInsert } from '../../common/src/specEdit/yamlInsert';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';

const SPEC = join(__dirname, '..', '..', 'examples', 'jwt-websocket-service', 'asyncapi.yaml');

test('a "not in spec" payload becomes a message the spec declares, and the next such frame matches it', () => {
  const text = readText(SPEC);
  const { service, uri } = serviceWith({ 'asyncapi.yaml': text });
  const notInSpec = { type: 'presence', data: { user: 'ada', online: true } };
  const before = createMessageMatcher(receivableMessages(service.tryItModel(uri('asyncapi.yaml'))!)).match({ data: JSON.stringify(notInSpec) });
  assert.equal(before.messageId, undefined, 'not in spec before');

  const edit = addMessage(
    addMessageRequest(text, service.tryItModel(uri('asyncapi.yaml'))!, [notInSpec, { type: 'presence', data: { user: 'bob', online: false } }]),
  );
  assert.ok(typeof edit !== 'string', String(edit));
  assert.equal(edit.inserts.length, 3);
  const edited = edit.inserts.reduceRight((t, i) => applyInsert(t, i), text);
  // Every original line is still there, in order: insertions only.
  assert.equal(
    edit.inserts.reduce((t, i) => t.replace(i.text, ''), edited),
    text,
  );
  service.store.setOpen(uri('asyncapi.yaml'), edited, 2);
  assert.deepEqual(
    service.diagnostics(uri('asyncapi.yaml')).map((d) => d.message),
    [],
  );
  const after = createMessageMatcher(receivableMessages(service.tryItModel(uri('asyncapi.yaml'))!)).match({ data: JSON.stringify(notInSpec) });
  assert.equal(after.messageId, 'presence');
  assert.equal(after.valid, true);
});

test('a taken message name gets a number', () => {
  const text = readText(SPEC);
  const { service, uri } = serviceWith({ 'asyncapi.yaml': text });
  const edit = addMessage({ ...addMessageRequest(text, service.tryItModel(uri('asyncapi.yaml'))!, [{ a: 1 }]), name: 'pong' });
  assert.ok(typeof edit !== 'string');
  assert.equal(edit.name, 'pong2');
});
