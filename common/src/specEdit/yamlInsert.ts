/**
 * Insertions into a YAML file that leave every existing byte where it was: the new node is written by the yaml
 * package's stringifier at the indentation of its siblings and inserted after the last one, so formatting and
 * comments elsewhere are untouched (re-printing the whole Document would reflow flow maps, quotes and blank lines).
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, stringify, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { isJson, jsonItem, jsonMembers, markJson } from './jsonInsert';

/** Insert `text` at `offset` of the file (a WorkspaceEdit of one insertion). */
export interface TextInsert {
  offset: number;
  text: string;
}

/** What leads from the root to the node at an offset: collections and the pairs inside them, outermost first. */
export type Chain = (Node | Pair)[];

export function parseForEdit(text: string): Document | string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) return `the file does not parse as YAML (${doc.errors[0]!.message.split('\n')[0]}); fix it first`;
  markJson(doc);
  return doc;
}

/**
 * The chain to the node at `offset`. A location is a key where the node has one (locationOf in the Try it model),
 * so a pair whose key starts there ends the chain with that pair; a mapping that starts there counts only as a
 * list item (a `oneOf` message), since a mapping's first key starts where the mapping does.
 */
export function chainAt(doc: Document, offset: number): Chain | undefined {
  const walk = (node: unknown, chain: Chain, listItem: boolean): Chain | undefined => {
    if (!isMap(node) && !isSeq(node)) return isScalar(node) && node.range?.[0] === offset ? [...chain, node] : undefined;
    if (node.range?.[0] === offset && (listItem || isSeq(node))) return [...chain, node];
    if (!node.range || offset < node.range[0] || offset > node.range[2]) return undefined;
    for (const item of node.items as unknown[]) {
      const found = isPair(item) ? inPair(item, [...chain, node]) : walk(item, [...chain, node], true);
      if (found) return found;
    }
    return undefined;
  };
  const inPair = (pair: Pair, chain: Chain): Chain | undefined =>
    (pair.key as Node | null)?.range?.[0] === offset ? [...chain, pair] : walk(pair.value, [...chain, pair], false);
  return walk(doc.contents, [], true);
}

/** The block mapping a chain ends at (a pair's value), or why it cannot take a new key. */
export function blockMapOf(last: Node | Pair | undefined): YAMLMap | string {
  const node = isPair(last) ? last.value : last;
  if (!isMap(node)) return 'it is not a mapping';
  if (node.flow && !isJson(node)) return 'it is written in flow style ({ … }); write it as a block mapping to add to it';
  return node;
}

/** A new key at the end of a block mapping: `key:` and the value, at the column of the mapping's keys. */
export function appendPair(text: string, map: YAMLMap, key: string, value: unknown): TextInsert {
  return appendPairs(text, map, { [key]: value });
}

/** Several new keys at the end of a block mapping, in the object's order. */
export function appendPairs(text: string, map: YAMLMap, pairs: Record<string, unknown>): TextInsert {
  if (isJson(map)) return jsonMembers(text, map, pairs);
  const column = columnOf(text, (map.items[0]!.key as Node).range![0]);
  const body = stringify(pairs, { lineWidth: 0 });
  return insertAt(text, afterLine(text, contentEnd(map)), indent(body, column));
}

/** A new item at the end of a block sequence, at its items' column. */
export function appendItem(text: string, seq: YAMLSeq, value: unknown): TextInsert | string {
  if (isJson(seq)) return jsonItem(text, seq, value);
  if (seq.flow) return 'its list is written in flow style ([ … ]); write it as a block list to add to it';
  if (seq.items.length === 0) return 'its list is empty';
  const column = columnOf(text, seq.range![0]);
  const body = stringify([value], { lineWidth: 0 });
  return insertAt(text, afterLine(text, contentEnd(seq)), indent(body, column));
}

export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

/** Where a collection's last content ends: its ranges also cover trailing comments and the next line's indent. */
export function contentEnd(node: unknown): number {
  if (isMap(node) || isSeq(node)) {
    if (node.flow || node.items.length === 0) return node.range![1];
    const last = node.items.at(-1) as unknown;
    if (isPair(last)) return contentEnd(last.value ?? last.key);
    return contentEnd(last);
  }
  return (node as Node).range![1];
}

/** The start of the line after `offset` (a block scalar's range already ends after its newline). */
function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function indent(body: string, column: number): string {
  const pad = ' '.repeat(column);
  return body
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');
}

/** An insertion at the very end of a file that lacks a final newline needs one first. */
function insertAt(text: string, offset: number, body: string): TextInsert {
  return { offset, text: offset === text.length && text.length > 0 && !text.endsWith('\n') ? `\n${body}` : body };
}

export function applyInsert(text: string, insert: TextInsert): string {
  return text.slice(0, insert.offset) + insert.text + text.slice(insert.offset);
}
