/**
 * The official AsyncAPI JSON Schemas (@asyncapi/specs) and their compiled ajv validators.
 * One ajv instance; each (version, mode) is compiled on first use and reused for every later keystroke.
 *
 * Two modes, as @asyncapi/parser has them: `raw` validates the document as written (with `$ref`s), `resolved`
 * validates a dereferenced document (3.x fields that must be references also accept the object itself).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { linearUniqueItems } from './uniqueItems';
import { addMqttBindings } from './mqttBindings2x';

export type SchemaNode = Record<string, unknown>;
export type SchemaMode = 'raw' | 'resolved';

/**
 * The official schema of each AsyncAPI version the installed @asyncapi/specs ships (2.0.0 and later; 1.x is not
 * AsyncAPI 2/3), loaded on first use: requiring the package's index would parse all 18 schema files at start-up
 * (a third of the server's start time) and bundle the unused `-without-$id` copies. A unit test keeps this list
 * equal to what the package ships.
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

// Same options as the parser's schema rule (Spectral): draft-07, no strict mode (the spec schemas use
// keywords strict mode rejects), union types, formats from ajv-formats; verbose so errors carry their schema.
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, unicodeRegExp: false, verbose: true, messages: true });
addFormats(ajv);
// ajv's own is pairwise for untyped items: see uniqueItems.ts.
ajv.removeKeyword('uniqueItems');
ajv.addKeyword(linearUniqueItems);

const prepared = new Map<string, SchemaNode>();
const validators = new Map<string, ValidateFunction>();
const idMaps = new Map<string, Map<string, SchemaNode>>();

/**
 * A private copy of the version's schema, adjusted exactly as @asyncapi/parser adjusts it, plus (2.x) the mqtt
 * binding schemas the 3.x schemas embed already (mqttBindings2x.ts).
 */
export function schemaFor(version: string, mode: SchemaMode = 'raw'): SchemaNode | undefined {
  if (!isSupportedVersion(version)) return undefined;
  const key = `${version}/${mode}`;
  let copy = prepared.get(key);
  if (copy) return copy;
  // Every (version, mode) copy gets its ids in a namespace of its own, so all of them live in one ajv instance
  // with each definition registered on its own (registerDefinitions): 3.1.0 reuses 56 of 3.0.0's definitions by
  // id, and the copies are adjusted differently below (per version, and per mode).
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
  if (mode === 'resolved' && version.startsWith('3.')) allowResolvedObjects(defs, `${base}definitions/${version}/`);
  if (version.startsWith('2.')) addMqttBindings(copy, version, base);
  prepared.set(key, copy);
  return copy;
}

/** Fields 3.x requires to be `$ref`s hold the target object once dereferenced (mirrors the parser). */
function allowResolvedObjects(defs: Record<string, SchemaNode>, base: string): void {
  const props = (name: string) => (defs[base + name]?.properties ?? {}) as Record<string, SchemaNode>;
  const channel = props('channel.json');
  if (channel.servers?.items) (channel.servers.items as SchemaNode).$ref = base + 'server.json';
  for (const name of ['operation.json', 'operationReply.json']) {
    const p = props(name);
    if (p.channel) p.channel.$ref = base + 'channel.json';
    if (p.messages?.items) (p.messages.items as SchemaNode).$ref = base + 'messageObject.json';
  }
}

/** Definition ids already added to ajv. */
const registered = new Set<string>();

/**
 * Each definition becomes a schema of its own in ajv before the root is compiled. Nested in the root, a
 * definition is compiled into the root's private table; narrowing oneOf errors then compiles a branch
 * (`{$ref: …/messageObject.json}`) again from scratch, 1–10 ms each on first use. Registered, a definition is
 * compiled once, by the root, and every branch validator reuses it.
 */
function registerDefinitions(schema: SchemaNode): void {
  for (const def of Object.values((schema.definitions ?? {}) as Record<string, SchemaNode>)) {
    if (typeof def.$id === 'string' && !registered.has(def.$id)) {
      ajv.addSchema(def, undefined, undefined, false);
      registered.add(def.$id);
    }
  }
}

/** Which `version/mode` validators are compiled so far (tests: warming up compiles ahead of the slow pass). */
export function compiledValidators(): string[] {
  return [...validators.keys()];
}

/** The compiled validator of a version (compiled once, lazily). */
export function validatorFor(version: string, mode: SchemaMode = 'raw'): ValidateFunction | undefined {
  const key = `${version}/${mode}`;
  let v = validators.get(key);
  if (v) return v;
  const schema = schemaFor(version, mode);
  if (!schema) return undefined;
  registerDefinitions(schema);
  v = ajv.compile(schema);
  validators.set(key, v);
  return v;
}

/**
 * Validates a plain value against a version's schema with the shared compiled validator. Semantic checks call
 * this with a dereferenced document (`mode: 'resolved'`). Returns ajv's raw errors (empty when valid).
 */
export function validateValue(version: string, value: unknown, mode: SchemaMode = 'raw'): ErrorObject[] {
  const v = validatorFor(version, mode);
  if (!v) return [];
  return v(value) ? [] : [...(v.errors ?? [])];
}

const branchValidators = new WeakMap<object, ValidateFunction | null>();
const located = new WeakMap<object, ValidateFunction | null>();
const DRAFT07 = 'http://json-schema.org/draft-07/schema';

/**
 * A validator for branch `index` of a oneOf/anyOf array. Branches with relative `$ref`s (the meta-schema's and
 * Avro's `#/definitions/…`) cannot be compiled alone: they are compiled by absolute pointer into the `$id`
 * resource that contains the array, found once by identity and cached.
 */
export function branchValidator(branches: unknown[], index: number): ValidateFunction | undefined {
  const direct = subValidator(branches[index]);
  if (direct) return direct;
  const node = branches[index];
  if (!node || typeof node !== 'object') return undefined;
  let v = located.get(node);
  if (v === undefined) {
    v = null;
    const where = locate(branches);
    if (where) {
      try {
        v = ajv.compile({ $ref: refInto(where, node as SchemaNode, `/${index}`) });
      } catch {
        v = null;
      }
    }
    located.set(node, v);
  }
  return v ?? undefined;
}

/**
 * An absolute `$ref` to `node` inside its resource. A node that is itself a relative `$ref` (the meta-schema's
 * `{$ref: '#'}`) is referenced by its target: ajv would resolve its `#` against the wrapper, which loops.
 */
function refInto(where: { id: string; pointer: string }, node: SchemaNode, suffix: string): string {
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#') && Object.keys(node).length === 1) return where.id + node.$ref;
  const pointer = where.pointer + suffix;
  return pointer ? `${where.id}#${pointer}` : where.id;
}

const locations = new WeakMap<object, { id: string; pointer: string } | null>();

/** The enclosing `$id` resource of a schema node and its JSON pointer inside it. */
function locate(target: object): { id: string; pointer: string } | undefined {
  const cached = locations.get(target);
  if (cached !== undefined) return cached ?? undefined;
  let found: { id: string; pointer: string } | undefined;
  const seen = new Set<object>();
  const visit = (n: unknown, id: string, pointer: string): void => {
    if (found || !n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    const o = n as Record<string, unknown>;
    if (!Array.isArray(n) && typeof o.$id === 'string' && /^https?:/.test(o.$id)) {
      id = o.$id.replace(/#$/, '');
      pointer = '';
    }
    if (n === target) {
      found = { id, pointer };
      return;
    }
    for (const [k, x] of Object.entries(o)) {
      if (k === 'examples' || k === 'enum' || k === 'const' || k === 'default') continue;
      visit(x, id, `${pointer}/${encodeURIComponent(k.replace(/~/g, '~0').replace(/\//g, '~1'))}`);
    }
  };
  visit(ajv.getSchema(DRAFT07)?.schema, DRAFT07, '');
  for (const root of prepared.values()) visit(root, String(root.$id ?? ''), '');
  locations.set(target, found ?? null);
  return found;
}

/**
 * A validator for one self-contained sub-schema (a oneOf/anyOf branch), compiled once per node. Undefined when
 * the node cannot be compiled on its own (a relative `$ref` needs its enclosing resource).
 */
export function subValidator(node: unknown): ValidateFunction | undefined {
  if (!node || typeof node !== 'object') return undefined;
  let v = branchValidators.get(node);
  if (v === undefined) {
    // A relative `$ref` ("#", "#/definitions/…") would resolve against the node itself once compiled alone:
    // `{$ref: '#'}` would call itself forever. Such nodes are compiled by pointer instead (branchValidator).
    const relative = JSON.stringify(node).includes('"$ref":"#');
    try {
      v = relative ? null : ajv.compile(node as SchemaNode);
    } catch {
      v = null;
    }
    branchValidators.set(node, v);
  }
  return v ?? undefined;
}

/** Every schema node with an `$id` in a version's schema, by id (for following `$ref`s by hand). */
export function idMap(version: string): Map<string, SchemaNode> {
  let m = idMaps.get(version);
  if (m) return m;
  const root = schemaFor(version);
  m = root ? collectIds(root) : new Map();
  idMaps.set(version, m);
  return m;
}

const idsByRoot = new WeakMap<SchemaNode, Map<string, SchemaNode>>();

function collectIds(root: SchemaNode): Map<string, SchemaNode> {
  const m = idsByRoot.get(root);
  if (m) return m;
  const found = new Map<string, SchemaNode>();
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const o = n as SchemaNode;
    if (typeof o.$id === 'string') found.set(o.$id.replace(/#$/, ''), o);
    for (const [k, x] of Object.entries(o)) if (k !== 'examples' && k !== 'enum' && k !== 'const' && k !== 'default') visit(x);
  };
  visit(root);
  idsByRoot.set(root, found);
  return found;
}
