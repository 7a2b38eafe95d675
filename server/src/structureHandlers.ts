/**
 * LSP glue for the document-structure requests (issue 16.11): formatting (whole and range), folding ranges and
 * selection ranges. Their work is in languageService/core (formatting.ts, structureRanges.ts).
 */
import type { CancellationToken, Connection, ResponseError, SelectionRange, TextEdit } from 'vscode-languageserver';
import type { LanguageService } from './languageService/languageService';
import type { LineIndex } from './languageService/core/lineIndex';
import type { Span } from './languageService/core/types';
import { toRange, toSpan } from './convert';

type WithDoc = <T>(method: string, uri: string, token: CancellationToken | undefined, fn: (lines: LineIndex) => T) => T | ResponseError<void> | null;

export const structureCapabilities = {
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
  foldingRangeProvider: true,
  selectionRangeProvider: true,
};

export function registerStructureHandlers(connection: Connection, service: LanguageService, withDoc: WithDoc): void {
  const edits = (lines: LineIndex, list: { start: number; end: number; newText: string }[]): TextEdit[] =>
    list.map((e) => ({ range: toRange(lines, e), newText: e.newText }));
  connection.onDocumentFormatting((p, token) =>
    withDoc('formatting', p.textDocument.uri, token, (lines) => edits(lines, service.format(p.textDocument.uri, { tabSize: p.options.tabSize }))),
  );
  connection.onDocumentRangeFormatting((p, token) =>
    withDoc('rangeFormatting', p.textDocument.uri, token, (lines) =>
      edits(lines, service.format(p.textDocument.uri, { tabSize: p.options.tabSize }, toSpan(lines, p.range))),
    ),
  );
  connection.onFoldingRanges((p, token) => withDoc('foldingRange', p.textDocument.uri, token, () => service.foldingRanges(p.textDocument.uri)));
  connection.onSelectionRanges((p, token) =>
    withDoc('selectionRange', p.textDocument.uri, token, (lines) =>
      service
        .selectionRanges(
          p.textDocument.uri,
          p.positions.map((pos) => lines.offset(pos.line, pos.character)),
        )
        .map((chain) => nest(lines, chain)),
    ),
  );
}

/** Innermost first → the LSP's nested form (each range with its parent). */
function nest(lines: LineIndex, chain: Span[]): SelectionRange {
  let parent: SelectionRange | undefined;
  for (const span of [...chain].reverse()) parent = { range: toRange(lines, span), parent };
  return parent ?? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}
