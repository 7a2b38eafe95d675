/**
 * `properties` beside `type: array` in a schema: legal JSON Schema, but it says nothing about an array's items,
 * so an example of the wrong shape passes. The user almost always meant `items: {type: object, properties: …}`:
 * a warning on the key, and a fix that wraps them so.
 */
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { LanguageFeatures } from '../core/features';
import type { SpecDocument } from '../core/specDocument';
import { Severity, type SpecCodeAction, type SpecDiagnostic, type TextEdit } from '../core/types';
import { keyText, nodeAtOffset } from '../core/yamlAst';

const CODE = 'array-properties';
/** Keys whose values are data, not schemas (or are the author's own): nothing in them is a schema. */
const DATA_KEYS = new Set(['examples', 'example', 'default', 'const', 'enum']);
const MAX_DEPTH = 200;

export const asyncapiArrayProperties: LanguageFeatures = {
  fastDiagnostics: (ctx) => arrayProperties(ctx.doc).map((p) => diagnostic(p)),
  codeActions(ctx, _span, diagnostics) {
    return diagnostics.filter((d) => d.code === CODE).flatMap((d) => wrapFix(ctx.doc, d) ?? []);
  },
};

/** Mappings this deep or less keep what was found under them (the document, its maps, their entries, theirs). */
const CACHED_DEPTH = 3;

/**
 * Per plain-value object of a mapping near the top: the `properties` pairs found under its node (issue 17.6: the
 * walk was ~15 ms per keystroke at 100k lines). The AST of a spliced version is the previous one rewritten in
 * place, so a node's identity does not say its subtree is unchanged; its plain value's does: the value is
 * patched by copying exactly the objects on the path of string keys to the edit (incrementalParse.patchValue),
 * the same keys this walk follows. A hit needs the same node, at the same depth, with the same value object.
 * The pairs found stay the live nodes (their ranges are moved in place), so the diagnostics are read fresh.
 */
const found = new WeakMap<object, { node: unknown; depth: number; pairs: Pair[] }>();

/** What nearly every mapping has found: one empty list for all of them. */
const NONE: Pair[] = [];

/** The `properties` pairs of mappings that also say `type: array`, in document order. */
function arrayProperties(doc: SpecDocument): Pair[] {
  const out: Pair[] = [];
  const visit = (node: unknown, value: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || !node || typeof node !== 'object') return;
    const items = (node as { items?: unknown[] }).items;
    if (!Array.isArray(items)) return;
    const keep = depth <= CACHED_DEPTH && isMap(node) && value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
    const hit = keep && found.get(keep);
    if (hit && hit.node === node && hit.depth === depth) {
      for (const p of hit.pairs) out.push(p);
      return;
    }
    const from = out.length;
    if (isMap(node)) {
      const props = propertiesBesideArray(node);
      if (props) out.push(props);
    }
    for (const item of items) {
      const pair = isMap(node) ? (item as Pair) : undefined;
      const key = pair ? keyText(pair) : undefined;
      if (key !== undefined && (DATA_KEYS.has(key) || key.startsWith('x-'))) continue;
      visit(pair ? pair.value : item, keep && pair ? memberValue(keep, pair) : undefined, depth + 1);
    }
    if (keep) found.set(keep, { node, depth, pairs: out.length > from ? out.slice(from) : NONE });
  };
  visit(doc.ast.contents, doc.value, 0);
  return out;
}

/** The plain value of a pair's value, when its key is a plain string (as the value patch's path has it). */
function memberValue(parent: object, pair: Pair): unknown {
  const k = pair.key;
  if (!isScalar(k) || typeof k.value !== 'string' || k.value === '__proto__') return undefined;
  return Object.prototype.hasOwnProperty.call(parent, k.value) ? (parent as Record<string, unknown>)[k.value] : undefined;
}

function propertiesBesideArray(map: YAMLMap): Pair | undefined {
  const pairs = map.items as Pair[];
  const type = pairs.find((p) => keyText(p) === 'type')?.value;
  if (!isScalar(type) || type.value !== 'array') return undefined;
  const props = pairs.find((p) => keyText(p) === 'properties');
  return props && isMap(props.value) && (props.key as Node | null)?.range ? props : undefined;
}

function diagnostic(p: Pair): SpecDiagnostic {
  const [start, end] = (p.key as Node).range!;
  return {
    start,
    end,
    severity: Severity.Warning,
    code: CODE,
    message: '`properties` has no effect under `type: array`: it does not describe the items. Did you mean `items: {type: object, properties: …}`?',
  };
}

/** "Wrap in `items`": the `properties` entry becomes `items: {type: object, properties: …}`. */
function wrapFix(doc: SpecDocument, d: SpecDiagnostic): SpecCodeAction | undefined {
  const at = nodeAtOffset(doc.ast, d.start);
  const pair = at.pair;
  if (!at.onKey || !pair || keyText(pair) !== 'properties' || !isMap(pair.value) || !pair.value.range) return undefined;
  const keyStart = (pair.key as Node).range![0];
  const valueEnd = pair.value.range[1];
  const edit = pair.value.flow ? flowEdit(doc, keyStart, valueEnd) : blockEdit(doc, keyStart, valueEnd, pair.value);
  return edit && { title: 'Move `properties` into `items`', kind: 'quickfix', diagnostic: d, edit: { [doc.uri]: [edit] }, isPreferred: true };
}

function flowEdit(doc: SpecDocument, keyStart: number, valueEnd: number): TextEdit {
  const value = doc.text.slice(doc.text.indexOf(':', keyStart) + 1, valueEnd).trim();
  const q = (s: string) => (doc.isJson ? JSON.stringify(s) : s);
  return { start: keyStart, end: valueEnd, newText: `${q('items')}: {${q('type')}: ${q('object')}, ${q('properties')}: ${value}}` };
}

/** A block `properties:` that starts its line: the whole block indented one step under a new `items:`. */
function blockEdit(doc: SpecDocument, keyStart: number, valueEnd: number, value: YAMLMap): TextEdit | undefined {
  const text = doc.text;
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  if (text.slice(lineStart, keyStart).trim()) return undefined;
  const column = keyStart - lineStart;
  const firstChild = ((value.items[0] as Pair | undefined)?.key as Node | undefined)?.range?.[0];
  const childColumn = firstChild === undefined ? column + 2 : firstChild - (text.lastIndexOf('\n', firstChild - 1) + 1);
  const unit = ' '.repeat(Math.max(1, childColumn - column));
  const pad = ' '.repeat(column);
  const moved = text
    .slice(keyStart, valueEnd)
    .replace(/\s+$/, '')
    .split('\n')
    .map((line, i) => (i === 0 || line.trim() ? unit + line : line));
  moved[0] = pad + moved[0];
  return {
    start: lineStart,
    end: keyStart + text.slice(keyStart, valueEnd).replace(/\s+$/, '').length,
    newText: `${pad}items:\n${pad}${unit}type: object\n${moved.join('\n')}`,
  };
}
