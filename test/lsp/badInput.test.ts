/** The server stays up and keeps answering after hostile input (binary junk, deep nesting, alias bombs, ref cycles). */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

const client = new LspClient();
after(() => client.shutdown());

test('the server survives hostile documents and still validates a normal one', { timeout: 120_000 }, async () => {
  await client.initialize();
  let junk = 'asyncapi: 3.0.0\n';
  for (let i = 0; i < 20000; i++) junk += String.fromCharCode((i * 7919 + 13) % 65536);
  const bomb = ['asyncapi: 3.0.0', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 10; i++)
    bomb.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill('*' + String.fromCharCode(96 + i))
        .join(',')}]`,
    );
  const depth = 1000;
  const hostile: Record<string, string> = {
    'junk.yaml': junk,
    'bomb.yaml': bomb.join('\n') + '\n',
    'deep.yaml': `asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\nx-deep: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`,
    'cycle.yaml': `asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n    C: {$ref: './'}\n    D: {$ref: 'nowhere.yaml'}\n`,
  };
  for (const [name, text] of Object.entries(hostile)) {
    const uri = `file:///tmp/specsocket-lsp-bad/${name}`;
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, () => true, 60_000);
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols) || symbols === null, name);
  }
  const cycle = await client.waitForDiagnostics('file:///tmp/specsocket-lsp-bad/cycle.yaml', (d) => d.some((x) => x.code === 'invalid-ref'), 60_000);
  assert.equal(cycle.filter((x) => x.code === 'invalid-ref').length, 2, JSON.stringify(cycle));
  const ok = 'file:///tmp/specsocket-lsp-bad/ok.yaml';
  await client.open(ok, "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nservers:\n  s:\n    url: x\n    protocol: ws\n    security: [{nope: []}]\n");
  const d = await client.waitForDiagnostics(ok, (x) => x.some((y) => y.code === 'asyncapi2-server-security'));
  assert.equal(d.find((y) => y.code === 'asyncapi2-server-security')!.range.start.line, 6);
  assert.equal(client.process.exitCode, null, 'server process still running');
});
