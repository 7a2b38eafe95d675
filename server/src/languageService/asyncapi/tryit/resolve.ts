/**
 * Walking a spec for the Try it model: objects may be `$ref`s (to this file or another), and every part
 * the panel can reveal needs a location in the file that actually declares it. A `Node` is a plain value
 * together with where it came from, so locations stay right across `$ref`s and files.
 */
import type { SpecLocation } from '../../../../../common/src/tryItModel';
import type { DocumentStore } from '../../core/documentStore';
import { refusalMessage } from '../../core/refAccess';
import { parseRef, valueAtPath } from '../../core/refs';
import type { Document, Node, Pair } from 'yaml';
import { isAlias, isMap, isSeq, keyText, type JsonPath } from '../../core/yamlAst';

export interface SpecNode {
  value: unknown;
  uri: string;
  path: JsonPath;
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** What the builders share: the store to follow refs and a sink for problems (never thrown). */
export interface BuildContext {
  store: DocumentStore;
  problems: string[];
  /** Files read through refs, so the model is rebuilt when they change. */
  files: Set<string>;
  /** Schemas cut to keep the model small (see boundSchema.ts), reported once. */
  truncated: string[];
  /** One dereference memo for the whole model: payloads sharing schemas expand them once. */
  derefMemo: Map<string, unknown>;
  /** Key index of YAML mappings, for locations (see `astNodeAt`). */
  keyIndex: Map<object, Map<string, Pair>>;
}

/** Follows `$ref` chains (at most 32 hops, so ref loops end) to the object that declares the thing. */
export function follow(bc: BuildContext, node: SpecNode): SpecNode | undefined {
  let cur = node;
  for (let hops = 0; hops < 32; hops++) {
    const v = cur.value;
    if (!isObj(v) || typeof v.$ref !== 'string') return cur;
    const ref = parseRef(v.$ref, cur.uri);
    if (!ref || ref.remote) {
      bc.problems.push(`Cannot resolve ${v.$ref}${ref?.remote ? ' (remote references are not fetched)' : ''}.`);
      return undefined;
    }
    const refused = bc.store.refusal(ref.uri);
    if (refused) {
      bc.problems.push(refusalMessage(v.$ref, refused));
      return undefined;
    }
    const doc = bc.store.get(ref.uri);
    if (ref.uri !== node.uri) bc.files.add(ref.uri);
    const target = doc ? valueAtPath(doc.value, ref.path) : undefined;
    if (target === undefined) {
      bc.problems.push(`Cannot resolve ${v.$ref}: ${doc ? 'no such pointer' : 'file not found'}.`);
      return undefined;
    }
    cur = { value: target, uri: ref.uri, path: ref.path };
  }
  bc.problems.push(`Reference loop at ${pathText(node.path)}.`);
  return undefined;
}

/** A child of a node (no ref following). */
export function child(node: SpecNode, key: string | number): SpecNode {
  const v = isObj(node.value) || Array.isArray(node.value) ? (node.value as Obj)[key as string] : undefined;
  return { value: v, uri: node.uri, path: [...node.path, key] };
}

/** Entries of a mapping child, each resolved. */
export function entries(bc: BuildContext, node: SpecNode | undefined, key?: string): [string, SpecNode][] {
  const m = node && (key === undefined ? node : child(node, key));
  if (!m || !isObj(m.value)) return [];
  const out: [string, SpecNode][] = [];
  for (const k of Object.keys(m.value)) {
    const r = follow(bc, child(m, k));
    if (r) out.push([k, r]);
  }
  return out;
}

/** Location of a node: its key when it has one (what code lenses sit on), else its value. */
export function locationOf(bc: BuildContext, node: { uri: string; path: JsonPath }): SpecLocation | undefined {
  const doc = bc.store.get(node.uri);
  if (!doc) return undefined;
  const target = astNodeAt(bc, doc.ast, node.path);
  if (!target?.range) return undefined;
  const pos = doc.lineIndex.position(target.range[0]);
  return { uri: node.uri, line: pos.line, character: pos.character };
}

/**
 * Like `nodeAtPath`, with each mapping's keys indexed once per build: a model asks for hundreds of locations
 * under the same large mappings (`components.schemas`), and a linear scan per step made 50k-line specs slow.
 * The index lives in the build context, so an AST updated in place later is never read through a stale index.
 */
function astNodeAt(bc: BuildContext, doc: Document, path: JsonPath): Node | undefined {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      let index = bc.keyIndex.get(node);
      if (!index) {
        index = new Map();
        for (const item of node.items) {
          const k = keyText(item as Pair);
          if (k !== undefined && !index.has(k)) index.set(k, item as Pair);
        }
        bc.keyIndex.set(node, index);
      }
      const pair = index.get(String(seg));
      if (!pair) return undefined;
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) return undefined;
      key = undefined;
      node = item;
    } else return undefined;
  }
  return key ?? (node as Node | undefined) ?? undefined;
}

export function pathText(path: JsonPath): string {
  return '#/' + path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** Builds one part; a bug or an odd shape there becomes a problem and the rest of the model survives. */
export function attempt<T>(bc: BuildContext, part: string, f: () => T, fallback: T): T {
  try {
    return f();
  } catch (e) {
    bc.problems.push(`Could not build ${part}: ${e instanceof Error ? e.message : String(e)}`);
    return fallback;
  }
}
