/** The expected shape (fernSchema.ts) at a JSON path of a Fern file: what keys or values belong there. */
import type { SpecDocument } from '../core/specDocument';
import { nodeAtPath, type JsonPath } from '../core/yamlAst';
import { deref, isMap } from './ast';
import { inlinedBodyShape, inlinedRequestBodyShape, referencedBodyShape, referencedRequestBodyShape, rootShapeFor, type Shape } from './schema';

export function shapeAt(doc: SpecDocument, path: JsonPath): Shape | undefined {
  let shape: Shape | undefined = rootShapeFor(doc.uri);
  for (let i = 0; i < path.length && shape; i++) {
    shape = step(doc, shape, path, i);
  }
  return shape;
}

function step(doc: SpecDocument, shape: Shape, path: JsonPath, i: number): Shape | undefined {
  const seg = path[i];
  switch (shape.t) {
    case 'object':
      return shape.props[String(seg)];
    case 'map':
      return shape.values;
    case 'list':
      return shape.items;
    case 'stringOr':
      return step(doc, shape.object, path, i);
    case 'stringOrList':
      return { t: 'typeRef' };
    case 'union':
      return step(doc, typeof seg === 'number' ? shape.list : shape.map, path, i);
    case 'body': {
      // The inlined form is the one with `name` (or `properties`/`extends`); otherwise `{type, docs}`.
      const node = deref(nodeAtPath(doc.ast, path.slice(0, i)).value);
      const inlined = isMap(node) && ['name', 'properties', 'extends'].some((k) => node.items.some((p) => String((p.key as { value?: unknown })?.value) === k));
      const inl = step(doc, inlinedBodyShape, path, i);
      const ref = step(doc, referencedBodyShape, path, i);
      return inlined ? inl : (ref ?? inl);
    }
    case 'requestBody': {
      const node = deref(nodeAtPath(doc.ast, path.slice(0, i)).value);
      const referenced = isMap(node) && node.items.some((p) => String((p.key as { value?: unknown })?.value) === 'type');
      return step(doc, referenced ? referencedRequestBodyShape : inlinedRequestBodyShape, path, i);
    }
    default:
      return undefined;
  }
}

/** Keys an object shape allows (for a body that is still empty, both forms' keys). */
export function keysOf(shape: Shape | undefined): { key: string; shape: Shape; required: boolean }[] {
  if (!shape) return [];
  if (shape.t === 'stringOr') return keysOf(shape.object);
  if (shape.t === 'body') {
    const seen = new Set<string>();
    return [...keysOf(referencedBodyShape), ...keysOf(inlinedBodyShape)].filter((k) => !seen.has(k.key) && seen.add(k.key));
  }
  if (shape.t === 'requestBody') {
    const seen = new Set<string>();
    return [...keysOf(inlinedRequestBodyShape), ...keysOf(referencedRequestBodyShape)].filter((k) => !seen.has(k.key) && seen.add(k.key));
  }
  if (shape.t !== 'object') return [];
  return Object.entries(shape.props).map(([key, s]) => ({ key, shape: s, required: shape.required?.includes(key) ?? false }));
}
