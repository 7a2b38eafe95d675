/**
 * Ranges at the LSP edge (server/src/convert.ts): every range sent is inside the document, never past the end
 * of a line or of the text, and never between the `\r` and `\n` of a CRLF line end, whatever span a parser or
 * feature produced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Position, Range } from 'vscode-languageserver/node';
import { editSpan, toCompletionList, toDiagnostic, toRange } from '../../server/src/convert';
import { LineIndex } from '../../server/src/languageService/core/lineIndex';
import { serviceWith } from '../helpers/fixtures';

/** Whether a position names a place in `text`: an existing line, at most its length (line end excluded). */
function onText(text: string, p: Position): boolean {
  const lines = text.split(/\r\n|\r|\n/);
  return p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
}

function assertInside(text: string, r: Range, what: string): void {
  assert.ok(onText(text, r.start) && onText(text, r.end), `${what}: ${JSON.stringify(r)} is outside ${JSON.stringify(text)}`);
  const before = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
  assert.ok(before, `${what}: ${JSON.stringify(r)} ends before it starts`);
}

/** Every diagnostic of a document, as the server would send it. */
function sentDiagnostics(name: string, text: string) {
  const { service, uri } = serviceWith({ [name]: text });
  const doc = service.store.get(uri(name))!;
  return service.diagnostics(uri(name)).map((d) => ({ code: d.code, range: toDiagnostic(doc.lineIndex, d).range }));
}

test('a document of a single quote gets its syntax error inside the document', () => {
  const sent = sentDiagnostics('q.yaml', '"');
  assert.ok(sent.length > 0);
  for (const d of sent) assertInside('"', d.range, d.code);
});

test('syntax errors at the end of CRLF documents stay on the text', () => {
  for (const text of ['asyncapi: 3.0.0\r\ninfo: "x\r\n', "a: 'x\r\n", 'a: {x\r\n', '{"a": 1\r\n', 'asyncapi: 3.0.0\r\ninfo: [x\r\n']) {
    const sent = sentDiagnostics('c.yaml', text);
    assert.ok(sent.length > 0, JSON.stringify(text));
    for (const d of sent) assertInside(text, d.range, `${d.code} in ${JSON.stringify(text)}`);
  }
});

test('a span ending between \\r and \\n ends at the line end instead', () => {
  const text = 'a: 1\r\nb: 2\r\n';
  const r = toRange(new LineIndex(text), { start: 0, end: 5 });
  assert.deepEqual(r.end, { line: 0, character: 4 });
  assert.deepEqual(toRange(new LineIndex(text), { start: 5, end: 5 }).start, { line: 0, character: 4 });
});

test('a span past the end of the text, or before its start, is clamped to it', () => {
  const text = 'a: 1\nb';
  assert.deepEqual(toRange(new LineIndex(text), { start: 4, end: 99 }), { start: { line: 0, character: 4 }, end: { line: 1, character: 1 } });
  assert.deepEqual(toRange(new LineIndex(text), { start: -3, end: -1 }), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  assert.deepEqual(toRange(new LineIndex(text), { start: 3, end: 1 }), { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } });
});

/** Completion edit ranges as sent, with and without a shared `itemDefaults.editRange`. */
function sentEditRanges(name: string, source: string): { ranges: Range[]; text: string; cursor: Position } {
  const { service, marks, uri } = serviceWith({ [name]: source });
  const doc = service.store.get(uri(name))!;
  const at = marks[name].cursors[0];
  const items = service.completions(uri(name), at);
  assert.ok(items.length > 0, 'some completions');
  const ranges: Range[] = [];
  for (const shared of [true, false]) {
    const list = toCompletionList(doc.lineIndex, items, at, shared);
    if (list.itemDefaults?.editRange && 'start' in list.itemDefaults.editRange) ranges.push(list.itemDefaults.editRange);
    for (const i of list.items) if (i.textEdit && 'range' in i.textEdit) ranges.push(i.textEdit.range);
  }
  return { ranges, text: doc.text, cursor: doc.lineIndex.position(at) };
}

test('completion in broken JSON whose key is a collection: every edit range is one line holding the cursor', () => {
  for (const source of ['{"asyncapi": "3.0.0", {"a": 1,\n "b": 2}‸}', '{"asyncapi": "3.0.0",\n ["x",\n "y"‸]: 1}']) {
    const { ranges, text, cursor } = sentEditRanges('b.json', source);
    for (const r of ranges) {
      assertInside(text, r, source);
      assert.equal(r.start.line, r.end.line, `${JSON.stringify(r)} spans lines in ${JSON.stringify(source)}`);
      assert.equal(r.start.line, cursor.line, `${JSON.stringify(r)} is not on the cursor's line`);
      assert.ok(r.start.character <= cursor.character && cursor.character <= r.end.character, `${JSON.stringify(r)} does not hold the cursor`);
    }
  }
});

test('an edit span over several lines is cut to the cursor line; one not holding the cursor becomes the cursor', () => {
  const lines = new LineIndex('{"a": 1,\r\n "b": 2}');
  assert.deepEqual(editSpan(lines, { start: 0, end: 18 }, 12), { start: 10, end: 18 });
  assert.deepEqual(editSpan(lines, { start: 0, end: 18 }, 3), { start: 0, end: 8 });
  assert.deepEqual(editSpan(lines, { start: 0, end: 2 }, 12), { start: 12, end: 12 });
});
