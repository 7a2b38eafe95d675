/**
 * Small, allocation-light helpers over the `yaml` package's AST: find the node under an offset, the node at
 * a JSON path, and the spans diagnostics should land on (a key for key problems, a value for value problems).
 */
import { isMap, isPair, isScalar, isSeq, isAlias, type Node, type Pair, type YAMLMap, type Document } from 'yaml';
import type { Span } from './types';

export type JsonPath = (string | number)[];

export interface NodeAtOffset {
  /** JSON path of the innermost value containing the offset (or of the pair whose key it is). */
  path: JsonPath;
  /** The innermost node (key or value) containing the offset, if any. */
  node: Node | undefined;
  /** Whether the offset is on a mapping key. */
  onKey: boolean;
  /** The mapping the cursor is directly inside (for key completion), if any. */
  parentMap: YAMLMap | undefined;
  /** The pair the offset belongs to, if any. */
  pair: Pair | undefined;
}

export function keyText(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return k.value === null || k.value === undefined ? '' : String(k.value);
  if (typeof k === 'string' || typeof k === 'number') return String(k);
  return undefined;
}

export function nodeSpan(node: Node | null | undefined): Span | undefined {
  if (!node || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

/** Finds the pair for `key` in a mapping node. */
export function findPair(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) if (keyText(item as Pair) === key) return item as Pair;
  return undefined;
}

export interface PathTarget {
  /** The value node at the path (may be undefined for `key:` with no value). */
  value: Node | undefined;
  /** The pair's key node when the last path segment is a mapping key. */
  key: Node | undefined;
  /** How far the path could be followed (length of the resolved prefix). */
  depth: number;
}

/** Follows a JSON path through maps and sequences (aliases followed), as far as it exists. */
export function nodeAtPath(doc: Document, path: JsonPath): PathTarget {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  let depth = 0;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = findPair(node, String(seg));
      if (!pair) break;
      key = pair.key as Node;
      node = pair.value;
    } else if ((isSeq(node) && typeof seg === 'number') || (isSeq(node) && /^\d+$/.test(String(seg)))) {
      const item = (node as { items: unknown[] }).items[Number(seg)];
      if (item === undefined) break;
      key = undefined;
      node = item;
    } else break;
    depth++;
  }
  return { value: (node ?? undefined) as Node | undefined, key, depth };
}

/**
 * Span for a problem at `path`: the key when `onKey` (unknown/misplaced properties) or the value otherwise.
 * Falls back to the deepest existing ancestor's key, so a diagnostic always lands somewhere sensible.
 */
export function spanAtPath(doc: Document, path: JsonPath, onKey = false): Span {
  const t = nodeAtPath(doc, path);
  if (t.depth === path.length) {
    const preferred = onKey ? (t.key ?? t.value) : (t.value ?? t.key);
    const s = nodeSpan(preferred) ?? nodeSpan(t.key);
    if (s && s.end > s.start) return s;
    if (s) return { start: s.start, end: s.start };
  }
  if (t.depth < path.length) {
    const parent = path.slice(0, t.depth);
    const p = nodeAtPath(doc, parent);
    const s = nodeSpan(p.key) ?? nodeSpan(p.value);
    if (s) return s;
  }
  const root = nodeSpan(doc.contents as Node);
  return root ? { start: root.start, end: Math.min(root.end, root.start + 1) } : { start: 0, end: 0 };
}

function contains(node: Node | null | undefined, offset: number, inclusiveEnd: boolean): boolean {
  if (!node || !node.range) return false;
  return offset >= node.range[0] && (inclusiveEnd ? offset <= node.range[1] : offset < node.range[1]);
}

/** The innermost node under `offset`, with its JSON path. */
export function nodeAtOffset(doc: Document, offset: number): NodeAtOffset {
  const path: JsonPath = [];
  let node: unknown = doc.contents;
  let parentMap: YAMLMap | undefined;
  let pair: Pair | undefined;
  let found: Node | undefined = contains(node as Node, offset, true) ? (node as Node) : undefined;
  for (;;) {
    if (isMap(node)) {
      parentMap = node;
      let next: Pair | undefined;
      for (const item of node.items) {
        const p = item as Pair;
        if (contains(p.key as Node, offset, true)) {
          return { path: [...path, keyText(p) ?? ''], node: p.key as Node, onKey: true, parentMap: node, pair: p };
        }
        if (contains(p.value as Node, offset, true)) next = p;
      }
      if (!next) break;
      pair = next;
      path.push(keyText(next) ?? '');
      node = next.value;
      found = node as Node;
    } else if (isSeq(node)) {
      const idx = node.items.findIndex((it) => contains(it as Node, offset, true));
      if (idx < 0) break;
      path.push(idx);
      node = node.items[idx];
      found = node as Node;
      pair = undefined;
    } else break;
  }
  return { path, node: found, onKey: false, parentMap: isMap(node) ? node : parentMap, pair };
}

export { isMap, isSeq, isScalar, isPair, isAlias };
