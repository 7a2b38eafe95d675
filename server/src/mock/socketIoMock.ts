/** Socket.IO mock: namespaces from channels, events by name, acknowledgements, the handshake auth enforced. */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { TryItMessage } from '../../../common/src/tryItModel';
import { generatePayload } from '../../../common/src/tryit/payloadSamples';
import { checkAuth } from './mockAuth';
import type { MockChannel, MockPlan } from './mockPlan';
import { describeProblem, emitUnprompted, errorPayload, nextPayload, replyPayload } from './mockPayloads';
import { unprompted } from './mockRoutes';
import type { MockEvents, ResolvedMockOptions } from './mockServer';

function eventOf(m: TryItMessage): string {
  return m.eventName ?? m.name ?? m.id;
}

export function attachSocketIoMock(http: HttpServer, plan: MockPlan, options: ResolvedMockOptions, events: MockEvents): { close(): void } {
  const io = new Server(http, { path: plan.server.socketIo?.path ?? '/socket.io', cors: { origin: true }, maxHttpBufferSize: options.maxPayloadBytes });
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
    const stop = emitUnprompted(channels.flatMap(unprompted), options.intervalMs, (m) => socket.emit(eventOf(m), nextPayload(m)), timers);
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (...a: unknown[]) => void) : undefined;
      const data = args.length === 1 ? args[0] : args;
      const channel = channels.find((c) => c.accepts.some((m) => eventOf(m) === event)) ?? channels[0];
      const result = channel.matcher.match({ data, event });
      events.received(result.valid);
      if (result.valid && result.message) {
        const replies = channel.replies.get(result.message.id) ?? [];
        if (ack) ack(result.message.ack !== undefined ? generatePayload(result.message.ack) : replies[0] ? replyPayload(replies[0], result.value, result.message) : { ok: true });
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
