/**
 * Changes that arrive together are validated together: five `didChange`s to a large JSON spec, written to the
 * server in one write (so they are all queued before it handles the first), publish diagnostics once, for the
 * last version, with the last edit's problem in them; the superseded versions are never published (nor, as the
 * store parses only what is asked for, parsed: test/unit/documentStore.test.ts).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';
import { LineIndex } from '../../server/src/languageService/core/lineIndex';
import { generateAsyncApiJson } from '../helpers/generate';

const client = new LspClient();
after(() => client.shutdown());

const URI = 'file:///tmp/specsocket-lsp-coalesce/spec.json';

/** LSP framing of one notification, as the client's writer would send it. */
function frame(method: string, params: unknown): string {
  const body = JSON.stringify({ jsonrpc: '2.0', method, params });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

test('a burst of queued changes to a large JSON spec publishes only the last version, with its diagnostics', async () => {
  await client.initialize();
  const text = generateAsyncApiJson('3.0', 14000);
  const first = client.nextPublish(URI, 1);
  await client.open(URI, text, 'json');
  await first;

  const before = client.publications.length;
  // Typing into the first operation's action, "send" → "sendXXXXX": each version is a schema error there.
  const position = new LineIndex(text).position(text.indexOf('"action": "send"') + '"action": "send'.length);
  let burst = '';
  for (let v = 2; v <= 6; v++) {
    const change = { range: { start: position, end: position }, text: 'X' };
    position.character++;
    burst += frame('textDocument/didChange', { textDocument: { uri: URI, version: v }, contentChanges: [change] });
  }
  const last = client.nextPublish(URI, 6);
  client.process.stdin!.write(burst);
  const final = await last;

  // Version 1 may still be published meanwhile (its slow pass, a settings refresh): never 2 to 5.
  const versions = client.publications
    .slice(before)
    .filter((p) => p.uri === URI)
    .map((p) => p.version);
  assert.deepEqual(
    versions.filter((v) => v !== 1),
    [6],
    'only the last version is published',
  );
  const action = final.diagnostics.find((d) => d.range.start.line === position.line);
  assert.ok(action, `the last version's schema error on the edited line: ${JSON.stringify(final.diagnostics)}`);
});
