/**
 * What the cursor is completing: a key of some mapping (on a blank line, mid-word, or on a new `- ` item) or the
 * value of a key. In YAML a half-typed word is often parsed as something else (`title: x⏎  ver` continues the
 * title's plain scalar), so the parent mapping is found from the cursor line's indentation and the key columns
 * of the AST, not from the node under the cursor.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SpecDocument } from './specDocument';
import type { Span } from './types';
import { keyText, nodeAtOffset, type JsonPath } from './yamlAst';

export interface KeyContext {
  kind: 'key';
  /** Path of the mapping the new key goes into. */
  path: JsonPath;
  /** Keys the mapping already has (not counting the word being typed). */
  existing: Set<string>;
  replace: Span;
  /** A `:` already follows the word: insert the name only. */
  colonFollows: boolean;
  /** The cursor line starts a new list item (`- `): list values are wanted too. */
  item: boolean;
  json: boolean;
}

export interface ValueContext {
  kind: 'value';
  /** Path of the value being completed. */
  path: JsonPath;
  replace: Span;
  json: boolean;
}

export type CursorContext = KeyContext | ValueContext;

const KEY_LINE = /^(\s*)((?:-\s+)?)([^\s:#'"{}[\],&*!|>%@`]*)$/;
const VALUE_LINE = /^(\s*)((?:-\s+)?)("[^"]*"|'[^']*'|[^\s#'"{[][^#]*?)\s*:\s+(["']?)([^\s#"']*)$/;

export function cursorContext(doc: SpecDocument, offset: number): CursorContext | undefined {
  if (offset < 0 || offset > doc.text.length) return undefined;
  return doc.isJson ? jsonContext(doc, offset) : yamlContext(doc, offset);
}

function yamlContext(doc: SpecDocument, offset: number): CursorContext | undefined {
  const text = doc.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const key = KEY_LINE.exec(prefix);
  if (key) {
    const wordStart = offset - key[3].length;
    let wordEnd = offset;
    while (wordEnd < text.length && /[^\s:#]/.test(text[wordEnd])) wordEnd++;
    const col = wordStart - lineStart;
    const dashCol = key[2] ? key[1].length : -1;
    const parent = locate(doc, lineStart, col, dashCol);
    if (!parent) return undefined;
    let lineEnd = text.indexOf('\n', offset);
    if (lineEnd < 0) lineEnd = text.length;
    const existing = new Set<string>();
    for (const p of parent.map?.items ?? []) {
      const k = (p as Pair).key as Node | undefined;
      // Keys above and below count; the word on the cursor line is what is being typed.
      if (k?.range && (k.range[0] < lineStart || k.range[0] > lineEnd)) existing.add(keyText(p as Pair) ?? '');
    }
    return {
      kind: 'key',
      path: parent.path,
      existing,
      replace: { start: wordStart, end: wordEnd },
      colonFollows: text[wordEnd] === ':',
      item: dashCol >= 0,
      json: false,
    };
  }
  const value = VALUE_LINE.exec(prefix);
  if (value) {
    const keyCol = value[1].length + value[2].length;
    const parent = locate(doc, lineStart, keyCol, value[2] ? value[1].length : -1);
    if (!parent) return undefined;
    const start = offset - value[5].length - value[4].length;
    let end = offset;
    while (end < text.length && /[^\s#,]/.test(text[end])) end++;
    return { kind: 'value', path: [...parent.path, unquote(value[3])], replace: { start, end }, json: false };
  }
  return undefined;
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s;
}

interface Located {
  path: JsonPath;
  /** The existing mapping at the path, if there is one. */
  map: YAMLMap | undefined;
}

/**
 * The block mapping a key at column `col` of the line starting at `lineStart` belongs to: descend into the last
 * pair above the line whose key is less indented than the cursor (or into a list whose dash is at `dashCol`).
 */
function locate(doc: SpecDocument, lineStart: number, col: number, dashCol: number): Located | undefined {
  const column = (offset: number) => offset - (doc.text.lastIndexOf('\n', offset - 1) + 1);
  const path: JsonPath = [];
  let node: unknown = doc.ast.contents;
  for (let depth = 0; depth < 500; depth++) {
    if (node === null || node === undefined) return { path, map: undefined };
    if (isMap(node) && !node.flow) {
      let pair: Pair | undefined;
      for (const p of node.items) if ((((p as Pair).key as Node | undefined)?.range?.[0] ?? Infinity) < lineStart) pair = p as Pair;
      const keyStart = (pair?.key as Node | undefined)?.range?.[0];
      if (!pair || keyStart === undefined || keyStart >= lineStart) return { path, map: node };
      const keyCol = column(keyStart);
      if (col <= keyCol && !(dashCol >= 0 && dashCol >= keyCol)) return { path, map: node };
      path.push(keyText(pair) ?? '');
      const v = pair.value as Node | null;
      // `key:` with nothing yet, or whose "value" is the word being typed on this very line.
      if (!v || (isScalar(v) && (v.value === null || (v.range?.[0] ?? 0) >= lineStart))) return { path, map: undefined };
      node = v;
      continue;
    }
    if (isSeq(node) && !node.flow) {
      const seqCol = column(node.range?.[0] ?? 0);
      if (dashCol === seqCol) {
        let idx = node.items.findIndex((it) => ((it as Node)?.range?.[0] ?? -1) >= lineStart);
        if (idx < 0) idx = node.items.length;
        path.push(idx);
        const item = node.items[idx];
        return { path, map: isMap(item) ? item : undefined };
      }
      if (col <= seqCol) return undefined;
      let idx = -1;
      node.items.forEach((it, i) => {
        if (((it as Node)?.range?.[0] ?? Infinity) < lineStart) idx = i;
      });
      if (idx < 0) return undefined;
      path.push(idx);
      node = node.items[idx];
      continue;
    }
    return undefined;
  }
  return undefined;
}

function jsonContext(doc: SpecDocument, offset: number): CursorContext | undefined {
  const at = nodeAtOffset(doc.ast, offset);
  const span = (n: Node | undefined): Span => (n?.range ? { start: n.range[0], end: n.range[1] } : { start: offset, end: offset });
  const keysOf = (map: YAMLMap | undefined, except?: unknown) => new Set((map?.items ?? []).filter((p) => p !== except).map((p) => keyText(p as Pair) ?? ''));
  if (at.onKey) {
    // In broken JSON a key can parse as a collection spanning lines: it is not a word to replace.
    const replace = isScalar(at.node) ? span(at.node) : { start: offset, end: offset };
    const colonFollows = /^\s*:/.test(doc.text.slice(replace.end, replace.end + 100));
    return { kind: 'key', path: at.path.slice(0, -1), existing: keysOf(at.parentMap, at.pair), replace, colonFollows, item: false, json: true };
  }
  if (at.pair && at.node && at.node === at.pair.value && isScalar(at.node)) {
    return { kind: 'value', path: at.path, replace: span(at.node), json: true };
  }
  // `"key": ‸` with no value yet (not valid JSON, so no node): the value of that key.
  const pending = /"((?:[^"\\]|\\.)*)"\s*:\s*$/.exec(doc.text.slice(Math.max(0, offset - 300), offset));
  if (isMap(at.node) && pending) {
    return { kind: 'value', path: [...at.path, JSON.parse(`"${pending[1]}"`) as string], replace: { start: offset, end: offset }, json: true };
  }
  if (isMap(at.node)) {
    return { kind: 'key', path: at.path, existing: keysOf(at.node), replace: { start: offset, end: offset }, colonFollows: false, item: false, json: true };
  }
  return undefined;
}
