/** Session files through the bundled server (issue 18.1): names the spec does not declare are published, and completed. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LspClient } from '../helpers/lspClient';
import { fileUri, readText } from '../helpers/fixtures';

const client = new LspClient();
before(() => client.initialize());
after(() => client.shutdown());

const SESSION = join(__dirname, '..', '..', 'examples', 'jwt-websocket-service', 'conversation.session.yaml');

test('a message id the spec does not declare is a diagnostic on it; the spec`s message ids complete', async () => {
  const uri = fileUri(SESSION);
  const text = readText(SESSION).replace('  - send: subscribe\n', '  - send: subscrib\n');
  await client.open(uri, text);
  const diags = await client.waitForDiagnostics(uri, (d) => d.length > 0);
  const line = text.split('\n').indexOf('  - send: subscrib');
  assert.deepEqual(
    diags.map((d) => [d.message, d.range.start.line, d.range.start.character, d.range.end.character]),
    [['the spec declares no message "subscrib" that a client sends', line, 10, 18]],
  );
  const labels = (await client.completion(uri, { line, character: 18 })).map((c) => c.label);
  assert.ok(labels.includes('subscribe'), labels.join(', '));
  await client.change(uri, readText(SESSION));
  assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0), []);
});
