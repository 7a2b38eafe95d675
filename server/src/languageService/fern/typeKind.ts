/**
 * The keys a Fern type declaration allows once its kind is chosen. `typeDeclarationShape` lists every key of
 * every kind (the kind is decided by which keys are present), so inside an object type key completion offered
 * `enum`, `union` and `discriminant` too; a key that decides the kind narrows the list to that kind's keys.
 */
import { isScalar, isSeq } from 'yaml';
import type { SpecDocument } from '../core/specDocument';
import { findPair, nodeAtPath, type JsonPath } from '../core/yamlAst';

const COMMON = ['docs', 'availability', 'audiences', 'examples', 'encoding', 'source', 'inline', 'display-name'];

const KIND_KEYS: Record<string, string[]> = {
  alias: ['type', 'validation'],
  object: ['extends', 'properties', 'extra-properties'],
  enum: ['enum', 'default', 'forward-compatible'],
  union: ['union', 'discriminant', 'discriminated', 'extends', 'base-properties', 'default-variant'],
  undiscriminated: ['union', 'discriminated'],
};

/** The kinds a key written in a declaration leaves possible (keys shared by several kinds leave several). */
function kindsOf(key: string): string[] {
  return Object.keys(KIND_KEYS).filter((k) => KIND_KEYS[k].includes(key));
}

/** Keys the type declaration at `path` (`types.X`) may still take, or undefined while its kind is open. */
export function typeKindKeys(doc: SpecDocument, path: JsonPath, existing: Set<string>): Set<string> | undefined {
  if (path.length !== 2 || path[0] !== 'types') return undefined;
  const decl = nodeAtPath(doc.ast, path).value;
  const disc = findPair(decl, 'discriminated')?.value;
  const undiscriminated = (isScalar(disc) && disc.value === false) || isSeq(findPair(decl, 'union')?.value);
  let kinds: string[] | undefined;
  for (const key of existing) {
    const of = kindsOf(key);
    if (of.length) kinds = (kinds ?? of).filter((k) => of.includes(k));
  }
  if (!kinds) return undefined;
  // `union` alone is a discriminated union unless it says `discriminated: false` (or lists its members).
  if (kinds.includes('union') && kinds.includes('undiscriminated')) kinds = [undiscriminated ? 'undiscriminated' : 'union'];
  return new Set([...COMMON, ...kinds.flatMap((k) => KIND_KEYS[k])]);
}
