/**
 * The incremental parse on chosen edits: each derived document equals a full parse of the same text. The random
 * edits over the corpus and generated specs are in test/slow/incrementalParseDifferential.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpecDocument } from '../../server/src/languageService/core/specDocument';
import { diffTexts } from '../../server/src/languageService/core/incrementalParse';
import { DocumentStore } from '../../server/src/languageService/core/documentStore';
import { LanguageService } from '../../server/src/languageService/languageService';
import { LineIndex } from '../../server/src/languageService/core/lineIndex';
import { generateAsyncApi, generateAsyncApiJson, rng } from '../helpers/generate';
import { assertSame, lineStarts } from '../helpers/parseOracle';
import { hasSections, sectionStats } from '../../server/src/languageService/core/incrementalSections';

test('diffTexts finds the common prefix and suffix', () => {
  assert.equal(diffTexts('abc', 'abc'), undefined);
  assert.deepEqual(diffTexts('abcdef', 'abXdef'), { start: 2, oldEnd: 3, newEnd: 3 });
  assert.deepEqual(diffTexts('aa', 'aaa'), { start: 2, oldEnd: 2, newEnd: 3 });
  assert.deepEqual(diffTexts('abc', ''), { start: 0, oldEnd: 3, newEnd: 0 });
  const big = 'x'.repeat(200000);
  assert.deepEqual(diffTexts(big + 'a' + big, big + 'bc' + big), { start: 200000, oldEnd: 200001, newEnd: 200002 });
});

test('the line index is updated from the previous one, CR and CRLF included', () => {
  const r = rng(5);
  const pick = (n: number) => Array.from({ length: n }, () => 'ab\n\r'[Math.floor(r() * 4)]).join('');
  for (let t = 0; t < 3000; t++) {
    const text = pick(Math.floor(r() * 20));
    const start = Math.floor(r() * (text.length + 1));
    const oldEnd = start + Math.floor(r() * (text.length - start + 1));
    const insert = pick(Math.floor(r() * 4));
    const next = text.slice(0, start) + insert + text.slice(oldEnd);
    const got = LineIndex.afterEdit(new LineIndex(text), next, start, oldEnd, start + insert.length);
    assert.deepEqual(lineStarts(got), lineStarts(new LineIndex(next)), JSON.stringify({ text, start, oldEnd, insert }));
  }
});

test('a value edit deep in a generated spec is spliced, not re-parsed, and equals a full parse', () => {
  const text = generateAsyncApi('3.0', 1000);
  const prev = new SpecDocument('file:///a.yaml', text, 1);
  void prev.value;
  const at = text.indexOf('format: uuid') + 'format: uu'.length;
  const next = text.slice(0, at) + 'X' + text.slice(at);
  const inc = new SpecDocument('file:///a.yaml', next, 2, prev);
  assert.equal(inc.ast, prev.ast, 'the previous AST was re-used');
  assertSame(inc, next, 'after a one-character edit');
  assert.equal(
    (inc.value as { components: { schemas: { Schema0: { properties: { id: { format: string } } } } } }).components.schemas.Schema0.properties.id.format,
    'uuXid',
  );
});

test('edits that break the document fall back to a full parse', () => {
  const text = 'asyncapi: 3.0.0\ninfo:\n  title: x\n  version: "1"\nchannels: {}\n';
  const prev = new SpecDocument('file:///b.yaml', text, 1);
  const next = text.replace('title: x', 'title: "x');
  const inc = new SpecDocument('file:///b.yaml', next, 2, prev);
  assert.notEqual(inc.ast, prev.ast);
  assert.ok(inc.ast.errors.length > 0);
  assertSame(inc, next, 'after an unclosed quote');
});

test('a paste that makes most of the document is a full parse, not a slice that could fail and add a parse', () => {
  // Found by the fuzz suite (seed 1): a block pasted many times made every try re-parse thousands of errors
  // before the full parse did it again (2.4 s of server CPU for 0.6 MB, 1 s now).
  const text = 'asyncapi: 3.0.0\ninfo:\n  title: x\n  version: "1"\nchannels: {}\n';
  const prev = new SpecDocument('file:///p.yaml', text, 1);
  const at = text.indexOf('  version');
  const next = text.slice(0, at) + '  description: pasted\n'.repeat(10).replace(/description/g, (_, i: number) => `d${i}`) + text.slice(at);
  const inc = new SpecDocument('file:///p.yaml', next, 2, prev);
  assert.notEqual(inc.ast, prev.ast, 'parsed in full');
  assertSame(inc, next, 'after the paste');
  const small = next.replace('title: x', 'title: y');
  assert.equal(new SpecDocument('file:///p.yaml', small, 3, inc).ast, inc.ast, 'a small edit after it is still spliced');
});

test('a renamed key that collides with a sibling is a full parse with the duplicate-key error', () => {
  const text = 'asyncapi: 3.0.0\ninfo:\n  title: x\n  version: "1"\n';
  const prev = new SpecDocument('file:///c.yaml', text, 1);
  const next = text.replace('title: x', 'version: x');
  const inc = new SpecDocument('file:///c.yaml', next, 2, prev);
  assert.ok(inc.ast.errors.some((e) => e.code === 'DUPLICATE_KEY'));
  assertSame(inc, next, 'after a colliding rename');
});

test('the store parses incrementally across versions', () => {
  const store = new DocumentStore({ readFile: () => undefined, readDirectory: () => undefined } as never);
  const text = generateAsyncApi('2.6', 1000);
  const v1 = store.setOpen('file:///s.yaml', text, 1);
  void v1.value;
  const at = text.indexOf('summary: Handle');
  const v2 = store.setOpen('file:///s.yaml', text.slice(0, at) + 'x' + text.slice(at), 2);
  assert.equal(v2.ast, v1.ast);
  assertSame(v2, v2.text, 'store version 2');
});

test('fast diagnostics over a chain of spliced versions equal those of a fresh full parse', () => {
  const fs = { readFile: () => undefined, readDirectory: () => undefined };
  const live = new LanguageService({ fs });
  const uri = 'file:///chain.yaml';
  let text = generateAsyncApi('3.0', 1000);
  live.store.setOpen(uri, text, 1);
  live.fastDiagnostics(uri);
  // Typos a user makes and fixes: each becomes (or stops being) a schema error somewhere in the middle.
  const edits: [string, string][] = [
    ['action: send', 'action: sned'],
    ['type: object', 'type: objct'],
    ['contentType: application/json', 'contentTyp: application/json'],
    ['action: sned', 'action: send'],
    ['          format: uuid', '          format: uuid\n          x-extra: 1'],
  ];
  let version = 1;
  let spliced = 0;
  for (const [from, to] of edits) {
    const at = text.indexOf(from, text.indexOf('\noperations:'));
    assert.ok(at > 0, from);
    text = text.slice(0, at) + to + text.slice(at + from.length);
    const prevAst = live.store.get(uri)!.ast;
    live.store.setOpen(uri, text, ++version);
    if (live.store.get(uri)!.ast === prevAst) spliced++;
    const fresh = new LanguageService({ fs });
    fresh.store.setOpen(uri, text, version);
    assert.deepEqual(live.fastDiagnostics(uri), fresh.fastDiagnostics(uri), `after ${from} → ${to}`);
  }
  assert.equal(spliced, edits.length, 'every edit was spliced');
});

/** `text` with `insert` put `after` the first occurrence of `marker` (which must exist). */
function insertAt(text: string, marker: string, insert: string, after = marker.length): string {
  const at = text.indexOf(marker);
  assert.ok(at >= 0, marker);
  return text.slice(0, at + after) + insert + text.slice(at + after);
}

test('JSON: edits inside a string, a number and an array element are spliced and equal full parses', () => {
  let text = generateAsyncApiJson('3.0', 1000);
  let prev = new SpecDocument('file:///a.json', text, 1);
  const before = prev.value as { channels: unknown; components: { messages: { Message0: { examples: { payload: { amount: number } }[] } } } };
  const edits: [string, string, number?][] = [
    ['"format": "uuid"', 'X', '"format": "uu'.length],
    ['"amount": 0.5', '7'],
    ['"deleted"', 'X', '"del'.length], // an element of Schema0's enum
  ];
  for (const [marker, insert, after] of edits) {
    text = insertAt(text, marker, insert, after);
    const inc = new SpecDocument(prev.uri, text, prev.version + 1, prev);
    assert.equal(inc.ast, prev.ast, `spliced: ${marker}`);
    assertSame(inc, text, `after typing into ${marker}`);
    prev = inc;
  }
  const value = prev.value as typeof before & { components: { schemas: { Schema0: { properties: { kind: { enum: string[] } } } } } };
  assert.equal(value.components.messages.Message0.examples[0].payload.amount, 0.57);
  assert.equal(value.components.schemas.Schema0.properties.kind.enum[2], 'delXeted');
  assert.equal(value.channels, before.channels, 'the value was patched: untouched subtrees are the same objects');
});

test('JSON: a whole member inserted or deleted re-parses the enclosing member', () => {
  const text = generateAsyncApiJson('2.6', 1000);
  const prev = new SpecDocument('file:///b.json', text, 1);
  void prev.value;
  const inserted = insertAt(text, '"contentType": "application/json",\n', '        "x-note": {"a": [1, 2]},\n');
  const inc = new SpecDocument(prev.uri, inserted, 2, prev);
  assert.equal(inc.ast, prev.ast, 'inserted member spliced');
  assertSame(inc, inserted, 'after inserting a member');
  const deleted = inserted.replace('        "x-note": {"a": [1, 2]},\n', '');
  const inc2 = new SpecDocument(prev.uri, deleted, 3, inc);
  assert.equal(inc2.ast, prev.ast, 'deleted member spliced');
  assertSame(inc2, deleted, 'after deleting it');
});

test('JSON: an edit that breaks the document, or a key renamed to a sibling, takes a full parse', () => {
  const text = '{\n  "asyncapi": "3.0.0",\n  "info": {"title": "x", "version": "1"}\n}\n';
  const prev = new SpecDocument('file:///c.json', text, 1);
  const unclosed = text.replace('"title": "x"', '"title": "x');
  const inc = new SpecDocument(prev.uri, unclosed, 2, prev);
  assert.notEqual(inc.ast, prev.ast);
  assertSame(inc, unclosed, 'after an unclosed quote');
  const base = new SpecDocument(prev.uri, text, 3);
  const renamed = text.replace('"title": "x"', '"version": "x"');
  const inc2 = new SpecDocument(prev.uri, renamed, 4, base);
  assert.ok(inc2.ast.errors.some((e) => e.code === 'DUPLICATE_KEY'));
  assertSame(inc2, renamed, 'after a colliding rename');
});

/**
 * A section left open by an edit (here an unclosed quote, which runs to the end of the text) is parsed again
 * with more of the sections after it until it closes or an eighth of the text is reached, then the document is
 * parsed in full. The kept sections after the edited region were taken in one at a time: on a text of many small
 * sections (the fuzz suite's block pasted hundreds of times) that was a hundred tries of up to 125 KB each, 7 s of
 * CPU for one keystroke at 1 MB. They are taken in doubling too, so the tries add up to a fraction of the text.
 */
test('a section an edit leaves open takes in the sections after it doubling, not one at a time', () => {
  const block = (i: number) => `k${i}:\n  description: block ${i}\n   bad: indentation\n  items: [a, b, c]\n  more: ${'x'.repeat(200)}\n`;
  let text = 'asyncapi: 3.0.0\ninfo:\n  title: T\n  version: 1.0.0\n';
  for (let i = 0; text.length < 400_000; i++) text += block(i);
  const open = new SpecDocument('file:///many.yaml', text, 1);
  assert.ok(open.ast.errors.length > 0, 'the text is broken: its edits go through the sections');
  const at1 = text.indexOf('block 900');
  const v2 = text.slice(0, at1) + 'X' + text.slice(at1);
  const doc2 = new SpecDocument(open.uri, v2, 2, open);
  assertSame(doc2, v2, 'the sections are built');
  const at2 = v2.indexOf('title: T') + 'title: '.length;
  const v3 = v2.slice(0, at2) + '"' + v2.slice(at2);
  const before = sectionStats.parsedChars;
  const doc3 = new SpecDocument(open.uri, v3, 3, doc2);
  const parsed = sectionStats.parsedChars - before;
  assert.ok(parsed < v3.length / 2, `the tries parsed ${parsed} chars of a ${v3.length}-char text before the full parse`);
  assertSame(doc3, v3, 'after the full parse');
});

/**
 * A broken document of one-line top-level keys (a paste of many short `key: value` lines: 50,000 of them in 1 MB in
 * the fuzz suite) was cut into a section per key, each parsed alone: building them cost three full parses. A
 * section spans at least `sectionSettings.minSection` of text.
 */
test('sections span at least a minimum of text, not one short top-level key each', () => {
  let text = 'asyncapi: 3.0.0\ninfo:\n  title: T\n  version: 1.0.0\n';
  // A line of plain words with a quote at column 0 runs into the next key (MULTILINE_IMPLICIT_KEY): errors that are
  // not local, so the edits go through the sections.
  for (let i = 0; text.length < 300_000; i++) text += `${i % 50 === 0 ? './junk pasted here"\n' : ''}key${i}: value ${i}\n`;
  const open = new SpecDocument('file:///short-keys.yaml', text, 1);
  assert.ok(open.ast.errors.length > 0, 'the text is broken: its edits go through the sections');
  const at = text.indexOf('value 9000');
  const v2 = text.slice(0, at) + 'X' + text.slice(at);
  const before = sectionStats.parses;
  const doc2 = new SpecDocument(open.uri, v2, 2, open);
  const parses = sectionStats.parses - before;
  assert.ok(parses > 0 && parses <= v2.length / 1024 + 8, `${parses} section parses for ${v2.length} chars`);
  assertSame(doc2, v2, 'the sections are built');
});

/**
 * A large broken text that has to be parsed whole (an open, a ~1 MB paste into a clean document) is parsed by
 * sections (the same results as a full parse), so the next edit re-parses the sections around it. It was parsed
 * in one piece, and the first edit after it then built every section: a full parse's worth of CPU again, over the
 * 500 ms edit budget with the fast checks (issue 13, fuzz seed 25). Distinct blocks: no section is a copy of another.
 */
test('a large broken text parsed whole (an open, a paste) is parsed by sections, so the next edit re-parses few', () => {
  const block = (i: number) =>
    `./junk pasted here ${i}"\nx-j${i}: ${i}\nk${i}:\n  description: block ${i}\n   bad: indentation ${i}\n  more: ${'y'.repeat(150)} ${i}\n`;
  const head = 'asyncapi: 3.0.0\ninfo:\n  title: T\n  version: 1.0.0\n';
  let body = '';
  for (let i = 0; body.length < 600_000; i++) body += block(i);
  const text = head + body;
  const editAt = (doc: SpecDocument, at: number, version: number) => {
    const next = doc.text.slice(0, at) + 'Z' + doc.text.slice(at);
    const before = sectionStats.parsedChars;
    const edited = new SpecDocument(doc.uri, next, version, doc);
    const parsed = sectionStats.parsedChars - before;
    assert.ok(!edited.parsedWhole && hasSections(edited.ast), 'the edit went by sections');
    assert.ok(parsed < next.length / 50, `the edit re-parsed ${parsed} chars of ${next.length}`);
    assertSame(edited, next, `after an edit at ${at}`);
  };

  const open = new SpecDocument('file:///opened.yaml', text, 1);
  assert.ok(open.parsedWhole && hasSections(open.ast), 'the open is parsed by sections');
  assert.ok(open.ast.errors.length > 100, `the text is broken (${open.ast.errors.length} errors)`);
  assertSame(open, text, 'the open');
  editAt(open, text.indexOf('block 900'), 2);

  const small = new SpecDocument('file:///pasted.yaml', head, 1);
  const pasted = new SpecDocument(small.uri, text, 2, small);
  assert.ok(pasted.parsedWhole && hasSections(pasted.ast), 'the paste is parsed by sections');
  assertSame(pasted, text, 'the paste');
  editAt(pasted, text.indexOf('block 1500'), 3);
});

test('a text of 1 MB or more parsed whole goes in one parse: sections would cost its open more than they save', () => {
  const block = (i: number) =>
    `./junk pasted here ${i}"\nx-j${i}: ${i}\nk${i}:\n  description: block ${i}\n   bad: indentation ${i}\n  more: ${'y'.repeat(150)} ${i}\n`;
  let text = 'asyncapi: 3.0.0\ninfo:\n  title: T\n  version: 1.0.0\n';
  for (let i = 0; text.length < 2 ** 20; i++) text += block(i);
  const parses = sectionStats.parses;
  const open = new SpecDocument('file:///large.yaml', text, 1);
  assert.ok(open.parsedWhole && !hasSections(open.ast) && sectionStats.parses === parses, 'the open is one parse');
  assert.ok(open.ast.errors.length > 100, `the text is broken (${open.ast.errors.length} errors)`);
  const below = text.slice(0, text.lastIndexOf('./junk', 2 ** 20 - 2));
  assert.ok(hasSections(new SpecDocument('file:///below.yaml', below, 1).ast), 'just below 1 MB, by sections');
});
