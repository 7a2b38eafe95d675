/**
 * Multi-file specs over LSP: editing a referenced file (open in the editor) or changing one on disk
 * (workspace/didChangeWatchedFiles) re-validates the documents that reference it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, messageText } from '../helpers/lspClient';

const dir = mkdtempSync(join(tmpdir(), 'specsocket-crossfile-'));
const uriOf = (p: string) => pathToFileURL(join(dir, p)).toString();
const MAIN = `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  a:
    subscribe:
      message: {$ref: './common/messages.yaml#/Hello'}
  b:
    subscribe:
      message: {$ref: './common/later.yaml#/Bye'}
`;
const MESSAGES = `Hello:\n  payload: {$ref: 'schemas.yaml#/Greeting'}\n`;
const SCHEMAS = `Greeting: {type: string}\n`;

const client = new LspClient();
const invalidRefs = (d: Diagnostic[]) => d.filter((x) => x.code === 'invalid-ref');
/** The slow pass has run when its invalid-ref for the not-yet-created file is there. */
const settled = (n: number) => (d: Diagnostic[]) => invalidRefs(d).length === n;

before(async () => {
  mkdirSync(join(dir, 'common'));
  writeFileSync(join(dir, 'main.yaml'), MAIN);
  writeFileSync(join(dir, 'common', 'messages.yaml'), MESSAGES);
  writeFileSync(join(dir, 'common', 'schemas.yaml'), SCHEMAS);
  await client.initialize(pathToFileURL(dir).toString());
  await client.open(uriOf('main.yaml'), MAIN);
});

after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

test('only the ref to the missing file is reported at first', async () => {
  const d = await client.waitForDiagnostics(uriOf('main.yaml'), settled(1));
  assert.equal(invalidRefs(d)[0].range.start.line, 8);
});

test('editing an open referenced file re-validates the document that uses it', async () => {
  await client.open(uriOf('common/messages.yaml'), MESSAGES);
  await client.change(uriOf('common/messages.yaml'), MESSAGES.replace('Hello:', 'Howdy:'));
  const broken = await client.waitForDiagnostics(uriOf('main.yaml'), settled(2));
  const onLine5 = invalidRefs(broken).find((x) => x.range.start.line === 5);
  assert.ok(onLine5, JSON.stringify(broken));
  assert.match(messageText(onLine5.message), /"#\/Hello" does not exist/);
  await client.change(uriOf('common/messages.yaml'), MESSAGES);
  await client.waitForDiagnostics(uriOf('main.yaml'), settled(1));
});

test('a file changed on disk (didChangeWatchedFiles) re-validates its dependents, two levels deep', async () => {
  writeFileSync(join(dir, 'common', 'schemas.yaml'), 'Renamed: {type: string}\n');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('common/schemas.yaml'), type: 2 }] });
  const broken = await client.waitForDiagnostics(uriOf('main.yaml'), settled(2));
  assert.ok(
    invalidRefs(broken).some((x) => x.range.start.line === 5 && /In messages.yaml: "#\/Greeting" does not exist/.test(messageText(x.message))),
    JSON.stringify(broken),
  );
  writeFileSync(join(dir, 'common', 'schemas.yaml'), SCHEMAS);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('common/schemas.yaml'), type: 2 }] });
  await client.waitForDiagnostics(uriOf('main.yaml'), settled(1));
});

test('creating a missing referenced file on disk clears its invalid-ref', async () => {
  writeFileSync(join(dir, 'common', 'later.yaml'), 'Bye:\n  payload: {type: string}\n');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('common/later.yaml'), type: 1 }] });
  await client.waitForDiagnostics(uriOf('main.yaml'), settled(0));
});
