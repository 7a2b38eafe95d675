/**
 * A JSON Schema inferred from payloads seen in the Try it log, for "Add message to spec" (issue 18.4): types,
 * the keys every sample has as `required`, and an `enum` where a string field took a small set of values that
 * repeat across rows. It is a starting point the user edits, so it says no more than the samples show.
 */
type Schema = Record<string, unknown>;

/** At most this many distinct strings make an enum; more reads as free text. */
export const MAX_ENUM_VALUES = 5;

type Kind = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean' || typeof value === 'string' || typeof value === 'object') return typeof value as Kind;
  return 'null'; // undefined never comes out of JSON.parse
}

/** The schema every sample validates against (an empty list gives `{}`, which accepts anything). */
export function inferSchema(samples: unknown[]): Schema {
  if (samples.length === 0) return {};
  const kinds = [...new Set(samples.map(kindOf))];
  // An integer seen beside a fraction is a number.
  const merged = kinds.includes('number') ? kinds.filter((k) => k !== 'integer') : kinds;
  const schema: Schema = { type: merged.length === 1 ? merged[0] : merged };
  if (merged.includes('object')) Object.assign(schema, objectSchema(samples.filter((s) => kindOf(s) === 'object') as Record<string, unknown>[]));
  if (merged.includes('array')) schema.items = inferSchema((samples.filter(Array.isArray) as unknown[][]).flat());
  if (merged.length === 1 && merged[0] === 'string') {
    const values = enumOf(samples as string[]);
    if (values) schema.enum = values;
  }
  return schema;
}

function objectSchema(objects: Record<string, unknown>[]): Schema {
  const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  const properties = Object.fromEntries(keys.map((k) => [k, inferSchema(objects.filter((o) => k in o).map((o) => o[k]))]));
  const required = keys.filter((k) => objects.every((o) => k in o));
  return required.length ? { properties, required } : { properties };
}

/**
 * A string field is an enum when its values form a small set and some value came more than once: one sample, or
 * all values different, cannot tell a fixed vocabulary from free text.
 */
function enumOf(values: string[]): string[] | undefined {
  const distinct = [...new Set(values)];
  if (values.length < 2 || distinct.length > MAX_ENUM_VALUES || distinct.length === values.length) return undefined;
  return distinct.sort();
}
