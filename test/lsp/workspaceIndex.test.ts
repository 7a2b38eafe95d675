/**
 * The workspace index through the bundled server (issue 16.8 proof): with only the shared file of a multi-file
 * spec open, rename and references reach its five closed dependants; what `specsocket.exclude` and
 * `files.exclude` name, and a link leading outside the workspace, are never read. References on a `$ref`'s
 * pointer segment answer for that segment's target (16.6); workspace symbols cover closed files.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';

const root = mkdtempSync(join(tmpdir(), 'specsocket-index-'));
const ws = join(root, 'ws');
const uriOf = (p: string) => pathToFileURL(join(ws, p)).toString();

const MESSAGES = 'Hello:\n  payload: {type: string}\nBye:\n  payload: {type: string}\n';
/** A spec in `dir` (relative to the workspace) using the shared message twice: in a channel and an operation. */
const user = (name: string, up: string) => `asyncapi: 3.0.0
info: {title: ${name}, version: '1'}
channels:
  realtime:
    address: /${name}
    messages:
      error: {$ref: '${up}common/messages.yaml#/Hello'}
      ping: {payload: {type: string}}
operations:
  listen:
    action: receive
    channel: {$ref: '#/channels/realtime'}
    messages:
      - $ref: '#/channels/realtime/messages/error'
      - $ref: '#/channels/realtime/messages/ping'
  fail:
    action: send
    channel: {$ref: '#/channels/realtime'}
    messages:
      - $ref: '#/channels/realtime/messages/error'
`;
const DEPENDANTS = ['a.yaml', 'b.yaml', 'sub/c.yaml', 'sub/deeper/d.yaml', 'e.json'];

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const client = new LspClient();
let indexLog: Promise<string>;

before(async () => {
  write(join(ws, 'common', 'messages.yaml'), MESSAGES);
  for (const p of DEPENDANTS.filter((d) => d.endsWith('.yaml'))) write(join(ws, p), user(p, '../'.repeat(p.split('/').length - 1) || './'));
  write(join(ws, 'e.json'), JSON.stringify({ asyncapi: '3.0.0', components: { messages: { M: { $ref: './common/messages.yaml#/Hello' } } } }));
  // Never read: excluded by the default specsocket.exclude, by files.exclude, and a link leading outside.
  write(join(ws, 'node_modules', 'pkg', 'f.yaml'), user('f', '../../'));
  write(join(ws, 'vendor', 'g.yaml'), user('g', '../'));
  write(join(root, 'outside', 'h.yaml'), user('h', './'));
  symlinkSync(join(root, 'outside', 'h.yaml'), join(ws, 'h.yaml'));
  client.filesExclude = { '**/vendor': true, '**/.git': true };
  indexLog = client.waitForLog(/^workspace index:/);
  indexLog.catch(() => {}); // awaited by the first test; not a stray rejection when only other tests run
  await client.initialize(pathToFileURL(ws).toString());
  await client.open(uriOf('common/messages.yaml'), MESSAGES);
});

after(async () => {
  await client.shutdown();
  rmSync(root, { recursive: true, force: true });
});

test('the index is built at start-up, in the background', async () => {
  const log = await indexLog;
  // The five dependants, and the shared file they reference.
  assert.match(log, /^workspace index: 5 specs and 1 other files of \d+ YAML\/JSON files/);
});

test('renaming the shared message with only its file open edits all five closed dependants, and nothing excluded or outside', async () => {
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
    textDocument: { uri: uriOf('common/messages.yaml') },
    position: { line: 0, character: 2 },
    newName: 'Greeting',
  });
  assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), ['common/messages.yaml', ...DEPENDANTS].map(uriOf).sort());
  for (const d of DEPENDANTS) {
    const [e] = edit.changes![uriOf(d)];
    assert.match(e.newText, /common\/messages\.yaml#\/Greeting$/, d);
  }
  assert.deepEqual(client.errorLogs, []);
});

test("references on a pointer segment return that segment's target's references", async () => {
  const text = user('a.yaml', './');
  await client.open(uriOf('a.yaml'), text);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes("'#/channels/realtime/messages/error'"));
  const onError = lines[line].indexOf('/error') + 2;
  const onChannel = lines[line].indexOf('realtime') + 2;
  const at = (character: number) =>
    client.request<Location[]>('textDocument/references', {
      textDocument: { uri: uriOf('a.yaml') },
      position: { line, character },
      context: { includeDeclaration: false },
    });
  const lineOf = (l: Location) => l.range.start.line;
  const messageRefs = (await at(onError)).map(lineOf);
  assert.deepEqual(
    messageRefs,
    lines.flatMap((l, i) => (l.includes("'#/channels/realtime/messages/error'") ? [i] : [])),
  );
  // The channel segment answers for the channel: both channel refs and the three refs into it.
  assert.equal((await at(onChannel)).length, 5);
});

test('workspace symbols list channels, operations and components of closed files, none of excluded ones', async () => {
  const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'listen' });
  const files = symbols.map((s) => s.location.uri.slice(pathToFileURL(ws).toString().length + 1)).sort();
  assert.deepEqual(files, DEPENDANTS.filter((d) => d.endsWith('.yaml')).sort());
  assert.ok(symbols.every((s) => s.containerName === 'operations'));
  const m = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'M' });
  assert.ok(m.some((s) => s.name === 'M' && s.containerName === 'components/messages' && s.location.uri === uriOf('e.json')));
});

test('a spec created on disk later is found once the file watcher reports it, and a deleted one is dropped', async () => {
  const renameUris = async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: uriOf('common/messages.yaml') },
      position: { line: 0, character: 2 },
      newName: 'Greeting',
    });
    return Object.keys(edit.changes ?? {});
  };
  await renameUris(); // the index is built (a first request finishes it) before the disk changes
  write(join(ws, 'later', 'new.yaml'), user('new', '../'));
  rmSync(join(ws, 'b.yaml'));
  assert.ok(!(await renameUris()).includes(uriOf('later/new.yaml')), 'not before the event: the index is not a disk scan per request');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [
      { uri: uriOf('later/new.yaml'), type: 1 },
      { uri: uriOf('b.yaml'), type: 3 },
    ],
  });
  const uris = await renameUris();
  assert.ok(uris.includes(uriOf('later/new.yaml')), JSON.stringify(uris));
  assert.ok(!uris.includes(uriOf('b.yaml')), JSON.stringify(uris));
});
