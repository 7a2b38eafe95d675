/**
 * Turns ajv's raw error list into the errors worth showing. ajv (allErrors) reports every branch of a failed
 * oneOf/anyOf; we keep only the branch that fits the data best, found by re-validating the data against each
 * branch with a validator compiled once per branch node. The result is recursive: the chosen branch's own
 * composites are narrowed the same way.
 */
import type { ErrorObject } from 'ajv';

const MAX_DEPTH = 32;
/** Branch re-validations allowed per document: a pathological document degrades to terse messages, never hangs. */
export const BRANCH_BUDGET = 2000;

/** The errors of `data` against branch `index` of a oneOf/anyOf, or undefined when it cannot be checked alone. */
export type BranchCheck = (branches: unknown[], index: number, data: unknown) => ErrorObject[] | undefined;

export function narrowErrors(errors: ErrorObject[], check: BranchCheck, depth = 0, budget = { left: BRANCH_BUDGET }): ErrorObject[] {
  const out = [...errors];
  for (let i = out.length - 1; i >= 0; i--) {
    const e = out[i];
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf') continue;
    const branches = Array.isArray(e.schema) ? (e.schema as unknown[]) : undefined;
    const affordable = branches && depth < MAX_DEPTH && (budget.left -= branches.length) >= 0;
    const results = affordable ? branchErrors(check, branches, e.data, e.instancePath) : undefined;
    const total = results ? results.reduce((n, r) => n + r.length, 0) : -1;
    // The branches' errors sit right before the composite error.
    if (!results || i - total < 0 || !out.slice(i - total, i).every((x) => isUnder(x.instancePath, e.instancePath))) {
      // Cannot tell the branches apart: keep the composite error alone rather than every alternative.
      let start = i;
      while (start > 0 && isUnder(out[start - 1].instancePath, e.instancePath)) start--;
      out.splice(start, i - start);
      i = start;
      continue;
    }
    const start = i - total;
    const passing = results.filter((r) => r.length === 0).length;
    // oneOf matched by several branches: a `$ref` often fits both the Reference and the object branch (2.x
    // parameters), and the parser checks the resolved document where that cannot happen. Accept it.
    // Branches are judged by their own narrowed errors, or a branch that is itself a oneOf would look worse
    // than it is (ajv lists all of its alternatives).
    const narrowed = passing > 0 ? [] : results.map((r) => narrowErrors(r, check, depth + 1, budget));
    const replacement = passing > 0 ? [] : mergeDiscriminators(narrowed, pickBranch(narrowed, e.data, e.instancePath));
    out.splice(start, total + 1, ...replacement);
    i = start;
  }
  // `if` only says its `then` failed; the `then` errors themselves are reported.
  return out.filter((e) => e.keyword !== 'if');
}

function isUnder(path: string, parent: string): boolean {
  return path === parent || path.startsWith(parent + '/');
}

/** Errors of the data against each branch, with instance paths made absolute again. */
function branchErrors(check: BranchCheck, branches: unknown[], data: unknown, prefix: string): ErrorObject[][] | undefined {
  const out: ErrorObject[][] = [];
  for (const [i, b] of branches.entries()) {
    if (b === true) {
      out.push([]);
      continue;
    }
    let errs: ErrorObject[] | undefined;
    try {
      errs = check(branches, i, data);
    } catch {
      return undefined;
    }
    if (!errs) return undefined;
    out.push(errs.map((x) => ({ ...x, instancePath: prefix + x.instancePath })));
  }
  return out;
}

/**
 * The best-fitting branch: one whose errors do not say "this is the wrong kind of thing" (wrong type, a
 * reference where there is none, a discriminating const/enum such as a security scheme's `type`), then the
 * one with the fewest errors. Ties go to the earlier branch, as the spec lists the usual form first.
 */
function pickBranch(results: ErrorObject[][], data: unknown, at: string): number {
  let best = 0;
  let bestScore = Infinity;
  const shaped = results.map((errs) => !errs.some((e) => e.instancePath === at));
  results.forEach((errs, i) => {
    const score = misfit(errs, data, at) + forbidsDiscriminator(errs, at, shaped, i) + errs.length;
    if (score < bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/**
 * A branch that forbids a key the data has, while another branch takes the data's keys as they are (its
 * errors all lie deeper), is the wrong shape: the key discriminates. A 2.x `message: {oneOf: [...]}` with one
 * broken message is the oneOf list (its error is in that message), not a message with a stray `oneOf` key.
 */
function forbidsDiscriminator(errs: ErrorObject[], at: string, shaped: boolean[], self: number): number {
  if (!shaped.some((ok, j) => ok && j !== self)) return 0;
  return errs.some((e) => e.instancePath === at && e.keyword === 'additionalProperties') ? 1000 : 0;
}

function misfit(errs: ErrorObject[], data: unknown, at: string): number {
  const hasRef = !!data && typeof data === 'object' && '$ref' in (data as object);
  let penalty = 0;
  for (const e of errs) {
    const rel = e.instancePath.slice(at.length);
    if (rel === '') {
      if (e.keyword === 'type' || e.keyword === 'false schema') penalty += 1000;
      else if (e.keyword === 'required' && e.params.missingProperty === '$ref' && !hasRef) penalty += 1000;
      else if (e.keyword === 'additionalProperties' && e.params.additionalProperty === '$ref' && hasRef) penalty += 1000;
    } else if (!rel.slice(1).includes('/') && (e.keyword === 'const' || e.keyword === 'enum')) {
      penalty += 100;
    }
  }
  return penalty;
}

/**
 * When the chosen branch only failed on its discriminator (a security scheme's `type: userPasword`), every
 * branch failed on the same property: list the values of all branches, not just the chosen one's.
 */
function mergeDiscriminators(narrowed: ErrorObject[][], chosen: number): ErrorObject[] {
  const errs = narrowed[chosen];
  return errs.map((e) => {
    if (e.keyword !== 'enum' && e.keyword !== 'const') return e;
    const values = new Set<unknown>();
    for (const other of narrowed) {
      const same = other.find((x) => x.instancePath === e.instancePath && (x.keyword === 'enum' || x.keyword === 'const'));
      if (!same) return e;
      for (const v of same.keyword === 'enum' ? (same.params.allowedValues as unknown[]) : [same.params.allowedValue]) values.add(v);
    }
    return { ...e, keyword: 'enum', params: { allowedValues: [...values] } };
  });
}
