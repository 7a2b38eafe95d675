/**
 * The official AsyncAPI JSON Schemas (@asyncapi/specs) as data, prepared exactly as @asyncapi/parser prepares
 * them, and the ajv configuration they are compiled with. Compilation happens at build time
 * (scripts/compileSchemas.ts → generated/schemas); the language service loads the result (schemas.ts).
 *
 * Two modes, as @asyncapi/parser has them: `raw` validates the document as written (with `$ref`s), `resolved`
 * validates a dereferenced document (3.x fields that must be references also accept the object itself).
 */
import type Ajv from 'ajv';
import type { Options } from 'ajv';
import { linearUniqueItems } from './uniqueItems';
import { escapePointerSegment } from '../core/refs';
import { addWsChannelBinding } from './bindingSchemas';
import { addMqttBindings } from './mqttBindings2x';

export type SchemaNode = Record<string, unknown>;
export type SchemaMode = 'raw' | 'resolved';

/**
 * The official schema of each AsyncAPI version the installed @asyncapi/specs ships (2.0.0 and later; 1.x is not
 * AsyncAPI 2/3), loaded on first use: requiring the package's index would parse all 18 schema files at start-up
 * and bundle the unused `-without-$id` copies. A unit test keeps this list equal to what the package ships.
 */
const SCHEMA_LOADERS: Record<string, () => unknown> = {
  '2.0.0': () => require('@asyncapi/specs/schemas/2.0.0.json'),
  '2.1.0': () => require('@asyncapi/specs/schemas/2.1.0.json'),
  '2.2.0': () => require('@asyncapi/specs/schemas/2.2.0.json'),
  '2.3.0': () => require('@asyncapi/specs/schemas/2.3.0.json'),
  '2.4.0': () => require('@asyncapi/specs/schemas/2.4.0.json'),
  '2.5.0': () => require('@asyncapi/specs/schemas/2.5.0.json'),
  '2.6.0': () => require('@asyncapi/specs/schemas/2.6.0.json'),
  '3.0.0': () => require('@asyncapi/specs/schemas/3.0.0.json'),
  '3.1.0': () => require('@asyncapi/specs/schemas/3.1.0.json'),
};

export const SUPPORTED_VERSIONS: readonly string[] = Object.keys(SCHEMA_LOADERS);

export function isSupportedVersion(version: unknown): version is string {
  return typeof version === 'string' && SUPPORTED_VERSIONS.includes(version);
}

/**
 * Same options as the parser's schema rule (Spectral): draft-07, no strict mode (the spec schemas use keywords
 * strict mode rejects), union types; verbose so errors carry their schema (narrowing and messages read it).
 */
export const SPEC_AJV_OPTIONS: Options = { allErrors: true, strict: false, allowUnionTypes: true, unicodeRegExp: false, verbose: true, messages: true };

/** Formats from ajv-formats (added by the caller, which knows how they are loaded) and the linear uniqueItems. */
export function configureSpecAjv(ajv: Ajv): void {
  // ajv's own is pairwise for untyped items: see uniqueItems.ts.
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword(linearUniqueItems);
}

/**
 * The schema a (version, mode) is compiled from: 2.x has no resolved-mode adjustments, so its resolved
 * validator is the raw one (one compiled module per 2.x version instead of two identical ones).
 */
export function compiledMode(version: string, mode: SchemaMode): SchemaMode {
  return version.startsWith('2.') ? 'raw' : mode;
}

/** The file of a version's compiled module in the schema folder (generated/schemas, dist/schemas): both modes. */
export function moduleFile(version: string): string {
  return `asyncapi-${version}.js`;
}

const prepared = new Map<string, SchemaNode>();
const idMaps = new Map<string, Map<string, SchemaNode>>();

/** A private copy of the version's schema, adjusted exactly as @asyncapi/parser adjusts it. */
export function schemaFor(version: string, mode: SchemaMode = 'raw'): SchemaNode | undefined {
  if (!isSupportedVersion(version)) return undefined;
  const key = `${version}/${mode}`;
  let copy = prepared.get(key);
  if (copy) return copy;
  if (mode === 'resolved' && version.startsWith('3.')) {
    copy = resolvedCopy(version);
    prepared.set(key, copy);
    return copy;
  }
  // Every (version, mode) copy gets its ids in a namespace of its own, so all of them can live in one ajv
  // instance with each definition registered on its own: 3.1.0 reuses 56 of 3.0.0's definitions by id, and
  // the copies are adjusted differently below (per version, and per mode).
  const base = `http://asyncapi.com/${version}/${mode}/`;
  const text = JSON.stringify(SCHEMA_LOADERS[version]()).replace(/"http:\/\/asyncapi\.com\//g, `"${base}`);
  copy = JSON.parse(text) as SchemaNode;
  const defs = copy.definitions as Record<string, SchemaNode>;
  // ajv ships the draft-07 meta-schema already; a second copy with the same id would be refused.
  delete defs['http://json-schema.org/draft-07/schema'];
  delete defs['http://json-schema.org/draft-04/schema'];
  // The parser drops `format: uri-reference` from Reference objects: JSON pointers may contain `[`, `]`.
  const refObj = defs[`${base}definitions/${version}/ReferenceObject.json`];
  if (refObj?.format === 'uri-reference') delete refObj.format;
  addWsChannelBinding(defs, version, base);
  if (version.startsWith('2.')) addMqttBindings(copy, version, base);
  prepared.set(key, copy);
  return copy;
}

/** The definitions 3.x's resolved mode changes (allowResolvedObjects). */
const RESOLVED_CHANGES = ['channel.json', 'operation.json', 'operationReply.json'];

/**
 * 3.x's resolved-mode schema, sharing the raw copy's definitions: only the ones allowResolvedObjects changes, and
 * every one that reaches them through `$ref`s (the root, components, channels, …), get ids of their own; the rest
 * are the raw copy's, so both modes compile into one module with one function per shared definition (the
 * resolved copy's `definitions` hold only its own).
 */
function resolvedCopy(version: string): SchemaNode {
  const raw = schemaFor(version, 'raw')!;
  const rawDefs = raw.definitions as Record<string, SchemaNode>;
  const dir = `http://asyncapi.com/${version}/raw/definitions/${version}/`;
  const own = new Set([String(raw.$id), ...RESOLVED_CHANGES.map((n) => dir + n)]);
  const texts = Object.entries(rawDefs).map(([id, def]) => [id, JSON.stringify(def)] as const);
  for (let grew = true; grew;) {
    grew = false;
    for (const [id, text] of texts) {
      if (own.has(id) || ![...own].some((o) => text.includes(`"${o}"`) || text.includes(`"${o}#`))) continue;
      own.add(id);
      grew = true;
    }
  }
  const renamed = (id: string) => id.replace(`http://asyncapi.com/${version}/raw/`, `http://asyncapi.com/${version}/resolved/`);
  let text = JSON.stringify({ ...raw, definitions: Object.fromEntries(texts.filter(([id]) => own.has(id)).map(([id]) => [id, rawDefs[id]])) });
  for (const id of own) text = text.split(`"${id}`).join(`"${renamed(id)}`);
  const copy = JSON.parse(text) as SchemaNode;
  allowResolvedObjects(copy.definitions as Record<string, SchemaNode>, (name) => (own.has(dir + name) ? renamed(dir + name) : dir + name));
  return copy;
}

/** Fields 3.x requires to be `$ref`s hold the target object once dereferenced (mirrors the parser). */
function allowResolvedObjects(defs: Record<string, SchemaNode>, idOf: (name: string) => string): void {
  const props = (name: string) => (defs[idOf(name)]?.properties ?? {}) as Record<string, SchemaNode>;
  const channel = props('channel.json');
  if (channel.servers?.items) (channel.servers.items as SchemaNode).$ref = idOf('server.json');
  for (const name of ['operation.json', 'operationReply.json']) {
    const p = props(name);
    if (p.channel) p.channel.$ref = idOf('channel.json');
    if (p.messages?.items) (p.messages.items as SchemaNode).$ref = idOf('messageObject.json');
  }
}

/**
 * The order ajv meets the root's properties in, and `components`' (the schema's `properties` order): the
 * resolved-document check cuts its document in that order (resolvedDocument.ts chunksOf). Read at build time
 * and kept in the compiled module, as loading the schema itself for them cost a CLI run over the corpus ~28 ms.
 * Both modes have the same orders (test/unit/resolvedDocument.test.ts).
 */
export interface ChunkOrder {
  root: string[];
  components: string[];
}

export function chunkOrder(version: string): ChunkOrder {
  const root = schemaFor(version, 'raw');
  const ref = ((root?.properties as SchemaNode | undefined)?.components as SchemaNode | undefined)?.$ref;
  const components = typeof ref === 'string' ? ((root?.definitions as SchemaNode | undefined)?.[ref] as SchemaNode | undefined) : undefined;
  return { root: Object.keys((root?.properties ?? {}) as SchemaNode), components: Object.keys((components?.properties ?? {}) as SchemaNode) };
}

/** Keywords whose values are data, not schemas: nothing below them is walked. */
const DATA_KEYWORDS = new Set(['examples', 'enum', 'const', 'default']);

/** Every schema node with an `$id` in a version's schema, by id (for following `$ref`s by hand). */
export function idMap(version: string): Map<string, SchemaNode> {
  let m = idMaps.get(version);
  if (m) return m;
  m = new Map();
  const root = schemaFor(version);
  const found = m;
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const o = n as SchemaNode;
    if (typeof o.$id === 'string') found.set(o.$id.replace(/#$/, ''), o);
    for (const [k, x] of Object.entries(o)) if (!DATA_KEYWORDS.has(k)) visit(x);
  };
  visit(root);
  idMaps.set(version, m);
  return m;
}

/** A oneOf/anyOf array of a schema: where it is (its `$id` resource and JSON pointer inside it). */
export interface BranchSite {
  branches: unknown[];
  id: string;
  pointer: string;
}

/**
 * Every oneOf/anyOf array in a schema (and in the draft-07 meta-schema it refers to), each once. Narrowing a
 * failed composite re-validates the data against each branch, so each branch gets a validator of its own.
 */
export function branchSites(roots: { schema: unknown; id: string }[]): BranchSite[] {
  const out: BranchSite[] = [];
  const seen = new Set<object>();
  const visit = (n: unknown, id: string, pointer: string): void => {
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    const o = n as SchemaNode;
    if (!Array.isArray(n) && typeof o.$id === 'string' && /^https?:/.test(o.$id)) {
      id = o.$id.replace(/#$/, '');
      pointer = '';
    }
    for (const [k, x] of Object.entries(o)) {
      if (DATA_KEYWORDS.has(k)) continue;
      const at = `${pointer}/${escapePointer(k)}`;
      if ((k === 'oneOf' || k === 'anyOf') && Array.isArray(x)) out.push({ branches: x, id, pointer: at });
      visit(x, id, at);
    }
  };
  for (const r of roots) visit(r.schema, r.id, '');
  return out;
}

/**
 * An absolute `$ref` to branch `index` of a site. A branch that is itself a relative `$ref` (the meta-schema's
 * `{$ref: '#'}`) is referenced by its target: ajv would resolve its `#` against the wrapper, which loops.
 */
export function branchRef(site: BranchSite, index: number): string {
  const node = site.branches[index] as SchemaNode;
  if (node && typeof node.$ref === 'string' && node.$ref.startsWith('#') && Object.keys(node).length === 1) return site.id + node.$ref;
  return `${site.id}#${site.pointer}/${index}`;
}

/**
 * What identifies a oneOf/anyOf array across the build and the run: its content. The compiled module's error
 * objects carry their own copy of the array (ajv's `schema`), so identity cannot serve. FNV-1a, 52 bits.
 */
export function branchKey(branches: unknown[]): string {
  const text = JSON.stringify(branches);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `${h1.toString(36)}.${(h2 & 0xfffff).toString(36)}.${text.length.toString(36)}`;
}

/**
 * A map whose entries the official schema validates each against one sub-schema, on its own (issue 17.6): every
 * `channels.*`, `operations.*`, `components.<kind>.*`. `path` is where the map is in the document (plain objects
 * all the way, as the schema's `properties` reach it), `pattern` which of its keys are entries (absent: all),
 * `ref` the entry sub-schema as an absolute `$ref`.
 */
export interface EntrySite {
  path: string[];
  pattern?: string;
  ref: string;
}

/** Per-entry validation of a version: its entry sites and the root schema with those entries left unchecked. */
export interface EntryPlan {
  sites: EntrySite[];
  /** The root with each site's entry sub-schema replaced by `true` (its own `$id`; definitions by reference). */
  stubRoot: SchemaNode;
}

/** Keywords a schema on the way from the root to an entry may have: none of them looks inside an entry. */
const PLAIN_KEYWORDS = new Set([
  '$id',
  '$schema',
  '$comment',
  'title',
  'description',
  'examples',
  'type',
  'required',
  'additionalProperties',
  'patternProperties',
  'properties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'definitions',
]);

const ENTRY_ID = 'entries.json';

/**
 * Where a version's raw schema can be validated entry by entry. A site is taken only where whole-document
 * validation provably meets each entry through that one sub-schema: every schema from the root to the map has
 * only the keywords above (no composite, `if` or `dependencies` whose data would hold the entries), the
 * property is not also matched by a `patternProperties`, and the map has either `additionalProperties: <schema>`
 * alone or one `patternProperties` pattern (and no `properties`). So the errors are the same, error for error.
 */
export function entryPlan(version: string): EntryPlan | undefined {
  if (!isSupportedVersion(version)) return undefined;
  const root = schemaFor(version, 'raw')!;
  const ids = idMap(version);
  const plain = (n: SchemaNode) => Object.keys(n).every((k) => PLAIN_KEYWORDS.has(k)) && n.type === 'object';
  /** A property's schema, through a lone absolute `$ref`: the node and its resource (id) + pointer. */
  const child = (n: SchemaNode, at: { id: string; pointer: string }, name: string) => {
    const props = (n.properties ?? {}) as Record<string, SchemaNode>;
    if (!Object.prototype.hasOwnProperty.call(props, name) || typeof props[name] !== 'object') return undefined;
    if (Object.keys((n.patternProperties as object) ?? {}).some((p) => new RegExp(p).test(name))) return undefined;
    let node = props[name];
    let where = { id: at.id, pointer: `${at.pointer}/properties/${escapePointer(name)}` };
    if (typeof node.$ref === 'string') {
      if (Object.keys(node).some((k) => k !== '$ref' && k !== 'description')) return undefined;
      const target = ids.get(node.$ref);
      if (!target || node.$ref.includes('#')) return undefined;
      node = target;
      where = { id: String(target.$id).replace(/#$/, ''), pointer: '' };
    }
    return { node, where };
  };
  const siteOf = (n: SchemaNode, at: { id: string; pointer: string }, path: string[]): EntrySite | undefined => {
    if (!plain(n) || Object.keys((n.properties as object) ?? {}).length) return undefined;
    if (hasRelativeRef({ ...n, definitions: undefined })) return undefined;
    const patterns = Object.entries((n.patternProperties ?? {}) as Record<string, unknown>);
    const extra = n.additionalProperties;
    if (!patterns.length && extra && typeof extra === 'object') return { path, ref: `${at.id}#${at.pointer}/additionalProperties` };
    if (patterns.length === 1 && patterns[0][1] && typeof patterns[0][1] === 'object' && (extra === undefined || typeof extra === 'boolean'))
      return { path, pattern: patterns[0][0], ref: `${at.id}#${at.pointer}/patternProperties/${escapePointer(patterns[0][0])}` };
    return undefined;
  };
  const rootAt = { id: String(root.$id).replace(/#$/, ''), pointer: '' };
  if (!plain(root)) return undefined;
  const sites: EntrySite[] = [];
  const nodes = new Map<string, SchemaNode[]>();
  for (const name of Object.keys(root.properties as object)) {
    const c = child(root, rootAt, name);
    if (!c) continue;
    const site = siteOf(c.node, c.where, [name]);
    if (site) {
      sites.push(site);
      nodes.set(site.path.join('/'), [c.node]);
      continue;
    }
    if (!plain(c.node)) continue;
    for (const kind of Object.keys((c.node.properties as object) ?? {})) {
      const k = child(c.node, c.where, kind);
      const inner = k && siteOf(k.node, k.where, [name, kind]);
      if (!inner) continue;
      sites.push(inner);
      nodes.set(inner.path.join('/'), [c.node, k.node]);
    }
  }
  // The stub: copies of the schemas on the way to each map (without their `$id`, so the originals stay the
  // only resources of those ids), each map's entry sub-schema `true`.
  const copies = new Map<SchemaNode, SchemaNode>();
  const copyOf = (n: SchemaNode): SchemaNode => {
    let c = copies.get(n);
    if (!c) {
      c = { ...n };
      if (n.properties) c.properties = { ...(n.properties as object) };
      if (n !== root) delete c.$id;
      copies.set(n, c);
    }
    return c;
  };
  const stubRoot = copyOf(root);
  delete stubRoot.definitions;
  stubRoot.$id = rootAt.id.replace(/[^/]*$/, ENTRY_ID);
  for (const site of sites) {
    let parent = stubRoot;
    for (const [i, node] of nodes.get(site.path.join('/'))!.entries()) {
      const c = copyOf(node);
      (parent.properties as Record<string, SchemaNode>)[site.path[i]] = c;
      parent = c;
    }
    if (site.pattern === undefined) parent.additionalProperties = true;
    else parent.patternProperties = { [site.pattern]: true };
  }
  // The copies' own `$ref`s would now resolve against the stub: a schema that has such refs must fail the build.
  if (hasRelativeRef({ ...stubRoot, definitions: undefined })) throw new Error(`${version}: a relative $ref on the way to an entry map`);
  return { sites, stubRoot };
}

/** A `$ref` resolved against its own resource (`#…`) would resolve against the stub root in a copy. */
function hasRelativeRef(n: unknown): boolean {
  if (!n || typeof n !== 'object') return false;
  if (Array.isArray(n)) return n.some(hasRelativeRef);
  return Object.entries(n).some(([k, x]) => (k === '$ref' ? typeof x === 'string' && x.startsWith('#') : !DATA_KEYWORDS.has(k) && hasRelativeRef(x)));
}

/** A pointer segment as it stands in a `$ref`'s URI fragment. */
function escapePointer(s: string): string {
  return encodeURIComponent(escapePointerSegment(s));
}
