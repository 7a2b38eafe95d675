/** The bundled server over stdio on a Fern definition folder on disk: diagnostics, cross-file updates, editing, Try it. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lspClient';
import type { TryItModel } from '../../common/src/tryItModel';

const root = mkdtempSync(join(tmpdir(), 'specsocket-lsp-fern-'));
const def = join(root, 'fern', 'definition');
mkdirSync(def, { recursive: true });
writeFileSync(join(def, 'api.yml'), 'name: chat\nauth: bearer\nenvironments:\n  Prod: wss://ws.example.com\ndefault-environment: Prod\n');
const COMMONS = 'types:\n  Id: string\n';
writeFileSync(join(def, 'commons.yml'), COMMONS);
const CHAT = [
  'imports:',
  '  commons: commons.yml',
  'channel:',
  '  path: /rooms/{room}',
  '  auth: true',
  '  messages:',
  '    send:',
  '      origin: client',
  '      body: commons.Msg',
  '',
].join('\n');
writeFileSync(join(def, 'chat.yml'), CHAT);
const chat = pathToFileURL(join(def, 'chat.yml')).toString();
const commons = pathToFileURL(join(def, 'commons.yml')).toString();

const client = new LspClient();
after(async () => {
  await client.shutdown();
  rmSync(root, { recursive: true, force: true });
});

test('Fern diagnostics land on their lines, and follow an imported file being edited', async () => {
  await client.initialize(pathToFileURL(root).toString());
  await client.open(chat, CHAT);
  const diags = await client.waitForDiagnostics(chat, (d) => d.some((x) => x.code === 'fern-unknown-type'));
  const unknown = diags.find((d) => d.code === 'fern-unknown-type')!;
  assert.deepEqual(unknown.range, { start: { line: 8, character: 20 }, end: { line: 8, character: 23 } });
  const param = diags.find((d) => d.code === 'fern-path-parameter-undeclared')!;
  assert.deepEqual(param.range, { start: { line: 3, character: 15 }, end: { line: 3, character: 21 } });
  await client.open(commons, COMMONS);
  await client.change(commons, COMMONS + '  Msg:\n    properties:\n      text: string\n');
  await client.waitForDiagnostics(chat, (d) => !d.some((x) => x.code === 'fern-unknown-type'));
});

test('completion, hover and the declare-parameter quick fix over LSP', async () => {
  const items = await client.request<{ label: string }[] | { items: { label: string }[] }>('textDocument/completion', {
    textDocument: { uri: chat },
    position: { line: 7, character: 14 },
  });
  const labels = (Array.isArray(items) ? items : items.items).map((i) => i.label);
  assert.deepEqual(labels.sort(), ['client', 'server']);
  const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
    textDocument: { uri: chat },
    position: { line: 8, character: 21 },
  });
  assert.match(hover.contents.value, /object Msg/);
  const diags = await client.waitForDiagnostics(chat, (d) => d.some((x) => x.code === 'fern-path-parameter-undeclared'));
  const d = diags.find((x) => x.code === 'fern-path-parameter-undeclared')!;
  const actions = await client.request<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', {
    textDocument: { uri: chat },
    range: d.range,
    context: { diagnostics: [d] },
  });
  const fix = actions.find((a) => a.title === "Declare path parameter 'room'");
  assert.ok(fix, JSON.stringify(actions));
  assert.equal(fix.edit.changes[chat][0].newText, '\n  path-parameters:\n    room: string');
});

test('the Try it model of a Fern channel over the custom request', async () => {
  const model = await client.request<TryItModel | null>('specsocket/tryItModel', { uri: chat });
  assert.ok(model);
  assert.equal(model.kind, 'fern');
  assert.deepEqual(
    model.servers.map((s) => [s.name, s.url]),
    [['Prod', 'wss://ws.example.com']],
  );
  assert.deepEqual(model.servers[0].security, [[{ kind: 'httpBearer', name: 'bearer' }]]);
  const send = model.channels[0].operations[0];
  assert.equal(send.clientDirection, 'send');
  assert.deepEqual(send.messages[0].payload, {
    type: 'object',
    title: 'Msg',
    properties: { text: { type: 'string', 'x-fern-type': 'string' } },
    required: ['text'],
    additionalProperties: false,
  });
});
