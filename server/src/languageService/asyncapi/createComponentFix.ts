/**
 * Quick fix for an unresolved local `$ref` to `#/components/<kind>/<name>`: add the component with a minimal
 * valid body for its kind, creating `components` and `<kind>` when absent. YAML gets block style at the
 * document's own indentation; JSON gets an inserted member with the surrounding indentation.
 */
import { isMap, stringify, type Node, type Pair, type YAMLMap } from 'yaml';
import type { FeatureContext } from '../core/featureContext';
import { isV3, pointerTargets } from './components';
import { refIndex } from '../core/refIndex';
import { hasChangeRefFix } from './refSuggestionFix';
import { pointerToPath } from '../core/refs';
import type { SpecDocument } from '../core/specDocument';
import type { Span, SpecCodeAction, SpecDiagnostic, TextEdit } from '../core/types';
import { findPair, type JsonPath } from '../core/yamlAst';

export const INVALID_REF = 'invalid-ref';

export function createComponentFixes(ctx: FeatureContext, span: Span, diagnostics: SpecDiagnostic[]): SpecCodeAction[] {
  const out: SpecCodeAction[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    if (d.code !== INVALID_REF || d.end < span.start || d.start > span.end) continue;
    const path = missingComponentPath(ctx.doc, d);
    if (!path || seen.has(path.join('/'))) continue;
    seen.add(path.join('/'));
    const edit = insertComponent(ctx.doc, path);
    if (!edit) continue;
    out.push({
      title: `Create ${String(path[1]).replace(/s$/, '')} '${path[2]}' in components/${path[1]}`,
      kind: 'quickfix',
      diagnostic: d,
      edit: { [ctx.doc.uri]: [edit] },
      // A near existing name is the likelier intent (issue 16.3): then "create" is offered but not preferred.
      isPreferred: !hasChangeRefFix(d),
    });
  }
  return out;
}

/** `['components', kind, name]` when the diagnostic is about a local ref to a missing component. */
function missingComponentPath(doc: SpecDocument, d: SpecDiagnostic): JsonPath | undefined {
  let pointer: string | undefined;
  if (d.data?.kind === 'unresolvedRef' && d.data.pointer !== undefined) pointer = d.data.pointer;
  else pointer = refIndex(doc).refs.find((r) => r.valueSpan.start <= d.end && r.valueSpan.end >= d.start)?.ref;
  if (!pointer) return undefined;
  if (!pointer.startsWith('#')) {
    if (!pointer.startsWith('/')) return undefined;
    pointer = '#' + pointer;
  }
  const path = pointerToPath(pointer.slice(1));
  if (path.length !== 3 || path[0] !== 'components' || !path[1] || !path[2]) return undefined;
  const group = findPair(findPair(doc.ast.contents, 'components')?.value, String(path[1]));
  if (findPair(group?.value, String(path[2]))) return undefined;
  return path;
}

/** The smallest body the official schema accepts for a component of `kind`. */
export function minimalBody(doc: SpecDocument, kind: string, name: string): unknown {
  const v3 = isV3(doc);
  switch (kind) {
    case 'schemas':
      return { type: 'object' };
    case 'messages':
    case 'messageTraits':
      return kind === 'messages' ? { payload: { type: 'object' } } : {};
    case 'securitySchemes':
      return { type: 'userPassword' };
    case 'parameters':
      return v3 ? { description: `The ${name} parameter.` } : { schema: { type: 'string' } };
    case 'servers':
      return v3 ? { host: 'localhost', protocol: 'ws' } : { url: 'ws://localhost', protocol: 'ws' };
    case 'operations': {
      const channel = pointerTargets(doc).find((t) => t.kind === 'channels');
      return channel ? { action: 'send', channel: { $ref: `#/channels/${channel.path[1]}` } } : { action: 'send' };
    }
    case 'correlationIds':
      return { location: '$message.header#/correlationId' };
    case 'replyAddresses':
      return { location: '$message.header#/replyTo' };
    case 'externalDocs':
      return { url: 'https://example.com' };
    case 'tags':
      return { name };
    default:
      return {};
  }
}

function insertComponent(doc: SpecDocument, path: JsonPath): TextEdit | undefined {
  // Follow components → kind as far as they exist; everything after that is created.
  let container = doc.ast.contents as Node | null;
  let containerPair: Pair | undefined;
  let depth = 0;
  for (; depth < 2; depth++) {
    const p = findPair(container, String(path[depth]));
    if (!p) break;
    containerPair = p;
    container = p.value as Node | null;
    if (!isMap(container)) {
      depth++;
      break;
    }
  }
  let value: unknown = minimalBody(doc, String(path[1]), String(path[2]));
  for (let i = path.length - 1; i >= depth; i--) value = { [String(path[i])]: value };
  return doc.isJson ? insertJson(doc, container, value) : insertYaml(doc, container, containerPair, value);
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Indentation step the document uses (first nested block key's column); 2 when there is none. */
function indentUnit(doc: SpecDocument): number {
  const root = doc.ast.contents;
  if (isMap(root)) {
    for (const p of root.items as Pair[]) {
      const v = p.value;
      if (isMap(v) && !v.flow && v.items.length) {
        const k = (v.items[0] as Pair).key as Node;
        if (k?.range) return Math.max(1, column(doc.text, k.range[0]) - column(doc.text, (p.key as Node).range![0]));
      }
    }
  }
  return 2;
}

/** Offset at the start of the line after the one containing `offset` (text end when there is none). */
function nextLineStart(text: string, offset: number): { at: number; needsNewline: boolean } {
  if (offset > 0 && text[offset - 1] === '\n') return { at: offset, needsNewline: false };
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? { at: text.length, needsNewline: true } : { at: nl + 1, needsNewline: false };
}

function insertYaml(doc: SpecDocument, container: Node | null, containerPair: Pair | undefined, value: unknown): TextEdit | undefined {
  const unit = indentUnit(doc);
  let indent: number;
  let after: number;
  if (isMap(container)) {
    const map = container as YAMLMap;
    if (map.flow) return insertFlow(map, value);
    const items = map.items as Pair[];
    if (!items.length) return undefined;
    const firstKey = items[0].key as Node;
    indent = firstKey?.range ? column(doc.text, firstKey.range[0]) : 0;
    const last = items[items.length - 1];
    after = ((last.value as Node | null)?.range ?? (last.key as Node).range)![1];
  } else if (containerPair && (container === null || (container as { value?: unknown }).value === null)) {
    // `components:` with nothing under it yet.
    const key = (containerPair.key as Node).range!;
    indent = column(doc.text, key[0]) + unit;
    after = key[1];
  } else return undefined;
  const { at, needsNewline } = nextLineStart(doc.text, after);
  const pad = ' '.repeat(indent);
  const body = stringify(value, { indent: unit, lineWidth: 0 })
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
  return { start: at, end: at, newText: (needsNewline ? '\n' : '') + body + '\n' };
}

function insertJson(doc: SpecDocument, container: Node | null, value: unknown): TextEdit | undefined {
  if (!isMap(container) || !container.range) return undefined;
  const items = container.items as Pair[];
  const members = Object.entries(value as Record<string, unknown>);
  if (items.length) {
    const firstKey = items[0].key as Node;
    const indent = firstKey?.range ? column(doc.text, firstKey.range[0]) : 2;
    const last = items[items.length - 1];
    const end = ((last.value as Node | null)?.range ?? (last.key as Node).range)![1];
    const unit = Math.max(1, indent - lineIndent(doc.text, container.range[0])) || 2;
    const text = members.map(([k, v]) => `,\n${' '.repeat(indent)}${JSON.stringify(k)}: ${jsonAt(v, unit, indent)}`).join('');
    return { start: end, end, newText: text };
  }
  const outer = lineIndent(doc.text, container.range[0]);
  const indent = outer + 2;
  const text = members.map(([k, v]) => `\n${' '.repeat(indent)}${JSON.stringify(k)}: ${jsonAt(v, 2, indent)}`).join(',');
  const open = container.range[0] + 1;
  return { start: open, end: open, newText: text + '\n' + ' '.repeat(outer) };
}

function lineIndent(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let i = start;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i - start;
}

function jsonAt(v: unknown, unit: number, indent: number): string {
  return JSON.stringify(v, null, unit).replace(/\n/g, '\n' + ' '.repeat(indent));
}

/** A YAML flow mapping (`components: {}`) gets a one-line member in flow style (JSON is valid flow YAML). */
function insertFlow(map: YAMLMap, value: unknown): TextEdit | undefined {
  if (!map.range) return undefined;
  const items = map.items as Pair[];
  const text = Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${/^[A-Za-z_][\w.-]*$/.test(k) ? k : JSON.stringify(k)}: ${JSON.stringify(v).replace(/,/g, ', ').replace(/":/g, '": ')}`)
    .join(', ');
  if (!items.length) return { start: map.range[0] + 1, end: map.range[0] + 1, newText: text };
  const last = items[items.length - 1];
  const end = ((last.value as Node | null)?.range ?? (last.key as Node).range)![1];
  return { start: end, end, newText: ', ' + text };
}
