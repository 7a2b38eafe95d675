import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';

const client = new LspClient();
before(() => client.initialize());
after(() => client.shutdown());

const URI = 'file:///tmp/specsocket-lsp-schema/chat.yaml';
const TEXT = 'asyncapi: 3.0.0\ninfo:\n  title: Chat\n  version: "1"\nchannels:\n  room:\n    adress: /room\nservers:\n  prod:\n    host: x\n    \n';

test('lsp schema: an unknown key is published on the key with did-you-mean, and its quick fix renames it', async () => {
  await client.open(URI, TEXT);
  const diags = await client.waitForDiagnostics(URI, (d) => d.some((x) => x.code === 'schema-unknown-key'));
  const d = diags.find((x) => x.code === 'schema-unknown-key')!;
  assert.deepEqual(d.range, { start: { line: 6, character: 4 }, end: { line: 6, character: 10 } });
  assert.match(String(d.message), /Did you mean `address`\?/);
  const missing = diags.find((x) => x.code === 'schema-missing-property');
  assert.ok(missing, 'server without protocol reported');
  assert.deepEqual(missing.range, { start: { line: 8, character: 2 }, end: { line: 8, character: 6 } });

  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: d.range,
    context: { diagnostics: [d] },
  });
  const rename = actions.find((a) => a.title === 'Change to `address`');
  assert.ok(rename, JSON.stringify(actions));
  assert.deepEqual(rename.edit?.changes?.[URI], [{ range: d.range, newText: 'address' }]);
});

test('lsp schema: fixing the document clears the schema diagnostics', async () => {
  // The fixed version's own publication, not whichever one first lacks them (an empty one would pass that).
  const next = client.nextPublish(URI, client.versionOf(URI) + 1);
  await client.change(URI, TEXT.replace('adress', 'address').replace('    host: x\n    \n', '    host: x\n    protocol: wss\n'));
  const diags: Diagnostic[] = (await next).diagnostics;
  assert.deepEqual(
    diags.filter((x) => String(x.code).startsWith('schema-')),
    [],
  );
});

test('lsp schema: completion of keys on a blank line and of enum values', async () => {
  const uri = 'file:///tmp/specsocket-lsp-schema/complete.yaml';
  await client.open(uri, 'asyncapi: 3.0.0\nservers:\n  prod:\n    host: x\n    \noperations:\n  o:\n    action: \n');
  const keys = await client.completion(uri, { line: 4, character: 4 });
  const protocol = keys.find((k) => k.label === 'protocol');
  assert.ok(protocol, keys.map((k) => k.label).join());
  assert.ok(!keys.some((k) => k.label === 'host'));
  assert.deepEqual(protocol.textEdit && 'range' in protocol.textEdit && protocol.textEdit.range, {
    start: { line: 4, character: 4 },
    end: { line: 4, character: 4 },
  });
  const values = await client.completion(uri, { line: 7, character: 12 });
  assert.deepEqual(
    values.map((v) => v.label).filter((l) => l === 'send' || l === 'receive'),
    ['send', 'receive'],
  );
});

test('lsp schema: hover shows the schema description of a key', async () => {
  const uri = 'file:///tmp/specsocket-lsp-schema/hover.yaml';
  await client.open(uri, 'asyncapi: 3.0.0\ninfo:\n  title: x\n  version: "1"\n');
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } });
  assert.ok(hover);
  assert.deepEqual(hover.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
  assert.match((hover.contents as { value: string }).value, /metadata about the API/);
});
