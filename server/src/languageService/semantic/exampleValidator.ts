/**
 * ajv validators for message payload/header schemas, configured as the parser's Spectral schema function is
 * (draft-07, strict off, union types, ajv-formats). Compiled validators are cached by schema identity (one pass
 * shares dereferenced payloads) and by the schema's content, so
 * an edit elsewhere in the document does not recompile them; the ajv instance is replaced when the cache grows
 * past a bound, because ajv keeps every schema it compiled.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

const MAX_CACHED = 400;

const OPTIONS = { allErrors: true, strict: false, allowUnionTypes: true, unicodeRegExp: false, validateSchema: false, logger: false } as const;
let ajv: { draft7: Ajv; draft2020: Ajv } | undefined;
const cache = new Map<string, ValidateFunction | null>();
const byIdentity = new WeakMap<object, ValidateFunction | null>();

function instance(key: string): Ajv {
  if (!ajv || cache.size > MAX_CACHED) {
    cache.clear();
    ajv = { draft7: new Ajv(OPTIONS), draft2020: new Ajv2020(OPTIONS) };
    addFormats(ajv.draft7);
    addFormats(ajv.draft2020);
  }
  // Draft-07 is what AsyncAPI schemas are; a schema written with 2020-12 keywords (prefixItems, e.g. from
  // zod-to-json-schema) means 2020-12, and reading it as draft-07 would reject every valid tuple.
  return /"prefixItems"|"\$schema":"[^"]*(2020-12|2019-09)/.test(key) ? ajv.draft2020 : ajv.draft7;
}

/** The compiled validator for a (dereferenced, acyclic) schema; undefined when ajv cannot compile it. */
export function validatorFor(schema: unknown): ValidateFunction | undefined {
  if (typeof schema === 'boolean') schema = schema ? {} : { not: {} };
  if (!schema || typeof schema !== 'object') return undefined;
  // Same object (a payload shared by many messages in one pass): no need to serialize it again.
  const known = byIdentity.get(schema);
  if (known !== undefined && ajv && cache.size <= MAX_CACHED) return known ?? undefined;
  let key: string;
  try {
    key = JSON.stringify(schema);
  } catch {
    return undefined;
  }
  const a = instance(key);
  let v = cache.get(key);
  if (v === undefined) {
    try {
      v = a.compile(stripIds(schema as Record<string, unknown>));
    } catch {
      v = null;
    }
    cache.set(key, v);
  }
  byIdentity.set(schema, v);
  return v ?? undefined;
}

export function validate(schema: unknown, value: unknown): ErrorObject[] {
  const v = validatorFor(schema);
  if (!v || v(value)) return [];
  return v.errors ?? [];
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
