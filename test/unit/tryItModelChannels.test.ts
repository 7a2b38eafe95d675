import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import type { TryItModel } from '../../common/src/tryItModel';

function model(files: Record<string, string>): { m: TryItModel; at: { uri: string; line: number; character: number }[] } {
  const { service, uri, marks } = serviceWith(files);
  const first = Object.keys(files)[0];
  const m = service.tryItModel(uri(first));
  assert.ok(m, 'a model');
  const text = marks[first].text;
  const at = marks[first].cursors.map((o) => {
    const before = text.slice(0, o).split('\n');
    return { uri: uri(first), line: before.length - 1, character: before[before.length - 1].length };
  });
  return { m, at };
}

const ops = (m: TryItModel) =>
  m.channels.flatMap((c) => c.operations.map((o) => `${c.id} ${o.id} ${o.rawAction}→${o.clientDirection} [${o.messages.map((x) => x.id).join(',')}]`));

test('2.x: publish is what the client sends, subscribe what it receives; ids from operationId, messageId, component key, name', () => {
  const { m, at } = model({
    'a.yaml': `asyncapi: 2.6.0
info: {title: T, version: '1'}
channels:
  ‸chat/{roomId}:
    servers: [prod]
    parameters:
      roomId:
        description: The room.
        schema: {type: string, enum: [general, random], default: general, examples: [general]}
    bindings:
      ws:
        query:
          type: object
          required: [token]
          properties:
            token: {type: string, description: Access token}
            lang: {type: string, default: en}
        headers:
          type: object
          properties:
            X-Client: {type: string, const: panel}
    ‸publish:
      operationId: sendChat
      summary: Say something.
      message:
        oneOf:
          - $ref: '#/components/messages/Say'
          - {messageId: typing, payload: {type: object}}
          - {name: Leave, payload: {type: object}}
    subscribe:
      message: {payload: {type: string}}
components:
  messages:
    Say: {payload: {type: object}}
`,
  });
  assert.deepEqual(ops(m), [
    'chat/{roomId} sendChat publish→send [Say,typing,Leave]',
    'chat/{roomId} subscribe chat/{roomId} subscribe→receive [subscribe chat/{roomId}#message]',
  ]);
  const c = m.channels[0];
  assert.equal(c.address, 'chat/{roomId}');
  assert.deepEqual(c.servers, ['prod']);
  assert.deepEqual(c.location, at[0]);
  assert.deepEqual(c.operations[0].location, at[1]);
  assert.equal(c.operations[0].summary, 'Say something.');
  assert.deepEqual(c.parameters, [
    {
      name: 'roomId',
      schema: { type: 'string', enum: ['general', 'random'], default: 'general', examples: ['general'] },
      required: true,
      description: 'The room.',
      default: 'general',
      examples: ['general'],
      enum: ['general', 'random'],
    },
  ]);
  assert.deepEqual(c.query, [
    { name: 'token', schema: { type: 'string', description: 'Access token' }, required: true, description: 'Access token' },
    { name: 'lang', schema: { type: 'string', default: 'en' }, required: false, default: 'en' },
  ]);
  assert.deepEqual(c.headers, [{ name: 'X-Client', schema: { type: 'string', const: 'panel' }, required: false, default: 'panel' }]);
});

test('2.x: channel bindings given as a $ref (asynction) still yield query parameters', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 2.2.0
info: {title: T, version: '1'}
channels:
  /admin:
    bindings: {$ref: '#/components/channelBindings/Auth'}
components:
  channelBindings:
    Auth:
      ws:
        query: {type: object, properties: {token: {type: string}}, required: [token]}
`,
  });
  assert.deepEqual(m.channels[0].query, [{ name: 'token', schema: { type: 'string' }, required: true }]);
});

test('3.x: receive is what a client sends, send what it receives; rawAction kept; reply channel, messages and address', () => {
  const { m, at } = model({
    'a.yaml': `asyncapi: 3.0.0
info: {title: T, version: '1'}
servers:
  prod: {host: h, protocol: wss}
  test: {host: t, protocol: wss}
channels:
  rooms:
    address: /rooms/{roomId}
    title: Rooms
    servers: [{$ref: '#/servers/test'}]
    parameters:
      roomId: {enum: [a, b], default: a, examples: [b], description: Room id}
    messages:
      join: {$ref: '#/components/messages/join'}
      joined: {payload: {type: object}}
  replies:
    address: null
    messages:
      ack: {payload: {type: object}}
operations:
  ‸onJoin:
    action: receive
    channel: {$ref: '#/channels/rooms'}
    messages: [{$ref: '#/channels/rooms/messages/join'}]
    reply:
      channel: {$ref: '#/channels/replies'}
      address: {location: '$message.header#/replyTo'}
  announce:
    action: send
    title: Announce
    channel: {$ref: '#/channels/rooms'}
  ask:
    action: receive
    channel: {$ref: '#/channels/rooms'}
    messages: [{$ref: '#/channels/rooms/messages/join'}]
    reply:
      channel: {$ref: '#/channels/rooms'}
      messages: [{$ref: '#/channels/rooms/messages/joined'}]
components:
  messages:
    join: {name: Join, payload: {type: object}}
`,
  });
  assert.deepEqual(ops(m), ['rooms onJoin receive→send [join]', 'rooms announce send→receive [join,joined]', 'rooms ask receive→send [join]']);
  const [rooms, replies] = m.channels;
  assert.equal(rooms.address, '/rooms/{roomId}');
  assert.equal(rooms.title, 'Rooms');
  assert.equal(replies.address, null);
  assert.deepEqual(rooms.servers, ['test']);
  assert.deepEqual(rooms.parameters, [
    {
      name: 'roomId',
      schema: { type: 'string', enum: ['a', 'b'], default: 'a', examples: ['b'], description: 'Room id' },
      required: true,
      description: 'Room id',
      default: 'a',
      examples: ['b'],
      enum: ['a', 'b'],
    },
  ]);
  const [onJoin, announce, ask] = rooms.operations;
  assert.deepEqual(onJoin.location, at[0]);
  assert.deepEqual(onJoin.reply && { ...onJoin.reply, messages: onJoin.reply.messages.map((x) => x.id) }, {
    messages: ['ack'],
    address: '$message.header#/replyTo',
    channelId: 'replies',
  });
  assert.equal(announce.title, 'Announce');
  assert.deepEqual(ask.reply && { ...ask.reply, messages: ask.reply.messages.map((x) => x.id) }, {
    messages: ['joined'],
    address: '/rooms/{roomId}',
    channelId: 'rooms',
  });
  assert.deepEqual(m.problems, []);
});

test('messages: payload and headers dereferenced across files, examples, discriminators, bindings, content type, location', () => {
  const { m } = model({
    'api.yaml': `asyncapi: 3.0.0
info: {title: T, version: '1'}
defaultContentType: application/json
channels:
  c:
    address: /
    messages:
      ping: {$ref: 'messages.yaml#/ping'}
operations:
  o: {action: send, channel: {$ref: '#/channels/c'}}
`,
    'messages.yaml': `ping:
  name: ping
  title: Ping
  summary: Are you there?
  headers: {$ref: 'schemas.yaml#/Headers'}
  payload: {$ref: 'schemas.yaml#/Ping'}
  bindings: {ws: {bindingVersion: 0.1.0}}
  examples:
    - name: basic
      summary: The usual
      payload: {event: ping, reqid: 1}
      headers: {x-id: a}
`,
    'schemas.yaml': `Ping:
  type: object
  required: [event]
  properties:
    event: {type: string, const: ping}
    kind: {$ref: '#/Kind'}
    reqid: {type: integer}
  examples:
    - {event: ping}
Kind: {type: string, enum: [a, b]}
Headers: {type: object, properties: {x-id: {type: string}}}
`,
  });
  const msg = m.channels[0].operations[0].messages[0];
  const { schemaLocations: _, ...rest } = msg;
  assert.deepEqual(rest, {
    id: 'ping',
    name: 'ping',
    title: 'Ping',
    summary: 'Are you there?',
    contentType: 'application/json',
    payload: {
      type: 'object',
      required: ['event'],
      properties: { event: { type: 'string', const: 'ping' }, kind: { type: 'string', enum: ['a', 'b'] }, reqid: { type: 'integer' } },
      examples: [{ event: 'ping' }],
    },
    headers: { type: 'object', properties: { 'x-id': { type: 'string' } } },
    examples: [
      { name: 'basic', summary: 'The usual', payload: { event: 'ping', reqid: 1 }, headers: { 'x-id': 'a' } },
      { summary: 'payload schema example', payload: { event: 'ping' } },
    ],
    discriminators: [
      { property: 'event', values: ['ping'] },
      { property: 'kind', values: ['a', 'b'] },
    ],
    bindings: { ws: { bindingVersion: '0.1.0' } },
    location: { uri: 'file:///mem/messages.yaml', line: 0, character: 0 },
  });
  // Schema parts are located where they are written, across files: the enum of `kind` lives in schemas.yaml.
  assert.deepEqual(msg.schemaLocations?.uris, ['file:///mem/schemas.yaml']);
  assert.deepEqual(msg.schemaLocations?.at, {
    '': [0, 0, 0],
    '/properties/event': [0, 4, 4],
    '/properties/kind': [0, 9, 0],
    '/properties/reqid': [0, 6, 4],
  });
});

test('discriminators: allOf narrows, oneOf counts a property every branch pins, long enums are not kinds', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 3.0.0
info: {title: T, version: '1'}
channels:
  c:
    messages:
      narrowed:
        payload:
          allOf:
            - {properties: {type: {enum: [subscribe, unsubscribe]}}}
            - {properties: {type: {const: unsubscribe}}}
      either:
        payload:
          oneOf:
            - {properties: {event: {const: a}, x: {const: 1}}}
            - {properties: {event: {const: b}}}
      domain:
        payload:
          properties:
            symbol: {enum: [${Array.from({ length: 70 }, (_, i) => 's' + i).join(', ')}]}
            flag: {type: boolean, const: true}
operations:
  o: {action: send, channel: {$ref: '#/channels/c'}}
`,
  });
  assert.deepEqual(
    m.channels[0].operations[0].messages.map((x) => [x.id, x.discriminators]),
    [
      ['narrowed', [{ property: 'type', values: ['unsubscribe'] }]],
      ['either', [{ property: 'event', values: ['a', 'b'] }]],
      ['domain', [{ property: 'flag', values: [true] }]],
    ],
  );
});

test('2.x message traits add fields; 2.x examples; a non-JSON schema format is a problem, not a crash', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 2.6.0
info: {title: T, version: '1'}
defaultContentType: text/plain
channels:
  c:
    subscribe:
      message:
        oneOf:
          - messageId: traited
            traits: [{$ref: '#/components/messageTraits/Common'}]
            payload: {type: string}
            examples: [{payload: hi}]
          - messageId: avro
            schemaFormat: application/vnd.apache.avro;version=1.9.0
            payload: {type: record, name: User, fields: []}
components:
  messageTraits:
    Common:
      contentType: application/json
      headers: {type: object, properties: {id: {type: string}}}
`,
  });
  const [traited, avro] = m.channels[0].operations[0].messages;
  assert.equal(traited.contentType, 'application/json');
  assert.deepEqual(traited.headers, { type: 'object', properties: { id: { type: 'string' } } });
  assert.deepEqual(traited.examples, [{ payload: 'hi' }]);
  assert.equal(avro.contentType, 'text/plain');
  assert.deepEqual(avro.payload, {});
  assert.deepEqual(m.problems, [
    'Message "avro": payload schema format application/vnd.apache.avro;version=1.9.0 is not JSON Schema; the panel cannot validate or generate it.',
  ]);
});

test('3.x multi-format payload {schemaFormat, schema} is unwrapped', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 3.0.0
info: {title: T, version: '1'}
channels:
  c:
    messages:
      m:
        payload:
          schemaFormat: application/schema+json;version=draft-07
          schema: {type: object, properties: {t: {const: x}}}
operations:
  o: {action: send, channel: {$ref: '#/channels/c'}}
`,
  });
  const msg = m.channels[0].operations[0].messages[0];
  assert.deepEqual(msg.payload, { type: 'object', properties: { t: { const: 'x' } } });
  assert.deepEqual(msg.discriminators, [{ property: 't', values: ['x'] }]);
});

test('Socket.IO documents: event names from an x- extension, a bare channel address, the message name; namespaces', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 2.3.0
info: {title: T, version: '1'}
servers:
  io: {url: 'localhost:5000/socket.io', protocol: ws}
channels:
  /:
    publish:
      message:
        oneOf:
          - {name: new message, payload: {type: string}}
          - {name: typing, x-event: is-typing}
  /admin:
    subscribe:
      message: {messageId: metric, payload: {type: object}}
  join_chat:
    publish:
      message: {name: JoinRequest, payload: {type: object}}
`,
  });
  assert.deepEqual(
    m.channels.map((c) => [c.id, c.namespace, c.operations.flatMap((o) => o.messages.map((x) => x.eventName))]),
    [
      ['/', '/', ['new message', 'is-typing']],
      ['/admin', '/admin', ['metric']],
      ['join_chat', undefined, ['join_chat']],
    ],
  );
});

test('plain WebSocket documents get no event names or namespaces', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 2.6.0
info: {title: T, version: '1'}
servers:
  s: {url: 'ws://h', protocol: ws}
channels:
  /:
    publish: {message: {name: hello, payload: {type: string}}}
`,
  });
  assert.equal(m.channels[0].namespace, undefined);
  assert.equal(m.channels[0].operations[0].messages[0].eventName, undefined);
});

test('a broken spec yields what can be built, with problems', () => {
  const { m } = model({
    'a.yaml': `asyncapi: 3.0.0
info: {title: T, version: '1'}
servers:
  gone: {$ref: '#/components/servers/missing'}
  ok: {host: h, protocol: wss}
channels:
  c:
    messages:
      m: {payload: {$ref: 'nowhere.yaml#/X'}}
      r: {$ref: 'https://example.com/m.yaml'}
operations:
  lost: {action: send, channel: {$ref: '#/channels/nope'}}
  noAction: {channel: {$ref: '#/channels/c'}}
  good: {action: send, channel: {$ref: '#/channels/c'}}
`,
  });
  assert.deepEqual(
    m.servers.map((s) => s.name),
    ['ok'],
  );
  assert.deepEqual(ops(m), ['c good send→receive [m]']);
  assert.deepEqual(m.channels[0].operations[0].messages[0].payload, {});
  assert.deepEqual(m.problems, [
    'Cannot resolve #/components/servers/missing: no such pointer.',
    'Cannot resolve #/channels/nope: no such pointer.',
    'Operation "lost" does not point at a channel of this document (#/operations/lost/channel); it is left out.',
    'Operation "noAction" has no action send or receive; it is left out.',
    'Cannot resolve https://example.com/m.yaml (remote references are not fetched).',
    'Cannot resolve nowhere.yaml#/X (in #/channels/c/messages/m/payload).',
  ]);
});

test('documents that cannot be modelled say why; other kinds get no model', () => {
  assert.deepEqual(model({ 'a.yaml': 'asyncapi: 1.2.0\ninfo: {}\n' }).m.problems, ['AsyncAPI version "1.2.0" is not supported by Try it (2.x and 3.x are).']);
  const junk = model({ 'a.yaml': 'asyncapi: 3.0.0\nchannels: [1, 2]\noperations: 7\nservers: {s: 3}\n' }).m;
  assert.deepEqual([junk.channels, junk.servers.map((s) => s.name)], [[], ['s']]);
  const { service, uri } = serviceWith({ 'b.yaml': 'just: yaml\n' });
  assert.equal(service.tryItModel(uri('b.yaml')), undefined);
});

test('the model is reused for an unchanged document and rebuilt when it or a referenced file changes', () => {
  const { service, uri } = serviceWith({
    'api.yaml': `asyncapi: 3.0.0
info: {title: T, version: '1'}
channels:
  c: {messages: {m: {payload: {$ref: 'schemas.yaml#/M'}}}}
operations:
  o: {action: send, channel: {$ref: '#/channels/c'}}
`,
    'schemas.yaml': 'M: {type: string}\n',
  });
  const first = service.tryItModel(uri('api.yaml'));
  assert.equal(service.tryItModel(uri('api.yaml')), first);
  service.store.setOpen(uri('schemas.yaml'), 'M: {type: integer}\n', 2);
  const second = service.tryItModel(uri('api.yaml'));
  assert.notEqual(second, first);
  assert.deepEqual(second?.channels[0].operations[0].messages[0].payload, { type: 'integer' });
  service.store.setOpen(uri('api.yaml'), service.store.get(uri('api.yaml'))!.text.replace('title: T', 'title: U'), 2);
  assert.equal(service.tryItModel(uri('api.yaml'))?.title, 'U');
});
