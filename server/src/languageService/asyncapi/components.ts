/**
 * What a `$ref` can point at: the components of a document (and the 3.x channels, servers, operations and
 * channel messages), the declaration under the cursor, and the set of documents a reference search covers.
 * All read from the cached AST and ref index.
 */
import { isMap, type Node, type Pair } from 'yaml';
import type { DocumentStore } from '../core/documentStore';
import { refIndex } from '../core/refIndex';
import type { SpecDocument } from '../core/specDocument';
import type { Span } from '../core/types';
import { findPair, keyText, nodeAtOffset, type JsonPath } from '../core/yamlAst';

export interface PointerTarget {
  path: JsonPath;
  /** Component kind (`schemas`, `messages`, ...), or `channels`/`servers`/`operations`/`channelMessages`, or '' for fragment keys. */
  kind: string;
  key: Node;
  value: Node | undefined;
}

export interface Declaration {
  uri: string;
  path: JsonPath;
  keySpan: Span;
  name: string;
  /** Only components can be renamed (their refs are the only way to reach them). */
  renamable: boolean;
}

export function isV3(doc: SpecDocument): boolean {
  return /^3\./.test(doc.topLevelScalar('asyncapi') ?? '');
}

export function isAsyncApi(doc: SpecDocument): boolean {
  return doc.topLevelScalar('asyncapi') !== undefined;
}

function pairsOf(node: unknown): Pair[] {
  return isMap(node) ? (node.items as Pair[]) : [];
}

/** Everything in a document a `$ref` may target, in document order. */
export function pointerTargets(doc: SpecDocument): PointerTarget[] {
  const out: PointerTarget[] = [];
  const root = doc.ast.contents;
  const push = (path: JsonPath, kind: string, p: Pair) => {
    if (p.key && (p.key as Node).range) out.push({ path, kind, key: p.key as Node, value: (p.value ?? undefined) as Node | undefined });
  };
  if (!isAsyncApi(doc)) {
    // A fragment file (messages.yaml, schemas.yaml): its top-level keys are what other files point at.
    for (const p of pairsOf(root)) push([keyText(p) ?? ''], '', p);
    return out;
  }
  if (isV3(doc)) {
    for (const top of ['servers', 'channels', 'operations']) {
      for (const p of pairsOf(findPair(root, top)?.value)) {
        const name = keyText(p) ?? '';
        push([top, name], top, p);
        if (top === 'channels') {
          for (const m of pairsOf(findPair(p.value, 'messages')?.value)) push([top, name, 'messages', keyText(m) ?? ''], 'channelMessages', m);
        }
      }
    }
  }
  for (const group of pairsOf(findPair(root, 'components')?.value)) {
    const kind = keyText(group) ?? '';
    for (const p of pairsOf(group.value)) push(['components', kind, keyText(p) ?? ''], kind, p);
  }
  return out;
}

/** The declaration whose key is under the cursor (a component, or a 3.x channel/server/operation). */
export function declarationAt(doc: SpecDocument, offset: number): Declaration | undefined {
  const at = nodeAtOffset(doc.ast, offset);
  if (!at.onKey || !at.node?.range) return undefined;
  const path = at.path;
  const keySpan = { start: at.node.range[0], end: at.node.range[1] };
  const name = String(path[path.length - 1]);
  if (path.length === 3 && path[0] === 'components') return { uri: doc.uri, path, keySpan, name, renamable: true };
  if (!isAsyncApi(doc)) return path.length === 1 ? { uri: doc.uri, path, keySpan, name, renamable: true } : undefined;
  if (isV3(doc) && path.length === 2 && ['channels', 'servers', 'operations'].includes(String(path[0]))) {
    return { uri: doc.uri, path, keySpan, name, renamable: false };
  }
  return undefined;
}

export function samePrefix(prefix: JsonPath, path: JsonPath): boolean {
  if (path.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (String(prefix[i]) !== String(path[i])) return false;
  return true;
}

/** Upper bound on documents a reference search reads (a referenced-file cycle or a huge workspace). */
const MAX_DOCUMENTS = 500;

/**
 * The documents a reference search covers: this one, every open document, and the files reachable from them
 * through `$ref`s (read through the store, which parses each version once).
 */
export function searchDocuments(store: DocumentStore, start: SpecDocument, dependsOn?: Set<string>): SpecDocument[] {
  const seen = new Map<string, SpecDocument>();
  const queue: string[] = [start.uri, ...store.openUris()];
  while (queue.length && seen.size < MAX_DOCUMENTS) {
    const uri = queue.shift()!;
    if (seen.has(uri)) continue;
    const doc = uri === start.uri ? start : store.get(uri);
    if (!doc) continue;
    seen.set(uri, doc);
    if (uri !== start.uri) dependsOn?.add(uri);
    for (const f of refIndex(doc).files) if (!seen.has(f) && /\.(ya?ml|json)$/i.test(f.split('#')[0])) queue.push(f);
  }
  return [...seen.values()];
}

const requirementCache = new WeakMap<SpecDocument, { name: string; span: Span }[]>();

/**
 * 2.x security requirement keys (`security: [{petstore_auth: []}]`): they name security schemes without a
 * `$ref`, so references and rename of a scheme must include them. Any `security:` sequence of mappings counts.
 */
export function securityRequirementKeys(doc: SpecDocument): { name: string; span: Span }[] {
  let out = requirementCache.get(doc);
  if (out) return out;
  out = [];
  const found = out;
  const visit = (node: unknown, depth: number): void => {
    if (depth > 200 || !isMap(node)) return;
    for (const p of node.items as Pair[]) {
      const v = p.value as { items?: unknown[] } | null;
      if (keyText(p) === 'security' && v && Array.isArray(v.items) && !isMap(v)) {
        for (const req of v.items) {
          for (const rp of pairsOf(req)) {
            const k = rp.key as Node;
            if (k?.range) found.push({ name: keyText(rp) ?? '', span: { start: k.range[0], end: k.range[1] } });
          }
        }
      } else if (v && Array.isArray(v.items) && !isMap(v)) for (const it of v.items) visit(it, depth + 1);
      else visit(p.value, depth + 1);
    }
  };
  if (!isV3(doc)) visit(doc.ast.contents, 0);
  requirementCache.set(doc, out);
  return out;
}
