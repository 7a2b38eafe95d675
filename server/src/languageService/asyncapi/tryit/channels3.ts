/**
 * AsyncAPI 3.x channels and operations. Operations live at the top level and point at their channel; a
 * document describes the application (usually the server), so its `receive` operations are what a client
 * sends and its `send` operations what a client receives (the Kraken and Gemini examples). `rawAction` stays
 * so the panel can flip the view for a document that describes a client.
 */
import type { TryItChannel, TryItMessage, TryItOperation } from '../../../../../common/src/tryItModel';
import { refKey } from './channels2';
import { isNamespaceAddress } from './eventNames';
import type { ModelContext } from './modelContext';
import { addressParameters, wsBindingParameters } from './parameters';
import { resolveSecurity } from './security';
import { mqttOperationBinding } from './mqttOperation';
import { attempt, child, entries, follow, isObj, locationOf, pathText, str, type SpecNode } from './resolve';

const keyOf = (n: SpecNode) => `${n.uri}#${n.path.join('/')}`;

export function buildChannels3(mc: ModelContext): TryItChannel[] {
  const channels: TryItChannel[] = [];
  const byNode: ChannelIndex = new Map();
  for (const [key, node] of entries(mc, child(mc.root, 'channels'))) {
    const channel = attempt(mc, `channel "${key}"`, () => buildChannel(mc, key, node), undefined);
    if (!channel) continue;
    channels.push(channel);
    byNode.set(keyOf(node), { channel, node });
  }
  for (const [opKey, opNode] of entries(mc, child(mc.root, 'operations'))) {
    attempt(mc, `operation "${opKey}"`, () => addOperation(mc, opKey, opNode, byNode), undefined);
  }
  return channels;
}

type ChannelIndex = Map<string, { channel: TryItChannel; node: SpecNode }>;

function addOperation(mc: ModelContext, opKey: string, opNode: SpecNode, byNode: ChannelIndex): void {
  const o = isObj(opNode.value) ? opNode.value : {};
  if (o.action !== 'send' && o.action !== 'receive') {
    mc.problems.push(`Operation "${opKey}" has no action send or receive; it is left out.`);
    return;
  }
  const chNode = childOf(mc, opNode, 'channel');
  const target = chNode && byNode.get(keyOf(chNode));
  if (!target) {
    mc.problems.push(`Operation "${opKey}" does not point at a channel of this document (${pathText([...opNode.path, 'channel'])}); it is left out.`);
    return;
  }
  const op: TryItOperation = {
    id: opKey,
    rawAction: o.action,
    clientDirection: o.action === 'receive' ? 'send' : 'receive',
    messages: operationMessages(mc, opNode, target.node, target.channel.address),
  };
  for (const k of ['title', 'summary', 'description'] as const) if (str(o[k])) op[k] = str(o[k]);
  if (Array.isArray(o.security)) op.security = resolveSecurity(mc, mc.root, opNode, 3);
  const reply = buildReply(mc, opNode, byNode);
  if (reply) op.reply = reply;
  const mqtt = mqttOperationBinding(mc, opNode);
  if (mqtt) op.mqtt = mqtt;
  const loc = locationOf(mc, opNode);
  if (loc) op.location = loc;
  target.channel.operations.push(op);
}

function buildChannel(mc: ModelContext, key: string, node: SpecNode): TryItChannel {
  const c = isObj(node.value) ? node.value : {};
  const address = typeof c.address === 'string' ? c.address : null;
  const channel: TryItChannel = {
    id: key,
    address,
    parameters: addressParameters(mc, node, 3),
    query: wsBindingParameters(mc, node, 'query'),
    headers: wsBindingParameters(mc, node, 'headers'),
    servers: Array.isArray(c.servers) ? c.servers.map((_, i) => refKey(child(child(node, 'servers'), i))).filter((s): s is string => !!s) : [],
    operations: [],
  };
  if (str(c.title)) channel.title = str(c.title);
  if (str(c.description)) channel.description = str(c.description);
  if (mc.socketIo && isNamespaceAddress(address)) channel.namespace = address!;
  const loc = locationOf(mc, node);
  if (loc) channel.location = loc;
  return channel;
}

function childOf(mc: ModelContext, node: SpecNode, key: string): SpecNode | undefined {
  const c = child(node, key);
  return c.value === undefined ? undefined : follow(mc, c);
}

/** The operation's `messages` (refs into its channel), or every message of the channel when omitted. */
function operationMessages(mc: ModelContext, opNode: SpecNode, channelNode: SpecNode, address: string | null, listKey = 'messages'): TryItMessage[] {
  const list = child(opNode, listKey);
  const use = { operation: opNode.value, channelAddress: address };
  if (Array.isArray(list.value)) {
    const out: TryItMessage[] = [];
    list.value.forEach((_, i) => {
      const item = child(list, i);
      const m = follow(mc, item);
      if (m) out.push(mc.message(m, refKey(item) ?? String(m.path[m.path.length - 1] ?? i), use));
    });
    return out;
  }
  return entries(mc, channelNode, 'messages').map(([id, m]) => mc.message(m, id, use));
}

function buildReply(mc: ModelContext, opNode: SpecNode, byNode: ChannelIndex): TryItOperation['reply'] {
  const r = childOf(mc, opNode, 'reply');
  if (!r || !isObj(r.value)) return undefined;
  const chNode = childOf(mc, r, 'channel');
  const target = chNode && byNode.get(keyOf(chNode));
  const addr = childOf(mc, r, 'address');
  const location = addr && isObj(addr.value) ? str(addr.value.location) : undefined;
  const reply: NonNullable<TryItOperation['reply']> = {
    messages: target || Array.isArray(r.value.messages) ? operationMessages(mc, r, target?.node ?? r, target?.channel.address ?? null) : [],
  };
  const address = location ?? target?.channel.address ?? undefined;
  if (address !== undefined && address !== null) reply.address = address;
  if (target) reply.channelId = target.channel.id;
  return reply;
}
