/**
 * "Add message to spec" (issue 18.4) on the 3.0 seed spec: the inferred message lands in components, the channel
 * and the receiving operation; the spec stays free of diagnostics and the row's payload now matches the new message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serviceWith, readText } from '../helpers/fixtures';
import { addMessage } from '../../common/src/specEdit/addMessage';
import { offsetOf } from '../../common/src/specEdit/addExample';
import { inferSchema } from '../../common/src/specEdit/inferSchema';
import { applyInsert } from '../../common/src/specEdit/yamlInsert';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';
import type { TryItModel } from '../../common/src/tryItModel';

const SPEC = join(__dirname, '..', '..', 'examples', 'jwt-websocket-service', 'asyncapi.yaml');

function request(text: string, model: TryItModel, samples: unknown[]) {
  const channel = model.channels.find((c) => c.id === 'events')!;
  const receiving = channel.operations.find((o) => o.clientDirection === 'receive')!;
  return {
    text,
    channelAt: offsetOf(text, channel.location!.line, channel.location!.character),
    channelId: channel.id,
    operationAt: offsetOf(text, receiving.location!.line, receiving.location!.character),
    operationId: receiving.id,
    name: 'presence',
    payloadSchema: inferSchema(samples),
    example: samples[0],
  };
}

test('a "not in spec" payload becomes a message the spec declares, and the next such frame matches it', () => {
  const text = readText(SPEC);
  const { service, uri } = serviceWith({ 'asyncapi.yaml': text });
  const notInSpec = { type: 'presence', data: { user: 'ada', online: true } };
  const before = createMessageMatcher(receivableMessages(service.tryItModel(uri('asyncapi.yaml'))!)).match({ data: JSON.stringify(notInSpec) });
  assert.equal(before.messageId, undefined, 'not in spec before');

  const edit = addMessage(request(text, service.tryItModel(uri('asyncapi.yaml'))!, [notInSpec, { type: 'presence', data: { user: 'bob', online: false } }]));
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
  const edit = addMessage({ ...request(text, service.tryItModel(uri('asyncapi.yaml'))!, [{ a: 1 }]), name: 'pong' });
  assert.ok(typeof edit !== 'string');
  assert.equal(edit.name, 'pong2');
});
