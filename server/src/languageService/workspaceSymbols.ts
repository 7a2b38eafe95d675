/**
 * Workspace symbols (Ctrl+T): the components, channels and operations of AsyncAPI documents and the types of
 * Fern files, taken from each document's Outline (its `symbols`). Positions are kept as lines and characters
 * too, so the workspace index can answer for a file it no longer holds.
 */
import type { SpecKind } from './core/specDocument';
import type { LineIndex } from './core/lineIndex';
import type { Span, SpecSymbol, SymbolKind } from './core/types';

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
