/**
 * The parser's `asyncapi-document-resolved`: the official schema checked on the document with its `$ref`s
 * replaced by their targets. The raw-document pass (asyncapiSchemaValidation) already reports what is wrong as
 * written, so only the errors that exist because of what a reference brought in are reported here, on the
 * `$ref` in this document that brought it in: a target that is wrong in itself is reported once, where it is
 * written (issue 16.1); a `$ref` is marked when its target is valid but not the kind of object needed there.
 */
import { createHash } from 'node:crypto';
import type { ErrorObject } from 'ajv';
import { isSupportedVersion } from '../officialSchemas';
import { chunkOrderOf, specBranches, validateValue } from '../schemas';
import { parseRef, pointerToPath, valueAtPath } from '../../core/refs';
import { narrowErrors } from '../schemaErrors';
import type { JsonPath } from '../../core/yamlAst';
import { isObj, type Obj, type SemanticContext } from './semanticContext';
import { documentRefs, type FoundRef } from './walk';
import { resolveDocumentSteps } from './resolvedDocumentSteps';

/** Diagnostics per reference: the first few say enough; a wrong target usually breaks many properties. */
const MAX_PER_REF = 5;

export function* checkResolvedDocument(sc: SemanticContext): Generator<void, void, void> {
  const refs = isSupportedVersion(sc.version) ? documentRefs(sc.root) : [];
  if (!refs.length) return;
  const resolved = yield* resolveDocumentSteps(sc.feature, sc.root);
  yield;
  const found: ErrorObject[] = [];
  for (const chunk of chunksOf(sc.version, resolved as Obj, reachesRef(refs))) {
    found.push(...chunkErrors(sc.version, chunk));
    yield;
  }
  const errors = narrowErrors(found, specBranches(sc.version, 'resolved')).filter((e) => !aboutRefItself(e));
  if (!errors.length) return;
  // Paths the raw pass reports (with the unknown key appended): a target wrong in itself is reported there.
  const raw = validateValue(sc.version, sc.root, 'raw').map((e) => errorPath(e).join('\u0000'));
  const rawAt = new Set(raw);
  /** Whether the raw pass reports anything at or inside a place of this document: it is wrong in itself. */
  const brokenInItself = (path: JsonPath) => {
    const p = path.join('\u0000');
    return raw.some((r) => r === p || r.startsWith(p + '\u0000'));
  };
  const perRef = new Map<string, number>();
  const elsewhere = new Set<string>();
  for (const e of errors) {
    const m = locateError(sc, e);
    // Without a reference on the way, the error is in the document as written: the raw pass owns it.
    if (!m || !m.via) continue;
    const here = m.uri === sc.feature.doc.uri;
    if (here && rawAt.has(m.path.join('\u0000'))) continue;
    // Fix the target first: whether it fits here can only be told once it is valid in itself.
    if (m.target && brokenInItself(m.target)) continue;
    const extra = extraOf(e);
    const at = extra !== undefined ? m.path.slice(0, -1) : m.path;
    const file = here ? '' : m.uri.slice(m.uri.lastIndexOf('/') + 1);
    const where = `${file}#/${at.join('/')}`;
    const what = extra !== undefined ? `property "${extra}" is not allowed there` : (e.message ?? 'is invalid');
    // A problem inside another file is one problem however many references reach it: report it on the first.
    if (!here && !once(elsewhere, `${m.uri}#${m.path.join('/')}\u0001${what}`)) continue;
    const refKey = m.via.join('/');
    const n = perRef.get(refKey) ?? 0;
    if (n >= MAX_PER_REF) continue;
    perRef.set(refKey, n + 1);
    sc.report(
      [...m.via, '$ref'],
      'asyncapi-document-resolved',
      `The target of this reference is not valid where it is used: in ${where}, ${what}. Point the reference at the right kind of object or fix the target.`,
    );
  }
}

function once(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/**
 * Where an error's content is written. An unknown key is located by its parent object, then named: its own
 * value is not what is wrong, so a `$ref` under it must not be followed.
 */
function locateError(sc: SemanticContext, e: ErrorObject): Located | undefined {
  const m = locate(sc, pointerToPath(e.instancePath));
  const extra = extraOf(e);
  return m && extra !== undefined ? { ...m, path: [...m.path, extra] } : m;
}

/**
 * Chunks known to be valid, by a digest of their content: after an edit, only the chunks it touched are
 * validated again (an edit in one channel's description re-validates its run of 20 channels, not the
 * document). A chunk is a fresh object each pass, so identity cannot serve. Chunks with errors are not kept:
 * ajv's errors hold the data they are about, which would pin old versions' subtrees.
 */
const validChunks = new Set<string>();
const MAX_VALID_CHUNKS = 4000;

/**
 * For the digest only: the text of descriptions, summaries and titles, which every AsyncAPI schema version
 * types as a plain string and nothing more (checked over all of @asyncapi/specs), so their wording cannot
 * change a chunk's validity; editing the description of a schema many payloads embed would otherwise make
 * every chunk that expands it miss.
 */
function proseBlanked(key: string, value: unknown): unknown {
  return typeof value === 'string' && (key === 'description' || key === 'summary' || key === 'title') ? '' : value;
}

/** A chunk's errors but those on the root itself (see chunksOf). */
function belowRoot(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => e.instancePath !== '');
}

/**
 * Chunks known to be valid, by what they are made of: the parts chunksOf made (listed in `parts`) by their keys,
 * everything else by identity (`ids`) or, for strings, numbers and the like, by value. The resolved document's
 * unchanged parts are the same objects from one version to the next (resolvedDocumentSteps.ts keeps them), so
 * a chunk an edit did not touch is found here without serializing it: the digests cost ~3.3 MB of strings per
 * pass at 10k lines (docs/performance.md, "Requests during the slow pass, and the CLI's start"). A miss falls
 * back to the digest, which also finds a chunk rebuilt with the same content.
 */
const validShapes = new Set<string>();
const ids = new WeakMap<object, number>();
let nextId = 0;
const parts = new WeakSet<object>();

function shapeOf(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'u';
  if (!parts.has(v)) {
    let id = ids.get(v);
    if (id === undefined) ids.set(v, (id = nextId++));
    return '#' + id;
  }
  let out = '{';
  for (const k of Object.keys(v)) out += JSON.stringify(k) + ':' + shapeOf((v as Obj)[k]) + ',';
  return out + '}';
}

function remember(set: Set<string>, key: string): void {
  set.add(key);
  if (set.size > MAX_VALID_CHUNKS) set.delete(set.values().next().value as string);
}

function chunkErrors(version: string, chunk: Obj): ErrorObject[] {
  let shape: string;
  try {
    shape = version + shapeOf(chunk);
  } catch {
    return digestedErrors(version, chunk); // a value JSON cannot write: the digest's own fallback
  }
  if (validShapes.has(shape)) return [];
  const errors = digestedErrors(version, chunk);
  if (!errors.length) remember(validShapes, shape);
  return errors;
}

function digestedErrors(version: string, chunk: Obj): ErrorObject[] {
  let key: string;
  try {
    key = version + createHash('sha1').update(JSON.stringify(chunk, proseBlanked)).digest('base64');
  } catch {
    return belowRoot(validateValue(version, chunk, 'resolved'));
  }
  if (validChunks.has(key)) return [];
  const errors = belowRoot(validateValue(version, chunk, 'resolved'));
  if (errors.length) return errors;
  remember(validChunks, key);
  return errors;
}

/** Map entries (channels, operations, components of one kind) validated together in one step. */
const ENTRIES_PER_CHUNK = 20;

/**
 * The resolved document cut into partial documents that together produce the errors one validation of the
 * whole would, in the same order, so each is a short step (the whole was 60–120 ms at 10k lines, holding
 * any request that arrived meanwhile):
 * - the root's properties in the schema's order (ajv's order), `channels`, `operations` and each map of
 *   `components` split into runs of entries in document order (ajv walks a map's entries in that order);
 * - errors on the root itself are dropped (every chunk lacks the others' required keys; and no error there
 *   can be reported: it crosses no reference); keys the schema doesn't list (extensions, unknown keys) are left
 *   out, as they only produce root- or components-level errors, which cross no reference either;
 * - with `keep`, only the root keys and map entries it takes (reachesRef).
 * The orders are the raw schema's, kept in the compiled module (officialSchemas.chunkOrder).
 */
export function chunksOf(version: string, resolved: Obj, keep: Keep = () => true): Obj[] {
  const order = chunkOrderOf(version);
  if (!order) return [];
  return inOrder(order.root, resolved, keep, [], (key, v) => {
    if (!isObj(v)) return undefined;
    if (key === 'channels' || key === 'operations') return entryRuns(v, keep, [key]);
    return key === 'components' ? componentRuns(order.components, v, keep) : undefined;
  });
}

/** Which places (a root key, an entry of a map chunksOf splits) go into the chunks. */
type Keep = (path: JsonPath) => boolean;

/**
 * The places holding content a reference of this document brought in: a `$ref` at or under them, or they lie
 * inside a referenced value (`channels: {$ref: …}`). Only such content is reported (an error that crosses no
 * reference belongs to the raw pass: `locate` finds no `via`), and ajv checks a map's entries each on its own, so
 * the other entries are left out of the chunks: in the corpus, three quarters of what was validated here
 * (docs/performance.md, "The corpus check").
 */
export function reachesRef(refs: FoundRef[]): Keep {
  const holders = new Set<string>();
  const under = new Set<string>();
  for (const { holder } of refs) {
    let key = '';
    for (const seg of holder) under.add((key += '\u0000' + String(seg)));
    holders.add(key);
  }
  return (path) => {
    let key = '';
    if (holders.has(key)) return true;
    for (const seg of path) if (holders.has((key += '\u0000' + String(seg)))) return true;
    return under.has(key);
  };
}

/**
 * `value`'s keys in `order` as partial objects: runs of keys that are not split grouped together, and each
 * key that `parts` splits as one object per part.
 */
function inOrder(order: string[], value: Obj, keep: Keep, at: JsonPath, split: (key: string, v: unknown) => Obj[] | undefined): Obj[] {
  const out: Obj[] = [];
  let small: Obj = part({});
  for (const key of order) {
    const v = value[key];
    if (v === undefined || !keep([...at, key])) continue;
    const pieces = split(key, v);
    if (!pieces) {
      small[key] = v;
      continue;
    }
    if (Object.keys(small).length) out.push(small);
    small = part({});
    for (const piece of pieces) out.push(part({ [key]: piece }));
  }
  if (Object.keys(small).length) out.push(small);
  return out;
}

/** Marks an object chunksOf made (a fresh container each pass): a chunk's shape lists its content, not its identity. */
function part(o: Obj): Obj {
  parts.add(o);
  return o;
}

/** A map's entries that `keep` takes (at `at`), in runs of ENTRIES_PER_CHUNK; an empty map as it is. */
function entryRuns(map: Obj, keep: Keep, at: JsonPath): Obj[] {
  const all = Object.keys(map);
  if (!all.length) return [map];
  const keys = all.filter((k) => keep([...at, k]));
  const out: Obj[] = [];
  for (let i = 0; i < keys.length; i += ENTRIES_PER_CHUNK) out.push(part(Object.fromEntries(keys.slice(i, i + ENTRIES_PER_CHUNK).map((k) => [k, map[k]]))));
  return out;
}

/** `components` in its schema's property order (none known: whole), each map of components in runs of entries. */
function componentRuns(order: string[], components: Obj, keep: Keep): Obj[] {
  if (!order.length) return [components];
  return inOrder(order, components, keep, ['components'], (kind, v) => (isObj(v) ? entryRuns(v, keep, ['components', kind]) : undefined));
}

function extraOf(e: ErrorObject): string | undefined {
  return e.keyword === 'additionalProperties' ? (e.params as { additionalProperty?: string }).additionalProperty : undefined;
}

function errorPath(e: ErrorObject): JsonPath {
  const p = pointerToPath(e.instancePath);
  const extra = extraOf(e);
  return extra !== undefined ? [...p, extra] : p;
}

/** Leftover (circular or unresolvable) `$ref` objects are not the resolved document's fault. */
function aboutRefItself(e: ErrorObject): boolean {
  if (e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === '$ref') return true;
  return extraOf(e) === '$ref';
}

interface Located {
  /** Holder path (in this document) of the first `$ref` crossed on the way, if any. */
  via: JsonPath | undefined;
  /** Where the first reference crossed from this document lands, when that is in this document. */
  target?: JsonPath;
  /** Where the erroneous content is written: file and path in it. */
  uri: string;
  path: JsonPath;
}

/** Follows a path of the resolved document through the documents as written, crossing references. */
function locate(sc: SemanticContext, resolvedPath: JsonPath): Located | undefined {
  const { store, doc } = sc.feature;
  let uri = doc.uri;
  let root: unknown = sc.root;
  let path: JsonPath = [];
  let value: unknown = sc.root;
  let via: JsonPath | undefined;
  let landed: JsonPath | undefined;
  const cross = (): boolean => {
    for (let hops = 0; hops < 32 && isObj(value) && typeof value.$ref === 'string'; hops++) {
      const ref = parseRef(value.$ref, uri);
      const target = ref && !ref.remote ? (ref.uri === doc.uri ? doc : store.get(ref.uri)) : undefined;
      const next = ref && target ? valueAtPath(target.value, ref.path) : undefined;
      if (!ref || !target || next === undefined) return false;
      if (!via && uri === doc.uri) {
        via = path;
        if (ref.uri === doc.uri) landed = [...ref.path];
      }
      uri = ref.uri;
      root = target.value;
      path = [...ref.path];
      value = next;
    }
    return true;
  };
  for (const seg of resolvedPath) {
    if (!cross()) return undefined;
    if (value === null || typeof value !== 'object') return undefined;
    path = [...path, seg];
    value = (value as Obj)[String(seg)];
  }
  if (!cross()) return undefined;
  void root;
  return { via, uri, path, target: landed };
}
