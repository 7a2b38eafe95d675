/**
 * The incremental parse's oracle, shared by the unit tests and the slow differential ones: a document derived
 * from a previous version must equal a full parse of the same text (plain value, every node's range, scalar
 * styles, errors and warnings), and a seeded random editor to drive it.
 */
import assert from 'node:assert/strict';
import { isMap, isSeq, isPair, isScalar, isAlias, type Document } from 'yaml';
import { SpecDocument } from '../../server/src/languageService/core/specDocument';
import { LineIndex } from '../../server/src/languageService/core/lineIndex';
import { hasSections, sectionSettings } from '../../server/src/languageService/core/incrementalSections';
import { rng } from './generate';

/** Every node of the AST in document order with its range and (for scalars) style, as comparable strings. */
export function shape(doc: Document): string[] {
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

export function problems(doc: Document): string[] {
  return [...doc.errors, ...doc.warnings].map((e) => `${e.code} ${e.pos} ${e.message}`);
}

/**
 * `text` parsed in one piece: SpecDocument parses a large text that has to be parsed whole by sections
 * (incrementalSections.ts, parseWhole), and the oracle is yaml's own parse of the whole text.
 */
export function fullParse(uri: string, text: string, version: number): SpecDocument {
  const saved = sectionSettings.minChars;
  sectionSettings.minChars = Infinity;
  try {
    return new SpecDocument(uri, text, version);
  } finally {
    sectionSettings.minChars = saved;
  }
}

export function assertSame(inc: SpecDocument, text: string, what: string): void {
  const full = fullParse(inc.uri, text, inc.version);
  assert.deepEqual(problems(inc.ast), problems(full.ast), `errors differ ${what}`);
  assert.deepEqual(shape(inc.ast), shape(full.ast), `AST differs ${what}`);
  assert.equal(inc.valueError, full.valueError, `value error differs ${what}`);
  assert.equal(JSON.stringify(inc.value), JSON.stringify(full.value), `value differs ${what}`);
  assert.deepEqual(inc.topLevelKeys(), full.topLevelKeys());
  assert.deepEqual(lineStarts(inc.lineIndex), lineStarts(full.lineIndex), `line index differs ${what}`);
}

export function lineStarts(index: LineIndex): number[] {
  return Array.from({ length: index.lineCount }, (_, i) => index.lineStart(i));
}

const CHARS = 'abcxyz019 _-:#"\'{}[],&*|>!\t\n';

export function randomEdit(text: string, r: () => number): { start: number; end: number; insert: string } {
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

export function apply(text: string, e: { start: number; end: number; insert: string }): string {
  return text.slice(0, e.start) + e.insert + text.slice(e.end);
}

/**
 * `text` broken as a paste gone wrong breaks a spec (what the fuzz suite's over-budget documents were): a slice
 * from a line start repeated several times (duplicate keys, top-level ones too), a line of plain words at
 * column 0 (read with the next line as one multi-line key), lines indented one to three columns more or less.
 */
export function breakDocument(text: string, r: () => number): string {
  const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1).filter((i) => i < text.length)];
  const lineAt = () => lineStarts[Math.floor(r() * lineStarts.length)];
  let out = text;
  // Half the time the slice starts at a top-level key, as a paste of whole sections does.
  const topLevel = lineStarts.filter((i) => /[A-Za-z_$]/.test(text[i] ?? ''));
  const from = r() < 0.5 && topLevel.length ? topLevel[Math.floor(r() * topLevel.length)] : lineAt();
  const slice = text.slice(from, from + 200 + Math.floor(r() * 1500));
  const piece = slice.slice(0, slice.lastIndexOf('\n') + 1);
  const junk = ['./junk text here"\n', 'not a key\n', 'x-$ref: #\n', '  - stray item\n'];
  const chunk = () => junk[Math.floor(r() * junk.length)] + piece;
  const at = lineAt();
  out = out.slice(0, at) + Array.from({ length: 2 + Math.floor(r() * 6) }, chunk).join('') + out.slice(at);
  for (let k = 0; k < 6; k++) {
    const starts = [0, ...[...out.matchAll(/\n/g)].map((m) => m.index + 1).filter((i) => i < out.length)];
    const ls = starts[Math.floor(r() * starts.length)];
    const by = Math.floor(r() * 7) - 3;
    out = by >= 0 ? out.slice(0, ls) + ' '.repeat(by) + out.slice(ls) : out.slice(0, ls) + out.slice(ls).replace(new RegExp(`^ {0,${-by}}`), '');
  }
  return out;
}

/**
 * `text` broken inside one of its mappings (Fern's `types:`, AsyncAPI's `components:`, or one further down: a
 * type's `properties:`), as a paste there breaks it: a slice of that mapping repeated several times after junk
 * lines at the mapping's indentation (a plain word there runs into the next key as one multi-line key; once in a
 * while blank lines after it take that key past 1,024 characters), and lines re-indented. The mapping is made to
 * hold most of the text, so the incremental parse cuts it, and the ones above it, at their keys
 * (incrementalSections.ts, parseLong). `deep`: the mapping is one under a key line not at column 0 when there is
 * one. Undefined when the text has no bare key line with a mapping under it.
 */
export function breakInside(text: string, r: () => number, deep = false): string | undefined {
  // Bare key lines with a mapping under them: the key's indentation, where the body starts and ends, its indentation.
  const found = [...text.matchAll(/^( *)[A-Za-z_$][\w$./-]*: *\n( +)[A-Za-z_$][\w$./-]*:(?: |\n)/gm)].filter((m) => m[2].length > m[1].length);
  const candidates = deep && found.some((m) => m[1].length > 0) ? found.filter((m) => m[1].length > 0) : found;
  if (!candidates.length) return undefined;
  const m = candidates[Math.floor(r() * candidates.length)];
  const indent = m[2];
  const bodyStart = m.index + m[0].indexOf('\n') + 1;
  const rest = text.slice(bodyStart);
  const close = rest.search(new RegExp(`^ {0,${m[1].length}}[^\\s]`, 'm'));
  const body = rest.slice(0, close < 0 ? rest.length : close);
  const lines = [0, ...[...body.matchAll(/\n/g)].map((x) => x.index + 1).filter((i) => i < body.length)];
  const keyLines = lines.filter((i) => body.startsWith(indent, i) && /[A-Za-z_$]/.test(body[i + indent.length] ?? ''));
  if (!keyLines.length) return undefined;
  const from = keyLines[Math.floor(r() * keyLines.length)];
  const slice = body.slice(from, from + 200 + Math.floor(r() * 1500));
  const piece = slice.slice(0, slice.lastIndexOf('\n') + 1) || slice + '\n';
  const junk = [`${indent}./junk text here"\n`, `${indent}not a key\n`, `${indent}x-$ref: #\n`, `${indent}- stray item\n`, `${indent}!tag\n`];
  const chunk = () => junk[Math.floor(r() * junk.length)] + (r() < 0.1 ? '\n'.repeat(1100) : '') + piece;
  const at = bodyStart + keyLines[Math.floor(r() * keyLines.length)];
  // Enough copies that the mapping holds over half the text.
  const copies = Math.max(2 + Math.floor(r() * 4), Math.ceil(text.length / Math.max(1, piece.length)));
  let out = text.slice(0, at) + Array.from({ length: copies }, chunk).join('') + text.slice(at);
  for (let k = 0; k < 4; k++) {
    const starts = [...out.slice(at).matchAll(/\n/g)].map((x) => at + x.index + 1).filter((i) => i < out.length);
    const ls = starts[Math.floor(r() * Math.min(starts.length, 400))];
    if (ls === undefined) break;
    const by = Math.floor(r() * 5) - 2;
    out = by >= 0 ? out.slice(0, ls) + ' '.repeat(by) + out.slice(ls) : out.slice(0, ls) + out.slice(ls).replace(new RegExp(`^ {0,${-by}}`), '');
  }
  return out;
}

/**
 * Runs `trials` random edit runs over `text`; returns how many versions were spliced rather than re-parsed, and
 * how many of those were assembled from top-level sections (incrementalSections.ts).
 */
export function fuzz(name: string, text: string, trials: number, seed: number): { spliced: number; total: number; bySections: number } {
  const r = rng(seed);
  let spliced = 0;
  let bySections = 0;
  let total = 0;
  for (let t = 0; t < trials; t++) {
    let prev = new SpecDocument('file:///' + name, text, 1);
    // The open itself: a large text is parsed whole by sections (incrementalSections.ts, parseWhole).
    if (t === 0) assertSame(prev, text, `in ${name} (seed ${seed}) opened`);
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
      if (inc.ast === prevAst && next !== cur) {
        spliced++;
        if (hasSections(inc.ast)) bySections++;
      }
      assertSame(inc, next, `in ${name} (seed ${seed}, trial ${t}, step ${k}, edit ${JSON.stringify(e)})`);
      prev = inc;
      cur = next;
      // keep typing right after the last edit most of the time, like a user does
      const at = e.start + e.insert.length;
      e = r() < 0.7 ? { start: at, end: at, insert: CHARS[Math.floor(r() * CHARS.length)] } : randomEdit(cur, r);
    }
  }
  return { spliced, total, bySections };
}
