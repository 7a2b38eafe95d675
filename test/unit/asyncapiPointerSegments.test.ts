/**
 * Issue 16.6: definition, references, hover and rename act on the JSON-pointer segment of a `$ref` under the
 * cursor, and on a channel message's own key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, serviceWith } from '../helpers/fixtures';

const span = (l: { start: number; end: number }) => ({ start: l.start, end: l.end });

// Cursors: 0 on the message key `error`; in the first message ref, 1 on `realtime`, 2 on `messages`, 3 on `error`.
// Spans: 0 the channel key, 1 the message key, 2 a ref to the channel, 3 and 4 the refs to the message.
const SPEC = `asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  «realtime»:
    address: /rt
    messages:
      «er‸ror»: {payload: {type: string}}
      ping: {payload: {type: string}}
operations:
  listen:
    action: receive
    channel: {$ref: '«#/channels/realtime»'}
    messages:
      - $ref: '«#/channels/real‸time/mes‸sages/er‸ror»'
      - $ref: '#/channels/realtime/messages/ping'
  fail:
    action: send
    channel: {$ref: '#/channels/realtime'}
    messages:
      - $ref: '«#/channels/realtime/messages/error»'
`;
const OTHER = `asyncapi: 3.0.0
info: {title: o, version: '1'}
operations:
  alsoFail:
    action: send
    channel: {$ref: './spec.yaml#/channels/realtime'}
    messages:
      - $ref: '«./spec.yaml#/channels/realtime/messages/error»'
`;

function setup() {
  const s = serviceWith({ 'spec.yaml': SPEC, 'other.yaml': OTHER });
  s.service.store.setOpen(s.uri('other.yaml'), s.marks['other.yaml'].text, 1);
  return { ...s, m: s.marks['spec.yaml'], u: s.uri('spec.yaml') };
}

test('references on the last segment of a channel message ref are the message’s, not the channel’s', () => {
  const { service, m, u, marks, uri } = setup();
  const refs = service.references(u, m.cursors[3], false).map((l) => [l.uri, span(l)]);
  assert.deepEqual(refs, [
    [u, span(m.spans[3])],
    [u, span(m.spans[4])],
    [uri('other.yaml'), span(marks['other.yaml'].spans[0])],
  ]);
});

test('references on the channel message key itself list the refs to it', () => {
  const { service, m, u } = setup();
  const refs = service.references(u, m.cursors[0], true).filter((l) => l.uri === u);
  assert.deepEqual(refs.map(span), [m.spans[1], m.spans[3], m.spans[4]].map(span));
});

test('definition on each segment lands on what that segment names', () => {
  const { service, m, u } = setup();
  assert.deepEqual(service.definition(u, m.cursors[3]).map(span), [span(m.spans[1])]);
  assert.deepEqual(service.definition(u, m.cursors[1]).map(span), [span(m.spans[0])]);
});

test('references on an intermediate segment that names no declaration are those of the declaration above it', () => {
  const { service, m, u } = setup();
  const onMessages = service.references(u, m.cursors[2], false).filter((l) => l.uri === u);
  const onChannel = service.references(u, m.spans[0].start, false).filter((l) => l.uri === u);
  assert.deepEqual(onMessages, onChannel);
  assert.equal(onChannel.length, 5);
});

test('hover on an inner segment previews what it names, over that segment only', () => {
  const { service, m, u, marks } = setup();
  const h = service.hover(u, m.cursors[1])!;
  const at = marks['spec.yaml'].text.indexOf('realtime/messages/error');
  assert.deepEqual(span(h.span), { start: at, end: at + 'realtime'.length });
  assert.match(h.contents, /^\*\*realtime\*\*/);
  assert.match(h.contents, /address: \/rt/);
  const last = service.hover(u, m.cursors[3])!;
  assert.match(last.contents, /^\*\*error\*\*/);
});

test('rename on the message segment renames the message key and every ref to it, in every file, and nothing else', () => {
  const { service, m, u, marks, uri } = setup();
  const at = m.text.indexOf('realtime/messages/error') + 'realtime/messages/'.length;
  assert.deepEqual(service.prepareRename(u, m.cursors[3]), { span: { start: at, end: at + 5 }, placeholder: 'error' });
  const edit = service.rename(u, m.cursors[3], 'failure')!;
  assert.equal(applyEdits(m.text, edit[u]), m.text.replace(/error/g, 'failure'));
  const other = marks['other.yaml'].text;
  assert.equal(applyEdits(other, edit[uri('other.yaml')]), other.replace('messages/error', 'messages/failure'));
});
