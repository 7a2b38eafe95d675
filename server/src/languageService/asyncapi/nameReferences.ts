/**
 * 2.x names that point at a declaration without a `$ref`: a security requirement key
 * (`security: [{petstore_auth: []}]`) names a security scheme, and an entry of a channel's `servers` list names a
 * server. References and rename of the scheme or server must include them, and definition follows them.
 * (3.x reaches both through `$ref`s.)
 */
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { isV3 } from './components';
import type { SpecDocument } from '../core/specDocument';
import type { Span } from '../core/types';
import { findPair, keyText, type JsonPath } from '../core/yamlAst';

export interface NameReference {
  /** The declaration named, in the same document. */
  target: JsonPath;
  name: string;
  span: Span;
}

const cache = new WeakMap<SpecDocument, NameReference[]>();

export function nameReferences(doc: SpecDocument): NameReference[] {
  let out = cache.get(doc);
  if (!out) {
    out = isV3(doc) ? [] : [...securityRequirementKeys(doc.ast.contents), ...channelServerNames(doc.ast.contents)];
    cache.set(doc, out);
  }
  return out;
}

/** The name reference under `offset` (its end inclusive). */
export function nameReferenceAt(doc: SpecDocument, offset: number): NameReference | undefined {
  return nameReferences(doc).find((k) => offset >= k.span.start && offset <= k.span.end);
}

/** Any `security:` sequence of mappings counts (servers, operations, the root). */
function securityRequirementKeys(root: unknown): NameReference[] {
  const found: NameReference[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 200 || !isMap(node)) return;
    for (const p of node.items as Pair[]) {
      if (keyText(p) === 'security' && isSeq(p.value)) {
        for (const req of p.value.items) {
          for (const rp of isMap(req) ? (req.items as Pair[]) : []) {
            const k = rp.key as Node;
            const name = keyText(rp) ?? '';
            if (k?.range) found.push({ target: ['components', 'securitySchemes', name], name, span: { start: k.range[0], end: k.range[1] } });
          }
        }
      } else if (isSeq(p.value)) for (const it of p.value.items) visit(it, depth + 1);
      else visit(p.value, depth + 1);
    }
  };
  visit(root, 0);
  return found;
}

function channelServerNames(root: unknown): NameReference[] {
  const out: NameReference[] = [];
  const channels = findPair(root, 'channels')?.value;
  for (const c of isMap(channels) ? (channels.items as Pair[]) : []) {
    const list = findPair(c.value, 'servers')?.value;
    for (const item of isSeq(list) ? list.items : []) {
      if (isScalar(item) && typeof item.value === 'string' && item.range) {
        out.push({ target: ['servers', item.value], name: item.value, span: { start: item.range[0], end: item.range[1] } });
      }
    }
  }
  return out;
}
