/**
 * MQTT mock: an embedded Aedes broker, over TCP or over WebSocket (ws + aedes' stream handling). It requires the
 * mock token as the password, publishes a channel's unprompted examples to a client that subscribes to it (and
 * every intervalMs), validates what clients publish (one log line per invalid message) and publishes the replies
 * the spec declares. Clients also reach each other through it, as through any broker.
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as NetServer } from 'node:net';
// Aedes is an ES module; loaded with import() from this CommonJS build (esbuild inlines it).
import type { Aedes, AuthenticateError, Client } from 'aedes' with { 'resolution-mode': 'import' };
import { createWebSocketStream, WebSocketServer } from 'ws';
import { checkAuth } from './auth';
import type { MockEvents, ResolvedMockOptions } from './mockServer';
import { describeProblem, emitUnprompted, errorPayload, nextPayload, replyPayload } from './payloads';
import type { MockChannel, MockPlan } from './plan';
import { addressRegExp, unprompted } from './routes';
import { fillAddress, topicFor, topicParameters } from './mqttTopics';
import { describeError, logErrors } from './errors';

/** CONNACK return code 4 (MQTT 3.1.1; Aedes maps it to 0x86 for MQTT 5): bad user name or password. */
const BAD_CREDENTIALS = 4;
const VERSIONS = ' (this mock, an Aedes broker, speaks MQTT 3.1.1 and 3.1, not MQTT 5)';

/** Whether the server speaks MQTT over WebSocket (a ws/wss server with an mqtt binding) rather than over TCP. */
export function mqttOverWebSocket(url: string): boolean {
  return /^wss?:/i.test(url);
}

/** Serves the broker on `listener`: the http server's WebSocket upgrades, or a TCP server's connections. */
export async function attachMqttMock(
  listener: { http: HttpServer } | { tcp: NetServer },
  plan: MockPlan,
  options: ResolvedMockOptions,
  events: MockEvents,
): Promise<{ close(): void }> {
  const { Aedes } = await import('aedes');
  const timers = new Set<NodeJS.Timeout>();
  const stops = new Map<Client, Map<string, () => void>>();
  if (plan.server.mqtt?.protocolVersion === 5) events.log(`server "${plan.server.name}" asks for MQTT 5: clients that use it are refused${VERSIONS}`);
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const denied = checkAuth(
        plan.security,
        { headers: client.req?.headers ?? {}, query: new URLSearchParams(), login: username ?? '', passcode: password?.toString('utf8') },
        options.token,
      );
      if (!denied) return done(null, true);
      events.log(`refused an MQTT client: ${denied}`);
      done(Object.assign(new Error(denied), { returnCode: BAD_CREDENTIALS }) as AuthenticateError, null);
    },
    // Aedes reads a whole packet whatever its size; a larger one than allowed still closes that client.
    authorizePublish: (client, packet, done) => {
      if (client && packet.payload.length > options.maxPayloadBytes) {
        events.log(`MQTT client ${JSON.stringify(client.id)} closed: a message over ${options.maxPayloadBytes} bytes on ${packet.topic}`);
        return done(new Error('message too large'));
      }
      done(null);
    },
  });
  const publish = (topic: string, payload: unknown) =>
    broker.publish(
      { cmd: 'publish', topic, payload: encode(payload), qos: 0, retain: false, dup: false },
      (e) => e && events.log(`publish on ${topic}: ${describeError(e)}`),
    );

  broker.on('client', () => events.connections(+1));
  broker.on('clientDisconnect', (client) => {
    events.connections(-1);
    for (const stop of stops.get(client)?.values() ?? []) stop();
    stops.delete(client);
  });
  // A refused login comes back here too (it carries the CONNACK return code): it was logged once already.
  broker.on('clientError', (client, e) => 'returnCode' in e || events.log(`MQTT client ${JSON.stringify(client.id)}: ${describeError(e)}`));
  broker.on('connectionError', (_client, e) => events.log(`MQTT connection refused: ${describeError(e)}${/protocol version/.test(e.message) ? VERSIONS : ''}`));
  broker.on('subscribe', (subscriptions, client) => {
    const own = stops.get(client) ?? new Map<string, () => void>();
    stops.set(client, own);
    for (const { topic: filter } of subscriptions) {
      own.get(filter)?.();
      const stopAll = plan.channels
        .filter((c) => topicFor(c.channel, filter) !== undefined)
        .map((c) =>
          emitUnprompted(
            unprompted(c),
            options.intervalMs,
            (m) => {
              const payload = nextPayload(m);
              deliver(client, topicFor(c.channel, filter, payload)!, payload);
            },
            timers,
          ),
        );
      own.set(filter, () => stopAll.forEach((stop) => stop()));
    }
  });
  broker.on('unsubscribe', (filters, client) => {
    for (const filter of filters) stops.get(client)?.get(filter)?.();
  });
  broker.on('publish', (packet, client) => {
    if (!client) return; // the mock's own messages and Aedes' $SYS heartbeats
    const channel = plan.channels.find((c) => c.accepts.length && c.channel.address !== null && addressRegExp(c.channel.address).test(packet.topic));
    if (!channel) return; // a topic of no channel of the spec: relayed, not judged
    received(channel, packet.topic, packet.payload.toString('utf8'));
  });

  function received(channel: MockChannel, topic: string, data: string): void {
    const result = channel.matcher.match({ data, destination: topic });
    events.received(result.valid);
    if (result.valid && result.message) {
      const to = replyTopic(plan, channel, result.message.id, topic);
      for (const reply of channel.replies.get(result.message.id) ?? []) publish(to, replyPayload(reply, result.value, result.message));
      return;
    }
    const problem = describeProblem(result, undefined, 'Message not declared in the spec for this topic.');
    events.log(`invalid message on ${topic}: ${problem}`);
    if (channel.errorMessage) publish(topic, errorPayload(channel.errorMessage, problem));
  }

  function deliver(client: Client, topic: string, payload: unknown): void {
    // Aedes calls the callback unconditionally: without one, the delivery threw in a later tick.
    if (!client.closed)
      client.publish(
        { cmd: 'publish', topic, payload: encode(payload), qos: 0, retain: false, dup: false },
        (e) => e && events.log(`publish on ${topic}: ${describeError(e)}`),
      );
  }

  const wss = 'http' in listener ? serveWebSocket(listener.http, broker, events) : undefined;
  if ('tcp' in listener) listener.tcp.on('connection', (socket) => broker.handle(socket));
  return {
    close() {
      for (const t of timers) clearInterval(t);
      for (const c of wss?.clients ?? []) c.terminate();
      wss?.close();
      broker.close();
    },
  };
}

/**
 * Where the reply to a request goes: the reply channel's address, its parameters filled by name from the
 * request's topic (`devices/7/ping` → `devices/7/pong`), else the request's own topic (a conventional pair, or a
 * reply address that is a runtime expression).
 */
function replyTopic(plan: MockPlan, channel: MockChannel, messageId: string, topic: string): string {
  const op = channel.channel.operations.find((o) => o.reply && o.messages.some((m) => m.id === messageId));
  const target = plan.channels.find((c) => c.channel.id === op?.reply?.channelId)?.channel.address;
  if (!target || channel.channel.address === null) return topic;
  return fillAddress(target, topicParameters(channel.channel.address, topic)) ?? topic;
}

function serveWebSocket(http: HttpServer, broker: Aedes, events: MockEvents): WebSocketServer {
  const wss = new WebSocketServer({ server: http });
  // ws re-emits the http server's errors here: startMock reports them (a port in use), so they are not thrown.
  wss.on('error', () => {});
  wss.on('connection', (ws, req) => {
    logErrors(ws, `MQTT over WebSocket ${req.url ?? '/'}`, events.log);
    const stream = createWebSocketStream(ws);
    logErrors(stream, `MQTT over WebSocket ${req.url ?? '/'}`, events.log);
    broker.handle(stream, req);
  });
  return wss;
}

function encode(payload: unknown): Buffer {
  return Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
}
