/**
 * Differential test of the incremental parse: after random single- and multi-character edits (and short typing
 * runs that chain versions) over corpus files and generated specs, a document derived from the previous version
 * must equal a full parse of the same text: plain value, every node's range, scalar styles, errors and warnings.
 */
import { CORPUS as CORPUS_ROOT, walk } from '../helpers/fixtures';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, isPair, isScalar, isAlias, type Document } from 'yaml';
import { SpecDocument } from '../../server/src/languageService/specDocument';
import { diffTexts } from '../../server/src/languageService/incrementalParse';
import { DocumentStore } from '../../server/src/languageService/documentStore';
import { LanguageService } from '../../server/src/languageService/languageService';
import { LineIndex } from '../../server/src/languageService/lineIndex';
import { generateAsyncApi, rng } from '../../bench/generate';

const CORPUS = join(CORPUS_ROOT, 'asyncapi');

/** The corpus's YAML files (the helper's walk; a missing corpus fails the run rather than passing silently). */
const corpusFiles = (dir: string): string[] => walk(dir, /\.ya?ml$/i);

/** Every node of the AST in document order with its range and (for scalars) style, as comparable strings. */
function shape(doc: Document): string[] {
  const out: string[] = [`doc ${doc.range}`];
  const walk = (n: unknown, depth: number): void => {
    if (depth > 500) return;
    if (isPair(n)) {
      out.push('pair');
      walk(n.key, depth + 1);
      walk(n.value, depth + 1);
    } else if (isMap(n) || isSeq(n)) {
      out.push(`${isMap(n) ? 'map' : 'seq'} ${n.flow ? 'flow' : 'block'} ${n.range}`);
      for (const it of n.items) walk(it, depth + 1);
    } else if (isScalar(n)) {
      out.push(`scalar ${n.type} ${n.range} ${JSON.stringify(n.value)}`);
    } else if (isAlias(n)) {
      out.push(`alias ${n.source} ${n.range}`);
    } else out.push(`raw ${JSON.stringify(n)}`);
  };
  walk(doc.contents, 0);
  return out;
}

function problems(doc: Document): string[] {
  return [...doc.errors, ...doc.warnings].map((e) => `${e.code} ${e.pos} ${e.message}`);
}

function assertSame(inc: SpecDocument, text: string, what: string): void {
  const full = new SpecDocument(inc.uri, text, inc.version);
  assert.deepEqual(problems(inc.ast), problems(full.ast), `errors differ ${what}`);
  assert.deepEqual(shape(inc.ast), shape(full.ast), `AST differs ${what}`);
  assert.equal(inc.valueError, full.valueError, `value error differs ${what}`);
  assert.equal(JSON.stringify(inc.value), JSON.stringify(full.value), `value differs ${what}`);
  assert.deepEqual(inc.topLevelKeys(), full.topLevelKeys());
  assert.deepEqual(lineStarts(inc.lineIndex), lineStarts(full.lineIndex), `line index differs ${what}`);
}

function lineStarts(index: LineIndex): number[] {
  return Array.from({ length: index.lineCount }, (_, i) => index.lineStart(i));
}

const CHARS = 'abcxyz019 _-:#"\'{}[],&*|>!\t\n';

function randomEdit(text: string, r: () => number): { start: number; end: number; insert: string } {
  const pos = Math.floor(r() * (text.length + 1));
  const kind = r();
  const ch = () => CHARS[Math.floor(r() * CHARS.length)];
  if (kind < 0.35) return { start: pos, end: pos, insert: ch() }; // type one character
  if (kind < 0.6) return { start: pos, end: Math.min(text.length, pos + 1), insert: '' }; // backspace/delete
  if (kind < 0.7) return { start: pos, end: Math.min(text.length, pos + 1 + Math.floor(r() * 30)), insert: '' };
  if (kind < 0.8) {
    // paste a nearby line somewhere else (realistic structural edits)
    const ls = text.lastIndexOf('\n', pos - 1) + 1;
    const le = text.indexOf('\n', pos);
    const line = text.slice(ls, le < 0 ? text.length : le + 1);
    const at = text.lastIndexOf('\n', Math.floor(r() * text.length)) + 1;
    return { start: at, end: at, insert: line.endsWith('\n') ? line : line + '\n' };
  }
  if (kind < 0.9) return { start: pos, end: Math.min(text.length, pos + Math.floor(r() * 6)), insert: 'word' + ch() };
  return { start: pos, end: pos, insert: ch() + ch() + ch() };
}

function apply(text: string, e: { start: number; end: number; insert: string }): string {
  return text.slice(0, e.start) + e.insert + text.slice(e.end);
}

/** Runs `trials` random edit runs over `text`; returns how many versions were spliced rather than re-parsed. */
function fuzz(name: string, text: string, trials: number, seed: number): { spliced: number; total: number } {
  const r = rng(seed);
  let spliced = 0;
  let total = 0;
  for (let t = 0; t < trials; t++) {
    let prev = new SpecDocument('file:///' + name, text, 1);
    if (r() < 0.8) void prev.value; // usually the value exists already (features read it), so it is patched
    if (r() < 0.8) void prev.lineIndex;
    let cur = text;
    const run = 1 + Math.floor(r() * 4);
    let e = randomEdit(cur, r);
    for (let k = 0; k < run; k++) {
      const next = apply(cur, e);
      const prevAst = prev.ast;
      const inc = new SpecDocument(prev.uri, next, prev.version + 1, prev);
      total++;
      if (inc.ast === prevAst && next !== cur) spliced++;
      assertSame(inc, next, `in ${name} (seed ${seed}, trial ${t}, step ${k}, edit ${JSON.stringify(e)})`);
      prev = inc;
      cur = next;
      // keep typing right after the last edit most of the time, like a user does
      const at = e.start + e.insert.length;
      e = r() < 0.7 ? { start: at, end: at, insert: CHARS[Math.floor(r() * CHARS.length)] } : randomEdit(cur, r);
    }
  }
  return { spliced, total };
}

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
  assert.equal((inc.value as { components: { schemas: { Schema0: { properties: { id: { format: string } } } } } }).components.schemas.Schema0.properties.id.format, 'uuXid');
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

test('random edits over generated specs equal full parses', () => {
  for (const [i, flavour] of (['2.6', '3.0'] as const).entries()) {
    const { spliced, total } = fuzz(`gen-${flavour}.yaml`, generateAsyncApi(flavour, 1000), 30, 100 + i);
    assert.ok(spliced > total / 6, `many edits should be spliced (${spliced}/${total})`);
  }
});

test('random edits over the corpus equal full parses', () => {
  const files = corpusFiles(CORPUS);
  assert.ok(files.length > 10, 'corpus found');
  let spliced = 0;
  let total = 0;
  files.forEach((f, i) => {
    const r = fuzz(f.slice(CORPUS.length + 1), readFileSync(f, 'utf8'), 6, 1000 + i);
    spliced += r.spliced;
    total += r.total;
  });
  assert.ok(spliced > total / 6, `many corpus edits should be spliced (${spliced}/${total})`);
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

/**
 * Typing a new key on a line of its own, one character at a time (`x-note: hi`): before the `:` the block has
 * a bare-key error, which is spliced when its recovery is provably local. Every keystroke must still equal a
 * full parse, whatever indentation the new line has; at a sibling's indentation the keystrokes are spliced.
 */
test('typing a new key line character by character equals full parses, and is spliced at a sibling indent', () => {
  const r = rng(77);
  const files = [...corpusFiles(CORPUS).slice(0, 25).map((f) => [f, readFileSync(f, 'utf8')] as const), ['generated 2.6', generateAsyncApi('2.6', 1000)] as const, ['generated 3.0', generateAsyncApi('3.0', 1000)] as const];
  let siblingKeystrokes = 0;
  let siblingSpliced = 0;
  for (const [name, text] of files) {
    const keyLines = [...text.matchAll(/^( +)[A-Za-z$][\w$-]*:/gm)];
    for (let t = 0; t < 6 && keyLines.length; t++) {
      const m = keyLines[Math.floor(r() * keyLines.length)];
      const shift = [0, 0, 0, 2, -2, 1][t];
      const indent = ' '.repeat(Math.max(0, m[1].length + shift));
      let cur = text.slice(0, m.index) + indent + '\n' + text.slice(m.index);
      let prev = new SpecDocument('file:///' + name, cur, 1);
      void prev.value;
      const typed = 'x-note: hi';
      for (let i = 0; i < typed.length; i++) {
        const at = m.index! + indent.length + i;
        cur = cur.slice(0, at) + typed[i] + cur.slice(at);
        const prevAst = prev.ast;
        const inc = new SpecDocument(prev.uri, cur, prev.version + 1, prev);
        assertSame(inc, cur, `in ${name} typing ${JSON.stringify(typed.slice(0, i + 1))} at indent ${indent.length} before line ${JSON.stringify(m[0])}`);
        if (shift === 0 && i < typed.indexOf(':')) {
          siblingKeystrokes++;
          if (inc.ast === prevAst) siblingSpliced++;
        }
        prev = inc;
      }
    }
  }
  // Most sibling-indent keystrokes are spliced (not all: anchors, flow maps or other errors in the file force full parses).
  assert.ok(siblingSpliced > siblingKeystrokes / 2, `${siblingSpliced} of ${siblingKeystrokes} keystrokes before the colon were spliced`);
});
