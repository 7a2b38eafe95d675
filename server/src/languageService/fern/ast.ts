/**
 * Small AST helpers the Fern features share: scalar text with its offset, map entries, typed reads. Fern reads
 * YAML with anchors and aliases resolved (`name: *name` is the anchored node itself), so these helpers hand out
 * an alias's target wherever they hand out a node; `fernRoot` registers a document's aliases once per parse.
 */
import {
  isAlias,
  isMap as yamlIsMap,
  isScalar as yamlIsScalar,
  isSeq as yamlIsSeq,
  visit,
  type Alias,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { SpecDocument } from '../core/specDocument';
import { hasAnchorsOrAliases } from '../core/astShift';
import { keyText, nodeSpan } from '../core/yamlAst';
import type { Span } from '../core/types';

export interface ScalarAt {
  text: string;
  /** Offset in the document of `text[0]` (past an opening quote). */
  start: number;
  /** The whole node, quotes included. */
  span: Span;
}

/** A string scalar with the offset of its first character, when the source maps 1:1 onto the value. */
export function scalarAt(doc: SpecDocument, node: unknown): ScalarAt | undefined {
  node = deref(node);
  if (!isScalar(node) || !node.range) return undefined;
  const v = node.value;
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
  const text = String(v);
  const [start, end] = node.range;
  const src = doc.text.slice(start, end);
  const quoted = src.startsWith('"') || src.startsWith("'");
  const base = quoted ? start + 1 : start;
  // Block scalars and escapes don't map 1:1; keep the node span so diagnostics still land on the value.
  const exact = doc.text.slice(base, base + text.length) === text;
  return { text, start: exact ? base : start, span: { start, end } };
}

export interface Entry {
  key: string;
  pair: Pair;
  keySpan: Span;
  /** The value, an alias replaced by its anchored node. */
  value: Node | undefined;
  /** The value as written (`*name` stays the alias): for spans of this entry's own text. */
  written: Node | undefined;
}

export function entries(map: unknown): Entry[] {
  map = deref(map);
  if (!isMap(map)) return [];
  const out: Entry[] = [];
  for (const item of (map as YAMLMap).items) {
    const pair = item as Pair;
    const key = keyText(pair);
    const keySpan = nodeSpan(pair.key as Node);
    if (key === undefined || !keySpan) continue;
    const written = (pair.value ?? undefined) as Node | undefined;
    out.push({ key, pair, keySpan, value: deref(written), written });
  }
  return out;
}

export function entry(map: unknown, key: string): Entry | undefined {
  return entries(map).find((e) => e.key === key);
}

export function stringValue(node: unknown): string | undefined {
  node = deref(node);
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function seqItems(node: unknown): Node[] {
  node = deref(node);
  return isSeq(node) ? (node.items as Node[]).map((n) => deref(n)) : [];
}

/** Where an entry's own text ends (an alias ends at `*name`, not at its anchored node). */
export function endOf(e: Entry): number {
  return e.written?.range?.[1] ?? e.keySpan.end;
}

export function isMap(node: unknown): node is YAMLMap {
  return yamlIsMap(deref(node));
}

export function isScalar(node: unknown): node is Scalar {
  return yamlIsScalar(deref(node));
}

export function isSeq(node: unknown): node is YAMLSeq {
  return yamlIsSeq(deref(node));
}

/** Alias → its anchored node, for every document `fernRoot` has seen (alias nodes belong to one document). */
const targets = new WeakMap<Alias, Node>();
const registered = new WeakSet<SpecDocument>();
/** Past this many nodes with aliases expanded, aliases stay unresolved (a "billion laughs" document). */
const MAX_EXPANDED_NODES = 200_000;

/** A node with an alias replaced by its target (unchanged when not an alias or not resolvable). */
export function deref<T>(node: T): T {
  return isAlias(node) ? ((targets.get(node) as T | undefined) ?? node) : node;
}

/** The document's root, its aliases resolved for every helper here. Every Fern consumer starts from this. */
export function fernRoot(doc: SpecDocument): Node | null {
  if (!registered.has(doc)) {
    registered.add(doc);
    // A `*` is common in text (markdown, globs); yaml's visit over a 1 MB document is ~0.2 s, a plain walk for an
    // alias node a fraction of it (fuzz seed 24).
    if (doc.text.includes('*') && hasAnchorsOrAliases(doc.ast) && registerAliases(doc.ast)) resolving.add(doc);
  }
  return doc.ast.contents as Node | null;
}

/** Documents with at least one resolved alias: only their paths can pass through an alias. */
const resolving = new WeakSet<SpecDocument>();

/** Whether any alias of the document resolves (a `*` in a string or a comment is no alias). */
export function hasAliases(doc: SpecDocument): boolean {
  fernRoot(doc);
  return resolving.has(doc);
}

/** Registers the document's aliases; true when at least one resolves. */
function registerAliases(ast: Document): boolean {
  const anchors = new Map<string, Node>();
  const found: [Alias, Node][] = [];
  visit(ast, {
    Node(_, node, path) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        // An alias inside its own anchored node would make every walk endless: it stays unresolved.
        if (target && !path.includes(target as never)) found.push([node, target]);
      } else if (node.anchor) anchors.set(node.anchor, node);
      return undefined;
    },
  });
  for (const [a, t] of found) targets.set(a, t);
  if (found.length === 0) return false;
  if (expandedSize(ast.contents as Node | null, new Map()) <= MAX_EXPANDED_NODES) return true;
  for (const [a] of found) targets.delete(a);
  return false;
}

function expandedSize(node: Node | null | undefined, memo: Map<Node, number>): number {
  const n = deref(node);
  if (!n) return 0;
  let size = memo.get(n);
  if (size !== undefined) return size;
  size = 1;
  if (yamlIsMap(n)) for (const p of n.items) size += expandedSize(p.value as Node, memo) + 1;
  else if (yamlIsSeq(n)) for (const it of n.items) size += expandedSize(it as Node, memo);
  memo.set(n, Math.min(size, MAX_EXPANDED_NODES + 1));
  return size;
}
