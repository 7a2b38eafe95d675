/**
 * Every `$ref` of a document with its spans and parsed target, built once per parsed document (cached by
 * identity, so a new text version gets a new index and nothing is ever re-parsed). Navigation, references,
 * rename, hover and completion all read this index instead of walking the AST themselves.
 */
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { parseRef, type ParsedRef } from './refs';
import type { SpecDocument } from './specDocument';
import type { Span } from './types';
import { keyText, type JsonPath } from './yamlAst';

export interface RefEntry {
  /** The ref string as written (unquoted). */
  ref: string;
  /** The `$ref` key. */
  keySpan: Span;
  /** The whole value node, quotes included. */
  valueSpan: Span;
  /** The text between the quotes (equal to valueSpan for plain scalars). */
  innerSpan: Span;
  /** JSON path of the object holding the `$ref`. */
  holder: JsonPath;
  /** Parsed target; undefined when the ref is not a valid URI reference. */
  target: ParsedRef | undefined;
}

export interface RefIndex {
  refs: RefEntry[];
  /** Distinct URIs of other files this document references (remote ones excluded). */
  files: string[];
}

const cache = new WeakMap<SpecDocument, RefIndex>();
/** Deeper than any real spec; bounds the walk on pathological nesting. */
const MAX_DEPTH = 400;

export function refIndex(doc: SpecDocument): RefIndex {
  let idx = cache.get(doc);
  if (!idx) {
    idx = build(doc);
    cache.set(doc, idx);
  }
  return idx;
}

/** The ref whose value (or `$ref` key) covers `offset`, inclusive of the value's end (cursor after the text). */
export function refAt(doc: SpecDocument, offset: number, includeKey = false): RefEntry | undefined {
  const refs = refIndex(doc).refs;
  // Refs are collected in document order: binary search on the value start.
  let lo = 0;
  let hi = refs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = refs[mid];
    const start = includeKey ? r.keySpan.start : r.valueSpan.start;
    if (offset < start) hi = mid - 1;
    else if (offset > r.valueSpan.end) lo = mid + 1;
    else return r;
  }
  return undefined;
}

function build(doc: SpecDocument): RefIndex {
  const refs: RefEntry[] = [];
  const files = new Set<string>();
  const path: JsonPath = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (isMap(node)) {
      for (const item of node.items) {
        const pair = item as Pair;
        const key = keyText(pair);
        if (key === '$ref') {
          const entry = entryOf(doc, pair, path);
          if (entry) {
            refs.push(entry);
            if (entry.target && !entry.target.local && !entry.target.remote) files.add(entry.target.uri);
          }
          continue;
        }
        path.push(key ?? '');
        visit(pair.value, depth + 1);
        path.pop();
      }
    } else if (isSeq(node)) {
      node.items.forEach((it, i) => {
        path.push(i);
        visit(it, depth + 1);
        path.pop();
      });
    }
  };
  visit(doc.ast.contents, 0);
  refs.sort((a, b) => a.valueSpan.start - b.valueSpan.start);
  return { refs, files: [...files] };
}

function entryOf(doc: SpecDocument, pair: Pair, holder: JsonPath): RefEntry | undefined {
  const k = pair.key as Node;
  const v = pair.value as Node | null;
  if (!k?.range || !isScalar(v) || !v.range || typeof v.value !== 'string') return undefined;
  const valueSpan = { start: v.range[0], end: v.range[1] };
  const quoted = v.type === 'QUOTE_DOUBLE' || v.type === 'QUOTE_SINGLE';
  const closed = quoted && valueSpan.end - valueSpan.start >= 2 && doc.text[valueSpan.end - 1] === doc.text[valueSpan.start];
  const innerSpan = quoted ? { start: valueSpan.start + 1, end: closed ? valueSpan.end - 1 : valueSpan.end } : valueSpan;
  return {
    ref: v.value,
    keySpan: { start: k.range[0], end: k.range[1] },
    valueSpan,
    innerSpan,
    holder: [...holder],
    target: parseRef(v.value, doc.uri),
  };
}
