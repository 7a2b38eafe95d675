/**
 * What both incremental parses (block YAML: incrementalParse.ts, flow/JSON: incrementalFlow.ts) do to the
 * previous AST once a re-parsed piece is accepted: move ranges by the length change, adopt the document's
 * schema, and the checks and copies every splice needs.
 */
import { isMap, isSeq, isPair, isAlias, visit, type Document, type Node } from 'yaml';

export type Range = [number, number, number];

export function hasAnchorsOrAliases(node: Document | Node): boolean {
  let found = false;
  visit(node, {
    Node(_, n) {
      if (isAlias(n) || (n as { anchor?: string }).anchor) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
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
  const n = node as Node;
  if (n.range) {
    if (n.range[2] < from) return; // ends before the block: so does everything inside it
    shiftRange(n.range as Range, from, delta);
  }
  if (isMap(n) || isSeq(n)) for (const item of n.items) shiftAfter(item, from, delta, skip);
}
