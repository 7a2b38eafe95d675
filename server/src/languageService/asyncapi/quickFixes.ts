/**
 * Quick fixes for schema diagnostics: replace a misspelt key or value with the suggestion, and add missing
 * required properties (as `name: ` lines at the mapping's indentation in YAML, `"name": …` in JSON).
 */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { LanguageFeatures } from '../core/features';
import type { FeatureContext } from '../core/featureContext';
import { schemaVersion } from './completion';
import { expand, propertiesOf, schemasAtPath } from './schemaAtPath';
import type { SpecDocument } from '../core/specDocument';
import type { SpecCodeAction, SpecDiagnostic, TextEdit } from '../core/types';
import { nodeAtOffset, type JsonPath } from '../core/yamlAst';

export const asyncapiQuickFixes: LanguageFeatures = {
  codeActions(ctx, _span, diagnostics) {
    const out: SpecCodeAction[] = [];
    for (const d of diagnostics) {
      if (!d.code.startsWith('schema-') || !d.data) continue;
      const action = fixFor(ctx, d);
      if (action) out.push(action);
      out.push(...alternativeFixes(ctx, d));
    }
    return out;
  },
};

function fixFor(ctx: FeatureContext, d: SpecDiagnostic): SpecCodeAction | undefined {
  const doc = ctx.doc;
  const data = d.data!;
  const action = (title: string, edits: TextEdit[]): SpecCodeAction => ({
    title,
    kind: 'quickfix',
    diagnostic: d,
    edit: { [doc.uri]: edits },
    isPreferred: true,
  });
  if (data.kind === 'replaceKey' || data.kind === 'replaceValue') {
    const old = doc.text.slice(d.start, d.end);
    return action(`Change to \`${data.replacement}\``, [{ start: d.start, end: d.end, newText: requote(old, data.replacement, doc.isJson) }]);
  }
  if (data.kind === 'addProperties' && !data.properties.includes('$ref')) {
    const edit = addProperties(doc, d, data.properties);
    const names = data.properties.map((p) => `\`${p}\``).join(', ');
    return edit && action(`Add missing ${data.properties.length > 1 ? 'properties' : 'property'} ${names}`, [edit]);
  }
  return undefined;
}

/** The less likely replacements of a value (3.x `action: publish`: `receive`, then `send`), not preferred. */
function alternativeFixes(ctx: FeatureContext, d: SpecDiagnostic): SpecCodeAction[] {
  if (d.data?.kind !== 'replaceValue' || !d.data.alternatives) return [];
  const old = ctx.doc.text.slice(d.start, d.end);
  return d.data.alternatives.map((alt) => ({
    title: `Change to \`${alt}\``,
    kind: 'quickfix',
    diagnostic: d,
    edit: { [ctx.doc.uri]: [{ start: d.start, end: d.end, newText: requote(old, alt, ctx.doc.isJson) }] },
  }));
}

/** The replacement written the way the original was (same quotes), or safely quoted when it must be. */
export function requote(old: string, replacement: string, json: boolean): string {
  const q = old[0];
  if (q === '"' || json) return JSON.stringify(replacement);
  if (q === "'") return `'${replacement.replace(/'/g, "''")}'`;
  return (/^[\w.$/-]+$/.test(replacement) && !/^(true|false|null|~|[\d.]+)$/i.test(replacement)) || /^\d+\.\d+\.\d+$/.test(replacement)
    ? replacement
    : `'${replacement.replace(/'/g, "''")}'`;
}

/**
 * The diagnostic sits on the key whose mapping misses the properties (or on the mapping itself for list
 * items, or on the first key for the document root): find that mapping and insert before its first key.
 */
function addProperties(doc: SpecDocument, d: SpecDiagnostic, props: string[]): TextEdit | undefined {
  const at = nodeAtOffset(doc.ast, d.start);
  if (!at.pair) return undefined;
  const key = at.pair.key as Node;
  const value = at.pair.value as Node | null;
  const onKey = key?.range?.[1] === d.end;
  const ownsValue = onKey && (isMap(value) || !value || (isScalar(value) && value.value === null));
  const target = ownsValue ? (isMap(value) ? value : undefined) : at.parentMap;
  const path: JsonPath = ownsValue ? at.path : at.path.slice(0, -1);
  if (!target) return emptyValueEdit(doc, key, value, props);
  return doc.isJson || target.flow ? flowEdit(doc, target, path, props) : blockEdit(doc, target, props);
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function blockEdit(doc: SpecDocument, map: YAMLMap, props: string[]): TextEdit | undefined {
  // At the top level, keep `asyncapi` first: insert before the second key.
  const skip = map === doc.ast.contents && map.items.length > 1 && (map.items[0].key as { value?: unknown })?.value === 'asyncapi' ? 1 : 0;
  const first = (map.items[skip]?.key as Node | undefined)?.range?.[0];
  if (first === undefined) return undefined;
  const indent = ' '.repeat(column(doc.text, first));
  const newText = props.map((p) => `${p}: \n${indent}`).join('');
  return { start: first, end: first, newText };
}

/** `key:` with no value yet: the properties go on new lines one level deeper. */
function emptyValueEdit(doc: SpecDocument, key: Node, value: Node | null, props: string[]): TextEdit | undefined {
  const keyStart = key?.range?.[0];
  if (keyStart === undefined || doc.isJson) return undefined;
  const from = value?.range?.[1] ?? key.range![1];
  let lineEnd = doc.text.indexOf('\n', from);
  if (lineEnd < 0) lineEnd = doc.text.length;
  const indent = ' '.repeat(column(doc.text, keyStart) + indentUnit(doc.text));
  return { start: lineEnd, end: lineEnd, newText: props.map((p) => `\n${indent}${p}: `).join('') };
}

function indentUnit(text: string): number {
  const m = /\n( +)\S/.exec(text);
  return m ? m[1].length : 2;
}

/** JSON (or a YAML flow mapping): `"name": <empty value of its type>` pairs before the first member. */
function flowEdit(doc: SpecDocument, map: YAMLMap, path: JsonPath, props: string[]): TextEdit | undefined {
  const start = map.range?.[0];
  if (start === undefined) return undefined;
  const version = schemaVersion(doc);
  const info = new Map(propertiesOf(schemasAtPath(version, doc.valueError ? undefined : doc.value, path)).map((p) => [p.name, p]));
  const pairs = props.map((p) => {
    const schemas = info.get(p)?.schemas;
    const empty = schemas ? emptyOf(expand(version, schemas, undefined).map((a) => a.node)) : 'null';
    return doc.isJson ? `${JSON.stringify(p)}: ${empty}` : `${p}: ${empty}`;
  });
  const firstKey = (map.items[0]?.key as Node | undefined)?.range?.[0];
  if (firstKey === undefined) return { start: start + 1, end: start + 1, newText: pairs.join(', ') };
  const ownLine = /^\s*$/.test(doc.text.slice(doc.text.lastIndexOf('\n', firstKey - 1) + 1, firstKey));
  const sep = ownLine ? ',\n' + ' '.repeat(column(doc.text, firstKey)) : ', ';
  return { start: firstKey, end: firstKey, newText: pairs.map((p) => p + sep).join('') };
}

function emptyOf(nodes: Record<string, unknown>[]): string {
  for (const n of nodes) {
    const t = Array.isArray(n.type) ? n.type[0] : n.type;
    if (t === 'object' || n.properties) return '{}';
    if (t === 'array') return '[]';
    if (t === 'string') return '""';
  }
  return 'null';
}
