/**
 * A connection as the session runner's SessionWire (common/src/sessions/wire.ts): the CLI's `test` adapts a
 * transport, the Try it panel its own session (reconnects and all), so both replay with the same rules of what a
 * received frame is (frameMatch.ts).
 */
import type { TransportKind } from '../../common/src/tryItModel';
import type { SessionWire } from '../../common/src/sessions/wire';
import { frameKind, matchInput } from './frameMatch';
import type { Transport } from './transport';

export function sessionWire(transport: Pick<Transport, 'send' | 'onEvent'>, kind: TransportKind): SessionWire {
  return {
    send: (m) => transport.send(m),
    // STOMP destinations and MQTT filters of `subscribe` steps are subscribed when the connection opens (the callers).
    subscribe: async () => undefined,
    onMessage: (listener) =>
      transport.onEvent((e) => {
        // A Socket.IO acknowledgement arrives as a frame too, but it answers our emit: `send` resolves with it.
        if (e.type === 'frame' && e.direction === 'in' && !frameKind(kind, e) && e.headers?.ack !== 'true') listener(matchInput(kind, e));
      }),
    onFailure: (listener) =>
      transport.onEvent((e) => {
        if (e.type === 'error') listener(e.message);
        else if (e.type === 'close') listener(`closed by the server${e.code ? ` (${e.code}${e.reason ? ` ${e.reason}` : ''})` : ''}`);
      }),
  };
}
