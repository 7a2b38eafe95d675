/**
 * Every `$ref` of a document with its spans and parsed target, built once per parsed document (cached by
 * identity, so a new text version gets a new index and nothing is ever re-parsed). Navigation, references,
 * rename, hover and completion all read this index instead of walking the AST themselves.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
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

/**
 * Finds `$ref` keys through the text (indexOf is far cheaper than visiting every AST node of a large spec),
 * then places each hit in the AST by binary search over the offsets of mapping and sequence items.
 * A hit inside a comment or a string value is not a `$ref` key and is skipped.
 */
function build(doc: SpecDocument): RefIndex {
  const refs: RefEntry[] = [];
  const files = new Set<string>();
  const text = doc.text;
  for (let i = text.indexOf('$ref'); i >= 0; i = text.indexOf('$ref', i + 4)) {
    const hit = pairAt(doc.ast.contents, i);
    if (!hit || keyText(hit.pair) !== '$ref') continue;
    const entry = entryOf(doc, hit.pair, hit.path);
    if (!entry) continue;
    refs.push(entry);
    if (entry.target && !entry.target.local && !entry.target.remote) files.add(entry.target.uri);
  }
  return { refs, files: [...files] };
}

function startOf(item: unknown): number {
  if (isPair(item)) return ((item.key as Node | null)?.range ?? (item.value as Node | null)?.range)?.[0] ?? -1;
  return (item as Node | null)?.range?.[0] ?? -1;
}

function endOf(item: unknown): number {
  if (isPair(item)) return ((item.value as Node | null)?.range ?? (item.key as Node | null)?.range)?.[1] ?? -1;
  return (item as Node | null)?.range?.[1] ?? -1;
}

/** The last item starting at or before `offset` (items are in document order). */
function itemBefore(items: unknown[], offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(items[mid]) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The pair whose key starts exactly at `offset`, with the path of its mapping. */
function pairAt(root: unknown, offset: number): { pair: Pair; path: JsonPath } | undefined {
  const path: JsonPath = [];
  let node = root;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (!isMap(node) && !isSeq(node)) return undefined;
    const items = node.items as unknown[];
    const i = itemBefore(items, offset);
    if (i < 0 || endOf(items[i]) < offset) return undefined;
    const item = items[i];
    if (isMap(node)) {
      const pair = item as Pair;
      const k = (pair.key as Node | null)?.range;
      // The key itself may be quoted: `"$ref"` starts one character before the hit.
      if (k && offset >= k[0] && offset < k[1]) return offset - k[0] <= 1 ? { pair, path } : undefined;
      path.push(keyText(pair) ?? '');
      node = pair.value;
    } else {
      path.push(i);
      node = item;
    }
  }
  return undefined;
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
    holder,
    target: parseRef(v.value, doc.uri),
  };
}
