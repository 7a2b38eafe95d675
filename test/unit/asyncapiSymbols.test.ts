import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import { SymbolKind, type SpecSymbol } from '../../server/src/languageService/core/types';

/** name [kind] detail, indented by depth: readable and exact. */
const outline = (symbols: SpecSymbol[], depth = 0): string[] =>
  symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name} [${s.kind}]${s.detail ? ' ' + s.detail : ''}`, ...outline(s.children, depth + 1)]);

test('3.x outline: info, servers, channels with messages, operations, grouped components', () => {
  const { service, uri } = serviceWith({
    'a.yaml': `asyncapi: 3.0.0
info:
  title: Chat
  version: 1.0.0
servers:
  prod:
    host: chat.example.com
    pathname: /ws
    protocol: wss
channels:
  room:
    address: rooms/{roomId}
    messages:
      hello:
        $ref: '#/components/messages/Hello'
operations:
  sendHello:
    action: send
    channel:
      $ref: '#/channels/room'
components:
  messages:
    Hello: {payload: {type: string}}
  schemas:
    Text: {type: string}
  securitySchemes:
    token: {type: httpApiKey, name: t, in: query}
  parameters:
    roomId: {}
`,
  });
  assert.deepEqual(outline(service.symbols(uri('a.yaml'))), [
    `info [${SymbolKind.Module}] Chat 1.0.0`,
    `servers [${SymbolKind.Namespace}]`,
    `  prod [${SymbolKind.Interface}] wss chat.example.com /ws`,
    `channels [${SymbolKind.Namespace}]`,
    `  room [${SymbolKind.Class}] rooms/{roomId}`,
    `    hello [${SymbolKind.Event}] → Hello`,
    `operations [${SymbolKind.Namespace}]`,
    `  sendHello [${SymbolKind.Method}] send → room`,
    `components [${SymbolKind.Namespace}]`,
    `  messages [${SymbolKind.Namespace}]`,
    `    Hello [${SymbolKind.Event}]`,
    `  schemas [${SymbolKind.Namespace}]`,
    `    Text [${SymbolKind.Struct}]`,
    `  securitySchemes [${SymbolKind.Namespace}]`,
    `    token [${SymbolKind.Key}]`,
    `  parameters [${SymbolKind.Namespace}]`,
    `    roomId [${SymbolKind.Variable}]`,
  ]);
});

test('2.x outline: operations under their channel with operationId', () => {
  const { service, uri } = serviceWith({
    'a.yaml':
      "asyncapi: 2.6.0\ninfo: {title: S, version: '2'}\nservers:\n  live: {url: 'wss://x', protocol: wss}\nchannels:\n  'streams/{id}':\n    publish:\n      operationId: sendFrame\n    subscribe:\n      summary: Frames\n",
  });
  assert.deepEqual(outline(service.symbols(uri('a.yaml'))), [
    `info [${SymbolKind.Module}] S 2`,
    `servers [${SymbolKind.Namespace}]`,
    `  live [${SymbolKind.Interface}] wss wss://x`,
    `channels [${SymbolKind.Namespace}]`,
    `  streams/{id} [${SymbolKind.Class}] publish, subscribe`,
    `    publish [${SymbolKind.Method}] sendFrame`,
    `    subscribe [${SymbolKind.Method}] Frames`,
  ]);
});

test('symbol spans cover the pair and select the key', () => {
  const { service, marks, uri } = serviceWith({ 'a.yaml': 'asyncapi: 3.0.0\n««servers»:\n  ««prod»:\n    host: h\n    protocol: ws»»\n' });
  const [servers] = service.symbols(uri('a.yaml'));
  const m = marks['a.yaml'].spans;
  // spans close in order: servers key, prod key, then prod pair and servers pair (same end)
  assert.deepEqual(servers.selection, m[0]);
  assert.deepEqual(servers.children[0].selection, m[1]);
  assert.deepEqual(servers.children[0].span, m[2]);
  assert.deepEqual(servers.span, m[3]);
});

test('broken documents give the symbols that can be read, never throw', () => {
  const { service, uri } = serviceWith({ 'a.yaml': 'asyncapi: 3.0.0\nchannels:\n  a: [\ncomponents: 7\n' });
  assert.ok(Array.isArray(service.symbols(uri('a.yaml'))));
});

test('JSON documents get the same outline', () => {
  const { service, uri } = serviceWith({
    'a.json':
      '{\n  "asyncapi": "3.0.0",\n  "info": {"title": "J", "version": "1"},\n  "channels": {"c": {"address": "x/{id}"}},\n  "components": {"schemas": {"S": {"type": "string"}}}\n}\n',
  });
  assert.deepEqual(outline(service.symbols(uri('a.json'))), [
    `info [${SymbolKind.Module}] J 1`,
    `channels [${SymbolKind.Namespace}]`,
    `  c [${SymbolKind.Class}] x/{id}`,
    `components [${SymbolKind.Namespace}]`,
    `  schemas [${SymbolKind.Namespace}]`,
    `    S [${SymbolKind.Struct}]`,
  ]);
});

test('Outline of a $ref fragment file a spec references: its keys, nested, with spans; an unrelated YAML file gets none', () => {
  const { service, uri, marks } = serviceWith({
    'main.yaml': "asyncapi: 3.0.0\ncomponents:\n  messages:\n    Chat: {$ref: './common/messages.yaml#/Chat'}\n",
    'common/messages.yaml': '«Chat»:\n  payload:\n    type: string\n  summary: A chat line\nPing: {}\n',
    'other.yaml': 'a: 1\n',
  });
  // The workspace folder: a file's own folder tree alone would not let common/ read its referrer.
  service.workspaceFolders = ['file:///mem/'];
  const symbols = service.symbols(uri('common/messages.yaml'));
  assert.deepEqual(outline(symbols), [
    `Chat [${SymbolKind.Object}]`,
    `  payload [${SymbolKind.Object}]`,
    `    type [${SymbolKind.Property}] string`,
    `  summary [${SymbolKind.Property}] A chat line`,
    `Ping [${SymbolKind.Object}]`,
  ]);
  assert.deepEqual(symbols[0].selection, marks['common/messages.yaml'].spans[0]);
  assert.deepEqual(service.symbols(uri('other.yaml')), []);
});

test('Outline of a Fern api.yml: name, auth schemes, environments and their URLs', () => {
  const { service, uri } = serviceWith({
    'fern/definition/api.yml':
      'name: chat\nauth: bearer\nauth-schemes:\n  Token:\n    header: X-Token\nenvironments:\n  Prod:\n    urls:\n      realtime: wss://rt.example.com\n',
    'fern/definition/chat.yml': 'channel:\n  path: /x\n  auth: false\n',
  });
  assert.deepEqual(outline(service.symbols(uri('fern/definition/api.yml'))), [
    `name [${SymbolKind.Property}] chat`,
    `auth [${SymbolKind.Property}] bearer`,
    `auth-schemes [${SymbolKind.Object}]`,
    `  Token [${SymbolKind.Object}]`,
    `    header [${SymbolKind.Property}] X-Token`,
    `environments [${SymbolKind.Object}]`,
    `  Prod [${SymbolKind.Object}]`,
    `    urls [${SymbolKind.Object}]`,
  ]);
});
