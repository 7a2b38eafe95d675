/**
 * Checks of a channel's `examples` (slow path: bodies need types from other files): every message `type` is a
 * declared message id, every body matches the message's body type deeply, and example path/query parameters
 * and headers are declared and match their types.
 */
import type { JsonSchema } from '../../../../common/src/tryItModel';
import type { SpecDocument } from '../core/specDocument';
import { Severity, type SpecDiagnostic } from '../core/types';
import type { JsonPath } from '../core/yamlAst';
import { entries, entry, fernRoot, scalarAt, seqItems } from './ast';
import { closest } from './didYouMean';
import type { FernFile, FernMessage, FernProperty } from './fileModel';
import { fileAt, type FernFolder } from './folder';
import { FernSchemaConverter } from './jsonSchema';
import { validateValue } from './validator';

export function fernExampleChecks(folder: FernFolder, file: FernFile): SpecDiagnostic[] {
  const ch = file.channel;
  if (!ch) return [];
  const doc = file.doc;
  const out: SpecDiagnostic[] = [];
  const conv = new FernSchemaConverter(folder);
  // A message appears in many examples; convert its body type once per run.
  const schemas = new Map<string, JsonSchema>();
  const examplesNode = entry(entry(fernRoot(doc), 'channel')?.value, 'examples')?.value;
  const value = doc.value as { channel?: { examples?: unknown[] } } | undefined;
  const examples = Array.isArray(value?.channel?.examples) ? value!.channel!.examples! : [];
  seqItems(examplesNode).forEach((ex, i) => {
    const path: JsonPath = ['channel', 'examples', i];
    const exValue = (examples[i] ?? {}) as Record<string, unknown>;
    const headers = [...ch.headers, ...(folder.api?.headers ?? [])];
    params(doc, ex, exValue, 'path-parameters', ch.pathParameters, 'path parameter', path, file, conv, out);
    params(doc, ex, exValue, 'query-parameters', ch.queryParameters, 'query parameter', path, file, conv, out);
    params(doc, ex, exValue, 'headers', headers, 'header', path, file, conv, out);
    const msgs = Array.isArray(exValue.messages) ? (exValue.messages as Record<string, unknown>[]) : [];
    seqItems(entry(ex, 'messages')?.value).forEach((m, j) => {
      const typeAt = scalarAt(doc, entry(m, 'type')?.value);
      if (!typeAt) return;
      const msg = ch.messages.find((x) => x.id === typeAt.text);
      if (!msg) {
        const ids = ch.messages.map((x) => x.id);
        const suggestion = closest(typeAt.text, ids);
        out.push({
          ...typeAt.span,
          severity: Severity.Error,
          code: 'fern-example-unknown-message',
          message: `\`${typeAt.text}\` is not a message id of this channel: use one of ${ids.map((x) => '`' + x + '`').join(', ') || '(none declared)'}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
          ...(suggestion ? { data: { kind: 'replaceValue' as const, replacement: suggestion } } : {}),
        });
        return;
      }
      if (!entry(m, 'body')) return;
      const body = msgs[j]?.body;
      if (!schemas.has(msg.id)) schemas.set(msg.id, bodySchema(conv, msg, file));
      out.push(...validateValue(doc, [...path, 'messages', j, 'body'], body, schemas.get(msg.id)!, `the body of \`${msg.id}\``, 'fern-example-body'));
    });
  });
  return out;
}

export function bodySchema(conv: FernSchemaConverter, msg: FernMessage, file: FernFile) {
  return msg.inline ? conv.decl(msg.inline, file) : conv.at(msg.body, file);
}

function params(
  doc: SpecDocument,
  ex: unknown,
  exValue: Record<string, unknown>,
  key: string,
  declared: FernProperty[],
  what: string,
  path: JsonPath,
  file: FernFile,
  conv: FernSchemaConverter,
  out: SpecDiagnostic[],
): void {
  const given = exValue[key] as Record<string, unknown> | undefined;
  for (const e of entries(entry(ex, key)?.value)) {
    const decl = declared.find((d) => d.name === e.key);
    if (!decl) {
      const suggestion = closest(
        e.key,
        declared.map((d) => d.name),
      );
      out.push({
        ...e.keySpan,
        severity: Severity.Error,
        code: 'fern-example-unknown-parameter',
        message: `The example gives ${what} \`${e.key}\`, which the channel does not declare.${suggestion ? ` Did you mean \`${suggestion}\`?` : ` Declare it under \`${key}\` or remove it.`}`,
        ...(suggestion ? { data: { kind: 'replaceKey' as const, replacement: suggestion } } : {}),
      });
      continue;
    }
    // Global headers are declared (and their types resolved) in api.yml.
    const owner = decl.type && decl.type.uri !== file.uri ? (fileAt(conv.folder, decl.type.uri) ?? file) : file;
    const schema = conv.at(decl.type, owner);
    out.push(...validateValue(doc, [...path, key, e.key], given?.[e.key], schema, `${what} \`${e.key}\``, 'fern-example-parameter'));
  }
}
