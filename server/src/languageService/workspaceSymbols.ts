/**
 * Workspace symbols (Ctrl+T): the components, channels and operations of AsyncAPI documents and the types of
 * Fern files, taken from each document's Outline (its `symbols`). Positions are kept as lines and characters
 * too, so the workspace index can answer for a file it no longer holds.
 */
import { isMap, type Node, type Pair } from 'yaml';
import type { SpecDocument, SpecKind } from './core/specDocument';
import type { LineIndex } from './core/lineIndex';
import { SymbolKind, type Span, type SpecSymbol } from './core/types';
import { findPair, keyText } from './core/yamlAst';

export interface Position {
  line: number;
  character: number;
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  /** Where it sits (`channels`, `components/messages`, `types`). */
  container: string;
  uri: string;
  /** The key (what the editor selects), as offsets and as positions. */
  span: Span;
  start: Position;
  end: Position;
}

/** The Outline groups whose children are workspace symbols. */
const GROUPS: Record<string, string[]> = { asyncapi: ['channels', 'operations'], fern: ['types'] };

export function workspaceSymbolsOf(uri: string, kind: SpecKind, lines: LineIndex, outline: SpecSymbol[]): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  const add = (container: string, s: SpecSymbol) =>
    out.push({ name: s.name, kind: s.kind, container, uri, span: s.selection, start: lines.position(s.selection.start), end: lines.position(s.selection.end) });
  for (const top of outline) {
    if (GROUPS[kind]?.includes(top.name)) for (const c of top.children) add(top.name, c);
    if (kind === 'asyncapi' && top.name === 'components') {
      for (const group of top.children) for (const c of group.children) add(`components/${group.name}`, c);
    }
  }
  return out;
}

/**
 * The top-level keys of a fragment file specs reference (`common/messages.yaml`): a message where it has a
 * `payload`, a schema where it has a `type` or `properties`, else an object; the container is the file's name.
 */
export function fragmentSymbols(doc: SpecDocument): WorkspaceSymbol[] {
  const root = doc.ast.contents;
  if (!isMap(root)) return [];
  const container = doc.uri.slice(doc.uri.lastIndexOf('/') + 1);
  const out: WorkspaceSymbol[] = [];
  for (const p of root.items as Pair[]) {
    const r = (p.key as Node | null)?.range;
    if (!r) continue;
    const kind = findPair(p.value, 'payload')
      ? SymbolKind.Event
      : findPair(p.value, 'type') || findPair(p.value, 'properties')
        ? SymbolKind.Struct
        : SymbolKind.Object;
    const span = { start: r[0], end: r[1] };
    out.push({ name: keyText(p) ?? '', kind, container, uri: doc.uri, span, start: doc.lineIndex.position(span.start), end: doc.lineIndex.position(span.end) });
  }
  return out;
}
