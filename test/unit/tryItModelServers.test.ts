import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import type { TryItModel } from '../../common/src/tryItModel';

/** The model of the first file, with the 0-based line/character of each `‸` cursor for location checks. */
function model(files: Record<string, string>): { m: TryItModel; at: { line: number; character: number }[] } {
  const { service, uri, marks } = serviceWith(files);
  const first = Object.keys(files)[0];
  const m = service.tryItModel(uri(first));
  assert.ok(m, 'a model');
  const text = marks[first].text;
  const at = marks[first].cursors.map((o) => {
    const before = text.slice(0, o).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  });
  return { m, at };
}

test('2.x server: url with variables (enum, default, description), protocol version, location of its key', () => {
  const { m, at } = model({
    'a.yaml': `asyncapi: 2.6.0
info: {title: T, version: '1'}
servers:
  ‸prod:
    url: 'wss://{host}:{port}/v1'
    protocol: wss
    protocolVersion: '13'
    description: Production.
    variables:
      host: {default: api.example.com, description: Host name}
      port: {enum: ['443', '8443'], default: '443'}
channels: {}
`,
  });
  assert.deepEqual(m.servers, [
    {
      name: 'prod',
      url: 'wss://{host}:{port}/v1',
      protocol: 'wss',
      protocolVersion: '13',
      description: 'Production.',
      variables: [
        { name: 'host', default: 'api.example.com', description: 'Host name' },
        { name: 'port', default: '443', enum: ['443', '8443'] },
      ],
      security: [],
      transport: 'ws',
      location: { uri: 'file:///mem/a.yaml', ...at[0] },
    },
  ]);
  assert.deepEqual(m.problems, []);
});

test('3.x server: protocol://host/pathname; a scheme is added to a 2.x url that has none', () => {
  const three = model({
    'a.yaml': `asyncapi: 3.0.0
info: {title: T, version: '1'}
servers:
  s: {host: 'localhost:{port}', pathname: /ws, protocol: ws, variables: {port: {default: '8080'}}}
  bare: {host: example.com, protocol: wss}
`,
  }).m;
  assert.deepEqual(
    three.servers.map((s) => s.url),
    ['ws://localhost:{port}/ws', 'wss://example.com'],
  );
  const two = model({
    'a.yaml': `asyncapi: 2.6.0
info: {title: T, version: '1'}
servers:
  a: {url: 'localhost:4000', protocol: ws}
  b: {url: 'localhost:61614', protocol: stomps}
  c: {url: 'http://localhost:3000', protocol: http}
channels: {}
`,
  }).m;
  assert.deepEqual(
    two.servers.map((s) => s.url),
    ['ws://localhost:4000', 'wss://localhost:61614', 'http://localhost:3000'],
  );
});

test('transport from protocol: ws/wss → ws, socket.io/socketio → socket.io, stomp/stomps → stomp', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 2.6.0
info: {title: T, version: '1'}
servers:
  a: {url: 'ws://h', protocol: ws}
  b: {url: 'wss://h', protocol: wss}
  c: {url: 'http://h', protocol: socket.io}
  d: {url: 'http://h', protocol: socketio}
  e: {url: 'ws://h/ws', protocol: stomp}
  f: {url: 'wss://h/ws', protocol: stomps}
channels: {}
`,
  });
  assert.deepEqual(
    m.servers.map((s) => [s.name, s.transport]),
    [
      ['a', 'ws'],
      ['b', 'ws'],
      ['c', 'socket.io'],
      ['d', 'socket.io'],
      ['e', 'stomp'],
      ['f', 'stomp'],
    ],
  );
  assert.deepEqual(m.servers[2].socketIo, { path: '/socket.io' });
});

test('a ws server is Socket.IO when an x- extension, a /socket.io path or its description says so', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 2.3.0
info: {title: T, version: '1'}
servers:
  ext: {url: 'ws://h:3000', protocol: ws, x-socketio: {path: /io, namespace: /chat}}
  extPath: {url: 'ws://h:3000', protocol: ws, x-socket-io-path: /rt}
  extValue: {url: 'ws://h:3000', protocol: ws, x-protocol: socket.io}
  path: {url: 'example.com/socket.io', protocol: wss}
  nested: {url: 'wss://example.com/api/socket.io/', protocol: wss}
  described: {url: 'localhost:4000', protocol: ws, description: 'Local backend server (Socket.IO endpoint /socket.io).'}
  plain: {url: 'ws://h/socket', protocol: ws}
  off: {url: 'ws://h', protocol: ws, x-socketio: false}
channels: {}
`,
  });
  assert.deepEqual(
    m.servers.map((s) => [s.name, s.transport, s.url, s.socketIo]),
    [
      ['ext', 'socket.io', 'ws://h:3000', { path: '/io', namespace: '/chat' }],
      ['extPath', 'socket.io', 'ws://h:3000', { path: '/rt' }],
      ['extValue', 'socket.io', 'ws://h:3000', { path: '/socket.io' }],
      ['path', 'socket.io', 'wss://example.com', { path: '/socket.io' }],
      ['nested', 'socket.io', 'wss://example.com/api', { path: '/api/socket.io' }],
      ['described', 'socket.io', 'ws://localhost:4000', { path: '/socket.io' }],
      ['plain', 'ws', 'ws://h/socket', undefined],
      ['off', 'ws', 'ws://h', undefined],
    ],
  );
});

test('3.x https server with pathname /socket.io (zod-sockets) is Socket.IO', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 3.0.0
info: {title: T, version: '1'}
servers:
  example: {host: example.com, pathname: /socket.io, protocol: https}
`,
  });
  assert.deepEqual([m.servers[0].transport, m.servers[0].url, m.servers[0].socketIo], ['socket.io', 'https://example.com', { path: '/socket.io' }]);
});

test('2.x security: each requirement object is an alternative, its schemes all apply', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 2.6.0
info: {title: T, version: '1'}
servers:
  s:
    url: 'wss://h'
    protocol: wss
    security:
      - jwt: []
        key: []
      - basic: []
      - creds: []
      - user: []
      - missing: []
channels: {}
components:
  securitySchemes:
    jwt: {type: http, scheme: bearer, bearerFormat: JWT}
    key: {type: httpApiKey, in: header, name: X-API-Key, description: Key.}
    basic: {type: http, scheme: basic}
    creds: {type: userPassword}
    user:
      $ref: '#/components/x-schemes/apiUser'
  x-schemes:
    apiUser: {type: apiKey, in: user}
`,
  });
  assert.deepEqual(m.servers[0].security, [
    [
      { kind: 'httpBearer', name: 'jwt', bearerFormat: 'JWT' },
      { kind: 'apiKey', name: 'key', description: 'Key.', in: 'header', paramName: 'X-API-Key' },
    ],
    [{ kind: 'httpBasic', name: 'basic' }],
    [{ kind: 'userPassword', name: 'creds' }],
    [{ kind: 'apiKey', name: 'user', in: 'user', paramName: '' }],
    [],
  ]);
  assert.deepEqual(m.problems, ['Security scheme "missing" (servers s) is not declared in components.securitySchemes.']);
});

test('3.x security: a list of $refs (or inline schemes), each one an alternative', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 3.0.0
info: {title: T, version: '1'}
servers:
  s:
    host: h
    protocol: wss
    security:
      - $ref: '#/components/securitySchemes/token'
      - $ref: '#/components/securitySchemes/cookie'
      - {type: http, scheme: digest}
components:
  securitySchemes:
    token: {type: httpApiKey, in: query, name: token}
    cookie: {type: httpApiKey, in: cookie, name: sid}
`,
  });
  assert.deepEqual(m.servers[0].security, [
    [{ kind: 'apiKey', name: 'token', in: 'query', paramName: 'token' }],
    [{ kind: 'apiKey', name: 'cookie', in: 'cookie', paramName: 'sid' }],
    [{ kind: 'other', name: '2', type: 'http:digest' }],
  ]);
});

test('a server without protocol or url is kept, with problems that say what was assumed', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 2.6.0
info: {title: T, version: '1'}
servers:
  production: {host: wss.chat.com}
  empty: {}
channels: {}
`,
  });
  assert.deepEqual(
    m.servers.map((s) => [s.name, s.url, s.protocol, s.transport]),
    [
      ['production', 'wss://wss.chat.com', 'wss', 'ws'],
      ['empty', '', 'wss', 'ws'],
    ],
  );
  assert.deepEqual(m.problems, [
    'Server "production" has no protocol; assuming wss.',
    'Server "empty" has no url.',
    'Server "empty" has no protocol; assuming wss.',
  ]);
});

test('per-channel and per-operation security: 2.x `x-security` (asynction namespaces), 3.x operation `security`', () => {
  const two = model({
    'a.yaml': `asyncapi: 2.3.0
info: {title: T, version: '1'}
servers:
  test: {protocol: wss, url: 127.0.0.1/socket.io, security: [{basic: []}]}
channels:
  /: {subscribe: {message: {name: test, payload: {type: string}}}}
  /bearer_secured:
    subscribe: {message: {name: test, payload: {type: string}}}
    x-security:
      - bearer: []
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
    bearer: {type: http, scheme: bearer, bearerFormat: test}
`,
  }).m;
  assert.deepEqual(
    two.channels.map((c) => [c.id, c.namespace, c.security]),
    [
      ['/', '/', undefined],
      ['/bearer_secured', '/bearer_secured', [[{ kind: 'httpBearer', name: 'bearer', bearerFormat: 'test' }]]],
    ],
  );
  const three = model({
    'a.yaml': `asyncapi: 3.0.0
info: {title: T, version: '1'}
channels:
  c: {messages: {m: {payload: {type: object}}}}
operations:
  o:
    action: receive
    channel: {$ref: '#/channels/c'}
    security: [{$ref: '#/components/securitySchemes/key'}]
components:
  securitySchemes:
    key: {type: httpApiKey, in: header, name: X-Key}
`,
  }).m;
  assert.deepEqual(three.channels[0].operations[0].security, [[{ kind: 'apiKey', name: 'key', in: 'header', paramName: 'X-Key' }]]);
});

test('MQTT: mqtt/mqtts/secure-mqtt servers and ws servers with an mqtt binding take the MQTT transport, with their binding and version', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 3.0.0
info: {title: T, version: '1'}
servers:
  tcp: {host: 'broker:1883', protocol: mqtt, protocolVersion: '5', bindings: {mqtt: {clientId: c1, cleanSession: false, keepAlive: 10}}}
  tls: {host: 'broker:8883', protocol: secure-mqtt}
  mqtts: {host: 'broker:8883', protocol: mqtts}
  overWs: {host: 'broker:8080', pathname: /mqtt, protocol: wss, bindings: {mqtt: {}}}
  plainWs: {host: 'broker:8080', protocol: ws}
`,
  });
  assert.deepEqual(
    m.servers.map((s) => [s.name, s.url, s.transport, s.mqtt]),
    [
      ['tcp', 'mqtt://broker:1883', 'mqtt', { clientId: 'c1', cleanSession: false, keepAlive: 10, protocolVersion: 5 }],
      ['tls', 'mqtts://broker:8883', 'mqtt', {}],
      ['mqtts', 'mqtts://broker:8883', 'mqtt', {}],
      ['overWs', 'wss://broker:8080/mqtt', 'mqtt', {}],
      ['plainWs', 'ws://broker:8080', 'ws', undefined],
    ],
  );
});
