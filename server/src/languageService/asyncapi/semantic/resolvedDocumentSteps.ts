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
 */
import type { DocumentStore } from '../../core/documentStore';
import { parseRef, valueAtPath } from '../../core/refs';
import type { SpecDocument } from '../../core/specDocument';
import type { Obj } from './semanticContext';

const MAX_DEPTH = 256;

/** Values visited per step: at 10k lines (~16,000 values, 4–9 ms in all) 16 steps of well under 1 ms (the slice is 3 ms). */
export const RESOLVE_NODES_PER_STEP = 1000;

export interface ResolveFrom {
  store: DocumentStore;
  doc: SpecDocument;
  settings: { resolveRemoteRefs: boolean };
}

/** An object or array being filled: its next key, and what to do once it and everything under it are done. */
interface Frame {
  src: Obj | unknown[];
  out: Obj | unknown[];
  /** An object's keys (undefined for an array). */
  keys: string[] | undefined;
  length: number;
  next: number;
  base: string;
  depth: number;
  /** Reference expansions that end with this frame, innermost first. */
  done: (() => void)[] | undefined;
}

export function* resolveDocumentSteps(from: ResolveFrom, root: unknown, nodesPerStep = RESOLVE_NODES_PER_STEP): Generator<void, unknown, void> {
  const { store, doc, settings } = from;
  const memo = new Map<string, unknown>();
  const active = new Set<string>();
  const parsed = new Map<string, ReturnType<typeof parseRef>>();
  const stack: Frame[] = [];

  /**
   * What stands at this place of the resolved document. An object or array is returned at once, empty, and
   * filled by the frame pushed for it; a reference's expansion is finished (remembered, no longer active) when
   * the frame of its target is.
   */
  const begin = (v: unknown, base: string, depth: number): unknown => {
    if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return v;
    if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      stack.push({ src: v, out, keys: undefined, length: v.length, next: 0, base, depth, done: undefined });
      return out;
    }
    const o = v as Obj;
    if (typeof o.$ref !== 'string') {
      const keys = Object.keys(o);
      const out: Obj = {};
      stack.push({ src: o, out, keys, length: keys.length, next: 0, base, depth, done: undefined });
      return out;
    }
    const pkey = base + '\n' + o.$ref;
    if (!parsed.has(pkey)) parsed.set(pkey, parseRef(o.$ref, base));
    const ref = parsed.get(pkey);
    if (!ref || (ref.remote && !settings.resolveRemoteRefs)) return o;
    const key = ref.uri + '#' + ref.pointer;
    if (memo.has(key)) return memo.get(key);
    if (active.has(key)) return o;
    const target = ref.uri === doc.uri ? doc : store.get(ref.uri);
    const value = target ? valueAtPath(target.value, ref.path) : undefined;
    if (value === undefined) return o;
    active.add(key);
    const height = stack.length;
    const out = begin(value, ref.uri, depth + 1);
    const finish = () => {
      active.delete(key);
      memo.set(key, out);
    };
    // The target pushed a frame: the expansion ends with it (after any inner reference's that ends there too).
    if (stack.length > height) (stack[stack.length - 1].done ??= []).push(finish);
    else finish();
    return out;
  };

  const out = begin(root, doc.uri, 0);
  let visited = 0;
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.next >= f.length) {
      stack.pop();
      if (f.done) for (const d of f.done) d();
      continue;
    }
    const i = f.next++;
    if (f.keys) {
      const k = f.keys[i];
      (f.out as Obj)[k] = begin((f.src as Obj)[k], f.base, f.depth + 1);
    } else (f.out as unknown[])[i] = begin((f.src as unknown[])[i], f.base, f.depth + 1);
    if (++visited >= nodesPerStep) {
      visited = 0;
      yield;
    }
  }
  return out;
}
