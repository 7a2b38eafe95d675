/**
 * Iterative walks over plain values (no recursion: a 1,000-deep document must not exhaust the stack).
 */
import type { JsonPath } from '../../core/yamlAst';
import { drain } from '../../core/features';
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
  return drain(collectRefSteps(value, base, { visited: 0, perStep: Infinity }));
}

/** Objects and arrays visited per step of `documentRefSteps`: a 10k-line spec's ~5,000 (the walk was one 1-4 ms step) in 5. */
export const REF_WALK_NODES_PER_STEP = 1000;

/** Objects and arrays visited since the last yield, shared by the walks of one `documentRefSteps`. */
interface Budget {
  visited: number;
  perStep: number;
}

/**
 * `collectRefs`, yielding every `perStep` objects and arrays visited (the slow pass's steps stay short). `depth0`:
 * the depth of `value` in the document (the MAX_DEPTH cut is the document's).
 */
function* collectRefSteps(value: unknown, base: JsonPath, budget: Budget, depth0 = 0): Generator<void, FoundRef[], void> {
  const out: FoundRef[] = [];
  const stack: [unknown, PathLink | undefined][] = [[value, undefined]];
  while (stack.length) {
    const [v, link] = stack.pop()!;
    if (v === null || typeof v !== 'object' || (link?.depth ?? 0) + depth0 > MAX_DEPTH) continue;
    if (++budget.visited >= budget.perStep) {
      budget.visited = 0;
      yield;
    }
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

/** `collectRefs` of a document's root, computed once per parsed value (several rules need it): `documentRefSteps` at once. */
export function documentRefs(root: Obj): FoundRef[] {
  return drain(documentRefSteps(root, Infinity));
}

/** `documentRefs` in steps: the first rule of a pass that needs them (checkRefs) walks the document so. */
export function* documentRefSteps(root: Obj, perStep = REF_WALK_NODES_PER_STEP): Generator<void, FoundRef[], void> {
  let refs = refsCache.get(root);
  if (!refs) refsCache.set(root, (refs = yield* entryRefSteps(root, { visited: 0, perStep })));
  return refs;
}

/**
 * The `$ref`s under each entry of the root's maps (`channels.x`, `components.y`, ...), by the entry's object and
 * where it stands: an edit patches the plain value copy-on-path, so after it only the entries on its path are
 * walked again (the whole walk allocated ~2 MB per pass at 10k lines: docs/performance.md, "Requests during the
 * slow pass, and the CLI's start"). The entries' references are the same objects as long as the entry is.
 */
const entryRefs = new WeakMap<object, { key: string; name: string; refs: FoundRef[] }>();

/** `collectRefs(root)`, the same references in the same order, from what `entryRefs` kept where it can. */
function* entryRefSteps(root: Obj, budget: Budget): Generator<void, FoundRef[], void> {
  if (typeof root.$ref === 'string' || Array.isArray(root)) return yield* collectRefSteps(root, [], budget);
  const out: FoundRef[] = [];
  for (const key of Object.keys(root)) {
    const map = root[key];
    if (map === null || typeof map !== 'object') continue;
    if (!isObj(map) || typeof map.$ref === 'string') {
      for (const r of yield* collectRefSteps(map, [key], budget, 1)) out.push(r);
      continue;
    }
    for (const name of Object.keys(map)) {
      const entry = map[name];
      if (entry === null || typeof entry !== 'object') continue;
      let kept = entryRefs.get(entry);
      if (!kept || kept.key !== key || kept.name !== name)
        entryRefs.set(entry, (kept = { key, name, refs: yield* collectRefSteps(entry, [key, name], budget, 2) }));
      for (const r of kept.refs) out.push(r);
    }
  }
  return out;
}

/** Calls `fn` for each mapping entry of `v` whose value is an object. */
export function eachObj(v: unknown, fn: (key: string, value: Obj) => void): void {
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) if (isObj(x)) fn(k, x);
}
