/**
 * The semantic diagnostics kept while the next slow pass is pending are republished with the edit's lines
 * taken into account: the publication right after an edit (before the slow pass runs again) places each one
 * on the line of the new text where its problem now is, inside the document.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lspClient';

const client = new LspClient();
after(() => client.shutdown());

const URI = 'file:///tmp/specsocket-lsp-stale/spec.yaml';
const HEAD = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\n";
const CHANNELS = "channels:\n  a:\n    subscribe:\n      message: {$ref: '#/components/messages/Nope'}\n";
const invalidRef = (d: Diagnostic[]) => d.find((x) => x.code === 'invalid-ref');

/** Whether every range lies on the text (an existing line, within its length). */
function allInside(text: string, diags: Diagnostic[]): boolean {
  const lines = text.split('\n');
  const ok = (p: { line: number; character: number }) => p.line < lines.length && p.character <= lines[p.line].length;
  return diags.every((d) => ok(d.range.start) && ok(d.range.end));
}

test('inserting lines above a semantic diagnostic moves it down with its line', async () => {
  await client.initialize();
  await client.open(URI, HEAD + CHANNELS);
  const before = invalidRef(await client.waitForDiagnostics(URI, (d) => !!invalidRef(d)))!;
  assert.equal(before.range.start.line, 5);
  const next = client.nextPublish(URI, 2);
  const text = HEAD + '# one\n# two\n# three\n' + CHANNELS;
  await client.change(URI, text);
  const published = await next;
  assert.equal(published.version, 2);
  assert.ok(allInside(text, published.diagnostics), JSON.stringify(published.diagnostics));
  const moved = invalidRef(published.diagnostics);
  assert.ok(moved, 'the kept diagnostic is still shown until the slow pass runs again');
  assert.deepEqual(moved.range, { start: { line: 8, character: before.range.start.character }, end: { line: 8, character: before.range.end.character } });
});

test('deleting the lines a semantic diagnostic was on drops it instead of leaving it past the end', async () => {
  const next = client.nextPublish(URI, 3);
  await client.change(URI, HEAD);
  const published = await next;
  assert.ok(allInside(HEAD, published.diagnostics), JSON.stringify(published.diagnostics));
  assert.equal(invalidRef(published.diagnostics), undefined);
});
