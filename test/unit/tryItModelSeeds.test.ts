/** The Try it model of the five seed systems (fixtures modelled on the published docs of each system) and corpus examples. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ASYNCTION, GEMINI, KRAKEN, modelOf, seed, ZOD_SOCKETS as ZOD } from '../helpers/tryItModels';
import type { TryItModel } from '../../common/src/tryItModel';

/** channel op rawAction→clientDirection [message(eventName)] */
const summary = (m: TryItModel) =>
  m.channels.flatMap((c) =>
    c.operations.map(
      (o) =>
        `${c.address} ${o.id} ${o.rawAction}→${o.clientDirection} [${o.messages.map((x) => x.id + (x.eventName ? `(${x.eventName})` : '')).join(',')}]${o.reply ? ` reply [${o.reply.messages.map((x) => x.id).join(',')}]` : ''}`,
    ),
  );

test('seed 000 Dataverse (2.6.0, protocol websocket): two publish channels, payload-level examples', () => {
  const m = modelOf(seed('dataverse.yaml'));
  assert.deepEqual(
    m.servers.map((s) => [s.name, s.url, s.transport]),
    [['data', 'wss://localhost:8000', 'ws']],
  );
  assert.deepEqual(summary(m), [
    'ws/data publish ws/data publish→send [publish ws/data#message]',
    'ws/user publish ws/user publish→send [notification channel]',
  ]);
  const data = m.channels[0].operations[0].messages[0];
  assert.deepEqual(
    data.examples.map((e) => (e.payload as { type: string }).type),
    ['data.grounding_dino', 'data.sam'],
  );
  assert.deepEqual(m.problems, []);
});

test('seed 001 ChatApp (2.6.0 Socket.IO over ws, JWT bearer): events are the channel names', () => {
  const m = modelOf(seed('chatapp.yaml'));
  const s = m.servers[0];
  assert.deepEqual(
    [s.url, s.transport, s.socketIo, s.security],
    ['ws://localhost:4000', 'socket.io', { path: '/socket.io' }, [[{ kind: 'httpBearer', name: 'bearerAuth', bearerFormat: 'JWT' }]]],
  );
  assert.deepEqual(summary(m), [
    'join_chat publishJoinChat publish→send [ChatRoomRequest(join_chat)]',
    'leave_chat publishLeaveChat publish→send [ChatRoomRequest(leave_chat)]',
    'typing_start publishTypingStart publish→send [ChatRoomRequest(typing_start)]',
    'typing_start subscribeTypingStart subscribe→receive [TypingEvent(typing_start)]',
    'typing_end publishTypingEnd publish→send [ChatRoomRequest(typing_end)]',
    'typing_end subscribeTypingEnd subscribe→receive [TypingEvent(typing_end)]',
    'new_message subscribeNewMessage subscribe→receive [NewMessage(new_message)]',
    'chat_updated subscribeChatUpdated subscribe→receive [ChatUpdated(chat_updated)]',
    'chat_deleted subscribeChatDeleted subscribe→receive [ChatDeleted(chat_deleted)]',
    'user_status subscribeUserStatus subscribe→receive [UserStatus(user_status)]',
  ]);
  assert.ok(m.channels.every((c) => c.servers.join() === 'local'));
  assert.deepEqual(m.problems, []);
});

test('seed 002 Fern chat (AsyncAPI half): ws query from bindings, host without protocol reported', () => {
  const m = modelOf(seed('fern-chat.yaml'));
  assert.deepEqual(summary(m), ['/ sendMessage publish→send [SendChat]', '/ receiveMessage subscribe→receive [ReceiveChat]']);
  assert.deepEqual(m.channels[0].query, [
    {
      name: 'channel_id',
      schema: { type: 'string', description: 'Unique identifier assigned to the channel' },
      required: false,
      description: 'Unique identifier assigned to the channel',
    },
  ]);
  assert.deepEqual(m.problems, ['Server "production" has no protocol; assuming wss.']);
});

test('seed 003 Airy (3.0.0 STOMP): destinations are channel addresses, userPassword login', () => {
  const m = modelOf(seed('airy-stomp.yaml'));
  const s = m.servers[0];
  assert.deepEqual(
    [s.url, s.transport, s.variables, s.security],
    [
      'ws://localhost:{port}/ws.communication',
      'stomp',
      [{ name: 'port', default: '15674', enum: ['15674', '80'] }],
      [[{ kind: 'userPassword', name: 'stompLogin', description: 'STOMP CONNECT login and passcode.' }]],
    ],
  );
  assert.deepEqual(summary(m), [
    '/queue/message onMessage send→receive [messageUpsert]',
    '/queue/unread-count onUnreadCount send→receive [unreadCount]',
    '/queue/channel/connected onChannelConnected send→receive [channelConnected]',
    '/queue/channel/disconnected onChannelDisconnected send→receive [channelDisconnected]',
  ]);
  assert.deepEqual(m.problems, []);
});

test('seed 004 WebSocket Service (3.0.0 ws): token in query, `type` discriminators on every message', () => {
  const m = modelOf(seed('websocket-service.yaml'));
  assert.deepEqual(
    m.servers.map((s) => [s.url, s.transport, s.security[0][0]]),
    [
      ['ws://localhost:{port}', 'ws', { kind: 'apiKey', name: 'token', description: 'JWT access token.', in: 'query', paramName: 'token' }],
      ['wss://api.example.com', 'ws', { kind: 'apiKey', name: 'token', description: 'JWT access token.', in: 'query', paramName: 'token' }],
    ],
  );
  assert.deepEqual(summary(m), [
    '/ws broadcast send→receive [notification,chatMessage,statusUpdate,error]',
    '/ws command receive→send [subscribe,unsubscribe,ping]',
  ]);
  const types = m.channels[0].operations.flatMap((o) => o.messages.map((x) => x.discriminators.find((d) => d.property === 'type')?.values.join('|')));
  assert.deepEqual(types, ['notification', 'chat_message', 'status_update', 'error', 'subscribe', 'unsubscribe', 'ping']);
  assert.deepEqual(
    m.channels[0].query.map((q) => [q.name, q.required]),
    [['token', true]],
  );
});

test('corpus Kraken 3.0: the client sends ping/subscribe/unsubscribe and receives heartbeat, status and the replies', () => {
  const m = modelOf(KRAKEN);
  assert.deepEqual(summary(m), [
    '/ receivePing receive→send [ping] reply [pong]',
    '/ heartbeat send→receive [heartbeat]',
    '/ systemStatus send→receive [systemStatus]',
    '/ subscribe receive→send [subscribe] reply [subscriptionStatus,dummyCurrencyInfo]',
    '/ unsubscribe receive→send [unsubscribe] reply [subscriptionStatus]',
  ]);
  assert.deepEqual(m.problems, []);
});

test('corpus Gemini 3.0: symbol parameter enum, ws query from bindings', () => {
  const m = modelOf(GEMINI);
  const c = m.channels[0];
  assert.equal(c.address, '/v1/marketdata/{symbol}');
  assert.equal(c.parameters[0].name, 'symbol');
  assert.ok(c.parameters[0].enum?.includes('btcusd'));
  assert.deepEqual(
    c.query.map((q) => q.name),
    ['heartbeat', 'top_of_book', 'bids', 'offers', 'trades', 'auctions'],
  );
  assert.deepEqual(summary(m), ['/v1/marketdata/{symbol} sendMarketData send→receive [marketData]']);
  assert.deepEqual(
    m.servers.map((s) => [s.url, s.transport]),
    [['wss://api.gemini.com', 'ws']],
  );
});

test('corpus zod-sockets 3.0 (Socket.IO over https + /socket.io): namespace channel, events from message names, ack reply', () => {
  const m = modelOf(ZOD);
  assert.deepEqual(
    m.servers.map((s) => [s.url, s.transport, s.socketIo]),
    [['https://example.com', 'socket.io', { path: '/socket.io' }]],
  );
  assert.equal(m.channels[0].namespace, '/');
  const ping = m.channels[0].operations.find((o) => o.id === 'RootRecvOperationPing')!;
  assert.deepEqual([ping.clientDirection, ping.messages[0].eventName, ping.reply?.messages.map((x) => x.id)], ['send', 'ping', ['rootAckForIncomingPing']]);
  assert.deepEqual(
    m.channels[0].operations.filter((o) => o.clientDirection === 'receive').map((o) => o.messages[0].eventName),
    ['time', 'chat', 'rooms', 'error'],
  );
});

test('corpus asynction 2.2 (wss + /socket.io url): namespaces / and /admin, events from message names, x-ack', () => {
  const m = modelOf(ASYNCTION);
  assert.deepEqual(
    m.servers.map((s) => [s.url, s.transport, s.socketIo]),
    [['wss://socketio-chat-h9jt.herokuapp.com', 'socket.io', { path: '/socket.io' }]],
  );
  assert.deepEqual(
    m.channels.map((c) => c.namespace),
    ['/', '/admin'],
  );
  const send = m.channels[0].operations[0].messages;
  assert.deepEqual(
    send.map((x) => x.eventName),
    ['new message', 'typing', 'stop typing', 'add user'],
  );
  assert.deepEqual(send[3].ack, { type: 'object', properties: { error: { type: ['string', 'null'] } } });
  assert.deepEqual(
    m.channels[1].query.map((q) => q.name),
    ['token'],
  );
});
