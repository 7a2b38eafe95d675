/**
 * Settings per resource: in a multi-root workspace each folder may set `specsocket.*` its own way. The server asks
 * for a document's settings with its scopeUri and applies them to that document only.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';
import { SpecKindRequest } from '../../common/src/protocol';

const STRICT = 'file:///tmp/specsocket-lsp/strict/';
// The workspace turns semantic checks off; the "strict" folder turns them back on for its own files.
const client = new LspClient((scopeUri) => ({ validation: { semantic: !!scopeUri?.startsWith(STRICT) } }));
before(async () => {
  await client.initialize();
  // The workspace's own settings first (the server asks once initialized), then a round trip so they are applied:
  // documents opened after it are never validated with the server's built-in defaults.
  await client.configurationRequested();
  await client.send(SpecKindRequest, { uri: 'file:///tmp/specsocket-lsp/none.yaml' });
});
after(() => client.shutdown());

const spec = 'asyncapi: 3.0.0\ninfo: {title: A, version: "1"}\nchannels:\n  a:\n    $ref: "#/components/channels/missing"\n';
const invalidRef = (d: { code?: unknown }[]) => d.some((x) => x.code === 'invalid-ref');

test("each document follows its own folder's settings, asked with its scopeUri", async () => {
  const loose = 'file:///tmp/specsocket-lsp/loose/asyncapi.yaml';
  const strict = `${STRICT}asyncapi.yaml`;
  await client.open(loose, spec);
  await client.open(strict, spec);
  // The strict folder's own setting turns the semantic pass on for that file (an unresolved $ref is semantic)...
  await client.waitForDiagnostics(strict, invalidRef);
  assert.ok(client.configurationAsked.includes(strict) && client.configurationAsked.includes(loose), JSON.stringify(client.configurationAsked));
  // ...and only for it: the other file follows the workspace's setting (off) from its first validation on.
  const looseNow = await client.waitForDiagnostics(loose);
  assert.equal(invalidRef(looseNow), false, JSON.stringify(looseNow));
});
