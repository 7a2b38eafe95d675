/** Socket.IO mock: namespaces from channels, events by name, acknowledgements, the handshake auth enforced. */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import * as sioParser from 'socket.io-parser';
import type { TryItMessage } from '../../common/src/tryItModel';
import { generatePayload } from '../../common/src/tryit/payloadSamples';
import { checkAuth } from './auth';
import type { MockChannel, MockPlan } from './plan';
import { describeProblem, emitUnprompted, errorPayload, nextPayload, replyPayload } from './payloads';
import { unprompted } from './routes';
import type { MockEvents, ResolvedMockOptions } from './mockServer';
import { describeError } from './errors';

function eventOf(m: TryItMessage): string {
  return m.eventName ?? m.name ?? m.id;
}

export function attachSocketIoMock(http: HttpServer, plan: MockPlan, options: ResolvedMockOptions, events: MockEvents): { close(): void } {
  const decodeErrors = new WeakSet<object>();
  const io = new Server(http, {
    path: plan.server.socketIo?.path ?? '/socket.io',
    cors: { origin: true },
    // Engine.IO's packet limit, over polling (HTTP 413) and WebSocket (ws's maxPayload: close 1009) alike.
    maxHttpBufferSize: options.maxPayloadBytes,
    parser: loggingParser(events.log, decodeErrors),
  });
  logEngineErrors(io, events.log);
  const timers = new Set<NodeJS.Timeout>();
  const byNamespace = new Map<string, MockChannel[]>();
  for (const c of plan.channels) {
    const ns = c.channel.namespace ?? plan.server.socketIo?.namespace ?? '/';
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), c]);
  }
  for (const [ns, channels] of byNamespace) {
    const nsp = io.of(ns);
    nsp.use((socket, next) => {
      const h = socket.handshake;
      const query = new URLSearchParams(Object.entries(h.query).map(([k, v]): [string, string] => [k, String(v)]));
      const denied = checkAuth(plan.security, { headers: h.headers, query, auth: h.auth }, options.token);
      if (denied) {
        events.log(`refused ${ns}: ${denied}`);
        next(new Error(denied));
      } else next();
    });
    nsp.on('connection', (socket) => serve(socket, channels));
  }

  function serve(socket: Socket, channels: MockChannel[]): void {
    events.connections(+1);
    // A socket's 'error': a packet socket.io could not decode (logged by the decoder already), or an event a
    // client named "error" (which the onAny handler below never sees): one line each.
    socket.on('error', (e: unknown) => decodeErrors.has(e as object) || events.log(`Socket.IO ${socket.nsp.name}: ${describeError(e)}`));
    const stop = emitUnprompted(channels.flatMap(unprompted), options.intervalMs, (m) => socket.emit(eventOf(m), nextPayload(m)), timers);
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (...a: unknown[]) => void) : undefined;
      const data = args.length === 1 ? args[0] : args;
      const channel = channels.find((c) => c.accepts.some((m) => eventOf(m) === event)) ?? channels[0];
      const result = channel.matcher.match({ data, event });
      events.received(result.valid);
      if (result.valid && result.message) {
        const replies = channel.replies.get(result.message.id) ?? [];
        if (ack)
          ack(
            result.message.ack !== undefined
              ? generatePayload(result.message.ack)
              : replies[0]
                ? replyPayload(replies[0], result.value, result.message)
                : { ok: true },
          );
        for (const r of ack ? replies.slice(1) : replies) socket.emit(eventOf(r), replyPayload(r, result.value, result.message));
        return;
      }
      const problem = describeProblem(result, result.message && eventOf(result.message), `Event "${event}" is not declared in the spec.`);
      if (channel.errorMessage) socket.emit(eventOf(channel.errorMessage), errorPayload(channel.errorMessage, problem));
      else socket.emit('error', { message: problem });
      ack?.({ error: problem });
    });
    socket.on('disconnect', () => {
      stop();
      events.connections(-1);
    });
  }

  return {
    close() {
      for (const t of timers) clearInterval(t);
      io.disconnectSockets(true);
      void io.close();
    },
  };
}

/**
 * socket.io's parser, whose decoder logs (one line) a packet it cannot decode; socket.io then closes that
 * connection, which happens before a namespace is joined too, when no socket would hear the error.
 */
function loggingParser(log: (line: string) => void, logged: WeakSet<object>): typeof sioParser {
  class Decoder extends sioParser.Decoder {
    override add(data: unknown): void {
      try {
        super.add(data);
      } catch (e) {
        log(`Socket.IO connection closed, an undecodable packet: ${describeError(e)}`);
        if (typeof e === 'object' && e) logged.add(e);
        throw e;
      }
    }
  }
  return { ...sioParser, Decoder };
}

/** Engine.IO closes a connection on a malformed packet or a WebSocket protocol error: one line says why. */
function logEngineErrors(io: Server, log: (line: string) => void): void {
  io.engine.on('connection_error', (e: { message: string }) => log(`Socket.IO handshake refused: ${e.message}`));
  io.engine.on('connection', (conn: { on(event: 'close', l: (reason: string, description?: unknown) => void): void }) =>
    conn.on('close', (reason, description) => {
      const cause = (description as { description?: unknown } | undefined)?.description ?? description;
      if (reason === 'parse error' || reason === 'transport error') log(`Socket.IO connection closed, ${reason}${cause ? `: ${describeError(cause)}` : ''}`);
    }),
  );
}
