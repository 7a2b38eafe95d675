/** Offsets ↔ LSP shapes, at the edge only. */
import {
  DiagnosticSeverity,
  type Diagnostic,
  type Range,
  type CompletionItem,
  type CompletionList,
  InsertTextFormat,
  type DocumentSymbol,
  type WorkspaceEdit as LspWorkspaceEdit,
  type Location as LspLocation,
} from 'vscode-languageserver/node';
import type { LineIndex } from './languageService/core/lineIndex';
import type { DocumentStore } from './languageService/core/documentStore';
import type { Location, Span, SpecCompletion, SpecDiagnostic, SpecSymbol, WorkspaceEdit } from './languageService/core/types';

/** Every range the server sends goes through here, so each is clamped to the document in this one place. */
export function toRange(lines: LineIndex, span: Span): Range {
  const start = lines.clamp(span.start);
  return { start: lines.position(start), end: lines.position(Math.max(start, lines.clamp(span.end))) };
}

export function toSpan(lines: LineIndex, range: Range): Span {
  return { start: lines.offset(range.start.line, range.start.character), end: lines.offset(range.end.line, range.end.character) };
}

export function toDiagnostic(lines: LineIndex, d: SpecDiagnostic): Diagnostic {
  return {
    range: toRange(lines, d),
    severity: d.severity as DiagnosticSeverity,
    code: d.code,
    source: 'specsocket',
    message: d.message,
    data: d.data,
  };
}

export function fromDiagnostic(lines: LineIndex, d: Diagnostic): SpecDiagnostic {
  return {
    ...toSpan(lines, d.range),
    severity: (d.severity ?? 1) as number,
    code: String(d.code ?? ''),
    message: typeof d.message === 'string' ? d.message : d.message.value,
    data: d.data as SpecDiagnostic['data'],
  };
}

/**
 * The span a completion replaces, as a client accepts it: on the cursor's line and containing the cursor
 * (VS Code drops the whole list over one item that is not). A span from broken input (a key that is a
 * collection) is cut to the cursor's line, or becomes the cursor when even that does not hold it.
 */
export function editSpan(lines: LineIndex, replace: Span | undefined, cursor: number): Span {
  const at = lines.clamp(cursor);
  if (!replace) return { start: at, end: at };
  const line = lines.lineBounds(at);
  const start = Math.max(lines.clamp(replace.start), line.start);
  const end = Math.min(lines.clamp(replace.end), line.end);
  return start <= at && at <= end ? { start, end } : { start: at, end: at };
}

export function toCompletion(lines: LineIndex, c: SpecCompletion, cursor: number): CompletionItem {
  const replace = editSpan(lines, c.replace, cursor);
  return { ...itemFields(c), textEdit: { range: toRange(lines, replace), newText: c.insertText } };
}

/** What an item says besides its edit; fields equal to their default are left out (lists can be long). */
function itemFields(c: SpecCompletion): CompletionItem {
  const item: CompletionItem = { label: c.label, kind: c.kind as CompletionItem['kind'] };
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = { kind: 'markdown', value: c.documentation };
  if (c.sortText) item.sortText = c.sortText;
  if (c.filterText && c.filterText !== c.label) item.filterText = c.filterText;
  if (c.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  return item;
}

/**
 * The completion list. With a client that takes an `editRange` default (LSP 3.17 `itemDefaults`; VS Code does),
 * the items that replace the same span share it and carry only their text: a `$ref` list of a big spec holds
 * hundreds of items with one span, and converting, sending and parsing a range per item was most of its time.
 */
export function toCompletionList(lines: LineIndex, items: SpecCompletion[], cursor: number, editRangeDefault: boolean): CompletionList {
  if (!editRangeDefault || items.length === 0) return { isIncomplete: false, items: items.map((c) => toCompletion(lines, c, cursor)) };
  const spanOf = (c: SpecCompletion) => editSpan(lines, c.replace, cursor);
  const shared = spanOf(items[0]);
  const same = (c: SpecCompletion) => spanOf(c).start === shared.start && spanOf(c).end === shared.end;
  return {
    isIncomplete: false,
    itemDefaults: { editRange: toRange(lines, shared) },
    items: items.map((c) => (same(c) ? { ...itemFields(c), textEditText: c.insertText } : toCompletion(lines, c, cursor))),
  };
}

export function toSymbol(lines: LineIndex, s: SpecSymbol): DocumentSymbol {
  return {
    name: s.name || ' ',
    detail: s.detail,
    kind: s.kind as DocumentSymbol['kind'],
    range: toRange(lines, s.span),
    selectionRange: toRange(lines, s.selection),
    children: s.children.map((c) => toSymbol(lines, c)),
  };
}

export function toLocation(store: DocumentStore, l: Location): LspLocation | undefined {
  const lines = store.lineIndex(l.uri);
  return lines ? { uri: l.uri, range: toRange(lines, l) } : undefined;
}

export function toWorkspaceEdit(store: DocumentStore, edit: WorkspaceEdit): LspWorkspaceEdit {
  const changes: NonNullable<LspWorkspaceEdit['changes']> = {};
  for (const [uri, edits] of Object.entries(edit)) {
    const lines = store.lineIndex(uri);
    if (!lines) continue;
    changes[uri] = edits.map((e) => ({ range: toRange(lines, e), newText: e.newText }));
  }
  return { changes };
}
