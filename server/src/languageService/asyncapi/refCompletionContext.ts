/**
 * Where the cursor is for reference-like completion, read from the current line (robust while the user is
 * mid-typing, e.g. `$ref: #/co` which YAML sees as a comment, or an unclosed quote) and placed in the document
 * with the cached AST (the JSON path of the object or list being edited).
 */
import type { SpecDocument } from '../core/specDocument';
import type { Span } from '../core/types';
import { nodeAtOffset, type JsonPath } from '../core/yamlAst';

export interface RefValueContext {
  type: 'ref';
  /** The whole current value, quotes included: what a completion replaces. */
  replace: Span;
  /** Text of the value between its opening quote (if any) and the cursor. */
  typed: string;
  /** The quote the value uses ('' when unquoted). */
  quote: string;
  /** Path of the object holding `$ref`. */
  holder: JsonPath;
}

export interface ListItemContext {
  type: 'item';
  replace: Span;
  typed: string;
  /** Path of the list (or, for `- name: []` requirement keys, the list of requirements). */
  list: JsonPath;
  /** The item is a mapping key being typed (`- api‸: []`): insert the name only. */
  onKey: boolean;
  /** Whether the item is in a flow list (`[a, b]`). */
  flow: boolean;
}

export type CompletionContext = RefValueContext | ListItemContext;

const REF_BEFORE = /(^|[\s{,[-])(["']?)\$ref\2\s*:\s*(["']?)([^"'\s]*)$/;
const ITEM_BEFORE = /(?:^\s*-\s+|[[,]\s*)([\w.-]*)$/;

export function completionContext(doc: SpecDocument, offset: number): CompletionContext | undefined {
  const text = doc.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd);

  const ref = REF_BEFORE.exec(before);
  if (ref) {
    const quote = ref[3];
    const typed = ref[4];
    const start = offset - typed.length - quote.length;
    const rest = quote ? new RegExp(`^[^${quote}]*${quote}?`).exec(after)![0] : /^[^\s,}\]]*/.exec(after)![0];
    const keyOffset = lineStart + before.lastIndexOf('$ref');
    return { type: 'ref', replace: { start, end: offset + rest.length }, typed, quote, holder: holderOf(doc, keyOffset, offset) };
  }

  const item = ITEM_BEFORE.exec(before);
  if (item) {
    const typed = item[1];
    const rest = /^[\w.-]*/.exec(after)![0];
    const at = nodeAtOffset(doc.ast, offset);
    let list = at.path;
    const onKey = at.onKey || /^[\w.-]*\s*:/.test(after);
    if (at.onKey) list = list.slice(0, -1);
    if (typeof list[list.length - 1] === 'number') list = list.slice(0, -1);
    return { type: 'item', replace: { start: offset - typed.length, end: offset + rest.length }, typed, list, onKey, flow: !/^\s*-\s+/.test(before) };
  }
  return undefined;
}

/** Path of the mapping that holds the `$ref` key (from the key when the AST has it, else from the cursor). */
function holderOf(doc: SpecDocument, keyOffset: number, offset: number): JsonPath {
  const atKey = nodeAtOffset(doc.ast, keyOffset + 1);
  if (atKey.onKey && atKey.path[atKey.path.length - 1] === '$ref') return atKey.path.slice(0, -1);
  const at = nodeAtOffset(doc.ast, offset);
  const path = at.path;
  return path[path.length - 1] === '$ref' ? path.slice(0, -1) : path;
}
