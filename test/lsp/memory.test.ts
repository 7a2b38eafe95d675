/**
 * The server returns the garbage of a large spec's parse and edits once it goes quiet (idleCollector.ts):
 * V8 left alone keeps it resident until allocation forces the next major GC.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateAsyncApi } from '../helpers/generate';
import { LspClient } from '../helpers/lspClient';

const client = new LspClient();
after(() => client.shutdown());

test('after opening and editing a large spec, the quiet server collects its garbage and keeps working', async () => {
  await client.initialize();
  const uri = 'file:///tmp/specsocket-lsp/memory-20k.yaml';
  let text = generateAsyncApi('3.0', 20000);
  const collected = client.waitForLog(/^idle collection/, 60000);
  await client.open(uri, text);
  for (let i = 0; i < 5; i++) {
    const at = text.indexOf('description: ', (i * 104729) % text.length) + 'description: '.length;
    text = text.slice(0, at) + 'x' + text.slice(at);
    await client.change(uri, text);
  }
  const message = await collected;
  const m = /heap (\d+) → (\d+) MB/.exec(message);
  assert.ok(m, message);
  const [before, afterGc] = [Number(m[1]), Number(m[2])];
  assert.ok(afterGc < before, message);
  assert.ok(afterGc < 100, `a 20k-line spec should keep well under 100 MB of heap: ${message}`);

  // Still serving: a broken edit gets its diagnostic.
  await client.change(uri, text.replace('asyncapi: 3.0.0', 'asyncapi: 3.0.0\nasyncapi: 3.0.0'));
  const diags = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'duplicate-key'), 30000);
  assert.deepEqual(
    diags.filter((x) => x.code === 'duplicate-key').map((x) => x.range.start.line),
    [1],
  );
});
