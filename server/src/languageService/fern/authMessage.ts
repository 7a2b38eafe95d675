/**
 * A channel's `auth-message` (Fern: the client message an SDK sends first on the connection, with the auth token
 * at a dotted property path of its body; fern-api/fern WebSocketAuthMessageSchema, AsyncAPI `x-fern-auth-message`):
 * which message it names, the path's segments, and what the path reaches in the message's body type. Read by the
 * slow diagnostics (the body type may live in other files), completion, hover and the Try it model.
 *
 * Codes: fern-auth-message-unknown-message, fern-auth-message-not-client, fern-auth-message-unknown-property,
 * fern-auth-message-token-not-string, fern-auth-message-without-auth.
 */
import type { JsonSchema } from '../../../../common/src/tryItModel';
import { Severity, type Span, type SpecDiagnostic } from '../core/types';
import type { ScalarAt } from './ast';
import { closest } from './didYouMean';
import { bodySchema } from './exampleChecks';
import type { FernFile, FernMessage } from './fileModel';
import type { FernFolder } from './folder';
import { FernSchemaConverter } from './jsonSchema';

type Schema = Record<string, unknown>;

export interface PathSegment {
  name: string;
  span: Span;
  /** The span maps onto this segment alone (else it is the whole value: quotes or escapes). */
  exact: boolean;
}

/** `params.token` → its segments with their spans in the document. */
export function tokenPathSegments(at: ScalarAt): PathSegment[] {
  const exact = at.start !== at.span.start || at.text.length === at.span.end - at.span.start;
  let offset = 0;
  return at.text.split('.').map((name) => {
    const start = at.start + offset;
    offset += name.length + 1;
    return { name, exact, span: exact ? { start, end: start + name.length } : at.span };
  });
}

/** A schema that says nothing about what lies below it (`unknown`, a cut circular type, extra properties). */
function isOpen(s: Schema): boolean {
  if (s['x-specsocket-circular'] !== undefined) return true;
  const objectish = s.type === 'object' || s.properties !== undefined;
  if (objectish) return s.additionalProperties === true || (s.additionalProperties === undefined && s.properties === undefined);
  return s.type === undefined && s.const === undefined && s.enum === undefined && !s.oneOf && !s.anyOf && !s.allOf;
}

/** The alternatives a value of `s` may take (union branches, optional's inner type), nulls left out. */
function alternatives(s: JsonSchema): Schema[] {
  if (typeof s !== 'object') return s ? [{}] : [];
  const alts = (s.oneOf ?? s.anyOf ?? s.allOf) as JsonSchema[] | undefined;
  if (alts) return alts.flatMap(alternatives);
  return s.type === 'null' ? [] : [s];
}

export type PathWalk =
  /** `leaf`: the schemas at the end of the path (empty when an open schema stopped the walk: anything goes). */
  | { ok: true; leaf: Schema[] }
  /** Segment `index` names no property; `known` are the properties there, `owner` the type holding them. */
  | { ok: false; index: number; known: string[]; owner?: string };

/** Follows property names down a body schema. */
export function walkPath(body: JsonSchema, names: string[]): PathWalk {
  let level = alternatives(body);
  for (let i = 0; i < names.length; i++) {
    const next: Schema[] = [];
    const known = new Set<string>();
    let owner: string | undefined;
    for (const s of level) {
      if (isOpen(s)) return { ok: true, leaf: [] };
      const props = s.properties as Record<string, JsonSchema> | undefined;
      for (const k of Object.keys(props ?? {})) known.add(k);
      owner ??= typeof s.title === 'string' ? s.title : undefined;
      if (props && Object.hasOwn(props, names[i])) next.push(...alternatives(props[names[i]]));
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') next.push(...alternatives(s.additionalProperties as JsonSchema));
    }
    if (!next.length) return { ok: false, index: i, known: [...known], owner };
    level = next;
  }
  return { ok: true, leaf: level };
}

/** Whether a string (the token) may stand at the end of the path. */
export function acceptsString(leaf: Schema[]): boolean {
  if (!leaf.length) return true;
  return leaf.some((s) => {
    if (isOpen(s)) return true;
    if (s.type === undefined) return typeof s.const === 'string' || (Array.isArray(s.enum) && s.enum.some((v) => typeof v === 'string'));
    return s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'));
  });
}

function describeLeaf(leaf: Schema[]): string {
  const s = leaf[0];
  const fern = (s?.['x-fern-type'] ?? s?.title) as string | undefined;
  const t = Array.isArray(s?.type) ? s.type.join(' or ') : ((s?.type as string | undefined) ?? 'a value');
  const kind = t === 'object' ? 'an object' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`;
  return fern ? `${kind} (\`${fern}\`)` : kind;
}

export interface AuthMessageCheck {
  /** The message `message-id` names, when it is a declared client message. */
  message?: FernMessage;
  /** The token path's property names, when every one of them resolves in the message's body type. */
  path?: string[];
  diagnostics: SpecDiagnostic[];
}

/** Checks `auth-message` of the file's channel against the channel's messages and their body types. */
export function checkAuthMessage(folder: FernFolder, file: FernFile, conv = new FernSchemaConverter(folder, 'present')): AuthMessageCheck {
  const out: SpecDiagnostic[] = [];
  const ch = file.channel;
  const am = ch?.authMessage;
  if (!ch || !am) return { diagnostics: out };
  if (ch.auth === false) {
    out.push({
      ...am.keySpan,
      severity: Severity.Warning,
      code: 'fern-auth-message-without-auth',
      message: 'The auth message carries the token of the api.yml auth scheme, but this channel has `auth: false`: set `auth: true` or remove `auth-message`.',
    });
  }
  const id = am.messageId;
  if (!id) return { diagnostics: out };
  const message = ch.messages.find((m) => m.id === id.text);
  const clientIds = ch.messages.filter((m) => m.origin === 'client').map((m) => m.id);
  if (!message) {
    const suggestion = closest(id.text, clientIds);
    out.push({
      ...id.span,
      severity: Severity.Error,
      code: 'fern-auth-message-unknown-message',
      message: `\`${id.text}\` is not a message id of this channel: name the client message that carries the token${clientIds.length ? ` (${clientIds.map((x) => '`' + x + '`').join(', ')})` : ', after declaring it under `messages` with `origin: client`'}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      ...(suggestion ? { data: { kind: 'replaceValue' as const, replacement: suggestion } } : {}),
    });
    return { diagnostics: out };
  }
  if (message.origin !== 'client') {
    out.push({
      ...id.span,
      severity: Severity.Error,
      code: 'fern-auth-message-not-client',
      message: `\`${id.text}\` is ${message.origin ? `a \`${message.origin}\`` : 'not a client'} message: the auth message is sent by the client, so name a message with \`origin: client\`${clientIds.length ? ` (${clientIds.map((x) => '`' + x + '`').join(', ')})` : ''}.`,
    });
    return { diagnostics: out };
  }
  const tp = am.tokenPath;
  if (!tp) return { message, diagnostics: out };
  const segments = tokenPathSegments(tp);
  if (segments.some((s) => s.name === '')) {
    out.push({
      ...tp.span,
      severity: Severity.Error,
      code: 'fern-auth-message-unknown-property',
      message: `\`${tp.text}\` is not a property path: write the body's property names separated by dots, such as \`params.token\`.`,
    });
    return { message, diagnostics: out };
  }
  const names = segments.map((s) => s.name);
  const walk = walkPath(bodySchema(conv, message, file), names);
  if (!walk.ok) {
    const seg = segments[walk.index];
    const suggestion = closest(seg.name, walk.known);
    const where = walk.index === 0 ? `the body of \`${message.id}\`` : `\`${names.slice(0, walk.index).join('.')}\``;
    const owner = walk.owner ? ` (\`${walk.owner}\`)` : '';
    const replacement = suggestion && (seg.exact ? suggestion : names.map((n, i) => (i === walk.index ? suggestion : n)).join('.'));
    out.push({
      ...seg.span,
      severity: Severity.Error,
      code: 'fern-auth-message-unknown-property',
      message: `\`${seg.name}\` is not a property of ${where}${owner}.${suggestion ? ` Did you mean \`${suggestion}\`?` : walk.known.length ? ` Properties: ${walk.known.join(', ')}.` : ' It has no properties: point the path at the string property that carries the token.'}`,
      ...(replacement ? { data: { kind: 'replaceValue' as const, replacement } } : {}),
    });
    return { message, diagnostics: out };
  }
  if (!acceptsString(walk.leaf)) {
    const last = segments[segments.length - 1];
    out.push({
      ...last.span,
      severity: Severity.Error,
      code: 'fern-auth-message-token-not-string',
      message: `\`${tp.text}\` is ${describeLeaf(walk.leaf)}, but the token is a string: point the path at the string property that carries it.`,
    });
    return { message, diagnostics: out };
  }
  return { message, path: names, diagnostics: out };
}

/** Dotted paths in a body schema that can carry a string (for completion), shallow first. */
export function stringPaths(body: JsonSchema, maxDepth = 4, max = 100): string[] {
  const out: string[] = [];
  const visit = (schemas: Schema[], prefix: string[]) => {
    if (prefix.length >= maxDepth) return;
    const children = new Map<string, Schema[]>();
    for (const s of schemas) {
      for (const [k, v] of Object.entries((s.properties as Record<string, JsonSchema> | undefined) ?? {})) {
        children.set(k, [...(children.get(k) ?? []), ...alternatives(v)]);
      }
    }
    for (const [k, sub] of children) if (out.length < max && acceptsString(sub) && !sub.some((x) => x.properties)) out.push([...prefix, k].join('.'));
    for (const [k, sub] of children)
      if (sub.some((x) => x.properties))
        visit(
          sub.filter((x) => x.properties),
          [...prefix, k],
        );
  };
  visit(alternatives(body), []);
  return out;
}

/** Hover on a segment of `token-property-path`: the property's declared type and docs in the message's body. */
export function tokenPathHover(folder: FernFolder, file: FernFile, offset: number): { span: Span; contents: string } | undefined {
  const ch = file.channel;
  const tp = ch?.authMessage?.tokenPath;
  if (!tp || offset < tp.span.start || offset > tp.span.end) return undefined;
  const segments = tokenPathSegments(tp);
  const i = Math.max(
    0,
    segments.findIndex((s) => offset >= s.span.start && offset <= s.span.end),
  );
  const message = ch.messages.find((m) => m.id === ch.authMessage?.messageId?.text);
  if (!message || !segments[i].name) return undefined;
  const names = segments.map((s) => s.name);
  const parent = walkPath(bodySchema(new FernSchemaConverter(folder, 'present'), message, file), names.slice(0, i));
  if (!parent.ok) return undefined;
  for (const s of parent.leaf) {
    const prop = (s.properties as Record<string, Schema> | undefined)?.[names[i]];
    if (!prop) continue;
    const type = (prop['x-fern-type'] ?? prop.title ?? (alternatives(prop)[0]?.type as string | undefined) ?? 'unknown') as string;
    const docs = typeof prop.description === 'string' ? `\n\n${prop.description}` : '';
    return { span: segments[i].span, contents: `**${names.slice(0, i + 1).join('.')}**: \`${type}\` in the body of message \`${message.id}\`${docs}` };
  }
  return undefined;
}
