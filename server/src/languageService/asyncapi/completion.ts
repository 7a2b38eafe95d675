/**
 * Schema-driven completion: the keys the declared version's schema allows at the cursor (with a snippet that
 * fills required children) and enum/const values at value positions. `$ref` values and other references are
 * completed by asyncapiRefCompletion.
 */
import type { LanguageFeatures } from '../core/features';
import { SUPPORTED_VERSIONS, isSupportedVersion } from './officialSchemas';
import { cursorContext, type KeyContext, type ValueContext } from '../core/cursorContext';
import { describe, expand, propertiesOf, schemasAtPath, valueSchemasAtPath, valuesOf, type Applied, type PropertyInfo } from './schemaAtPath';
import type { SpecDocument } from '../core/specDocument';
import { CompletionKind, type SpecCompletion } from '../core/types';

/** Protocols the AsyncAPI specification lists for a server's `protocol` (the schema only says "string"). */
const PROTOCOLS = [
  'ws',
  'wss',
  'http',
  'https',
  'amqp',
  'amqps',
  'mqtt',
  'secure-mqtt',
  'kafka',
  'kafka-secure',
  'stomp',
  'stomps',
  'nats',
  'jms',
  'sns',
  'sqs',
  'ibmmq',
  'solace',
  'anypointmq',
  'googlepubsub',
  'pulsar',
  'redis',
  'mercure',
];

export const asyncapiCompletion: LanguageFeatures = {
  completions(ctx, offset) {
    const cursor = cursorContext(ctx.doc, offset);
    if (!cursor) return [];
    const version = schemaVersion(ctx.doc);
    return cursor.kind === 'key' ? keyCompletions(ctx.doc, version, cursor) : valueCompletions(ctx.doc, version, cursor);
  },
};

/** The declared version, or the latest one while the declaration is missing or being edited. */
export function schemaVersion(doc: SpecDocument): string {
  const v = doc.topLevelScalar('asyncapi');
  return isSupportedVersion(v) ? v : SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1];
}

function plainValue(doc: SpecDocument): unknown {
  return doc.valueError ? undefined : doc.value;
}

function keyCompletions(doc: SpecDocument, version: string, cursor: KeyContext): SpecCompletion[] {
  const applied = schemasAtPath(version, plainValue(doc), cursor.path);
  const unit = indentUnit(doc.text);
  const out: SpecCompletion[] = propertiesOf(applied)
    .filter((p) => p.name !== '$ref' && !cursor.existing.has(p.name))
    .map((p) => keyItem(version, p, cursor, unit));
  if (cursor.item) out.push(...valueItems(valuesOf(applied), cursor.replace, cursor.json));
  return out;
}

function keyItem(version: string, p: PropertyInfo, cursor: KeyContext, unit: string): SpecCompletion {
  const child = expand(version, p.schemas, undefined);
  const { title, description } = describe(child);
  const insert = cursor.colonFollows ? { text: cursor.json ? JSON.stringify(p.name) : p.name, snippet: false } : keySnippet(p.name, child, cursor.json, unit);
  return {
    label: p.name,
    kind: CompletionKind.Property,
    insertText: insert.text,
    snippet: insert.snippet,
    replace: cursor.replace,
    detail: p.required ? 'required' : title,
    documentation: description,
    sortText: (p.required ? '0' : '1') + p.name,
    filterText: cursor.json ? JSON.stringify(p.name) : p.name,
  };
}

/** `name: ` plus the shape of its value: required children as placeholders, a list item, or a nested block. */
function keySnippet(name: string, child: Applied[], json: boolean, unit: string): { text: string; snippet: boolean } {
  const shape = shapeOf(child);
  const n = escapeSnippet(name);
  if (json) {
    const open = shape === 'object' ? '{$0}' : shape === 'array' ? '[$0]' : shape === 'string' ? '"$0"' : '$0';
    return { text: `"${n}": ${open}`, snippet: true };
  }
  if (shape === 'object') {
    const required = propertiesOf(child).filter((c) => c.required && c.name !== '$ref');
    if (required.length) {
      const lines = required.map((c, i) => `${unit}${escapeSnippet(c.name)}: \${${i + 1}}`);
      return { text: `${n}:\n${lines.join('\n')}`, snippet: true };
    }
    return { text: `${n}:\n${unit}$0`, snippet: true };
  }
  if (shape === 'array') return { text: `${n}:\n${unit}- $0`, snippet: true };
  return { text: `${n}: $0`, snippet: true };
}

function shapeOf(applied: Applied[]): 'object' | 'array' | 'string' | 'other' {
  for (const { node } of applied) {
    const t = Array.isArray(node.type) ? node.type[0] : node.type;
    if (t === 'object' || node.properties || node.patternProperties) return 'object';
    if (t === 'array') return 'array';
    if (t === 'string') return 'string';
    if (t) return 'other';
  }
  return 'other';
}

function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, (c) => '\\' + c);
}

function indentUnit(text: string): string {
  const m = /\n( +)\S/.exec(text);
  return m ? m[1] : '  ';
}

function valueCompletions(doc: SpecDocument, version: string, cursor: ValueContext): SpecCompletion[] {
  const key = cursor.path[cursor.path.length - 1];
  if (key === '$ref') return [];
  if (cursor.path.length === 1 && key === 'asyncapi') return valueItems([...SUPPORTED_VERSIONS].reverse(), cursor.replace, cursor.json);
  const values = valuesOf(valueSchemasAtPath(version, plainValue(doc), cursor.path));
  const inServer = cursor.path.length >= 3 && (cursor.path[0] === 'servers' || (cursor.path[0] === 'components' && cursor.path[1] === 'servers'));
  if (key === 'protocol' && inServer) for (const p of PROTOCOLS) if (!values.includes(p)) values.push(p);
  return valueItems(values, cursor.replace, cursor.json);
}

export function valueItems(values: unknown[], replace: { start: number; end: number }, json: boolean): SpecCompletion[] {
  return values.map((v, i) => {
    const label = typeof v === 'string' ? v : JSON.stringify(v);
    const text = json || typeof v !== 'string' ? JSON.stringify(v) : yamlScalar(v);
    return { label, kind: CompletionKind.Enum, insertText: text, replace, sortText: String(i).padStart(4, '0'), filterText: json ? text : label };
  });
}

/** A plain YAML scalar when it reads back as the same string, quoted otherwise (`1.0`, `true`, `null`…). */
function yamlScalar(s: string): string {
  const plainOk = /^[A-Za-z_/][\w./+-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s);
  const version = /^\d+\.\d+\.\d+$/.test(s);
  return plainOk || version ? s : `'${s.replace(/'/g, "''")}'`;
}
