/**
 * A connection as the session runner's SessionWire (common/src/sessions/wire.ts): the CLI's `test` adapts a
 * transport, the Try it panel its own session (reconnects and all), so both replay with the same rules of what a
 * received frame is (frameMatch.ts).
 */
import type { TransportKind } from '../../common/src/tryItModel';
import type { SessionWire } from '../../common/src/sessions/wire';
import { frameKind, matchInput } from './frameMatch';
import type { Transport } from './transport';

/**
 * Made before the connection opens (its callers do): what a server sends with the handshake (a welcome, the
 * current state) arrives before the runner listens, and a recorded session expects it. Events are kept until the
 * runner's listeners are attached, then passed on as they come.
 */
export function sessionWire(transport: Pick<Transport, 'send' | 'onEvent'>, kind: TransportKind): SessionWire {
  const events = new EventsFromStart(transport);
  return {
    send: (m) => transport.send(m),
    // STOMP destinations and MQTT filters of `subscribe` steps are subscribed when the connection opens (the callers).
    subscribe: async () => undefined,
    onMessage: (listener) =>
      events.listen((e) => {
        // A Socket.IO acknowledgement arrives as a frame too, but it answers our emit: `send` resolves with it.
        if (e.type === 'frame' && e.direction === 'in' && !frameKind(kind, e) && e.headers?.ack !== 'true') listener(matchInput(kind, e));
      }),
    onFailure: (listener) =>
      events.listen((e) => {
        if (e.type === 'error') listener(e.message);
        else if (e.type === 'close') listener(`closed by the server${e.code ? ` (${e.code}${e.reason ? ` ${e.reason}` : ''})` : ''}`);
      }),
  };
}

type Event = Parameters<Parameters<Transport['onEvent']>[0]>[0];

/** A transport's events from when this is made: a listener gets those already reported, then the ones that follow. */
class EventsFromStart {
  private readonly past: Event[] = [];
  private readonly listeners = new Set<(e: Event) => void>();

  constructor(transport: Pick<Transport, 'onEvent'>) {
    transport.onEvent((e) => {
      // Kept only until the runner listens (it does at once, with both its listeners): a run keeps no log.
      if (!this.listeners.size) this.past.push(e);
      for (const l of this.listeners) l(e);
    });
  }

  listen(listener: (e: Event) => void): { dispose(): void } {
    for (const e of this.past) listener(e);
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }
}
