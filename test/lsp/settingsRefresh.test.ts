/**
 * A settings pull re-validates only the documents whose settings it changed. The first pull is answered while
 * the first document opens; re-validating that document put its slow pass behind the edit pause
 * (validationScheduler.ts), and every later pull that changed nothing re-ran both passes of every document.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

let semantic = true;
const client = new LspClient(() => ({ validation: { semantic } }));
after(() => client.shutdown());

const URI = 'file:///tmp/specsocket-lsp-settings/spec.yaml';
const SPEC = "asyncapi: 3.0.0\ninfo: {title: A, version: '1'}\nchannels:\n  a:\n    $ref: '#/components/channels/missing'\n";
const hover = () => client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 2 } });

test('a pull that changes no setting validates nothing again; one that changes a setting does', async () => {
  await client.initialize();
  await client.configurationRequested();
  await client.open(URI, SPEC);
  await client.waitForDiagnostics(URI, (d) => d.some((x) => x.code === 'invalid-ref'));
  const published = client.publications.length;

  const asked = client.configurationAsked.length;
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  // The workspace's settings, then the document's own: answered, and the answers handled by the time two
  // requests sent after them have been answered (a re-validation's fast pass publishes two turns after).
  await client.configurationRequested(asked + 2);
  await hover();
  await hover();
  assert.deepEqual(client.publications.slice(published), [], 'nothing published again');

  // A change that matters (semantic checks off) still re-validates: the semantic finding goes.
  semantic = false;
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await client.waitForDiagnostics(URI, (d) => !d.some((x) => x.code === 'invalid-ref'));
});
