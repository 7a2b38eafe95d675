/**
 * Insertions into a spec written in JSON. The yaml package reads JSON as flow collections, which block-style
 * insertion cannot extend; here a new member or item is written as JSON right after the container's last one, in
 * the container's own layout: on a line of its own at its siblings' indentation (nested lines one unit of the
 * file's indentation deeper) when the container spreads over lines, else inline. The rest keeps every byte.
 * (jsonc-parser's `modify` was tried: it re-formats the whole enclosing container, so compact members change.)
 */
import { isMap, isPair, isSeq, visit, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextInsert } from './yamlInsert';

/** Collections of documents whose root is a flow collection (JSON): flow style there is the file's style. */
const jsonCollections = new WeakSet<object>();

export function markJson(doc: Document): void {
  if (!(isMap(doc.contents) || isSeq(doc.contents)) || !doc.contents.flow) return;
  visit(doc, {
    Map: (_, node) => void jsonCollections.add(node),
    Seq: (_, node) => void jsonCollections.add(node),
  });
}

export function isJson(node: YAMLMap | YAMLSeq): boolean {
  return jsonCollections.has(node);
}

/** New `"key": value` members at the end of a JSON object. */
export function jsonMembers(text: string, map: YAMLMap, pairs: Record<string, unknown>): TextInsert {
  const unit = unitOf(text);
  return jsonAppend(text, map, (indent) =>
    Object.entries(pairs)
      .map(([k, v]) => `${JSON.stringify(k)}: ${render(v, indent, unit)}`)
      .join(indent === undefined ? ', ' : `,\n${indent}`),
  );
}

/** A new item at the end of a JSON array. */
export function jsonItem(text: string, seq: YAMLSeq, value: unknown): TextInsert {
  return jsonAppend(text, seq, (indent) => render(value, indent, unitOf(text)));
}

function jsonAppend(text: string, node: YAMLMap | YAMLSeq, entry: (indent: string | undefined) => string): TextInsert {
  const open = node.range![0];
  const last = node.items.at(-1) as unknown;
  if (!last) {
    // An empty container: spread over lines when the file is, one unit inside the container's line.
    const outer = lineIndent(text, open);
    const inner = outer + unitOf(text);
    return text.includes('\n') ? { offset: open + 1, text: `\n${inner}${entry(inner)}\n${outer}` } : { offset: open + 1, text: entry(undefined) };
  }
  const first = (isPair(last) ? last.key : last) as Node;
  const end = trimEnd(text, endOf(last));
  const multiLine = text.slice(open, first.range![0]).includes('\n');
  if (!multiLine) return { offset: end, text: `, ${entry(undefined)}` };
  const indent = lineIndent(text, first.range![0]);
  return { offset: end, text: `,\n${indent}${entry(indent)}` };
}

/** Where a member or item's text ends (a flow collection's range ends after its closing bracket). */
function endOf(item: unknown): number {
  const node = (isPair(item) ? (item.value ?? item.key) : item) as Node;
  return node.range![1];
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1]!)) e--;
  return e;
}

/** The value as JSON: compact inline, else laid out with the file's unit and nested lines after `indent`. */
function render(value: unknown, indent: string | undefined, unit: string): string {
  if (indent === undefined) return JSON.stringify(value);
  return JSON.stringify(value, null, unit).replace(/\n/g, `\n${indent}`);
}

/** The whitespace that starts the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** The file's indentation unit: the first indented line's leading whitespace (two spaces when none is). */
function unitOf(text: string): string {
  return /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
}
