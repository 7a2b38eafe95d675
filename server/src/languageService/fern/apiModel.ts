/**
 * The model of `api.yml`: name, auth schemes and the `auth` requirement, environments (single and multi-URL),
 * `default-environment` and global headers. Cached per parsed text version like file models.
 */
import type { SpecDocument } from '../core/specDocument';
import type { Span } from '../core/types';
import { entries, entry, fernRoot, isMap, isScalar, scalarAt, type ScalarAt, seqItems, stringValue } from './ast';
import { fernFile, type FernFile, type FernProperty } from './fileModel';

export interface FernAuthScheme {
  name: string;
  keySpan?: Span;
  /** bearer | basic | header | oauth | inferred | … (a header scheme has no `scheme` key, only `header`). */
  scheme: string;
  header?: string;
  prefix?: string;
  /** Parameter name the SDK uses (token.name, username.name, name). */
  paramName?: string;
  docs?: string;
}

export interface FernEnvironment {
  name: string;
  keySpan: Span;
  url?: string;
  /** Multi-URL environments: url name → URL. */
  urls?: Record<string, string>;
  urlKeySpans?: Record<string, Span>;
  docs?: string;
}

export interface FernApi {
  uri: string;
  file: FernFile;
  name?: string;
  /** Scheme names the `auth` key requires (any one of them). */
  auth: string[];
  authSpan?: Span;
  authSchemes: Map<string, FernAuthScheme>;
  environments: FernEnvironment[];
  defaultEnvironment?: ScalarAt;
  headers: FernProperty[];
}

const cache = new WeakMap<SpecDocument, FernApi>();

export function fernApi(doc: SpecDocument): FernApi {
  let a = cache.get(doc);
  if (!a) cache.set(doc, (a = buildApi(doc)));
  return a;
}

/** Fern's built-in schemes usable as `auth: bearer` without an `auth-schemes` entry. */
const BUILTIN: Record<string, FernAuthScheme> = {
  bearer: { name: 'bearer', scheme: 'bearer' },
  basic: { name: 'basic', scheme: 'basic' },
};

function buildApi(doc: SpecDocument): FernApi {
  const root = fernRoot(doc);
  const file = fernFile(doc);
  const api: FernApi = {
    uri: doc.uri,
    file,
    name: stringValue(entry(root, 'name')?.value),
    auth: [],
    authSchemes: new Map(),
    environments: [],
    defaultEnvironment: scalarAt(doc, entry(root, 'default-environment')?.value),
    headers: [],
  };
  for (const e of entries(entry(root, 'auth-schemes')?.value)) {
    const v = e.value;
    const scheme = stringValue(entry(v, 'scheme')?.value) ?? (entry(v, 'header') ? 'header' : 'unknown');
    const paramNode = scheme === 'bearer' ? entry(v, 'token')?.value : scheme === 'basic' ? entry(v, 'username')?.value : v;
    api.authSchemes.set(e.key, {
      name: e.key,
      keySpan: e.keySpan,
      scheme,
      header: stringValue(entry(v, 'header')?.value),
      prefix: stringValue(entry(v, 'prefix')?.value),
      paramName: stringValue(entry(paramNode, 'name')?.value),
      docs: stringValue(entry(v, 'docs')?.value),
    });
  }
  const auth = entry(root, 'auth');
  if (auth) {
    api.authSpan = auth.written?.range ? { start: auth.written.range[0], end: auth.written.range[1] } : auth.keySpan;
    api.auth = authNames(auth.value);
    for (const n of api.auth) if (!api.authSchemes.has(n) && BUILTIN[n]) api.authSchemes.set(n, BUILTIN[n]);
  }
  for (const e of entries(entry(root, 'environments')?.value)) {
    const env: FernEnvironment = { name: e.key, keySpan: e.keySpan, docs: stringValue(entry(e.value, 'docs')?.value) };
    if (isScalar(e.value)) env.url = stringValue(e.value);
    else if (entry(e.value, 'url')) env.url = stringValue(entry(e.value, 'url')!.value);
    else if (isMap(entry(e.value, 'urls')?.value)) {
      env.urls = {};
      env.urlKeySpans = {};
      for (const u of entries(entry(e.value, 'urls')!.value)) {
        env.urls[u.key] = stringValue(u.value) ?? '';
        env.urlKeySpans[u.key] = u.keySpan;
      }
    }
    api.environments.push(env);
  }
  api.headers = entries(entry(root, 'headers')?.value).map((e) => ({
    name: e.key,
    keySpan: e.keySpan,
    path: ['headers', e.key],
    type: file.refs.find((r) => r.path[0] === 'headers' && r.path[1] === e.key),
    docs: stringValue(entry(e.value, 'docs')?.value),
  }));
  return api;
}

/** `auth: Name`, `auth: {any: [A, B]}` or a list: the scheme names any one of which satisfies the API. */
function authNames(node: unknown): string[] {
  const s = stringValue(node);
  if (s) return [s];
  const any = entry(node, 'any')?.value ?? node;
  return seqItems(any)
    .map((it) => stringValue(it) ?? stringValue(entry(it, 'scheme')?.value) ?? '')
    .filter(Boolean);
}

/** Every URL name across environments (what a channel's `url:` may name). */
export function environmentUrlNames(api: FernApi | undefined): string[] {
  const names = new Set<string>();
  for (const env of api?.environments ?? []) for (const k of Object.keys(env.urls ?? {})) names.add(k);
  return [...names];
}
