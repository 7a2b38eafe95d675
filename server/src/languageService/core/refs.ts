/**
 * `$ref` resolution shared by every feature: split a reference into file + JSON pointer, resolve it against
 * the document store, and find the AST node it points at (for go-to-definition, hover previews, diagnostics).
 */
import type { Node } from 'yaml';
import type { DocumentStore } from './documentStore';
import type { SpecDocument } from './specDocument';
import { nodeAtPath, type JsonPath } from './yamlAst';

export interface ParsedRef {
  /** Absolute URI of the target document (the referring document for local refs). */
  uri: string;
  /** JSON pointer segments, unescaped (`~1` → `/`, `~0` → `~`). */
  path: JsonPath;
  /** The pointer as written after `#` (may be empty). */
  pointer: string;
  local: boolean;
  remote: boolean;
}

export function unescapePointerSegment(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function escapePointerSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerToPath(pointer: string): JsonPath {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  let p = pointer;
  try {
    p = decodeURIComponent(pointer);
  } catch {
    // keep as written; a malformed escape is reported by whoever resolves it
  }
  return p.replace(/^\//, '').split('/').map(unescapePointerSegment);
}

export function pathToPointer(path: JsonPath): string {
  return path.length ? '/' + path.map((s) => escapePointerSegment(String(s))).join('/') : '';
}

export function parseRef(ref: string, baseUri: string): ParsedRef | undefined {
  if (typeof ref !== 'string') return undefined;
  const hash = ref.indexOf('#');
  const file = hash < 0 ? ref : ref.slice(0, hash);
  const pointer = hash < 0 ? '' : ref.slice(hash + 1);
  const remote = /^https?:/i.test(file);
  let uri = baseUri;
  if (file) {
    try {
      uri = new URL(file, baseUri).toString();
    } catch {
      return undefined;
    }
  }
  return { uri, path: pointerToPath(pointer), pointer, local: !file, remote };
}

export interface ResolvedRef {
  doc: SpecDocument;
  path: JsonPath;
  /** Value node in the target document. */
  node: Node | undefined;
  /** Key node of the target (what definition jumps to). */
  key: Node | undefined;
}

/** Resolves a reference to its target node, or undefined when the file or the pointer does not exist. */
export function resolveRef(store: DocumentStore, ref: ParsedRef): ResolvedRef | undefined {
  if (ref.remote) return undefined;
  const doc = store.get(ref.uri);
  if (!doc) return undefined;
  const t = nodeAtPath(doc.ast, ref.path);
  if (t.depth !== ref.path.length) return undefined;
  return { doc, path: ref.path, node: t.value, key: t.key };
}

/** Follows a plain-JS pointer into a value (no AST). */
export function valueAtPath(root: unknown, path: JsonPath): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(seg)];
  }
  return v;
}
