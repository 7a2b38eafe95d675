/** Formatting, folding ranges and selection ranges (issue 16.11): any YAML/JSON document, spec kind aside. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { serviceWith } from '../helpers/fixtures';
import type { TextEdit } from '../../server/src/languageService/core/types';

function apply(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

function formatted(text: string, file = 'a.yaml', tabSize = 2): string {
  const { service, uri } = serviceWith({ [file]: text });
  return apply(text, service.format(uri(file), { tabSize }));
}

const MESSY = `asyncapi: 3.0.0   # the version
info:
    title:    Chat     # its name
    version: '1.0'
    description: |
      Line one.
        Indented line.

# Channels follow.
channels:
      room:
            address: 'rooms/{id}'
            messages:
                  hello: {   $ref: '#/components/messages/Hello'   }
components:
  messages:
    Hello:
      payload:
        type: object
        properties:
          tags:
              - a
              - "b"
          n: 0x1F
`;

test('formatting: regular indentation, the same data, every comment kept, idempotent', () => {
  const out = formatted(MESSY);
  assert.notEqual(out, MESSY);
  assert.deepEqual(parse(out), parse(MESSY));
  for (const c of ['# the version', '# its name', '# Channels follow.']) assert.ok(out.includes(c), c);
  assert.match(out, /\nchannels:\n {2}room:\n {4}address: 'rooms\/\{id\}'\n/);
  assert.ok(out.includes("version: '1.0'"), 'a quoted number stays a string');
  assert.match(out, /n: 0x1[fF]\n/, 'a hex number stays hex');
  assert.ok(out.includes('  description: |\n    Line one.\n      Indented line.\n'), 'a block scalar keeps its content');
  assert.equal(formatted(out), out, 'formatting a formatted document changes nothing');
});

test('formatting: the tab size, JSON, and nothing for a document with errors', () => {
  assert.match(formatted('a:\n  b: 1\n', 'a.yaml', 4), /^a:\n {4}b: 1\n$/);
  const json = '{"asyncapi":"3.0.0","info":{"title":"t","version":"1"}}';
  const out = formatted(json, 'a.json');
  assert.deepEqual(JSON.parse(out), JSON.parse(json));
  assert.match(out, /^\{\n {2}"asyncapi": "3.0.0",\n/);
  assert.equal(formatted('a:\n  b: [1, 2\nc: 3\n'), 'a:\n  b: [1, 2\nc: 3\n');
});

test('range formatting changes only the lines in the range', () => {
  const text = 'a:\n    b: 1\nc:\n      d: 2\n';
  const { service, uri } = serviceWith({ 'a.yaml': text });
  const start = text.indexOf('c:');
  const out = apply(text, service.format(uri('a.yaml'), { tabSize: 2 }, { start, end: text.length }));
  assert.equal(out, 'a:\n    b: 1\nc:\n  d: 2\n');
});

test('folding ranges: each multi-line block from its key, and runs of comments', () => {
  const { service, uri } = serviceWith({ 'a.yaml': '# one\n# two\na:\n  b:\n    c: 1\n    d: 2\n  e: 3\nf: 4\n' });
  assert.deepEqual(service.foldingRanges(uri('a.yaml')), [
    { startLine: 0, endLine: 1, kind: 'comment' },
    { startLine: 2, endLine: 6 },
    { startLine: 3, endLine: 5 },
  ]);
});

test('selection ranges grow from the value through each pair to the document', () => {
  const { service, uri, marks } = serviceWith({ 'a.yaml': 'a:\n  b:\n    c: he‸llo\n    d: 2\n' });
  const text = marks['a.yaml'].text;
  const [chain] = service.selectionRanges(uri('a.yaml'), marks['a.yaml'].cursors);
  assert.deepEqual(
    chain.map((s) => text.slice(s.start, s.end)),
    ['hello', 'c: hello', 'c: hello\n    d: 2', 'b:\n    c: hello\n    d: 2', 'a:\n  b:\n    c: hello\n    d: 2', text],
  );
});

test('formatting a big document whose every line changes: one whole-document edit, and no range edits (no stall)', () => {
  let text = 'asyncapi: 3.0.0\ncomponents:\n  schemas:\n';
  for (let i = 0; i < 6000; i++) text += `          S${i}:\n                 type: string\n`;
  const { service, uri } = serviceWith({ 'a.yaml': text });
  const edits = service.format(uri('a.yaml'), { tabSize: 2 });
  assert.equal(edits.length, 1);
  assert.deepEqual([edits[0].start, edits[0].end], [0, text.length]);
  assert.deepEqual(parse(edits[0].newText), parse(text));
  assert.deepEqual(service.format(uri('a.yaml'), { tabSize: 2 }, { start: 100, end: 2000 }), []);
});

test('formatting keeps CRLF line ends', () => {
  const out = formatted('a:\r\n    b: 1 # one\r\nc: [1, 2]\r\n');
  assert.equal(out, 'a:\r\n  b: 1 # one\r\nc: [1, 2]\r\n');
});
