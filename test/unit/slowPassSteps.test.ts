/**
 * The slow pass's long pieces are split into short steps, so that a request arriving meanwhile waits for one
 * step, not the piece (server/src/slowPass.ts pulls steps in slices). Asserted by structure (how many steps a
 * piece takes on a generated 10k-line spec), not by time: times on a shared machine are for bench/slowSteps.ts.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from '../../common/src/settings';
import { neverCancelled } from '../../server/src/languageService/core/types';
import { createSemanticContext, type SemanticContext } from '../../server/src/languageService/asyncapi/semantic/semanticContext';
import { checkRefs, REFS_PER_STEP } from '../../server/src/languageService/asyncapi/semantic/refCheck';
import { collectRefs, documentRefSteps } from '../../server/src/languageService/asyncapi/semantic/walk';
import { resolveDocumentSteps } from '../../server/src/languageService/asyncapi/semantic/resolvedDocumentSteps';
import { generateAsyncApi } from '../helpers/generate';
import { serviceWith } from '../helpers/fixtures';

const { service, uri } = serviceWith({ 'big.yaml': generateAsyncApi('3.0', 10000) });
const doc = service.store.get(uri('big.yaml'))!;

/** A fresh semantic context (its own report list) over the 10k-line document. */
function context(): SemanticContext {
  const feature = { doc, kind: 'asyncapi' as const, store: service.store, settings: defaultSettings, token: neverCancelled, dependsOn: new Set<string>() };
  return createSemanticContext(feature)!;
}

function pull<T>(steps: Generator<void, T, void>): { value: T; yields: number } {
  let yields = 0;
  for (let r = steps.next(); ; r = steps.next(), yields++) if (r.done) return { value: r.value, yields };
}

test('the resolved document of a 10k-line spec is built in several steps, not one', () => {
  const { yields } = pull(resolveDocumentSteps({ store: service.store, doc, settings: { resolveRemoteRefs: false } }, doc.value, undefined, new WeakMap()));
  // ~9,000 values, 1,000 a step: 9 steps; it was one (6–16 ms at 10k lines). (~16,000 before a component that
  // references expand was built once for both, resolvedDocumentSteps.ts's `kept`.)
  assert.ok(yields >= 8, `${yields} steps`);
});

test("the walk for a 10k-line spec's $refs and their checks take several steps each, and find what one walk does", () => {
  // A copy of the root: documentRefSteps keeps its result per root object (the walk is done once per version).
  const root = structuredClone(doc.value) as Record<string, unknown>;
  const walked = pull(documentRefSteps(root));
  assert.deepEqual(walked.value, collectRefs(root));
  assert.ok(walked.yields >= 4, `the walk: ${walked.yields} steps`);
  assert.equal(pull(documentRefSteps(root)).yields, 0, 'walked once per root');

  const refs = walked.value.length;
  const sc = context();
  const checked = pull(checkRefs(sc));
  assert.ok(refs > 500, `${refs} $refs`);
  // The walk is done (kept for this root); each REFS_PER_STEP references then end a step.
  assert.ok(checked.yields >= Math.floor(refs / REFS_PER_STEP), `the checks: ${checked.yields} steps for ${refs} $refs`);
});
