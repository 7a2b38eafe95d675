/** Session variables (${env:…}, captured values, JSON pointers) and the partial payload match with its diff. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atPointer, capture, substitute, type Scope } from '../../common/src/sessions/variables';
import { partialDiff } from '../../common/src/sessions/partialMatch';

const scope = (): Scope => ({ env: { TOKEN: 'abc' }, captured: new Map<string, unknown>([['n', 42]]) });

test('a whole reference keeps its value and type; inside text it is written as text', () => {
  assert.deepEqual(substitute({ a: '${n}', b: 'id-${n}', c: ['${env:TOKEN}'], d: 7 }, scope()), { a: 42, b: 'id-42', c: ['abc'], d: 7 });
});

test('an unset environment variable or a value never captured is an error naming it', () => {
  assert.throws(() => substitute('${env:NOPE}', scope()), { message: 'environment variable NOPE is not set' });
  assert.throws(() => substitute('x ${conversation_id}', scope()), { message: 'no variable "conversation_id": capture it in an earlier expect' });
});

test('captures follow RFC 6901 pointers; a missing path says where', () => {
  const s = scope();
  capture(s, { data: { 'a/b': { id: 'c1' } }, list: [1, 2] }, { id: '/data/a~1b/id', second: '/list/1', all: '' });
  assert.deepEqual([s.captured.get('id'), s.captured.get('second')], ['c1', 2]);
  assert.deepEqual(s.captured.get('all'), { data: { 'a/b': { id: 'c1' } }, list: [1, 2] });
  assert.throws(() => atPointer({ data: {} }, '/data/id'), { message: 'nothing at /data/id in the received payload' });
});

test('a partial match names only the keys it gives; the differences are diff lines per path', () => {
  assert.deepEqual(partialDiff({ type: 'ack' }, { type: 'ack', extra: 1 }), []);
  assert.deepEqual(partialDiff({ data: { status: 'ok', id: 3 } }, { data: { status: 'failed', id: 3 } }), ['- /data/status: "ok"', '+ /data/status: "failed"']);
  assert.deepEqual(partialDiff({ data: { id: 3 } }, { data: {} }), ['- /data/id: 3', '+ /data/id: (absent)']);
  assert.deepEqual(partialDiff({ list: [1, 2] }, { list: [1, 2, 3] }), ['- /list: [1,2]', '+ /list: [1,2,3]']);
  assert.deepEqual(partialDiff({ list: [{ a: 1 }] }, { list: [{ a: 2, b: 0 }] }), ['- /list/0/a: 1', '+ /list/0/a: 2']);
  assert.deepEqual(partialDiff(1, '1'), ['- /: 1', '+ /: "1"']);
});
