/**
 * Socket.IO event names. AsyncAPI has no Socket.IO binding; the corpus uses these conventions, tried in order:
 * - an explicit extension on the message or operation (`x-event`, `x-event-name`, `x-socketio-event`, ...);
 * - a channel whose address is a bare word is the event (the ChatApp seed: channel `join_chat`), while an
 *   address starting with `/` is a namespace (dedoussis/asynction, RobinTail/zod-sockets);
 * - the message `name` (asynction: `name: new message`; zod-sockets: `name: time`);
 * - the 3.x operation `title` (zod-sockets titles operations by event), the 2.x `operationId`, then the
 *   message id.
 */
import { isObj, str } from './resolve';

const EVENT_EXT = /^x-(socket[._-]?io[._-]?)?event([._-]?name)?$/i;

export function explicitEvent(...holders: unknown[]): string | undefined {
  for (const h of holders) {
    if (!isObj(h)) continue;
    for (const [k, v] of Object.entries(h)) if (EVENT_EXT.test(k) && typeof v === 'string' && v) return v;
  }
  return undefined;
}

/** A Socket.IO namespace is an address beginning with `/`; anything else names an event. */
export function isNamespaceAddress(address: string | null): boolean {
  return address !== null && address.startsWith('/');
}

export function socketIoEvent(opts: { message: unknown; operation: unknown; channelAddress: string | null; messageId: string }): string {
  const m = isObj(opts.message) ? opts.message : {};
  const op = isObj(opts.operation) ? opts.operation : {};
  return (
    explicitEvent(m, op) ??
    (opts.channelAddress && !isNamespaceAddress(opts.channelAddress) ? opts.channelAddress : undefined) ??
    str(m.name) ??
    str(op.title) ??
    str(op.operationId) ??
    opts.messageId
  );
}
