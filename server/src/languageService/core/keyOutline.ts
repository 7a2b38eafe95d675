/**
 * An Outline of a YAML/JSON file read from its keys alone, for files that have no model of their own (a Fern
 * api.yml, a `$ref` fragment such as common/messages.yaml): each key down to `depth` levels, mappings with their
 * keys as children, a scalar's value as the detail.
 */
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { SpecDocument } from './specDocument';
import { SymbolKind, type SpecSymbol } from './types';
import { keyText } from './yamlAst';

const MAX_DETAIL = 60;
/** An Outline is read, not searched: a generated file's thousands of keys stop here. */
const MAX_SYMBOLS = 2000;

export function keyOutline(doc: SpecDocument, depth: number): SpecSymbol[] {
  const budget = { left: MAX_SYMBOLS };
  return symbolsOf(doc.ast.contents, depth, budget);
}

function symbolsOf(node: unknown, depth: number, budget: { left: number }): SpecSymbol[] {
  if (!isMap(node) || depth <= 0) return [];
  const out: SpecSymbol[] = [];
  for (const pair of node.items as Pair[]) {
    const key = pair.key as Node | null;
    if (!key?.range || budget.left-- <= 0) continue;
    const value = pair.value as Node | null;
    const end = value?.range ? value.range[1] : key.range[1];
    const symbol: SpecSymbol = {
      name: keyText(pair) ?? '',
      kind: isMap(value) ? SymbolKind.Object : isSeq(value) ? SymbolKind.Array : SymbolKind.Property,
      span: { start: key.range[0], end },
      selection: { start: key.range[0], end: key.range[1] },
      children: symbolsOf(value, depth - 1, budget),
    };
    const detail = isScalar(value) && value.value !== null ? String(value.value) : undefined;
    if (detail) symbol.detail = detail.length > MAX_DETAIL ? detail.slice(0, MAX_DETAIL - 1) + '…' : detail;
    out.push(symbol);
  }
  return out;
}
