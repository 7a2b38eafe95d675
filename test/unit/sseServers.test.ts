/** Which http(s) servers Try it reaches with Server-Sent Events: receive-only event-stream channels, or an x- extension. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';

function transports(doc: string): Record<string, string> {
  const { service, uri } = serviceWith({ 'a.yaml': doc });
  const m = service.tryItModel(uri('a.yaml'));
  assert.ok(m, 'a model');
  return Object.fromEntries(m.servers.map((s) => [s.name, s.transport]));
}

const HEAD = `asyncapi: 3.0.0
info: {title: T, version: '1'}
`;
const channel = (action: string, contentType: string) => `channels:
  c:
    address: /events
    messages:
      m: {name: m, contentType: ${contentType}, payload: {type: object}}
operations:
  o:
    action: ${action}
    channel: {$ref: '#/channels/c'}
`;

test('an http server whose channel streams text/event-stream to the client is SSE; a ws server is not', () => {
  const servers = `servers:
  web: {host: 'localhost:1', protocol: https}
  sock: {host: 'localhost:2', protocol: ws}
`;
  assert.deepEqual(transports(HEAD + servers + channel('send', 'text/event-stream')), { web: 'sse', sock: 'ws' });
});

test('a channel the client sends on, or JSON messages, keep the http server off SSE', () => {
  const servers = `servers:
  web: {host: 'localhost:1', protocol: http}
`;
  assert.deepEqual(transports(HEAD + servers + channel('receive', 'text/event-stream')), { web: 'ws' });
  assert.deepEqual(transports(HEAD + servers + channel('send', 'application/json')), { web: 'ws' });
});

test('an x- extension on the server says SSE whatever the messages', () => {
  for (const ext of ['x-sse: true', 'x-transport: sse', 'x-protocol: server-sent-events']) {
    const servers = `servers:
  web: {host: 'localhost:1', protocol: http, ${ext}}
`;
    assert.deepEqual(transports(HEAD + servers + channel('send', 'application/json')), { web: 'sse' }, ext);
  }
});
