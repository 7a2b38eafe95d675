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

const OPTIONS = { allErrors: true, strict: false, allowUnionTypes: true, unicodeRegExp: false, validateSchema: false, logger: false } as const;
let ajv: { draft7: Ajv; draft2020: Ajv } | undefined;
/** digest of the schema → compiled validator (null: ajv could not compile it); insertion order = age. */
const validators = new Map<string, ValidateFunction | null>();
/** Per schema object (one pass shares dereferenced payloads): its digest, so it is serialized once. */
const digests = new WeakMap<object, { digest: string; draft2020: boolean } | null>();
/** digest of (schema, value) → errors; insertion order = age. */
const results = new Map<string, ErrorObject[]>();
let compiles = 0;

/** How many schemas ajv has compiled so far (tests: an unchanged example must not compile again). */
export function compileCount(): number {
  return compiles;
}

let compilesOnInstance = 0;

function instances(): { draft7: Ajv; draft2020: Ajv } {
  if (!ajv || compilesOnInstance >= MAX_VALIDATORS) {
    compilesOnInstance = 0;
    ajv = { draft7: new Ajv(OPTIONS), draft2020: new Ajv2020(OPTIONS) };
    addFormats(ajv.draft7);
    addFormats(ajv.draft2020);
  }
  return ajv;
}

function digestOf(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

function keyOf(schema: object): { digest: string; draft2020: boolean } | null {
  let k = digests.get(schema);
  if (k !== undefined) return k;
  try {
    const json = JSON.stringify(schema);
    // Draft-07 is what AsyncAPI schemas are; a schema written with 2020-12 keywords (prefixItems, e.g. from
    // zod-to-json-schema) means 2020-12, and reading it as draft-07 would reject every valid tuple.
    k = { digest: digestOf(json), draft2020: /"prefixItems"|"\$schema":"[^"]*(2020-12|2019-09)/.test(json) };
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
function compiled(schema: object, key: { digest: string; draft2020: boolean }): ValidateFunction | undefined {
  let v = validators.get(key.digest);
  if (v === undefined) {
    const i = instances();
    const a = key.draft2020 ? i.draft2020 : i.draft7;
    const input = stripIds(schema as Record<string, unknown>);
    compiles++;
    compilesOnInstance++;
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
  const v = compiled(schema, key);
  const errors = !v || v(value) ? [] : (v.errors ?? []);
  return resultKey === undefined ? errors : remember(results, resultKey, errors, MAX_RESULTS);
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
