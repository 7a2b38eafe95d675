/** Small AST helpers the Fern features share: scalar text with its offset, map entries, typed reads. */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SpecDocument } from '../specDocument';
import { keyText, nodeSpan } from '../yamlAst';
import type { Span } from '../types';

export interface ScalarAt {
  text: string;
  /** Offset in the document of `text[0]` (past an opening quote). */
  start: number;
  /** The whole node, quotes included. */
  span: Span;
}

/** A string scalar with the offset of its first character, when the source maps 1:1 onto the value. */
export function scalarAt(doc: SpecDocument, node: unknown): ScalarAt | undefined {
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
  value: Node | undefined;
}

export function entries(map: unknown): Entry[] {
  if (!isMap(map)) return [];
  const out: Entry[] = [];
  for (const item of (map as YAMLMap).items) {
    const pair = item as Pair;
    const key = keyText(pair);
    const keySpan = nodeSpan(pair.key as Node);
    if (key === undefined || !keySpan) continue;
    out.push({ key, pair, keySpan, value: (pair.value ?? undefined) as Node | undefined });
  }
  return out;
}

export function entry(map: unknown, key: string): Entry | undefined {
  return entries(map).find((e) => e.key === key);
}

export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function seqItems(node: unknown): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}

export { isMap, isScalar, isSeq };
