/**
 * Iterative walks over plain values (no recursion: a 1,000-deep document must not exhaust the stack).
 */
import type { JsonPath } from '../../core/yamlAst';
import { isObj, type Obj } from './semanticContext';

/** Deepest nesting followed; deeper content is ignored (the schema pass reports nothing useful there either). */
const MAX_DEPTH = 2000;

export interface FoundRef {
  /** Path of the object holding the `$ref`. */
  holder: JsonPath;
  ref: string;
}

/** A path as a linked list while walking: no array copy per visited node, only per reported one. */
interface PathLink {
  parent: PathLink | undefined;
  seg: string | number;
  depth: number;
}

function toPath(link: PathLink | undefined, base: JsonPath): JsonPath {
  const out: (string | number)[] = [];
  for (let l = link; l; l = l.parent) out.push(l.seg);
  return [...base, ...out.reverse()];
}

/** Every `{ $ref: "<string>" }` under `value` (the `$ref` object's siblings are not entered: resolvers ignore them). */
export function collectRefs(value: unknown, base: JsonPath = []): FoundRef[] {
  const out: FoundRef[] = [];
  const stack: [unknown, PathLink | undefined][] = [[value, undefined]];
  while (stack.length) {
    const [v, link] = stack.pop()!;
    if (v === null || typeof v !== 'object' || (link?.depth ?? 0) > MAX_DEPTH) continue;
    const depth = (link?.depth ?? 0) + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if (v[i] !== null && typeof v[i] === 'object') stack.push([v[i], { parent: link, seg: i, depth }]);
      continue;
    }
    const o = v as Obj;
    if (typeof o.$ref === 'string') {
      out.push({ holder: toPath(link, base), ref: o.$ref });
      continue;
    }
    const keys = Object.keys(o);
    for (let i = keys.length - 1; i >= 0; i--) {
      const x = o[keys[i]];
      if (x !== null && typeof x === 'object') stack.push([x, { parent: link, seg: keys[i], depth }]);
    }
  }
  return out;
}

const refsCache = new WeakMap<object, FoundRef[]>();

/** `collectRefs` of a document's root, computed once per parsed value (several rules need it). */
export function documentRefs(root: Obj): FoundRef[] {
  let refs = refsCache.get(root);
  if (!refs) refsCache.set(root, (refs = collectRefs(root)));
  return refs;
}

/** Calls `fn` for each mapping entry of `v` whose value is an object. */
export function eachObj(v: unknown, fn: (key: string, value: Obj) => void): void {
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) if (isObj(x)) fn(k, x);
}
