/**
 * "Did you mean" for an unresolved `$ref`: the nearest existing pointers in the target document, found by
 * correcting each missing segment to the nearest key of the object where it is missing (so the names offered
 * are of the kind the pointer asks for: `#/components/messages/…` is corrected among messages only).
 */
import { nearest } from '../../core/didYouMean';
import { pathToPointer } from '../../core/refs';
import type { JsonPath } from '../../core/yamlAst';
import { isObj } from './semanticContext';

/** Alternatives offered for the first missing segment; later ones take their single nearest key. */
const MAX_SUGGESTIONS = 3;

/** Corrected reference texts (file part kept as written), nearest first; none when nothing is close. */
export function suggestRefs(ref: string, root: unknown, path: JsonPath): string[] {
  const hash = ref.indexOf('#');
  const prefix = hash < 0 ? ref + '#' : ref.slice(0, hash + 1);
  return correctedPaths(root, path).map((p) => prefix + pathToPointer(p));
}

function correctedPaths(root: unknown, path: JsonPath): JsonPath[] {
  let value = root;
  for (let i = 0; i < path.length; i++) {
    const seg = String(path[i]);
    if (!isObj(value)) return [];
    if (Object.hasOwn(value, seg)) {
      value = value[seg];
      continue;
    }
    const out: JsonPath[] = [];
    for (const name of nearest(seg, Object.keys(value), MAX_SUGGESTIONS)) {
      // The rest of the pointer must exist below the corrected name, up to its own nearest corrections.
      const rest = correctedPaths(value[name], path.slice(i + 1));
      if (rest.length) out.push([...path.slice(0, i), name, ...rest[0]]);
    }
    return out;
  }
  return [path];
}

/** How a correction reads in a quick fix title: the one name it changes, or the whole pointer. */
export function changedName(from: JsonPath, to: JsonPath): string {
  const changed = to.filter((seg, i) => seg !== from[i]);
  return changed.length === 1 && from.length === to.length ? String(changed[0]) : pathToPointer(to);
}
