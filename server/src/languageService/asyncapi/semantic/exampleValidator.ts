/**
 * ajv validators for message payload/header schemas, configured as the parser's Spectral schema function is
 * (draft-07, strict off, union types, ajv-formats).
 *
 * Memory and time both matter here: a large spec has hundreds of distinct payload schemas, and a compiled ajv
 * validator costs tens of KB of code plus its source string. So results, not validators, are what is kept
 * across passes: keyed by a digest of (schema, value), an unchanged example costs one JSON.stringify on the
 * next pass and no compile. Validators are compiled once per pass per distinct schema (by identity, then by
 * digest) and kept only for a few recent schemas. ajv itself holds every schema an instance compiled (its
 * value scope), so the instances are replaced after as many compiles as validators are kept.
 */
import { createHash } from 'node:crypto';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

const MAX_VALIDATORS = 64;
const MAX_RESULTS = 20000;

// verbose: a failed oneOf/anyOf carries its branches and data, so the error can be narrowed to the best branch.
// optimize off: a validator here checks a handful of examples and is compiled at run time, often on open; ajv's
// code optimization passes cost more than they save then (figures: docs/performance.md, "Opening a file").
const OPTIONS = {
  allErrors: true,
  strict: false,
  allowUnionTypes: true,
  unicodeRegExp: false,
  validateSchema: false,
  logger: false,
  verbose: true,
  code: { optimize: false },
} as const;
type Draft = 'draft7' | 'draft2020';
/** One ajv instance per draft, created when a schema of that draft first needs it (2020-12 ones are rare). */
const instances: Partial<Record<Draft, { ajv: Ajv; compiles: number }>> = {};
const created: Record<Draft, number> = { draft7: 0, draft2020: 0 };
/** digest of the schema → compiled validator (null: ajv could not compile it); insertion order = age. */
const validators = new Map<string, ValidateFunction | null>();
/** Per schema object (one pass shares dereferenced payloads): its digest, so it is serialized once. */
const digests = new WeakMap<object, { digest: string; draft2020: boolean; schema: object } | null>();
/** digest of (schema, value) → errors; insertion order = age. */
const results = new Map<string, ErrorObject[]>();
let compiles = 0;

/** How many schemas ajv has compiled so far (tests: an unchanged example must not compile again). */
export function compileCount(): number {
  return compiles;
}

/** How many ajv instances of a draft were created so far (tests: no 2020-12 instance for draft-07 schemas). */
export function instancesCreated(draft: Draft): number {
  return created[draft];
}

/** The draft's instance for one more compile: replaced once it holds MAX_VALIDATORS schemas. */
function instance(draft: Draft): Ajv {
  let i = instances[draft];
  if (!i || i.compiles >= MAX_VALIDATORS) {
    const ajv = draft === 'draft2020' ? new Ajv2020(OPTIONS) : new Ajv(OPTIONS);
    addFormats(ajv);
    created[draft]++;
    i = instances[draft] = { ajv, compiles: 0 };
  }
  i.compiles++;
  return i.ajv;
}

function digestOf(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** Keywords that say what a schema means to people, not what it accepts (ajv ignores unknown `x-` ones too). */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'example', '$comment', 'deprecated', 'readOnly', 'writeOnly', 'externalDocs']);
/** Keywords whose value is a map of names to subschemas, and those whose value is a subschema or a list of them. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies', 'dependentSchemas']);
const SCHEMA_VALUED = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'allOf',
  'anyOf',
  'oneOf',
  'prefixItems',
  'unevaluatedItems',
  'unevaluatedProperties',
]);

/**
 * The schema without its annotations, so that editing a description of a schema that many payloads embed
 * (a shared component) neither recompiles their validators nor re-checks their examples. Values of `enum`,
 * `const`, `default` and the like are data and stay as they are; property names stay too.
 */
function withoutAnnotations(schema: unknown, depth = 0): unknown {
  if (Array.isArray(schema)) return schema.map((s) => withoutAnnotations(s, depth + 1));
  if (!schema || typeof schema !== 'object' || depth > 200) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (ANNOTATIONS.has(k) || k.startsWith('x-')) continue;
    if (SCHEMA_MAPS.has(k) && v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, Array.isArray(sub) ? sub : withoutAnnotations(sub, depth + 1)]));
    } else out[k] = SCHEMA_VALUED.has(k) ? withoutAnnotations(v, depth + 1) : v;
  }
  return out;
}

function keyOf(schema: object): { digest: string; draft2020: boolean; schema: object } | null {
  let k = digests.get(schema);
  if (k !== undefined) return k;
  try {
    const bare = withoutAnnotations(schema) as object;
    const json = JSON.stringify(bare);
    // Draft-07 is what AsyncAPI schemas are; a schema written with 2020-12 keywords (prefixItems, e.g. from
    // zod-to-json-schema) means 2020-12, and reading it as draft-07 would reject every valid tuple.
    // The schema as given, not `bare`: the bare copy is needed only to compile, which is rare, and kept here it
    // would live as long as the schema (message payloads are kept across versions: messageExamples.ts).
    k = { digest: digestOf(json), draft2020: /"prefixItems"|"\$schema":"[^"]*(2020-12|2019-09)/.test(json), schema };
  } catch {
    k = null; // cyclic or not serializable: not checked
  }
  digests.set(schema, k);
  return k;
}

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): V {
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as string);
  return value;
}

/** The compiled validator for a (dereferenced, acyclic) schema; undefined when ajv cannot compile it. */
function compiled(key: { digest: string; draft2020: boolean; schema: object }): ValidateFunction | undefined {
  let v = validators.get(key.digest);
  if (v === undefined) {
    const a = instance(key.draft2020 ? 'draft2020' : 'draft7');
    const input = stripIds(withoutAnnotations(key.schema) as Record<string, unknown>);
    compiles++;
    try {
      v = a.compile(input);
    } catch {
      v = null;
    }
    remember(validators, key.digest, v, MAX_VALIDATORS);
  }
  return v ?? undefined;
}

export function validate(schema: unknown, value: unknown): ErrorObject[] {
  if (typeof schema === 'boolean') schema = schema ? {} : { not: {} };
  if (!schema || typeof schema !== 'object') return [];
  const key = keyOf(schema);
  if (!key) return [];
  let valueJson: string | undefined;
  try {
    valueJson = JSON.stringify(value);
  } catch {
    valueJson = undefined;
  }
  const resultKey = valueJson === undefined ? undefined : key.digest + digestOf(valueJson);
  const known = resultKey === undefined ? undefined : results.get(resultKey);
  if (known) return known;
  const v = compiled(key);
  const errors = !v || v(value) ? [] : (v.errors ?? []);
  return resultKey === undefined ? errors : remember(results, resultKey, errors, MAX_RESULTS);
}

/** One oneOf/anyOf branch of an example's schema (narrowErrors' BranchCheck); undefined when it cannot compile alone. */
export function exampleBranch(branches: unknown[], index: number, data: unknown): ErrorObject[] | undefined {
  let schema = branches[index];
  if (typeof schema === 'boolean') schema = schema ? {} : { not: {} };
  const key = schema && typeof schema === 'object' ? keyOf(schema) : null;
  const v = key ? compiled(key) : undefined;
  if (!v) return undefined;
  return v(data) ? [] : [...(v.errors ?? [])];
}

/**
 * Copies the schema without `$id`/`$schema` at the top: two payloads may share an id, and ajv refuses a second
 * schema with the same id; references are already inlined, so ids carry no meaning here.
 */
function stripIds(schema: Record<string, unknown>): Record<string, unknown> {
  if (!('$id' in schema) && !('$schema' in schema) && !('id' in schema && typeof schema.id === 'string')) return schema;
  const { $id: _a, $schema: _b, ...rest } = schema;
  if (typeof rest.id === 'string') delete rest.id;
  return rest;
}
