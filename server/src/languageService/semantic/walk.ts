/**
 * Iterative walks over plain values (no recursion: a 1,000-deep document must not exhaust the stack).
 */
import type { JsonPath } from '../yamlAst';
import { isObj, type Obj } from './context';

/** Deepest nesting followed; deeper content is ignored (the schema pass reports nothing useful there either). */
const MAX_DEPTH = 2000;

export interface FoundRef {
  /** Path of the object holding the `$ref`. */
  holder: JsonPath;
  ref: string;
}

/** Every `{ $ref: "<string>" }` under `value` (the `$ref` object's siblings are not entered: resolvers ignore them). */
export function collectRefs(value: unknown, base: JsonPath = []): FoundRef[] {
  const out: FoundRef[] = [];
  const stack: [unknown, JsonPath][] = [[value, base]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (v === null || typeof v !== 'object' || path.length - base.length > MAX_DEPTH) continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], [...path, i]]);
      continue;
    }
    const o = v as Obj;
    if (typeof o.$ref === 'string') {
      out.push({ holder: path, ref: o.$ref });
      continue;
    }
    const keys = Object.keys(o);
    for (let i = keys.length - 1; i >= 0; i--) stack.push([o[keys[i]], [...path, keys[i]]]);
  }
  return out;
}

/** Calls `fn` for each mapping entry of `v` whose value is an object. */
export function eachObj(v: unknown, fn: (key: string, value: Obj) => void): void {
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) if (isObj(x)) fn(k, x);
}
