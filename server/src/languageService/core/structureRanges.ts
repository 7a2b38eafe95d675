/**
 * Folding ranges and selection ranges from the YAML/JSON AST: a key's block folds from the key's line to its
 * value's last line (runs of comment lines fold too); a selection grows from the word at the cursor through each
 * enclosing value and key-value pair to the whole document. Spec kind does not matter: any document has these.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { SpecDocument } from './specDocument';
import type { Span } from './types';

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment';
}

/** An editor shows thousands of folds no better than a few hundred: the rest are left out. */
const MAX_FOLDS = 5000;
const MAX_DEPTH = 500;

export function foldingRanges(doc: SpecDocument): FoldingRange[] {
  const lines = doc.lineIndex;
  const text = doc.text;
  const out: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: 'comment') => {
    const startLine = lines.position(start).line;
    // A block's range ends after its last line's newline: fold to the line before that point.
    const endLine = lines.position(text.slice(start, end).trimEnd().length + start).line;
    if (endLine > startLine && out.length < MAX_FOLDS) out.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  const stack: { node: unknown; depth: number }[] = [{ node: doc.ast.contents, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_DEPTH || !(isMap(node) || isSeq(node))) continue;
    for (const item of node.items) {
      const pair = isPair(item) ? (item as Pair) : undefined;
      const value = (pair ? pair.value : item) as Node | null;
      const start = ((pair?.key as Node | null)?.range ?? value?.range)?.[0];
      if (start !== undefined && value?.range && (isMap(value) || isSeq(value) || isScalar(value))) add(start, value.range[1]);
      stack.push({ node: value, depth: depth + 1 });
    }
  }
  for (const m of text.matchAll(/(?:^[ \t]*#[^\n]*\n){2,}/gm)) add(m.index, m.index + m[0].length, 'comment');
  return out.sort((a, b) => a.startLine - b.startLine);
}

/** For each offset, the spans a selection grows through, innermost first (each contains the one before). */
export function selectionRanges(doc: SpecDocument, offsets: number[]): Span[][] {
  return offsets.map((offset) => chain(doc, offset));
}

function chain(doc: SpecDocument, offset: number): Span[] {
  const spans: Span[] = [];
  const push = (s: Span | undefined) => {
    if (!s || s.start > offset || s.end < offset) return;
    const last = spans[spans.length - 1];
    if (last && s.start === last.start && s.end === last.end) return;
    if (!last || (s.start <= last.start && s.end >= last.end)) spans.push(s);
  };
  const trim = (start: number, end: number): Span => ({ start, end: start + doc.text.slice(start, end).trimEnd().length });
  const path: Span[] = [];
  let node: unknown = doc.ast.contents;
  for (let depth = 0; depth < MAX_DEPTH && (isMap(node) || isSeq(node)); depth++) {
    const hit = node.items.find((item) => {
      const r = itemRange(item);
      return r && r.start <= offset && offset <= r.end;
    });
    if (!hit) break;
    const r = itemRange(hit)!;
    path.push(trim(r.start, r.end));
    const value = (isPair(hit) ? hit.value : hit) as Node | null;
    const key = isPair(hit) ? ((hit.key as Node | null)?.range ?? undefined) : undefined;
    if (key && key[0] <= offset && offset <= key[1]) {
      path.push({ start: key[0], end: key[1] });
      break;
    }
    if (value?.range) path.push(trim(value.range[0], value.range[1]));
    node = value;
  }
  for (const s of path.reverse()) push(s);
  push({ start: 0, end: doc.text.length });
  return spans;
}

function itemRange(item: unknown): Span | undefined {
  if (isPair(item)) {
    const k = (item.key as Node | null)?.range;
    const v = (item.value as Node | null)?.range;
    const start = k?.[0] ?? v?.[0];
    const end = v?.[1] ?? k?.[1];
    return start === undefined || end === undefined ? undefined : { start, end };
  }
  const r = (item as Node | null)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}
