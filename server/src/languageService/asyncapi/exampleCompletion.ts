/**
 * Completion of values inside a message example: where the message's payload (or headers) schema enumerates
 * the value (`enum`, `const`, a boolean), those values. The spec schema says nothing there (an example is any
 * value), so without this an example's `type:` or `status:` was typed blind.
 */
import type { LanguageFeatures } from '../core/features';
import { cursorContext } from '../core/cursorContext';
import { valueAtPath } from '../core/refs';
import type { JsonPath } from '../core/yamlAst';
import { dereference } from './dereference';
import { valueItems } from './completion';

type Schema = Record<string, unknown>;
const MAX_BRANCHES = 200;

export const asyncapiExampleCompletion: LanguageFeatures = {
  completions(ctx, offset) {
    const cursor = cursorContext(ctx.doc, offset);
    // A new list item (`- ‸`) is a value too: its path is the item's.
    if (!cursor || (cursor.kind === 'key' && !cursor.item)) return [];
    const at = examplePlace(cursor.path);
    if (!at) return [];
    const message = valueAtPath(ctx.doc.valueError ? undefined : ctx.doc.value, at.message);
    let schema = message && typeof message === 'object' ? (message as Schema)[at.part] : undefined;
    // 3.x multi-format schema: the schema itself is under `schema`.
    if (schema && typeof schema === 'object' && 'schemaFormat' in schema && 'schema' in schema) schema = (schema as Schema).schema;
    if (!schema || typeof schema !== 'object') return [];
    const d = dereference(ctx.store, ctx.doc.uri, schema);
    for (const f of d.files) ctx.dependsOn.add(f);
    return valueItems(enumerated(schemasAt([d.value as Schema], at.inside)), cursor.replace, cursor.json);
  },
};

/** `…message…/examples/<i>/(payload|headers)/<inside…>`: the message's path, the part and the path inside it. */
function examplePlace(path: JsonPath): { message: JsonPath; part: 'payload' | 'headers'; inside: JsonPath } | undefined {
  for (let i = path.length - 3; i >= 0; i--) {
    const part = path[i + 2];
    if (path[i] === 'examples' && typeof path[i + 1] === 'number' && (part === 'payload' || part === 'headers')) {
      return { message: path.slice(0, i), part, inside: path.slice(i + 3) };
    }
  }
  return undefined;
}

/** The subschemas that describe the value at `inside`, composites (allOf/oneOf/anyOf) flattened. */
function schemasAt(start: Schema[], inside: JsonPath): Schema[] {
  let current = flatten(start);
  for (const seg of inside) {
    const next: unknown[] = [];
    for (const s of current) {
      if (typeof seg === 'number') next.push(Array.isArray(s.items) ? s.items[seg] : s.items);
      else {
        const props = s.properties as Record<string, unknown> | undefined;
        next.push(props && Object.prototype.hasOwnProperty.call(props, seg) ? props[seg] : s.additionalProperties);
      }
    }
    current = flatten(next);
  }
  return current;
}

function flatten(schemas: unknown[]): Schema[] {
  const out: Schema[] = [];
  const queue = [...schemas];
  while (queue.length && out.length < MAX_BRANCHES) {
    const s = queue.shift();
    if (!s || typeof s !== 'object' || Array.isArray(s)) continue;
    out.push(s as Schema);
    for (const key of ['allOf', 'oneOf', 'anyOf']) {
      const list = (s as Schema)[key];
      if (Array.isArray(list)) queue.push(...list);
    }
  }
  return out;
}

function enumerated(schemas: Schema[]): unknown[] {
  const out: unknown[] = [];
  const add = (v: unknown) => !out.includes(v) && out.push(v);
  for (const s of schemas) {
    if (Array.isArray(s.enum)) s.enum.forEach(add);
    if ('const' in s) add(s.const);
    if (s.type === 'boolean') [true, false].forEach(add);
  }
  return out;
}
