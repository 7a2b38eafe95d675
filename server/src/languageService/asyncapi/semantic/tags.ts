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
  const stack: [unknown, JsonPath][] = [[sc.root, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (!isObj(v) || path.length > MAX_DEPTH) continue;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'tags' && Array.isArray(x)) checkList(sc, [...path, k], x, code, severity);
      else if (!SKIP.has(k)) {
        if (Array.isArray(x)) x.forEach((item, i) => stack.push([item, [...path, k, i]]));
        else stack.push([x, [...path, k]]);
      }
    }
  }
}

function checkList(sc: SemanticContext, path: JsonPath, tags: unknown[], code: string, severity: Severity): void {
  const seen = new Set<string>();
  tags.forEach((tag, i) => {
    if (!isObj(tag) || typeof tag.name !== 'string') return;
    if (seen.has(tag.name))
      sc.report([...path, i, 'name'], code, `"tags" object contains duplicate tag name "${tag.name}". Remove or rename it.`, { severity });
    seen.add(tag.name);
  });
}
