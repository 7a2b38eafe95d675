/**
 * ajv's `uniqueItems`, with its verdicts and the same pair of items reported, in linear time. ajv compares
 * every pair of items when the items' type is not a known scalar (the meta-schema's `enum`): a 30,000-value
 * enum cost 4 s on every keystroke. Here items are grouped by a stable serialisation and only items in the
 * same group are compared, with ajv's own equality.
 */
import type { AnySchemaObject, KeywordDefinition, SchemaValidateFunction } from 'ajv';
import { getSchemaTypes } from 'ajv/dist/compile/validate/dataType';
import ajvEqual from 'ajv/dist/runtime/equal';
import { stringify } from 'safe-stable-stringify';

type Pair = { i: number; j: number };

/** ajv's equality (fast-deep-equal); its declaration types the module namespace, not the function. */
const equal = ajvEqual as unknown as (a: unknown, b: unknown) => boolean;

const validate: SchemaValidateFunction = function uniqueItems(schema: unknown, data: unknown[], parentSchema?: AnySchemaObject) {
  validate.errors = undefined;
  if (schema !== true || data.length < 2) return true;
  const items = parentSchema?.items;
  const types = items && typeof items === 'object' ? getSchemaTypes(items) : [];
  const scalar = types.length > 0 && !types.some((t) => t === 'object' || t === 'array');
  const found = scalar ? typedDuplicate(data, types) : anyDuplicate(data);
  if (!found) return true;
  validate.errors = [{ keyword: 'uniqueItems', params: found, message: `must NOT have duplicate items (items ## ${found.j} and ${found.i} are identical)` }];
  return false;
};

export const linearUniqueItems: KeywordDefinition = { keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', errors: true, validate };

/**
 * ajv's loop for scalar item types: from the last item down, the first one equal to a later item (its key
 * as ajv builds it: strings marked when several types are allowed), paired with the nearest such later item.
 * Items of another type are skipped (the `items` keyword reports them).
 */
function typedDuplicate(data: unknown[], types: string[]): Pair | undefined {
  const seen = new Map<string, number>();
  for (let i = data.length; i--;) {
    const item = data[i];
    if (!types.some((t) => hasType(item, t))) continue;
    const key = types.length > 1 && typeof item === 'string' ? item + '_' : String(item);
    const j = seen.get(key);
    if (j !== undefined) return { i, j };
    seen.set(key, i);
  }
  return undefined;
}

/** As ajv checks a data type (numbers not strict, as configured). */
function hasType(x: unknown, type: string): boolean {
  if (type === 'null') return x === null;
  if (type === 'integer') return typeof x === 'number' && !(x % 1) && !isNaN(x);
  return typeof x === type;
}

/**
 * ajv's pairwise loop, same answer: the last item equal to an earlier one, paired with the nearest earlier
 * one. Only items whose serialisations agree are compared (NaN and null serialise alike: equality decides).
 */
function anyDuplicate(data: unknown[]): Pair | undefined {
  const groups = new Map<string | undefined, number[]>();
  const keys = data.map((item) => stringify(item));
  keys.forEach((key, i) => {
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  for (let i = data.length; i--;) {
    const group = groups.get(keys[i])!;
    for (let g = group.lastIndexOf(i); g--;) if (equal(data[i], data[group[g]])) return { i, j: group[g] };
  }
  return undefined;
}
