/** Formatting, folding and selection ranges through the bundled server over stdio (issue 16.11). */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FoldingRange, SelectionRange, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';

const URI = 'file:///structure/asyncapi.yaml';
const TEXT = "asyncapi: 3.0.0 # v3\ninfo:\n    title: t\n    version: '1'\nchannels:\n    room:\n        address: r\n";

const client = new LspClient();
before(async () => {
  const init = (await client.initialize(null)) as { capabilities: Record<string, unknown> };
  for (const c of ['documentFormattingProvider', 'documentRangeFormattingProvider', 'foldingRangeProvider', 'selectionRangeProvider']) {
    assert.equal(init.capabilities[c], true, c);
  }
  await client.open(URI, TEXT);
});
after(() => client.shutdown());

function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)))
    text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

test('formatting re-indents and keeps the comment', async () => {
  const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: URI }, options: { tabSize: 2, insertSpaces: true } });
  assert.equal(apply(TEXT, edits), "asyncapi: 3.0.0 # v3\ninfo:\n  title: t\n  version: '1'\nchannels:\n  room:\n    address: r\n");
});

test('folding ranges and selection ranges', async () => {
  const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: URI } });
  assert.deepEqual(
    folds.map((f) => [f.startLine, f.endLine]),
    [
      [1, 3],
      [4, 6],
      [5, 6],
    ],
  );
  const [sel] = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri: URI }, positions: [{ line: 6, character: 18 }] });
  assert.deepEqual(sel.range, { start: { line: 6, character: 17 }, end: { line: 6, character: 18 } });
  assert.deepEqual(sel.parent!.range, { start: { line: 6, character: 8 }, end: { line: 6, character: 18 } });
});
