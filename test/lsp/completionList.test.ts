/**
 * Completion lists in both shapes: with a client that takes a shared edit range (LSP 3.17 `itemDefaults`, as
 * VS Code's does) the items of a `$ref` list carry only their text; an older client (Neovim 0.7) gets an edit
 * per item. Both must apply the same edits.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { generateAsyncApi } from '../helpers/generate';
import { LspClient } from '../helpers/lspClient';

const modern = new LspClient();
const older = new LspClient();
after(() => Promise.all([modern.shutdown(), older.shutdown()]));

const uri = 'file:///tmp/specsocket-lsp/completion-list.yaml';
const text = generateAsyncApi('3.0', 1000);
const lines = text.split('\n');
const line = lines.findIndex((l) => l.includes("$ref: '#/components/schemas/"));
const position = { line, character: lines[line].indexOf('#/components/schemas/') + '#/components/schemas/'.length };

test('a $ref list shares one edit range with a client that takes it, and applies the same edits as per-item ones', async () => {
  await modern.initialize();
  await older.initialize(null, { itemDefaults: false });
  await Promise.all([modern.open(uri, text), older.open(uri, text)]);

  const raw = await modern.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  assert.ok(!Array.isArray(raw) && raw.itemDefaults?.editRange, 'a list with a default edit range');
  const refs = raw.items.filter((i) => i.label.startsWith('#/components/'));
  assert.ok(refs.length >= 10, `${refs.length} component refs`);
  assert.ok(
    refs.every((i) => !i.textEdit && i.textEditText === `'${i.label}'`),
    'items carry their text only',
  );

  const perItem = await older.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  const olderItems = Array.isArray(perItem) ? perItem : perItem.items;
  assert.ok(
    olderItems.every((i) => i.textEdit),
    'every item has its own edit for a client without itemDefaults',
  );

  const edits = (items: CompletionItem[]) => items.map((i) => JSON.stringify([i.label, i.textEdit])).sort();
  assert.deepEqual(edits(await modern.completion(uri, position)), edits(olderItems));
  // The value being replaced is the whole quoted ref on that line.
  const edit = olderItems.find((i) => i.label.startsWith('#/components/schemas/'))!.textEdit as {
    range: { start: { character: number }; end: { character: number } };
  };
  assert.match(lines[line].slice(edit.range.start.character, edit.range.end.character), /^'#\/components\/schemas\/[^']+'$/);
  assert.ok(JSON.stringify(raw).length < JSON.stringify(perItem).length * 0.8, 'the shared range makes the answer smaller');
});

test('broken JSON whose key is a collection: every edit range sent is one line holding the cursor', async () => {
  const broken = 'file:///tmp/specsocket-lsp/completion-broken.json';
  await modern.open(broken, '{"asyncapi": "3.0.0", {"a": 1,\n "b": 2}}', 'json');
  const cursor = { line: 1, character: 8 };
  for (const client of [modern, older]) {
    if (client === older) await older.open(broken, '{"asyncapi": "3.0.0", {"a": 1,\n "b": 2}}', 'json');
    const items = await client.completion(broken, cursor);
    assert.ok(items.length > 0);
    for (const i of items) {
      const r = (i.textEdit as { range: { start: { line: number; character: number }; end: { line: number; character: number } } }).range;
      assert.ok(r.start.line === 1 && r.end.line === 1, `${i.label}: ${JSON.stringify(r)} spans lines`);
      assert.ok(r.start.character <= cursor.character && cursor.character <= r.end.character, `${i.label}: ${JSON.stringify(r)} does not hold the cursor`);
    }
  }
});
