/**
 * ajv's `uniqueItems`, with its verdicts and the same pair of items reported, in linear time. ajv compares
 * every pair of items when the items' type is not a known scalar (the meta-schema's `enum`): a 30,000-value
 * enum cost 4 s on every keystroke. Here items are grouped by a stable serialisation and only items in the
 * same group are compared, with ajv's own equality.
 */
import { _, str, stringify as code, type CodeKeywordDefinition, type KeywordErrorDefinition } from 'ajv';
import { getSchemaTypes } from 'ajv/dist/compile/validate/dataType';
import ajvEqual from 'ajv/dist/runtime/equal';
import { stringify } from 'safe-stable-stringify';

type Pair = { i: number; j: number };

/** ajv's equality (fast-deep-equal); its declaration types the module namespace, not the function. */
const equal = ajvEqual as unknown as (a: unknown, b: unknown) => boolean;

/**
 * The duplicate pair ajv would report, or undefined. `types`: the item schema's types, known when the schema is
 * compiled (ajv decides the same way between its typed and its pairwise loop).
 */
export function findDuplicate(data: unknown[], types: string[]): Pair | undefined {
  if (data.length < 2) return undefined;
  const scalar = types.length > 0 && !types.some((t) => t === 'object' || t === 'array');
  return scalar ? typedDuplicate(data, types) : anyDuplicate(data);
}

const error: KeywordErrorDefinition = {
  message: ({ params: { i, j } }) => str`must NOT have duplicate items (items ## ${j} and ${i} are identical)`,
  params: ({ params: { i, j } }) => _`{i: ${i}, j: ${j}}`,
};

/**
 * A code keyword (not a `validate` one) so it also compiles to standalone code: the generated module calls
 * findDuplicate through `require` of this file, which the build bundles into it.
 */
export const linearUniqueItems: CodeKeywordDefinition = {
  keyword: 'uniqueItems',
  type: 'array',
  schemaType: 'boolean',
  error,
  code(cxt) {
    const { gen, data, schema, parentSchema } = cxt;
    if (schema !== true) return;
    const items = parentSchema?.items;
    const types = items && typeof items === 'object' ? getSchemaTypes(items) : [];
    const fn = gen.scopeValue('func', { ref: findDuplicate, code: _`require(${__filename}).findDuplicate` });
    const found = gen.const('dup', _`${fn}(${data}, ${code(types)})`);
    cxt.setParams({ i: _`${found}.i`, j: _`${found}.j` });
    cxt.fail(_`${found} !== undefined`);
  },
};

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
