/**
 * Which declared messages the client may send and which it may receive, for the side the panel plays.
 * 3.x `send`/`receive` flip with the describes-server toggle; 2.x publish/subscribe and Fern origins do not.
 */
import type { ClientDirection, TryItChannel, TryItMessage, TryItModel, TryItOperation } from '../../../common/src/tryItModel';
import type { Sendable } from '../../../common/src/webviewMessages';

export interface Declared {
  channel: TryItChannel;
  operation: TryItOperation;
  message: TryItMessage;
}

export function directionOf(op: TryItOperation, describesServer: boolean): ClientDirection {
  const flips = op.rawAction === 'send' || op.rawAction === 'receive';
  if (!flips || describesServer) return op.clientDirection;
  return op.clientDirection === 'send' ? 'receive' : 'send';
}

/** Every message the client may `direction`, with 3.x replies counted on the other side of their operation. */
export function declared(model: TryItModel | null, describesServer: boolean, direction: ClientDirection): Declared[] {
  const out: Declared[] = [];
  for (const channel of model?.channels ?? []) {
    for (const operation of channel.operations) {
      const own = directionOf(operation, describesServer);
      if (own === direction) for (const message of operation.messages) out.push({ channel, operation, message });
      if (own !== direction) for (const message of operation.reply?.messages ?? []) out.push({ channel, operation, message });
    }
  }
  return out;
}

export function keyOf(d: Declared): string {
  return `${d.operation.id}/${d.message.id}`;
}

export function labelOf(m: TryItMessage): string {
  return m.name ?? m.title ?? m.id;
}

export function sendables(model: TryItModel | null, describesServer: boolean): Sendable[] {
  const list = declared(model, describesServer, 'send');
  const manyChannels = new Set(list.map((d) => d.channel.id)).size > 1;
  return list.map((d) => ({
    key: keyOf(d),
    label: manyChannels ? `${labelOf(d.message)} — ${d.channel.address ?? d.channel.id}` : labelOf(d.message),
    channelId: d.channel.id,
    operationId: d.operation.id,
    messageId: d.message.id,
    event: d.message.eventName,
    examples: d.message.examples.map((e, i) => e.name ?? e.summary ?? `#${i + 1}`),
    location: d.message.location,
  }));
}
