/**
 * Issue 16.7: rename of channel keys, 3.x channel message keys (from the key and from a `$ref`), operation keys,
 * server keys and security scheme names (3.x through `$ref`s, 2.x by name in `security:` and channel `servers`),
 * each updating every reference, in other files too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, serviceWith } from '../helpers/fixtures';
import type { WorkspaceEdit } from '../../server/src/languageService/core/types';

/** Renames at the cursor of the first file and returns every file's text after the edit. */
function renamed(files: Record<string, string>, newName: string, cursor = 0): Record<string, string> {
  const { service, marks, uri } = serviceWith(files);
  for (const p of Object.keys(files).slice(1)) service.store.setOpen(uri(p), marks[p].text, 1);
  const first = Object.keys(files)[0];
  const edit: WorkspaceEdit | undefined = service.rename(uri(first), marks[first].cursors[cursor], newName);
  assert.ok(edit, 'rename is offered');
  return Object.fromEntries(Object.keys(files).map((p) => [p, applyEdits(marks[p].text, edit[uri(p)])]));
}

const V3 = `asyncapi: 3.0.0
info: {title: t, version: '1'}
servers:
  pr‸od: {host: example.com, protocol: ws}
channels:
  ro‸om:
    address: rooms
    servers:
      - $ref: '#/servers/prod'
    messages:
      he‸llo: {payload: {type: string}}
operations:
  se‸nd:
    action: send
    channel: {$ref: '#/channels/room'}
    messages:
      - $ref: '#/channels/room/messages/hello'
    security:
      - $ref: '#/components/securitySchemes/to‸ken'
components:
  securitySchemes:
    token: {type: httpBearerToken}
`;
const V3_OTHER = `asyncapi: 3.0.0
info: {title: o, version: '1'}
operations:
  again:
    action: receive
    channel: {$ref: 'spec.yaml#/channels/room'}
    messages:
      - $ref: 'spec.yaml#/channels/room/messages/hello'
    reply:
      channel: {$ref: 'spec.yaml#/channels/room'}
x-see: {$ref: 'spec.yaml#/operations/send'}
`;

test('3.x: renaming a server key updates the channel $refs to it', () => {
  const out = renamed({ 'spec.yaml': V3, 'other.yaml': V3_OTHER }, 'live', 0);
  assert.equal(out['spec.yaml'], V3.replace(/‸/g, '').replace(/prod/g, 'live'));
});

test('3.x: renaming a channel key updates every $ref to it and into it, in every file', () => {
  const out = renamed({ 'spec.yaml': V3, 'other.yaml': V3_OTHER }, 'lobby', 1);
  assert.equal(
    out['spec.yaml'],
    V3.replace(/‸/g, '')
      .replace(/room:/, 'lobby:')
      .replace(/channels\/room/g, 'channels/lobby'),
  );
  assert.equal(out['other.yaml'], V3_OTHER.replace(/channels\/room/g, 'channels/lobby'));
});

test('3.x: renaming a channel message key updates the refs to it in every file', () => {
  const out = renamed({ 'spec.yaml': V3, 'other.yaml': V3_OTHER }, 'greeting', 2);
  assert.equal(out['spec.yaml'], V3.replace(/‸/g, '').replace(/hello/g, 'greeting'));
  assert.equal(out['other.yaml'], V3_OTHER.replace(/hello/g, 'greeting'));
});

test('3.x: renaming an operation key updates the refs to it', () => {
  const out = renamed({ 'spec.yaml': V3, 'other.yaml': V3_OTHER }, 'post', 3);
  assert.equal(out['spec.yaml'], V3.replace(/‸/g, '').replace('send:', 'post:'));
  assert.equal(out['other.yaml'], V3_OTHER.replace('operations/send', 'operations/post'));
});

test('3.x: renaming a security scheme from its $ref renames the scheme and the ref', () => {
  const out = renamed({ 'spec.yaml': V3 }, 'bearer', 4);
  assert.equal(out['spec.yaml'], V3.replace(/‸/g, '').replace(/token/g, 'bearer'));
});

const V2 = `asyncapi: 2.6.0
info: {title: t, version: '1'}
servers:
  live: {url: ws://x, protocol: ws, security: [{api‸Key: []}]}
  backup: {url: ws://y, protocol: ws}
channels:
  chat/{room}:
    servers: [li‸ve, backup]
    publish:
      security:
        - apiKey: []
      message: {payload: {type: string}}
  other:
    servers: ["live"]
    subscribe:
      message: {$ref: '#/channels/chat~1{room}/publish/message'}
components:
  securitySchemes:
    apiKey: {type: httpApiKey, name: k, in: query}
`;

test('2.x: renaming a security scheme from a requirement key renames it everywhere it is named', () => {
  const out = renamed({ 'spec.yaml': V2 }, 'token', 0);
  assert.equal(out['spec.yaml'], V2.replace(/‸/g, '').replace(/apiKey/g, 'token'));
});

test('2.x: renaming a server from a channel servers entry renames the key and every entry naming it', () => {
  const out = renamed({ 'spec.yaml': V2 }, 'primary', 1);
  assert.equal(out['spec.yaml'], V2.replace(/‸/g, '').replace('live:', 'primary:').replace('[live,', '[primary,').replace('["live"]', '["primary"]'));
});

test('2.x: renaming a channel key (its address) updates the $refs into it (the key quoted, the slash escaped in pointers)', () => {
  const text = V2.replace(/‸/g, '').replace('chat/{room}:', 'chat/{r‸oom}:');
  const out = renamed({ 'spec.yaml': text }, 'talk/{room}', 0);
  assert.equal(out['spec.yaml'], V2.replace(/‸/g, '').replace('chat/{room}:', '"talk/{room}":').replace('chat~1{room}', 'talk~1{room}'));
});

test('rename of a 2.x server onto an existing server name is refused', () => {
  const { service, marks, uri } = serviceWith({ 'spec.yaml': V2 });
  assert.equal(service.rename(uri('spec.yaml'), marks['spec.yaml'].cursors[1], 'backup'), undefined);
  assert.ok(service.rename(uri('spec.yaml'), marks['spec.yaml'].cursors[1], 'spare'));
});
