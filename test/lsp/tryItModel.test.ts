import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';
import { fileUri, readText } from '../helpers/fixtures';
import { KRAKEN, seed } from '../helpers/tryItModels';
import { SpecKindRequest, TryItModelRequest } from '../../common/src/protocol';

const client = new LspClient();
before(() => client.initialize());
after(() => client.shutdown());

const model = (uri: string) => client.send(TryItModelRequest, { uri });

test('specsocket/tryItModel returns the model of an open spec, as plain JSON', async () => {
  const path = seed('chatapp.yaml');
  const uri = fileUri(path);
  await client.open(uri, readText(path));
  const m = await model(uri);
  assert.ok(m);
  assert.deepEqual([m.kind, m.version, m.title], ['asyncapi', '2.6.0', 'ChatApp Realtime API']);
  assert.deepEqual(
    m.servers.map((s) => [s.name, s.url, s.transport]),
    [['local', 'ws://localhost:4000', 'socket.io']],
  );
  const newMessage = m.channels.find((c) => c.id === 'new_message')!.operations[0];
  assert.deepEqual([newMessage.clientDirection, newMessage.messages[0].eventName], ['receive', 'new_message']);
  // Locations are editor positions in the file that declares the part.
  assert.deepEqual(newMessage.location, { uri, line: 54, character: 4 });
});

test('the model follows edits of the open document', async () => {
  const uri = 'file:///tmp/specsocket-lsp/tryit-edit.yaml';
  await client.open(uri, 'asyncapi: 3.0.0\ninfo: {title: A, version: "1"}\nservers:\n  a: {host: h, protocol: ws}\n');
  assert.deepEqual(
    (await model(uri))?.servers.map((s) => s.name),
    ['a'],
  );
  await client.change(uri, 'asyncapi: 3.0.0\ninfo: {title: A, version: "1"}\nservers:\n  b: {host: h, protocol: stomp}\n');
  assert.deepEqual(
    (await model(uri))?.servers.map((s) => [s.name, s.transport]),
    [['b', 'stomp']],
  );
});

test('a spec on disk that is not open is read from disk (Kraken 3.0: replies and directions)', async () => {
  const m = await model(fileUri(KRAKEN));
  assert.ok(m);
  const ping = m.channels.find((c) => c.id === 'ping')!.operations[0];
  assert.deepEqual([ping.rawAction, ping.clientDirection, ping.reply?.messages.map((x) => x.id)], ['receive', 'send', ['pong']]);
  assert.deepEqual(m.problems, []);
});

test('null for documents that are not specs; problems (not errors) for broken ones', async () => {
  const plain = 'file:///tmp/specsocket-lsp/plain.yaml';
  await client.open(plain, 'name: not a spec\n');
  assert.equal(await model(plain), null);
  const broken = 'file:///tmp/specsocket-lsp/broken-tryit.yaml';
  await client.open(broken, 'asyncapi: 3.0.0\noperations:\n  o: {action: send, channel: {$ref: "#/channels/x"}}\n  p: [\n');
  const m = await model(broken);
  assert.ok(m);
  assert.deepEqual(m.channels, []);
  assert.ok(m.problems.length > 0, JSON.stringify(m.problems));
});

test("specsocket/specKind tells specs from other YAML and JSON (the editor's Try it button follows it), and follows edits", async () => {
  const kind = (uri: string) => client.send(SpecKindRequest, { uri });
  const yaml = 'file:///tmp/specsocket-lsp/kind.yaml';
  await client.open(yaml, 'name: not a spec\nitems: [1, 2]\n');
  assert.equal(await kind(yaml), null);
  await client.change(yaml, 'asyncapi: 3.0.0\ninfo: {title: A, version: "1"}\n');
  assert.equal(await kind(yaml), 'asyncapi');
  const json = 'file:///tmp/specsocket-lsp/kind.json';
  await client.open(json, '{"asyncapi": "2.6.0", "info": {"title": "A", "version": "1"}, "channels": {}}', 'json');
  assert.equal(await kind(json), 'asyncapi');
  const fern = 'file:///tmp/specsocket-lsp/fern/definition/chat.yml';
  await client.open(fern, 'channel:\n  path: /chat\n  auth: false\n');
  assert.equal(await kind(fern), 'fern');
  assert.equal(await kind('file:///tmp/specsocket-lsp/never-opened.yaml'), null);
});
