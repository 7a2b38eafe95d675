/**
 * Replaces `$ref`s in a plain value by their targets (local pointers and relative files through the store),
 * for payload schemas the Try it panel and example checks validate against. Cycles terminate: a ref already
 * being expanded on the current path becomes `{ "x-specsocket-circular": "<ref>" }` (an always-valid schema).
 */
import type { DocumentStore } from '../core/documentStore';
import { parseRef, valueAtPath } from '../core/refs';
import type { JsonPath } from '../core/yamlAst';

export interface DereferenceResult {
  value: unknown;
  /** References that could not be resolved (missing file or pointer, remote when not fetched). */
  unresolved: string[];
  /** Files read while dereferencing (for re-validation when they change). */
  files: Set<string>;
  /**
   * Every reference followed (memo hits aside) and the value it found there (undefined: none): the result is the
   * same as long as each of them still finds the same value (plain values are never changed in place), which lets
   * a caller keep it across versions (semantic/messageExamples.ts).
   */
  targets: DereferenceTarget[];
}

export interface DereferenceTarget {
  uri: string;
  path: JsonPath;
  value: unknown;
}

/** Whether every reference a result followed still finds the same value in the store (see `targets`). */
export function sameTargets(store: DocumentStore, targets: readonly DereferenceTarget[]): boolean {
  for (const t of targets) {
    const doc = store.get(t.uri);
    if ((doc ? valueAtPath(doc.value, t.path) : undefined) !== t.value) return false;
  }
  return true;
}

const MAX_DEPTH = 200;

/**
 * `memo` may be shared by several calls over the same documents (the Try it model dereferences every message
 * payload with one map, so schemas shared between messages are expanded once); a memo hit does not repeat the
 * target's `unresolved`/`files`, which the first call reported.
 */
export function dereference(store: DocumentStore, baseUri: string, value: unknown, memo: Map<string, unknown> = new Map()): DereferenceResult {
  const unresolved: string[] = [];
  const files = new Set<string>();
  const targets: DereferenceTarget[] = [];
  const active = new Set<string>();
  // Memo per resolved target: shared sub-schemas are expanded once and reused (same object).

  const walk = (v: unknown, base: string, depth: number): unknown => {
    if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, base, depth + 1));
    const obj = v as Record<string, unknown>;
    if (typeof obj.$ref === 'string') {
      const ref = parseRef(obj.$ref, base);
      // Remote targets resolve only when the server has fetched them (specsocket.resolveRemoteRefs) into the store.
      if (!ref) {
        unresolved.push(obj.$ref);
        return {};
      }
      const key = ref.uri + '#' + ref.pointer;
      if (active.has(key)) return { 'x-specsocket-circular': obj.$ref };
      if (memo.has(key)) return memo.get(key);
      const doc = store.get(ref.uri);
      if (ref.uri !== baseUri) files.add(ref.uri);
      const target = doc ? valueAtPath(doc.value, ref.path) : undefined;
      targets.push({ uri: ref.uri, path: ref.path, value: target });
      if (target === undefined) {
        unresolved.push(obj.$ref);
        return {};
      }
      active.add(key);
      const out = walk(target, ref.uri, depth + 1);
      active.delete(key);
      memo.set(key, out);
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(obj)) out[k] = walk(x, base, depth + 1);
    return out;
  };

  return { value: walk(value, baseUri, 0), unresolved, files, targets };
}
