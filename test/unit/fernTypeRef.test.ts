import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namedRefs, parseTypeRef, typeRefToString } from '../../server/src/languageService/fern/typeRef';

const at = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

test('primitives, locals and imported names, each name with its span', () => {
  assert.deepEqual(parseTypeRef('string').ref, { kind: 'primitive', name: 'string', span: { start: 0, end: 6 } });
  for (const p of ['integer', 'long', 'double', 'float', 'boolean', 'datetime', 'date', 'uuid', 'base64', 'unknown', 'uint', 'uint64', 'bigint']) {
    assert.equal(parseTypeRef(p).ref?.kind, 'primitive', p);
  }
  const text = 'map<string, list<root.Turn>>';
  const names = namedRefs(parseTypeRef(text).ref);
  assert.equal(names.length, 1);
  assert.equal(at(text, names[0].nameSpan), 'Turn');
  assert.equal(at(text, names[0].namespaceSpan!), 'root');
  assert.equal(names[0].namespace, 'root');
});

test('generics nest; spacing is free; the text round-trips', () => {
  const text = 'optional< map<string,  set<Id> > >';
  const r = parseTypeRef(text);
  assert.equal(r.error, undefined);
  assert.equal(typeRefToString(r.ref!), 'optional<map<string, set<Id>>>');
  assert.equal(at(text, namedRefs(r.ref)[0].nameSpan), 'Id');
  assert.deepEqual(parseTypeRef('literal<"hello">').ref, { kind: 'literal', value: 'hello', span: { start: 0, end: 16 } });
  assert.deepEqual(parseTypeRef('literal<true>').ref, { kind: 'literal', value: true, span: { start: 0, end: 13 } });
  assert.equal(parseTypeRef('nullable<string>').ref?.kind, 'container');
});

test('malformed expressions are errors with the span to fix', () => {
  const cases: [string, string, RegExp][] = [
    ['list<string', '<', /Unclosed '<'/],
    ['list<string>>', '>', /Unexpected '>'/],
    ['map<string>', 'map<string>', /takes 2 type arguments, found 1/],
    ['optional<>', '>', /Unexpected '>': expected a type name/],
    ['list', 'list', /needs type arguments/],
    ['literal<hello>', 'hello>', /quoted string or a boolean/],
    ['foo<string>', 'foo', /not a generic type/],
    ['a.b.C', 'a.b.C', /one dot/],
    ['root.', 'root.', /one dot/],
    ['', '', /Missing type/],
    ['list<string, integer>', 'list<string, integer>', /takes 1 type argument/],
  ];
  for (const [text, spanText, message] of cases) {
    const r = parseTypeRef(text);
    assert.ok(r.error, `${text} is an error`);
    assert.equal(at(text, r.error.span), spanText, text);
    assert.match(r.error.message, message, text);
  }
});
