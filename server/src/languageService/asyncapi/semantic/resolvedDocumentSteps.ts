/**
 * The resolved document (references replaced by their targets) built in steps: the slow pass yields every
 * `nodesPerStep` values visited, so the server answers a request between them. In one piece the build took
 * 6–16 ms at 10k lines, and a completion or hover that arrived meanwhile waited for all of it
 * (docs/performance.md, "Requests during the slow pass, and the CLI's start").
 *
 * What it builds is what a recursive walk in document order would (test/slow/resolvedChunks.test.ts holds it to
 * one): local and relative-file references are replaced by their targets, expanded once and shared (a second
 * reference to the same target gets the same object); a reference back into what is being expanded, one that
 * cannot be resolved, a remote one when remote references are off, and anything deeper than MAX_DEPTH stay as
 * written (the parser leaves them too). The walk keeps its own stack, so a step can end anywhere in it.
 *
 * What it built is kept across versions by the object as written (see `kept`), so after an edit only the objects on
 * the edit's path and those whose references now find something else are built again.
 */
import type { DocumentStore } from '../../core/documentStore';
import { parseRef, valueAtPath } from '../../core/refs';
import type { SpecDocument } from '../../core/specDocument';
import type { JsonPath } from '../../core/yamlAst';
import type { Obj } from './semanticContext';

const MAX_DEPTH = 256;

/**
 * Built values are kept only when nothing in them comes near MAX_DEPTH: below this depth no cut can happen
 * wherever a kept value is used again, so what is kept is what a fresh build would make there.
 */
const REUSE_DEPTH = MAX_DEPTH / 2;

/** Values visited per step: at 10k lines (~9,000 values built from scratch, 4–9 ms in all) 9 steps of well under 1 ms (the slice is 3 ms). */
export const RESOLVE_NODES_PER_STEP = 1000;

export interface ResolveFrom {
  store: DocumentStore;
  doc: SpecDocument;
  settings: { resolveRemoteRefs: boolean };
}

/** A reference followed, and the value it found (undefined: none). */
interface Target {
  uri: string;
  path: JsonPath;
  value: unknown;
}
/** What a built value depends on besides the object it was built from: targets, and other values' lists (shared, not copied). */
type Deps = (Target | Deps)[];
const NO_DEPS: Deps = [];

/**
 * What a built value is a function of. `dirty`: it also depends on where it was built (a reference back into
 * what was being expanded was left as written, a value came near MAX_DEPTH, or it used such a value), so it is
 * not kept. `height`: the object levels in it, itself included (0 for anything but objects and arrays).
 */
interface Info {
  deps: Deps;
  dirty: boolean;
  height: number;
}

/**
 * Built objects and arrays by the object or array they were built from: an edit patches the plain value
 * copy-on-path, so what it did not touch keeps its objects, and as long as every reference followed below one
 * finds the same value (the same object: plain values are never changed in place), the build is the same. Used
 * again only with the same base and remote-reference setting, and when nothing in it gets deeper than REUSE_DEPTH.
 * The unchanged parts of the resolved document are then the same objects from one version to the next, which
 * lets the chunks' validity be kept by identity (resolvedDocument.ts). At 10k lines the build allocated ~2.7 MB
 * per pass (docs/performance.md, "Requests during the slow pass, and the CLI's start").
 */
interface Kept extends Info {
  out: unknown;
  base: string;
  remote: boolean;
}
const kept: ResolveCache = new WeakMap();
/** Where built values are kept (tests pass a fresh one to build from scratch). */
export type ResolveCache = WeakMap<object, Kept>;

/** An object or array being filled: its next key, and what to do once it and everything under it are done. */
interface Frame extends Sink {
  src: Obj | unknown[];
  out: Obj | unknown[];
  /** An object's keys (undefined for an array). */
  keys: string[] | undefined;
  length: number;
  next: number;
  base: string;
  depth: number;
  /** Where this frame's Info goes when it is done: the enclosing frame, or a reference's expansion. */
  sink: Sink | undefined;
  /** The object or array (and key) where what this frame builds stands, undefined for the root. */
  into: Obj | unknown[] | undefined;
  at: string | number;
  /** Reference expansions that end with this frame, innermost first, given what it built. */
  done: ((built: unknown) => void)[] | undefined;
}

/** Collects the Info of the values put into one place: a frame's (its children: one level more) or a reference's expansion (the same level). */
interface Sink extends Info {
  lift: 0 | 1;
}

function note(sink: Sink | undefined, info: Info): void {
  if (!sink) return;
  if (info.dirty) sink.dirty = true;
  if (info.deps.length) (sink.deps === NO_DEPS ? (sink.deps = []) : sink.deps).push(info.deps);
  if (sink.lift + info.height > sink.height) sink.height = sink.lift + info.height;
}

export function* resolveDocumentSteps(
  from: ResolveFrom,
  root: unknown,
  nodesPerStep = RESOLVE_NODES_PER_STEP,
  cache: ResolveCache = kept,
): Generator<void, unknown, void> {
  const { store, doc, settings } = from;
  const remote = settings.resolveRemoteRefs;
  const memo = new Map<string, unknown>();
  const memoInfo = new Map<string, Info>();
  const active = new Set<string>();
  const parsed = new Map<string, ReturnType<typeof parseRef>>();
  const stack: Frame[] = [];
  /** Whether a kept value's dependencies still hold, per list (lists are shared between values): once per pass. */
  const checked = new Map<Deps, boolean>();
  const lookup = (t: Target) => {
    const target = t.uri === doc.uri ? doc : store.get(t.uri);
    return target ? valueAtPath(target.value, t.path) : undefined;
  };
  const holds = (deps: Deps): boolean => {
    let ok = checked.get(deps);
    if (ok !== undefined) return ok;
    ok = true;
    for (const d of deps)
      if (Array.isArray(d) ? !holds(d) : lookup(d) !== d.value) {
        ok = false;
        break;
      }
    checked.set(deps, ok);
    return ok;
  };
  const dirty = (sink: Sink | undefined) => {
    if (sink) sink.dirty = true;
  };

  /**
   * What stands at this place of the resolved document. An object or array is returned at once, empty, and
   * filled by the frame pushed for it; a reference's expansion is finished (remembered, no longer active) when
   * the frame of its target is. What it depends on goes to `sink`.
   */
  const begin = (v: unknown, base: string, depth: number, sink: Sink | undefined, into: Obj | unknown[] | undefined, at: string | number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (depth > MAX_DEPTH) {
      dirty(sink);
      return v;
    }
    if (Array.isArray(v) || typeof (v as Obj).$ref !== 'string') {
      const k = cache.get(v);
      if (k && k.base === base && k.remote === remote && depth + k.height - 1 <= REUSE_DEPTH && holds(k.deps)) {
        note(sink, k);
        return k.out;
      }
      if (depth > REUSE_DEPTH) dirty(sink);
      const keys = Array.isArray(v) ? undefined : Object.keys(v);
      const out: Obj | unknown[] = Array.isArray(v) ? new Array(v.length) : {};
      const length = keys ? keys.length : (v as unknown[]).length;
      stack.push({
        src: v as Obj | unknown[],
        out,
        keys,
        length,
        next: 0,
        base,
        depth,
        sink,
        into,
        at,
        done: undefined,
        deps: NO_DEPS,
        dirty: false,
        height: 1,
        lift: 1,
      });
      return out;
    }
    const o = v as Obj;
    const pkey = base + '\n' + (o.$ref as string);
    if (!parsed.has(pkey)) parsed.set(pkey, parseRef(o.$ref as string, base));
    const ref = parsed.get(pkey);
    if (!ref || (ref.remote && !remote)) return o;
    const key = ref.uri + '#' + ref.pointer;
    if (memo.has(key)) {
      const m = memoInfo.get(key)!;
      note(sink, m);
      if (depth + m.height - 1 > REUSE_DEPTH) dirty(sink);
      return memo.get(key);
    }
    if (active.has(key)) {
      dirty(sink);
      return o;
    }
    const target = ref.uri === doc.uri ? doc : store.get(ref.uri);
    const value = target ? valueAtPath(target.value, ref.path) : undefined;
    const expansion: Sink = { deps: [{ uri: ref.uri, path: ref.path, value }], dirty: false, height: 0, lift: 0 };
    if (value === undefined) {
      note(sink, expansion);
      return o;
    }
    active.add(key);
    const height = stack.length;
    const out = begin(value, ref.uri, depth + 1, expansion, into, at);
    const finish = (built: unknown) => {
      active.delete(key);
      memo.set(key, built);
      memoInfo.set(key, expansion);
      note(sink, expansion);
    };
    // The target pushed a frame: the expansion ends with it (after any inner reference's that ends there too).
    if (stack.length > height) (stack[stack.length - 1].done ??= []).push(finish);
    else finish(out);
    return out;
  };

  let out = begin(root, doc.uri, 0, undefined, undefined, '');
  let visited = 0;
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.next >= f.length) {
      stack.pop();
      // Nothing below was replaced and nothing depends on the place: the object as written is what it builds, so
      // the copy is dropped (kept, it would only hold memory: ~30 MB more settled RSS at 100k lines).
      const built = !f.dirty && f.deps.length === 0 ? f.src : f.out;
      if (built !== f.out) {
        if (f.into) (f.into as Obj)[f.at] = built;
        else out = built;
      }
      if (!f.dirty) cache.set(f.src, { out: built, base: f.base, remote, deps: f.deps, dirty: false, height: f.height });
      note(f.sink, f);
      if (f.done) for (const d of f.done) d(built);
      continue;
    }
    const i = f.next++;
    if (f.keys) {
      const k = f.keys[i];
      (f.out as Obj)[k] = begin((f.src as Obj)[k], f.base, f.depth + 1, f, f.out, k);
    } else (f.out as unknown[])[i] = begin((f.src as unknown[])[i], f.base, f.depth + 1, f, f.out, i);
    if (++visited >= nodesPerStep) {
      visited = 0;
      yield;
    }
  }
  return out;
}
