import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import { Severity } from '../../server/src/languageService/core/types';

/** Spans (and severities) of one code's diagnostics in a single-file spec, against the «…» marks. */
function check(text: string, code: string, severity = Severity.Error) {
  const { service, marks, uri } = serviceWith({ 'a.yaml': text });
  const all = service.slowDiagnostics(uri('a.yaml'));
  const diags = all.filter((d) => d.code === code);
  assert.deepEqual(
    diags.map((d) => ({ start: d.start, end: d.end })),
    marks['a.yaml'].spans,
    `${code}: ${JSON.stringify(all.map((d) => [d.code, marks['a.yaml'].text.slice(d.start, d.end), d.message]))}`,
  );
  for (const d of diags) assert.equal(d.severity, severity, d.message);
  return diags;
}

const INFO = "info: {title: t, version: '1'}\n";

/** Keeps only the «…» marks around `keep`, so one text serves several codes. */
const strip = (t: string, keep: string) => t.replace(/«([^»]*)»/g, (m, inner) => (inner === keep ? m : inner));

test('2.x server security must name defined schemes; oauth2 scopes must exist', () => {
  const d = check(
    `asyncapi: 2.6.0
${INFO}servers:
  prod:
    url: example.com
    protocol: ws
    security:
      - «apiKey»: []
      - oauth: [read, «delete»]
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        implicit: {authorizationUrl: 'https://x', scopes: {read: r, write: w}}
`,
    'asyncapi2-server-security',
  );
  assert.match(d[0].message, /undefined security scheme.*"apiKey"/);
  assert.match(d[1].message, /Available: \[read, write\]/);
});

test('2.x operation security uses asyncapi2-operation-security', () => {
  check(
    `asyncapi: 2.6.0
${INFO}channels:
  a:
    publish:
      security:
        - «nope»: []
`,
    'asyncapi2-operation-security',
  );
});

test('3.x security scopes must be available in the oauth2 flows', () => {
  check(
    `asyncapi: 3.0.0
${INFO}servers:
  prod:
    host: example.com
    protocol: ws
    security:
      - type: oauth2
        flows:
          implicit: {authorizationUrl: 'https://x', availableScopes: {read: r}}
        scopes: [read, «admin»]
`,
    'security-scope-undefined',
  );
});

test('2.x channel parameters: missing on the parameters key, redundant on the parameter key', () => {
  check(
    `asyncapi: 2.6.0
${INFO}channels:
  users/{userId}/{action}:
    «parameters»:
      userId: {schema: {type: string}}
      «extra»: {schema: {type: string}}
`,
    'asyncapi2-channel-parameters',
  );
});

test('beyond the parser: {param} without any parameters, and parameters on an address without placeholders', () => {
  const text = `asyncapi: 2.6.0
${INFO}channels:
  «users/{userId}»:
    subscribe: {message: {payload: {type: string}}}
  plain:
    parameters:
      «unused»: {schema: {type: string}}
`;
  const d = check(strip(text, 'users/{userId}'), 'channel-parameter-undeclared', Severity.Warning);
  assert.deepEqual(d[0].data, { kind: 'declareParameter', name: 'userId' });
  check(strip(text, 'unused'), 'channel-parameter-unused', Severity.Warning);
});

test('3.x channel parameters: every {param} declared and every declared one used', () => {
  check(
    `asyncapi: 3.0.0
${INFO}channels:
  c:
    address: 'rooms/{roomId}/{kind}'
    «parameters»:
      roomId: {}
      «stale»: {}
components:
  channels:
    noAddress:
      parameters:
        «x»: {}
`,
    'asyncapi3-channel-parameters',
  );
});

test('2.x channel servers must be defined; channel keys carry no query or fragment', () => {
  check(
    `asyncapi: 2.6.0
${INFO}servers:
  prod: {url: example.com, protocol: ws}
channels:
  a:
    servers: [prod, «staging»]
`,
    'asyncapi2-channel-servers',
  );
  check(
    `asyncapi: 2.6.0
${INFO}channels:
  «a?x=1»:
    subscribe: {message: {payload: {type: string}}}
`,
    'asyncapi2-channel-no-query-nor-fragment',
  );
});

test('3.x channel servers must reference #/servers/...', () => {
  check(
    `asyncapi: 3.0.0
${INFO}servers:
  prod: {host: example.com, protocol: ws}
components:
  servers:
    other: {host: example.org, protocol: ws}
channels:
  c:
    servers:
      - $ref: '#/servers/prod'
      - $ref: «'#/components/servers/other'»
`,
    'asyncapi3-required-channel-servers-unambiguity',
  );
});

test('2.x server variables declared and used', () => {
  check(
    `asyncapi: 2.6.0
${INFO}servers:
  prod:
    url: '{host}:{port}'
    protocol: ws
    «variables»:
      host: {default: x}
      «unused»: {default: y}
`,
    'asyncapi2-server-variables',
  );
});

test('2.x operationId and messageId unique; one message reused by $ref is not a duplicate', () => {
  const text = `asyncapi: 2.6.0
${INFO}channels:
  a:
    subscribe:
      operationId: op
      message: {$ref: '#/components/messages/M'}
  b:
    publish:
      operationId: «op»
      message: {$ref: '#/components/messages/M'}
  c:
    publish:
      operationId: op2
      message:
        messageId: «m1»
components:
  messages:
    M:
      messageId: m1
`;
  check(strip(text, 'op'), 'asyncapi2-operation-operationId-uniqueness');
  check(strip(text, 'm1'), 'asyncapi2-message-messageId-uniqueness');
});

test('3.x operation channel must be #/channels/..., its messages from that channel', () => {
  const text = `asyncapi: 3.0.0
${INFO}channels:
  a:
    address: a
    messages:
      m: {payload: {type: string}}
  b:
    address: b
    messages:
      n: {payload: {type: string}}
operations:
  send:
    action: send
    channel: {$ref: '#/channels/a'}
    messages:
      - $ref: '#/channels/a/messages/m'
      - «$ref: '#/channels/b/messages/n'»
  other:
    action: send
    channel: {$ref: «'#/components/channels/x'»}
components:
  channels:
    x: {address: x}
`;
  const d = check(
    text.replace("«'#/components/channels/x'»", "'#/components/channels/x'").replace("«$ref: '#/channels/b/messages/n'»", "$ref: «'#/channels/b/messages/n'»"),
    'asyncapi3-operation-messages-from-referred-channel',
  );
  assert.match(d[0].message, /does not belong to the specified channel/);
  check(text.replace("«$ref: '#/channels/b/messages/n'»", "$ref: '#/channels/b/messages/n'"), 'asyncapi3-required-operation-channel-unambiguity');
});

test('3.x reply: channel under #/channels, messages of the reply channel, address only without a channel address', () => {
  const text = `asyncapi: 3.0.0
${INFO}channels:
  req: {address: req, messages: {q: {payload: {type: string}}}}
  res: {address: res, messages: {r: {payload: {type: string}}}}
operations:
  ask:
    action: send
    channel: {$ref: '#/channels/req'}
    reply:
      «address»: {location: '$message.header#/replyTo'}
      channel: {$ref: '#/channels/res'}
      messages:
        - $ref: «'#/channels/req/messages/q'»
`;
  check(strip(text, 'address'), 'operation-reply-address-conflict', Severity.Warning);
  check(strip(text, "'#/channels/req/messages/q'"), 'operation-reply-messages-from-referred-channel', Severity.Warning);
});

test('duplicate tag names: 2.x error with the parser code, 3.x warning', () => {
  check(
    `asyncapi: 2.6.0
${INFO}tags:
  - name: a
  - name: b
  - name: «a»
`,
    'asyncapi2-tags-uniqueness',
  );
  check(
    `asyncapi: 3.0.0
info:
  title: t
  version: '1'
  tags:
    - name: x
    - name: «x»
`,
    'tags-uniqueness',
    Severity.Warning,
  );
});

test('3.x: an unresolved channel or message $ref is the only thing reported; what depends on it says nothing (issue 16.2)', () => {
  const text = `asyncapi: 3.0.0
${INFO}channels:
  chat: {address: chat, messages: {ping: {payload: {type: string}}}}
operations:
  send:
    action: send
    channel: {$ref: «'#/channels/chatt'»}
    messages:
      - $ref: '#/channels/chat/messages/ping'
  recv:
    action: receive
    channel: {$ref: '#/channels/chat'}
    messages:
      - $ref: «'#/channels/chta/messages/ping'»
    reply:
      channel: {$ref: «'#/channels/chats'»}
      messages:
        - $ref: '#/channels/chat/messages/ping'
`;
  check(text, 'invalid-ref');
  check(strip(text, 'none'), 'asyncapi3-operation-messages-from-referred-channel');
  check(strip(text, 'none'), 'operation-reply-messages-from-referred-channel', Severity.Warning);
});
