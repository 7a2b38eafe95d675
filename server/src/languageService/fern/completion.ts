/**
 * Completion in Fern files: keys (from fernSchema.ts), type names inside type expressions (primitives,
 * generics, local and imported types), `origin` values, message ids in examples, property names and enum
 * values inside example bodies (from the message's body type), environment URL names for `url`, client message
 * ids and the body's string property paths for `auth-message`.
 */
import type { FeatureContext } from '../core/featureContext';
import { cursorContext } from '../core/cursorContext';
import type { LanguageFeatures } from '../core/features';
import { CompletionKind, type Span, type SpecCompletion } from '../core/types';
import { nodeAtOffset, isScalar, type JsonPath } from '../core/yamlAst';
import { environmentUrlNames } from './apiModel';
import { fernFile } from './fileModel';
import { fernFolder, visibleTypes } from './folder';
import { bodySchemaAt, exampleBodyPath, type BodyPath } from './exampleSchema';
import { stringPaths } from './authMessage';
import { bodySchema } from './exampleChecks';
import { FernSchemaConverter } from './jsonSchema';
import { keysOf, shapeAt } from './shapeAt';
import { builtin } from './builtins';
import { FERN_PRIMITIVES } from './typeRef';
import { typeKindKeys } from './typeKind';

const GENERICS: [string, string][] = [
  ['optional', 'optional<$1>'],
  ['nullable', 'nullable<$1>'],
  ['list', 'list<$1>'],
  ['set', 'set<$1>'],
  ['map', 'map<${1:string}, $2>'],
  ['literal', 'literal<"$1">'],
];

export const fernCompletion: LanguageFeatures = {
  completions(ctx, offset) {
    const cc = cursorContext(ctx.doc, offset);
    if (cc?.kind === 'key') {
      const body = exampleBodyPath(cc.path);
      if (body) return bodyKeys(ctx, body, cc.existing, cc.replace, cc.colonFollows);
      const kindKeys = typeKindKeys(ctx.doc, cc.path, cc.existing);
      return keysOf(shapeAt(ctx.doc, cc.path))
        .filter((k) => !cc.existing.has(k.key) && (!kindKeys || kindKeys.has(k.key)))
        .map((k) => ({
          label: k.key,
          kind: CompletionKind.Property,
          insertText: cc.colonFollows ? k.key : `${k.key}: `,
          replace: cc.replace,
          detail: k.required ? 'required' : undefined,
          sortText: (k.required ? '0' : '1') + k.key,
        }));
    }
    const path = cc?.kind === 'value' ? cc.path : scalarPath(ctx, offset);
    return path ? valueCompletions(ctx, path, offset) : [];
  },
};

/** A half-written type expression (`map<string, Us`) is not a value line cursorContext knows: ask the AST. */
function scalarPath(ctx: FeatureContext, offset: number): JsonPath | undefined {
  const at = nodeAtOffset(ctx.doc.ast, offset);
  return !at.onKey && isScalar(at.node) ? at.path : undefined;
}

function relative(base: string, uri: string): string {
  const from = base.split('/').slice(0, -1);
  const to = uri.split('/');
  let i = 0;
  while (i < from.length && from[i] === to[i]) i++;
  return [...Array(from.length - i).fill('..'), ...to.slice(i)].join('/');
}

function wordAt(text: string, offset: number): Span {
  let start = offset;
  while (start > 0 && /[\w$./-]/.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && /[\w$./-]/.test(text[end])) end++;
  return { start, end };
}

function valueCompletions(ctx: FeatureContext, path: JsonPath, offset: number): SpecCompletion[] {
  const replace = wordAt(ctx.doc.text, offset);
  const value = (label: string, detail?: string): SpecCompletion => ({ label, kind: CompletionKind.Value, insertText: label, replace, detail });
  const file = fernFile(ctx.doc);
  if (path.length === 6 && path[0] === 'channel' && path[1] === 'examples' && path[3] === 'messages' && path[5] === 'type') {
    return (file.channel?.messages ?? []).map((m) => ({ ...value(m.id, `${m.origin ?? ''} message`), kind: CompletionKind.Reference }));
  }
  const body = exampleBodyPath(path);
  if (body) return bodyValues(ctx, body, replace);
  if (path.length === 3 && path[0] === 'channel' && path[1] === 'auth-message') {
    if (path[2] === 'message-id') {
      return (file.channel?.messages ?? [])
        .filter((m) => m.origin === 'client')
        .map((m) => ({ ...value(m.id, 'client message'), kind: CompletionKind.Reference }));
    }
    if (path[2] === 'token-property-path') {
      const m = file.channel?.messages.find((x) => x.id === file.channel?.authMessage?.messageId?.text);
      if (!m) return [];
      return stringPaths(bodySchema(new FernSchemaConverter(fernFolder(ctx), 'present'), m, file)).map((p) => value(p, `string in the body of ${m.id}`));
    }
  }
  if (path.length === 2 && path[0] === 'channel' && path[1] === 'url') {
    return environmentUrlNames(fernFolder(ctx).api).map((n) => value(n, 'environment URL'));
  }
  if (path.length === 2 && path[0] === 'imports') {
    // Other definition files, relative to this one (what an import's path is).
    const base = ctx.doc.uri.slice(0, ctx.doc.uri.lastIndexOf('/') + 1);
    return fernFolder(ctx)
      .files()
      .filter((f) => f.uri !== ctx.doc.uri)
      .map((f) => value(relative(base, f.uri), 'definition file'));
  }
  if (path.length === 1 && path[0] === 'default-environment') {
    return (fernFolder(ctx).api?.environments ?? []).map((e) => value(e.name, 'environment'));
  }
  const shape = shapeAt(ctx.doc, path);
  if (!shape) return [];
  if (shape.t === 'enum') return shape.values.map((v) => value(v));
  if (shape.t === 'boolean') return [value('true'), value('false')];
  if (shape.t === 'typeRef' || shape.t === 'stringOr' || shape.t === 'body' || shape.t === 'requestBody' || shape.t === 'stringOrList')
    return typeNames(ctx, replace);
  return [];
}

function typeNames(ctx: FeatureContext, replace: Span): SpecCompletion[] {
  const out: SpecCompletion[] = [];
  for (const p of FERN_PRIMITIVES) {
    // text, bytes and file only fit endpoint bodies: listed after the primitives, with a detail that says so.
    const special = builtin(p)?.kind === 'special';
    out.push({
      label: p,
      kind: CompletionKind.Value,
      insertText: p,
      replace,
      detail: special ? 'built-in (endpoint bodies only)' : 'primitive',
      sortText: (special ? '25' : '2') + p,
    });
  }
  for (const [label, snippet] of GENERICS)
    out.push({ label, kind: CompletionKind.Snippet, insertText: snippet, snippet: true, replace, detail: `${label}<…>`, sortText: '3' + label });
  const file = fernFile(ctx.doc);
  for (const t of visibleTypes(fernFolder(ctx), file)) {
    const local = t.decl.uri === file.uri;
    out.push({
      label: t.label,
      kind: local ? CompletionKind.Class : CompletionKind.Reference,
      insertText: t.label,
      replace,
      detail: `${t.decl.shape}${local ? '' : ' from ' + t.decl.uri.slice(t.decl.uri.lastIndexOf('/') + 1)}`,
      documentation: t.decl.docs,
      sortText: (local ? '0' : '1') + t.label,
    });
  }
  return out;
}

function bodyKeys(ctx: FeatureContext, at: BodyPath, existing: Set<string>, replace: Span, colonFollows: boolean): SpecCompletion[] {
  const seen = new Set<string>();
  const out: SpecCompletion[] = [];
  for (const s of bodySchemaAt(ctx, at)) {
    const required = new Set((s.required as string[] | undefined) ?? []);
    for (const [name, sub] of Object.entries((s.properties as Record<string, Record<string, unknown>> | undefined) ?? {})) {
      if (existing.has(name) || seen.has(name)) continue;
      seen.add(name);
      out.push({
        label: name,
        kind: CompletionKind.Property,
        insertText: colonFollows ? name : `${name}: `,
        replace,
        detail: [sub['x-fern-type'] ?? sub.title, required.has(name) ? 'required' : undefined].filter(Boolean).join(' · ') || undefined,
        documentation: sub.description as string | undefined,
        sortText: (required.has(name) ? '0' : '1') + name,
      });
    }
  }
  return out;
}

function bodyValues(ctx: FeatureContext, at: BodyPath, replace: Span): SpecCompletion[] {
  const values = new Set<string>();
  for (const s of bodySchemaAt(ctx, at)) {
    if (s.const !== undefined) values.add(String(s.const));
    for (const e of (s.enum as unknown[] | undefined) ?? []) values.add(String(e));
    if (s.type === 'boolean') ['true', 'false'].forEach((b) => values.add(b));
  }
  return [...values].map((v) => ({ label: v, kind: CompletionKind.Enum, insertText: v, replace }));
}
