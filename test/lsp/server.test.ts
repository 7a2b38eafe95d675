import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from '../helpers/lspClient';

const client = new LspClient();
after(() => client.shutdown());

test('initialize advertises the editing features, and the version package.json says', async () => {
  const result = (await client.initialize()) as { capabilities: Record<string, unknown>; serverInfo?: { name: string; version: string } };
  for (const cap of [
    'completionProvider',
    'hoverProvider',
    'definitionProvider',
    'referencesProvider',
    'renameProvider',
    'documentSymbolProvider',
    'codeActionProvider',
  ]) {
    assert.ok(result.capabilities[cap], `${cap} advertised`);
  }
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual(result.serverInfo, { name: 'specsocket', version });
});

test('publishes syntax diagnostics for an open spec and clears them when fixed', async () => {
  const uri = 'file:///tmp/specsocket-lsp/broken.yaml';
  await client.open(uri, 'asyncapi: 3.0.0\nasyncapi: 3.0.0\n');
  const diags = await client.waitForDiagnostics(uri, (d) => d.length > 0);
  assert.ok(diags.every((d) => d.source === 'specsocket'));
  assert.ok(
    diags.some((d) => d.range.start.line === 1 && d.code === 'duplicate-key'),
    JSON.stringify(diags),
  );
  await client.change(uri, 'asyncapi: 3.0.0\ninfo: {}\n');
  await client.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'duplicate-key'));
});

test('the server survives binary junk', async () => {
  const uri = 'file:///tmp/specsocket-lsp/junk.yaml';
  let junk = '';
  for (let i = 0; i < 5000; i++) junk += String.fromCharCode((i * 7919) % 65536);
  await client.open(uri, junk);
  await client.waitForDiagnostics(uri);
  const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(Array.isArray(symbols));
});
