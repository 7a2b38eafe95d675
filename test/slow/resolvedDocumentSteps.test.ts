/**
 * The resolved document is built in steps (resolvedDocumentSteps.ts: an explicit stack, a yield every N values),
 * so that no single step of the slow pass holds a request for the whole build. Whatever the step size, it must
 * build what the one-piece recursive walk it replaced built (kept here as the reference): the same values, a
 * shared target expanded once into one object, cycles and unresolvable references left as written. Over every
 * corpus document (relative files resolved from disk) and generated specs.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { DocumentStore } from '../../server/src/languageService/core/documentStore';
import { nodeFileSystem } from '../../server/src/languageService/core/nodeFileSystem';
import { parseRef, valueAtPath } from '../../server/src/languageService/core/refs';
import type { SpecDocument } from '../../server/src/languageService/core/specDocument';
import { resolveDocumentSteps, type ResolveFrom } from '../../server/src/languageService/asyncapi/semantic/resolvedDocumentSteps';
import { generateAsyncApi } from '../helpers/generate';
import { CORPUS, walk } from '../helpers/fixtures';

/** The build as it was written in one piece (resolvedDocument.ts before it was stepped). */
function reference({ store, doc, settings }: ResolveFrom, root: unknown): unknown {
  const memo = new Map<string, unknown>();
  const active = new Set<string>();
  const go = (v: unknown, base: string, depth: number): unknown => {
    if (v === null || typeof v !== 'object' || depth > 256) return v;
    if (Array.isArray(v)) return v.map((x) => go(x, base, depth + 1));
    const o = v as Record<string, unknown>;
    if (typeof o.$ref === 'string') {
      const ref = parseRef(o.$ref, base);
      if (!ref || (ref.remote && !settings.resolveRemoteRefs)) return o;
      const key = ref.uri + '#' + ref.pointer;
      if (memo.has(key)) return memo.get(key);
      if (active.has(key)) return o;
      const target = ref.uri === doc.uri ? doc : store.get(ref.uri);
      const value = target ? valueAtPath(target.value, ref.path) : undefined;
      if (value === undefined) return o;
      active.add(key);
      const out = go(value, ref.uri, depth + 1);
      active.delete(key);
      memo.set(key, out);
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = go(o[k], base, depth + 1);
    return out;
  };
  return go(root, doc.uri, 0);
}

function stepped(from: ResolveFrom, root: unknown, perStep: number): { value: unknown; yields: number } {
  // A fresh cache: built from scratch, not from what an earlier build of the same document kept.
  const steps = resolveDocumentSteps(from, root, perStep, new WeakMap());
  let yields = 0;
  for (let r = steps.next(); ; r = steps.next(), yields++) if (r.done) return { value: r.value, yields };
}

/** The objects and arrays of a value, each counted once however often it is shared. */
function distinctContainers(v: unknown, seen = new Set<object>()): number {
  if (v === null || typeof v !== 'object' || seen.has(v)) return seen.size;
  seen.add(v);
  for (const x of Object.values(v)) distinctContainers(x, seen);
  return seen.size;
}

/** Where the same object stands twice in `a`, it does in `b` too (a shared target is one object, not copies). */
function sameSharing(a: unknown, b: unknown, name: string): void {
  const first = new Map<object, object>();
  const visit = (x: unknown, y: unknown) => {
    if (x === null || typeof x !== 'object') return;
    const known = first.get(x);
    if (known) return assert.equal(y, known, `${name}: a shared object is shared in both`);
    first.set(x, y as object);
    for (const k of Object.keys(x)) visit((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]);
  };
  visit(a, b);
}

test('built in steps of any size, the resolved document is the one-piece build, sharing included', () => {
  const store = new DocumentStore(nodeFileSystem);
  const settings = { resolveRemoteRefs: false };
  const docs: SpecDocument[] = walk(join(CORPUS, 'asyncapi'), /\.(ya?ml|json)$/i).flatMap((f) => store.get(pathToFileURL(f).toString()) ?? []);
  for (const flavour of ['2.6', '3.0'] as const) {
    const uri = `file:///generated-${flavour}.yaml`;
    docs.push(store.setOpen(uri, generateAsyncApi(flavour, 3000), 1));
  }
  let withRefs = 0;
  for (const doc of docs) {
    if (doc.value === null || typeof doc.value !== 'object') continue;
    const from = { store, doc, settings };
    const expected = reference(from, doc.value);
    if (JSON.stringify(expected).length !== JSON.stringify(doc.value).length) withRefs++;
    for (const perStep of [1, 7, 2000]) {
      const { value, yields } = stepped(from, doc.value, perStep);
      assert.deepEqual(value, expected, `${doc.uri}, ${perStep} per step`);
      sameSharing(expected, value, doc.uri);
      // Every object and array but the root's is visited once; a step is at most perStep of them.
      assert.ok(yields >= Math.floor((distinctContainers(value) - 1) / perStep), `${doc.uri}: ${yields} steps of ${perStep}`);
    }
  }
  assert.ok(docs.length > 60 && withRefs > 30, `${docs.length} documents, ${withRefs} with references resolved`);
});
