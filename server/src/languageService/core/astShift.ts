/**
 * What both incremental parses (block YAML: incrementalParse.ts, flow/JSON: incrementalFlow.ts) do to the
 * previous AST once a re-parsed piece is accepted: move ranges by the length change, adopt the document's
 * schema, and the checks and copies every splice needs.
 */
import { isAlias, isDocument, isMap, isPair, isSeq, type Document, type Node } from 'yaml';

export type Range = [number, number, number];

/**
 * Whether any node has an anchor or is an alias (yaml's `visit` with a `Node` visitor, as a plain walk: it runs over
 * the whole document on the first edit after each full parse, ~5× faster so).
 */
export function hasAnchorsOrAliases(node: Document | Node): boolean {
  return anchored(isDocument(node) ? node.contents : node);
}

function anchored(n: unknown): boolean {
  if (!n || typeof n !== 'object') return false;
  if (isPair(n)) return anchored(n.key) || anchored(n.value);
  if (isAlias(n) || (n as { anchor?: string }).anchor) return true;
  const items = (n as { items?: unknown[] }).items;
  if (Array.isArray(items)) for (const item of items) if (anchored(item)) return true;
  return false;
}

/**
 * A flat copy of a slice. V8 represents `text.slice()` as a view that keeps the whole text alive, and the
 * spliced nodes' strings are slices of the slice: without the copy, every edit's nodes would pin that
 * version's entire text (a 50k-line spec is 1.3 MB a version) for as long as they live.
 */
export function detached(slice: string): string {
  return Buffer.from(slice, 'utf16le').toString('utf16le');
}

/** In place: the previous AST is being rewritten into the new one, and allocating per node would dominate. */
export function shiftRange(r: Range, from: number, delta: number): Range {
  if (r[0] >= from) r[0] += delta;
  if (r[1] >= from) r[1] += delta;
  if (r[2] >= from) r[2] += delta;
  return r;
}

/** Adds `delta` to every range offset ≥ `from` in `node`'s subtree (0 shifts everything); adopts the doc's schema. */
export function shiftNode(node: unknown, delta: number, from: number, doc: Document): void {
  if (isPair(node)) {
    shiftNode(node.key, delta, from, doc);
    shiftNode(node.value, delta, from, doc);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (n.range) shiftRange(n.range as Range, from, delta);
  if (isMap(n) || isSeq(n)) {
    n.schema = doc.schema;
    for (const item of n.items) shiftNode(item, delta, from, doc);
  }
}

/** Shifts the ranges of nodes ending at or after `from` (the old block end), skipping the freshly spliced node. */
export function shiftAfter(node: unknown, from: number, delta: number, skip: unknown): void {
  if (node === skip || !node || typeof node !== 'object') return;
  if (isPair(node)) {
    shiftAfter(node.key, from, delta, skip);
    shiftAfter(node.value, from, delta, skip);
    return;
  }
  const r = (node as Node).range as Range | null | undefined;
  if (r) {
    if (r[2] < from) return; // ends before the block: so does everything inside it
    // Starts after the block: so does everything inside it, each offset moves (most of the nodes of an edit near the top).
    if (r[0] >= from) return shiftAll(node, delta, skip);
    shiftRange(r, from, delta);
  }
  const items = (node as { items?: unknown[] }).items;
  if (Array.isArray(items)) for (const item of items) shiftAfter(item, from, delta, skip);
}

/** Adds `delta` to every offset in the subtree (collections: `items`, as isMap/isSeq nodes have them). */
function shiftAll(node: unknown, delta: number, skip: unknown): void {
  if (node === skip || !node || typeof node !== 'object') return;
  if (isPair(node)) {
    shiftAll(node.key, delta, skip);
    shiftAll(node.value, delta, skip);
    return;
  }
  const r = (node as Node).range as Range | null | undefined;
  if (r) {
    r[0] += delta;
    r[1] += delta;
    r[2] += delta;
  }
  const items = (node as { items?: unknown[] }).items;
  if (Array.isArray(items)) for (const item of items) shiftAll(item, delta, skip);
}
