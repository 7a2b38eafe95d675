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

/**
 * The declaration whose key is under the cursor: a component, a fragment file's top-level key, a channel or
 * server (2.x and 3.x), a 3.x operation or channel message (also under components).
 */
export function declarationAt(doc: SpecDocument, offset: number): Declaration | undefined {
  const at = nodeAtOffset(doc.ast, offset);
  if (!at.onKey || !at.node?.range) return undefined;
  const path = at.path;
  const keySpan = { start: at.node.range[0], end: at.node.range[1] };
  return isDeclarationPath(doc, path) ? { uri: doc.uri, path, keySpan, name: String(path[path.length - 1]) } : undefined;
}

function isDeclarationPath(doc: SpecDocument, path: JsonPath): boolean {
  // A components section is one in any file a `$ref` reaches (a shared `components.yaml` need not be a spec); there
  // `components` itself is structure, not a name, as in a spec.
  if (path.length === 3 && path[0] === 'components') return true;
  if (!isAsyncApi(doc)) return path.length === 1 && path[0] !== 'components';
  const top = String(path[0]);
  if (path.length === 2) return top === 'channels' || top === 'servers' || (top === 'operations' && isV3(doc));
  // 3.x channel messages: channels.<c>.messages.<m>, and the same under components.
  const inChannel = top === 'components' ? path.slice(1) : path;
  return isV3(doc) && inChannel.length === 4 && inChannel[0] === 'channels' && inChannel[2] === 'messages';
}

export function samePrefix(prefix: JsonPath, path: JsonPath): boolean {
  if (path.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (String(prefix[i]) !== String(path[i])) return false;
  return true;
}

/** Upper bound on documents a reference search reads (a referenced-file cycle or a huge workspace). */
const MAX_DOCUMENTS = 2000;

/**
 * The documents a reference search covers: this one, every open document, the files that reference `target`
 * (the workspace index's reverse edges: closed files too), and the files reachable from all of these through
 * `$ref`s, read through the store, which parses each version once.
 */
export function searchDocuments(store: DocumentStore, start: SpecDocument, dependsOn?: Set<string>, target?: string): SpecDocument[] {
  const seen = new Map<string, SpecDocument>();
  const queue: string[] = [start.uri, ...store.openUris()];
  // Closed referrers are read without being kept: a search over hundreds of them must not leave them all parsed.
  const referrers = new Set(target ? store.referrers(target) : []);
  queue.push(...referrers);
  while (queue.length && seen.size < MAX_DOCUMENTS) {
    const uri = queue.shift()!;
    if (seen.has(uri)) continue;
    const doc = uri === start.uri ? start : referrers.has(uri) ? store.peek(uri, () => true) : store.get(uri);
    if (!doc) continue;
    seen.set(uri, doc);
    if (uri !== start.uri) dependsOn?.add(uri);
    for (const f of refIndex(doc).files) if (!seen.has(f) && /\.(ya?ml|json)$/i.test(f.split('#')[0])) queue.push(f);
  }
  return [...seen.values()];
}
