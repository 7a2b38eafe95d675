/**
 * What a mock of one server of a spec does, derived from the Try it model: which messages clients may send
 * (validated), which the mock emits (on connect/subscribe and on an interval), which reply answers which
 * request, what an error looks like, and which credentials it accepts.
 */
import type { TryItChannel, TryItMessage, TryItModel, TryItSecurityScheme, TryItServer } from '../../common/src/tryItModel';
import { createMessageMatcher, receivableMessages, type MessageMatcher, type ReceivableMessage } from '../../common/src/tryit/messageMatcher';

export interface MockChannel {
  channel: TryItChannel;
  /** Messages clients send on this channel (validated by the mock). */
  accepts: TryItMessage[];
  /** Messages the mock emits on this channel. */
  emits: TryItMessage[];
  /** Client message id → the messages sent back (3.x `reply`, else a conventional pair such as ping → pong). */
  replies: Map<string, TryItMessage[]>;
  /** The spec's error message for this channel, when it declares one (sent back for invalid input). */
  errorMessage?: TryItMessage;
  /** Matches what clients send on this channel. */
  matcher: MessageMatcher;
}

export interface MockPlan {
  model: TryItModel;
  server: TryItServer;
  channels: MockChannel[];
  /** Any one inner list satisfies the server (empty = no auth). */
  security: TryItSecurityScheme[][];
}

/**
 * Conventional response names for a request (ping → pong, subscribe → subscribed, getX → getXResponse), used
 * only when the spec declares no `reply`: many real WebSocket specs describe such pairs in prose only.
 */
export function conventionalReplyNames(name: string): string[] {
  const n = name.toLowerCase();
  if (n === 'ping') return ['pong'];
  if (n.endsWith('request')) return [n.slice(0, -'request'.length) + 'response', n.slice(0, -'request'.length) + 'reply'];
  return [n + 'd', n + 'ed', n + 'ack', n + 'response', n + 'result'];
}

function messageKeys(m: TryItMessage): string[] {
  return [m.id, m.name, m.eventName, m.title].filter((x): x is string => !!x).map((x) => x.toLowerCase());
}

function forChannel(list: ReceivableMessage[], channelId: string): TryItMessage[] {
  const out: TryItMessage[] = [];
  for (const r of list) if (r.channelId === channelId && !out.includes(r.message)) out.push(r.message);
  return out;
}

function planChannel(channel: TryItChannel, sent: ReceivableMessage[], received: ReceivableMessage[]): MockChannel {
  const accepts = forChannel(sent, channel.id);
  const emits = forChannel(received, channel.id);
  const replies = new Map<string, TryItMessage[]>();
  for (const op of channel.operations) {
    if (!op.reply) continue;
    for (const m of op.messages) if (accepts.includes(m)) replies.set(m.id, op.reply.messages);
  }
  for (const m of accepts) {
    if (replies.has(m.id)) continue;
    const wanted = new Set(messageKeys(m).flatMap(conventionalReplyNames));
    const pair = emits.filter((e) => messageKeys(e).some((k) => wanted.has(k)));
    if (pair.length) replies.set(m.id, pair);
  }
  const errorMessage = emits.find((e) => messageKeys(e).some((k) => /error/.test(k)));
  const plan: MockChannel = { channel, accepts, emits, replies, matcher: createMessageMatcher(accepts) };
  if (errorMessage) plan.errorMessage = errorMessage;
  return plan;
}

export function planMock(model: TryItModel, serverName?: string): MockPlan {
  const server = serverName ? model.servers.find((s) => s.name === serverName) : model.servers[0];
  if (!server) {
    const names = model.servers.map((s) => s.name).join(', ') || 'none';
    throw new Error(serverName ? `No server named "${serverName}" in the spec (servers: ${names}).` : 'The spec declares no servers to mock.');
  }
  const clientView = model.describesServer ? 'server' : 'client';
  const received = receivableMessages(model, clientView);
  const sent = receivableMessages(model, clientView === 'server' ? 'client' : 'server');
  const channels = model.channels.filter((c) => c.servers.length === 0 || c.servers.includes(server.name)).map((c) => planChannel(c, sent, received));
  return { model, server, channels, security: server.security };
}
