/**
 * Navigation through the bundled server over stdio, on the multi-file fixture on disk
 * (test/fixtures/asyncapi/navigation/v3: asyncapi.yaml referencing common/messages.yaml and common/schemas.yaml).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { DocumentSymbol, Hover, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { FIXTURES, fileUri, readText } from '../helpers/fixtures';

const DIR = join(FIXTURES, 'asyncapi', 'navigation', 'v3');
const MAIN = join(DIR, 'asyncapi.yaml');
const mainUri = fileUri(MAIN);
const messagesUri = fileUri(join(DIR, 'common', 'messages.yaml'));
const schemasUri = fileUri(join(DIR, 'common', 'schemas.yaml'));
const text = readText(MAIN);
const lines = text.split('\n');

/** Position of the `nth` occurrence of `needle` (plus `delta` characters). */
function pos(needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let from = 0;
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, (from = at + 1));
  assert.ok(at >= 0 && from >= 0, needle);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const client = new LspClient();
before(async () => {
  await client.initialize(fileUri(DIR));
  await client.open(mainUri, text);
  await client.waitForDiagnostics(mainUri);
});
after(() => client.shutdown());

test('definition on a $ref into another file lands on the key in that file', async () => {
  const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: mainUri }, position: pos('#/chatMessage', 3) });
  assert.deepEqual(defs, [{ uri: messagesUri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 'chatMessage'.length } } }]);
});

test('definition on the channel segment of an operation channel $ref lands on the channel key', async () => {
  const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: mainUri }, position: pos("'#/channels/room'", 13) });
  const line = lines.indexOf('  room:');
  assert.deepEqual(defs, [{ uri: mainUri, range: { start: { line, character: 2 }, end: { line, character: 6 } } }]);
});

test('references of a schema in another file, from the $ref that uses it', async () => {
  const refs = await client.request<Location[]>('textDocument/references', {
    textDocument: { uri: mainUri },
    position: pos('schemas.yaml#/User', 15),
    context: { includeDeclaration: true },
  });
  const uris = refs.map((r) => `${r.uri.slice(r.uri.lastIndexOf('/') + 1)}:${r.range.start.line + 1}`).sort();
  // The declaration in schemas.yaml, the ref in asyncapi.yaml, the local ref inside schemas.yaml.
  assert.deepEqual(uris, ['asyncapi.yaml:' + (lines.findIndex((l) => l.includes('schemas.yaml#/User')) + 1), 'schemas.yaml:8', 'schemas.yaml:9'].sort());
  assert.ok(refs.some((r) => r.uri === schemasUri));
});

test('rename of a component rewrites its key and every $ref', async () => {
  const prep = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', {
    textDocument: { uri: mainUri },
    position: pos('userJoined:\n      title', 2),
  });
  assert.equal(prep.placeholder, 'userJoined');
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
    textDocument: { uri: mainUri },
    position: pos('userJoined:\n      title', 2),
    newName: 'memberJoined',
  });
  const changes = edit.changes![mainUri];
  assert.equal(changes.length, 2);
  assert.deepEqual(changes.map((c) => c.newText).sort(), ['#/components/messages/memberJoined', 'memberJoined']);
  const refLine = lines.findIndex((l) => l.includes("'#/components/messages/userJoined'"));
  assert.ok(changes.some((c) => c.range.start.line === refLine));
});

test('rename is refused on something that is not a component', async () => {
  const prep = await client.request<unknown>('textDocument/prepareRename', { textDocument: { uri: mainUri }, position: pos('title:', 1) });
  assert.equal(prep, null);
});

test('document symbols give the outline', async () => {
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: mainUri } });
  assert.deepEqual(
    symbols.map((s) => s.name),
    ['info', 'servers', 'channels', 'operations', 'components'],
  );
  const ops = symbols.find((s) => s.name === 'operations')!;
  assert.deepEqual(
    ops.children!.map((c) => `${c.name}: ${c.detail}`),
    ['sendChat: receive → room', 'announceJoin: send → room'],
  );
  const components = symbols.find((s) => s.name === 'components')!;
  assert.deepEqual(
    components.children!.map((c) => c.name),
    ['messages', 'parameters', 'securitySchemes'],
  );
});

test('hover on a $ref previews the target in the other file', async () => {
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: mainUri }, position: pos('#/chatMessage', 3) });
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /^\*\*Chat message\*\*\n\nA message posted to a room\./);
  assert.match(value, /```yaml\nchatMessage:\n {2}title: Chat message/);
  assert.match(value, /Defined in `\.\/common\/messages\.yaml`/);
});

test('completion in operation messages offers the channel messages with a replacing edit', async () => {
  const at = pos("'#/channels/room/messages/chatMessage'", 4);
  const items = await client.completion(mainUri, at);
  const refs = items
    .filter((i) => i.label.startsWith('#/channels/'))
    .map((i) => i.label)
    .sort();
  assert.deepEqual(refs, ['#/channels/room/messages/chatMessage', '#/channels/room/messages/userJoined']);
  const edit = items.find((i) => i.label === '#/channels/room/messages/userJoined')!.textEdit as {
    range: { start: { character: number }; end: { character: number } };
    newText: string;
  };
  assert.equal(edit.newText, "'#/channels/room/messages/userJoined'");
  const line = lines[at.line];
  assert.equal(line.slice(edit.range.start.character, edit.range.end.character), "'#/channels/room/messages/chatMessage'");
});

test('quick fix for an unresolved local $ref creates the component', async () => {
  const uri = fileUri(join(DIR, 'unsaved-fix.yaml'));
  const doc =
    "asyncapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\nchannels:\n  c:\n    address: c\n    messages:\n      m:\n        $ref: '#/components/messages/Missing'\n";
  await client.open(uri, doc);
  const diags = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'invalid-ref'));
  const diag = diags.find((x) => x.code === 'invalid-ref')!;
  const actions = await client.request<{ title: string; edit: WorkspaceEdit }[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diag.range,
    context: { diagnostics: [diag] },
  });
  const fix = actions.find((a) => a.title === "Create message 'Missing' in components/messages");
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.deepEqual(
    fix.edit.changes![uri].map((e) => e.newText),
    ['components:\n  messages:\n    Missing:\n      payload:\n        type: object\n'],
  );
});
