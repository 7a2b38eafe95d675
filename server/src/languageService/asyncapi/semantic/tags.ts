/**
 * Tag names unique within each `tags` list (asyncapi2-tags-uniqueness; 3.x lists get our `tags-uniqueness`).
 * Every `tags` array written in the document is checked, wherever it sits.
 */
import { Severity } from '../../core/types';
import type { JsonPath } from '../../core/yamlAst';
import { isObj, type SemanticContext } from './semanticContext';

const MAX_DEPTH = 10;
/** Places that hold no tag lists (schemas, examples, bindings, ...): not entered. */
const SKIP = new Set([
  'payload',
  'headers',
  'schemas',
  'schema',
  'examples',
  'bindings',
  'parameters',
  'variables',
  'securitySchemes',
  'correlationIds',
  'externalDocs',
  'security',
  '$ref',
]);

export function checkTags(sc: SemanticContext): void {
  const code = sc.major === 2 ? 'asyncapi2-tags-uniqueness' : 'tags-uniqueness';
  const severity = sc.major === 2 ? Severity.Error : Severity.Warning;
  // Tags live at fixed, shallow places (root, info, operations, messages, traits); payload schemas are skipped.
  // Recursive: MAX_DEPTH bounds it.
  const visit = (v: unknown, path: JsonPath): boolean => {
    if (!isObj(v) || path.length > MAX_DEPTH) return true;
    if (clean.get(v) === path.length) return true;
    let ok = true;
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (k === 'tags' && Array.isArray(x)) ok = checkList(sc, [...path, k], x, code, severity) && ok;
      else if (SKIP.has(k) || x === null || typeof x !== 'object') continue;
      else if (Array.isArray(x)) x.forEach((item, i) => (ok = visit(item, [...path, k, i]) && ok));
      else ok = visit(x, [...path, k]) && ok;
    }
    if (ok) clean.set(v, path.length);
    return ok;
  };
  visit(sc.root, []);
}

/**
 * Objects with no duplicate tag anywhere below, by the depth they were checked at (the walk stops at MAX_DEPTH):
 * an edit patches the plain value copy-on-path, so after it only the objects on its path are walked again. The
 * walk allocated ~2 MB per pass at 10k lines (docs/performance.md, "Requests during the slow pass, and the CLI's
 * start").
 */
const clean = new WeakMap<object, number>();

/** Reports the list's duplicate names; whether it had none. */
function checkList(sc: SemanticContext, path: JsonPath, tags: unknown[], code: string, severity: Severity): boolean {
  const seen = new Set<string>();
  let ok = true;
  tags.forEach((tag, i) => {
    if (!isObj(tag) || typeof tag.name !== 'string') return;
    if (seen.has(tag.name)) {
      ok = false;
      sc.report([...path, i, 'name'], code, `"tags" object contains duplicate tag name "${tag.name}". Remove or rename it.`, { severity });
    }
    seen.add(tag.name);
  });
  return ok;
}
