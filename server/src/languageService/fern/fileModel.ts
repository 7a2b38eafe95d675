/**
 * The model of one Fern definition file (types, imports, channel, names of services/errors) or of `api.yml`.
 * Built once per parsed text version (cached on the SpecDocument instance), so editing one file of a folder
 * rebuilds only that file's model.
 */
import { isAlias, type YAMLSeq } from 'yaml';
import type { SpecDocument } from '../core/specDocument';
import type { Span } from '../core/types';
import { findPair, type JsonPath } from '../core/yamlAst';
import { deref, endOf, entries, entry, fernRoot, hasAliases, isMap, isScalar, isSeq, scalarAt, type ScalarAt, seqItems, stringValue } from './ast';
import { parseTypeRef, type ParsedTypeRef } from './typeRef';

export interface TypeRefAt {
  text: string;
  /** Offset of `text[0]` in the file. */
  start: number;
  span: Span;
  parsed: ParsedTypeRef;
  path: JsonPath;
  uri: string;
  /**
   * Set when the reference is reached through a YAML alias (`name: *name`): the alias's own text. Fern reports a
   * problem of this use there, so do we; rename and navigation leave it to the anchored text.
   */
  alias?: Span;
}

/** Where a problem with the part `s` of a reference is reported: the exact part, else the whole value or alias. */
export function problemSpan(r: TypeRefAt, s: { start: number; end: number }): Span {
  if (r.alias) return r.alias;
  const exact = r.start !== r.span.start || r.text.length === r.span.end - r.span.start;
  return exact ? { start: r.start + s.start, end: r.start + s.end } : r.span;
}

export interface FernProperty {
  name: string;
  keySpan: Span;
  type?: TypeRefAt;
  docs?: string;
  path: JsonPath;
}

export type FernShape = 'alias' | 'object' | 'enum' | 'union' | 'undiscriminated' | 'unknown';

export interface FernVariant {
  key: string;
  keySpan: Span;
  type?: TypeRefAt;
  path: JsonPath;
}

export interface FernTypeDecl {
  name: string;
  uri: string;
  keySpan: Span;
  /** The whole declaration (key and value). */
  span: Span;
  path: JsonPath;
  shape: FernShape;
  alias?: TypeRefAt;
  extends: TypeRefAt[];
  properties: FernProperty[];
  extraProperties: boolean;
  enumValues: string[];
  discriminant: string;
  variants: FernVariant[];
  baseProperties: FernProperty[];
  members: TypeRefAt[];
  docs?: string;
}

export interface FernMessage {
  id: string;
  keySpan: Span;
  span: Span;
  origin?: string;
  body?: TypeRefAt;
  /** `body: {name, properties, extends}`: an object declared in place. */
  inline?: FernTypeDecl;
  docs?: string;
  displayName?: string;
  path: JsonPath;
}

export interface FernChannel {
  keySpan: Span;
  span: Span;
  path?: ScalarAt;
  auth?: boolean;
  url?: ScalarAt;
  headers: FernProperty[];
  pathParameters: FernProperty[];
  queryParameters: FernProperty[];
  messages: FernMessage[];
  /** `auth-message`: the client message sent first, carrying the token at a property path of its body. */
  authMessage?: FernAuthMessage;
  docs?: string;
  displayName?: string;
}

export interface FernAuthMessage {
  keySpan: Span;
  /** `message-id` (only when written as a string). */
  messageId?: ScalarAt;
  /** `token-property-path`, dotted (`params.token`; only when written as a string). */
  tokenPath?: ScalarAt;
}

export interface FernImport {
  alias: string;
  path: string;
  uri: string;
  keySpan: Span;
  valueSpan: Span;
}

export interface FernFile {
  uri: string;
  doc: SpecDocument;
  imports: Map<string, FernImport>;
  types: Map<string, FernTypeDecl>;
  channel?: FernChannel;
  /** Every type reference written in the file (types, channel, service, errors). */
  refs: TypeRefAt[];
  errorNames: string[];
}

const cache = new WeakMap<SpecDocument, FernFile>();

export function fernFile(doc: SpecDocument): FernFile {
  let f = cache.get(doc);
  if (!f) cache.set(doc, (f = buildFile(doc)));
  return f;
}

function buildFile(doc: SpecDocument): FernFile {
  const root = fernRoot(doc);
  const file: FernFile = { uri: doc.uri, doc, imports: new Map(), types: new Map(), refs: [], errorNames: [] };
  for (const e of entries(entry(root, 'imports')?.value)) {
    const path = stringValue(e.value);
    const at = scalarAt(doc, e.value);
    if (path === undefined || !at) continue;
    file.imports.set(e.key, { alias: e.key, path, uri: resolveUri(doc.uri, path), keySpan: e.keySpan, valueSpan: at.span });
  }
  for (const e of entries(entry(root, 'types')?.value)) {
    const decl = typeDecl(doc, file, e.key, ['types', e.key], e.keySpan, e.value, { start: e.keySpan.start, end: endOf(e) });
    file.types.set(e.key, decl);
  }
  const ch = entry(root, 'channel');
  if (ch) file.channel = channel(doc, file, ch.value, ch.keySpan, endOf(ch));
  const errors = entry(root, 'errors');
  for (const e of entries(errors?.value)) {
    file.errorNames.push(e.key);
    typeRefField(doc, file, e.value, ['errors', e.key], 'type');
  }
  serviceRefs(doc, file, entry(root, 'service')?.value);
  // Global headers live in api.yml only.
  for (const e of entries(entry(root, 'headers')?.value)) typeRefField(doc, file, e.value, ['headers', e.key]);
  return file;
}

/** Imports are relative to the importing file. */
export function resolveUri(base: string, rel: string): string {
  try {
    return new URL(rel, base).toString();
  } catch {
    return base + '/../' + rel;
  }
}

function ref(doc: SpecDocument, file: FernFile, node: unknown, path: JsonPath): TypeRefAt | undefined {
  const at = scalarAt(doc, node);
  if (!at || !isScalar(node) || typeof node.value !== 'string') return undefined;
  const r: TypeRefAt = { text: at.text, start: at.start, span: at.span, parsed: parseTypeRef(at.text), path, uri: doc.uri };
  const alias = aliasOnPath(doc, path);
  if (alias) r.alias = alias;
  file.refs.push(r);
  return r;
}

/**
 * The first alias met walking `path` through the nodes as written. Only documents where an alias resolved walk,
 * and each step looks up one key (findPair) rather than listing the mapping's entries.
 */
function aliasOnPath(doc: SpecDocument, path: JsonPath): Span | undefined {
  if (!hasAliases(doc)) return undefined;
  let node: unknown = doc.ast.contents;
  for (const seg of path) {
    if (isAlias(node)) break;
    const next: unknown = typeof seg === 'number' ? (isSeq(node) ? (deref(node) as YAMLSeq).items[seg] : undefined) : findPair(node, String(seg))?.value;
    if (next === undefined) return undefined;
    node = next;
  }
  return isAlias(node) && node.range ? { start: node.range[0], end: node.range[1] } : undefined;
}

/** `key: Type` or `key: {type: Type, ...}`. */
function typeRefField(doc: SpecDocument, file: FernFile, node: unknown, path: JsonPath, field = 'type'): TypeRefAt | undefined {
  if (isMap(node)) return ref(doc, file, entry(node, field)?.value, [...path, field]);
  return ref(doc, file, node, path);
}

function docsOf(node: unknown): string | undefined {
  return stringValue(entry(node, 'docs')?.value);
}

function properties(doc: SpecDocument, file: FernFile, node: unknown, path: JsonPath): FernProperty[] {
  return entries(node).map((e) => ({
    name: e.key,
    keySpan: e.keySpan,
    type: typeRefField(doc, file, e.value, [...path, e.key]),
    docs: docsOf(e.value),
    path: [...path, e.key],
  }));
}

export function typeDecl(doc: SpecDocument, file: FernFile, name: string, path: JsonPath, keySpan: Span, node: unknown, span: Span): FernTypeDecl {
  const decl: FernTypeDecl = {
    name,
    uri: doc.uri,
    keySpan,
    span,
    path,
    shape: 'unknown',
    extends: [],
    properties: [],
    extraProperties: false,
    enumValues: [],
    discriminant: 'type',
    variants: [],
    baseProperties: [],
    members: [],
    docs: docsOf(node),
  };
  if (!isMap(node)) {
    decl.alias = ref(doc, file, node, path);
    decl.shape = decl.alias ? 'alias' : 'unknown';
    return decl;
  }
  const ext = entry(node, 'extends');
  if (ext) {
    const items = seqItems(ext.value);
    if (items.length) items.forEach((it, i) => pushDefined(decl.extends, ref(doc, file, it, [...path, 'extends', i])));
    else pushDefined(decl.extends, ref(doc, file, ext.value, [...path, 'extends']));
  }
  decl.properties = properties(doc, file, entry(node, 'properties')?.value, [...path, 'properties']);
  decl.extraProperties = isScalar(entry(node, 'extra-properties')?.value) && (entry(node, 'extra-properties')!.value as { value: unknown }).value === true;
  if (entry(node, 'enum')) {
    decl.shape = 'enum';
    for (const it of seqItems(entry(node, 'enum')!.value)) {
      const v = isMap(it) ? stringValue(entry(it, 'value')?.value) : (stringValue(it) ?? (isScalar(it) ? String(it.value) : undefined));
      if (v !== undefined) decl.enumValues.push(v);
    }
  } else if (entry(node, 'union')) {
    const union = entry(node, 'union')!.value;
    const disc = entry(node, 'discriminated')?.value;
    if ((isScalar(disc) && disc.value === false) || isSeq(union)) {
      decl.shape = 'undiscriminated';
      seqItems(union).forEach((it, i) => pushDefined(decl.members, typeRefField(doc, file, it, [...path, 'union', i])));
    } else {
      decl.shape = 'union';
      const d = entry(node, 'discriminant')?.value;
      decl.discriminant = stringValue(d) ?? stringValue(entry(d, 'value')?.value) ?? 'type';
      decl.baseProperties = properties(doc, file, entry(node, 'base-properties')?.value, [...path, 'base-properties']);
      for (const e of entries(union)) {
        decl.variants.push({
          key: e.key,
          keySpan: e.keySpan,
          type: typeRefField(doc, file, e.value, [...path, 'union', e.key]),
          path: [...path, 'union', e.key],
        });
      }
    }
  } else if (entry(node, 'type')) {
    decl.shape = 'alias';
    decl.alias = ref(doc, file, entry(node, 'type')!.value, [...path, 'type']);
  } else {
    decl.shape = 'object';
  }
  return decl;
}

function pushDefined<T>(arr: T[], v: T | undefined): void {
  if (v !== undefined) arr.push(v);
}

function channel(doc: SpecDocument, file: FernFile, node: unknown, keySpan: Span, end: number): FernChannel {
  const authNode = entry(node, 'auth')?.value;
  const ch: FernChannel = {
    keySpan,
    span: { start: keySpan.start, end },
    path: scalarAt(doc, entry(node, 'path')?.value),
    auth: isScalar(authNode) && typeof authNode.value === 'boolean' ? authNode.value : undefined,
    url: scalarAt(doc, entry(node, 'url')?.value),
    headers: properties(doc, file, entry(node, 'headers')?.value, ['channel', 'headers']),
    pathParameters: properties(doc, file, entry(node, 'path-parameters')?.value, ['channel', 'path-parameters']),
    queryParameters: properties(doc, file, entry(node, 'query-parameters')?.value, ['channel', 'query-parameters']),
    messages: [],
    docs: docsOf(node),
    displayName: stringValue(entry(node, 'display-name')?.value),
  };
  const auth = entry(node, 'auth-message');
  if (auth) {
    const str = (key: string) => {
      const v = entry(auth.value, key)?.value;
      return stringValue(v) !== undefined ? scalarAt(doc, v) : undefined;
    };
    ch.authMessage = { keySpan: auth.keySpan, messageId: str('message-id'), tokenPath: str('token-property-path') };
  }
  for (const e of entries(entry(node, 'messages')?.value)) {
    const path = ['channel', 'messages', e.key];
    const m: FernMessage = {
      id: e.key,
      keySpan: e.keySpan,
      path,
      span: { start: e.keySpan.start, end: endOf(e) },
      origin: stringValue(entry(e.value, 'origin')?.value),
      docs: docsOf(e.value),
      displayName: stringValue(entry(e.value, 'display-name')?.value),
    };
    const body = entry(e.value, 'body');
    if (body && isMap(body.value) && entry(body.value, 'name')) {
      m.inline = typeDecl(doc, file, stringValue(entry(body.value, 'name')?.value) ?? e.key, [...path, 'body'], body.keySpan, body.value, m.span);
    } else if (body) {
      m.body = typeRefField(doc, file, body.value, [...path, 'body']);
    }
    ch.messages.push(m);
  }
  return ch;
}

/** Enough of `service:` to see the types it names (references, rename, unknown names, where built-ins may go). */
function serviceRefs(doc: SpecDocument, file: FernFile, service: unknown): void {
  for (const e of entries(entry(service, 'headers')?.value)) typeRefField(doc, file, e.value, ['service', 'headers', e.key]);
  for (const e of entries(entry(service, 'endpoints')?.value)) endpointRefs(doc, file, e.value, ['service', 'endpoints', e.key]);
}

function endpointRefs(doc: SpecDocument, file: FernFile, endpoint: unknown, path: JsonPath): void {
  for (const key of ['response', 'response-stream']) {
    const v = entry(endpoint, key)?.value;
    if (v !== undefined) typeRefField(doc, file, v, [...path, key]);
  }
  const request = entry(endpoint, 'request')?.value;
  if (isScalar(request)) {
    ref(doc, file, request, [...path, 'request']);
    return;
  }
  for (const key of ['headers', 'query-parameters']) {
    for (const e of entries(entry(request, key)?.value)) typeRefField(doc, file, e.value, [...path, 'request', key, e.key]);
  }
  const body = entry(request, 'body')?.value;
  const bodyPath = [...path, 'request', 'body'];
  if (isScalar(body) || entry(body, 'type')) typeRefField(doc, file, body, bodyPath);
  else properties(doc, file, entry(body, 'properties')?.value, [...bodyPath, 'properties']);
}
