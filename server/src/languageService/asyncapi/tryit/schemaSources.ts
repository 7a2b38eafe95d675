/**
 * Where each part of a dereferenced payload schema is written in the spec, so a validation error
 * (ajv's `schemaPath` points into the dereferenced schema) can reveal the right line. Walks the original
 * schema the way `dereference` does, breadth first, and stops after a bounded number of entries: the
 * client uses the longest recorded prefix of a schema path.
 */
import type { SchemaLocations } from '../../../../../common/src/tryItModel';
import { parseRef, valueAtPath } from '../../core/refs';
import { isObj, locationOf, type BuildContext, type SpecNode } from './resolve';

const MAX_ENTRIES = 100;
/** Deeper errors reveal their nearest recorded ancestor (six property levels down at least). */
const MAX_POINTER_DEPTH = 12;
/** Data, not schemas: never the target of a reveal. */
const DATA = new Set(['enum', 'const', 'default', 'examples', 'example', 'required']);
/** Maps of sub-schemas: an error's schema path always goes through them to a recorded schema. */
const CONTAINERS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);

export function schemaSources(bc: BuildContext, root: SpecNode): SchemaLocations {
  const out: SchemaLocations = { uris: [], at: {} };
  const uriIndex = new Map<string, number>();
  let count = 0;
  const queue: { node: SpecNode; pointer: string; depth: number; container: boolean }[] = [{ node: root, pointer: '', depth: 0, container: false }];
  for (let i = 0; i < queue.length && count < MAX_ENTRIES; i++) {
    const { pointer, depth, container } = queue[i];
    const node = followRefs(bc, queue[i].node);
    if (!node || (!isObj(node.value) && !Array.isArray(node.value))) continue;
    if (isObj(node.value) && !container) {
      const loc = locationOf(bc, node);
      if (loc) {
        let u = uriIndex.get(loc.uri);
        if (u === undefined) {
          u = out.uris.push(loc.uri) - 1;
          uriIndex.set(loc.uri, u);
        }
        out.at[pointer] = [u, loc.line, loc.character];
        count++;
      }
    }
    if (depth >= MAX_POINTER_DEPTH) continue;
    const v = node.value as Record<string, unknown>;
    for (const k of Object.keys(v)) {
      const c = v[k];
      if (c === null || typeof c !== 'object' || (!container && DATA.has(k))) continue;
      const isContainer = !container && !Array.isArray(v) && CONTAINERS.has(k);
      queue.push({
        node: { value: c, uri: node.uri, path: [...node.path, Array.isArray(v) ? Number(k) : k] },
        pointer: pointer + '/' + escape(k),
        depth: depth + 1,
        container: isContainer,
      });
    }
  }
  return out;
}

/** Like `follow`, but silent: unresolved refs were already reported when the payload was dereferenced. */
function followRefs(bc: BuildContext, node: SpecNode): SpecNode | undefined {
  let cur = node;
  for (let hops = 0; hops < 32; hops++) {
    if (!isObj(cur.value) || typeof cur.value.$ref !== 'string') return cur;
    const ref = parseRef(cur.value.$ref, cur.uri);
    if (!ref || ref.remote) return undefined;
    const target = valueAtPath(bc.store.get(ref.uri)?.value, ref.path);
    if (target === undefined) return undefined;
    cur = { value: target, uri: ref.uri, path: ref.path };
  }
  return undefined;
}

function escape(k: string): string {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}
