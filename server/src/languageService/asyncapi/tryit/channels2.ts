/**
 * AsyncAPI 2.x channels: the key is the address; `publish` is what a client sends to the application and
 * `subscribe` what it receives (the spec describes the application, so the client is the other side).
 */
import type { TryItChannel, TryItMessage, TryItOperation } from '../../../../../common/src/tryItModel';
import { isNamespaceAddress } from './eventNames';
import type { ModelContext } from './modelContext';
import { addressParameters, wsBindingParameters } from './parameters';
import { resolveSecurity } from './security';
import { attempt, child, entries, follow, isObj, locationOf, str, type SpecNode } from './resolve';
import { mqttOperationBinding } from './mqttOperation';

export function buildChannels2(mc: ModelContext): TryItChannel[] {
  const out: TryItChannel[] = [];
  for (const [address, node] of entries(mc, child(mc.root, 'channels'))) {
    const c = isObj(node.value) ? node.value : {};
    const channel: TryItChannel = {
      id: address,
      address,
      parameters: addressParameters(mc, node, 2),
      query: wsBindingParameters(mc, node, 'query'),
      headers: wsBindingParameters(mc, node, 'headers'),
      servers: Array.isArray(c.servers) ? c.servers.filter((s): s is string => typeof s === 'string') : [],
      operations: [],
    };
    if (str(c.description)) channel.description = str(c.description);
    if (mc.socketIo && isNamespaceAddress(address)) channel.namespace = address;
    if (Array.isArray(c['x-security'])) channel.security = resolveSecurity(mc, mc.root, node, 2, 'x-security');
    for (const verb of ['publish', 'subscribe'] as const) {
      const op = child(node, verb);
      const resolved = op.value === undefined ? undefined : follow(mc, op);
      const built = resolved && attempt(mc, `the ${verb} operation of channel "${address}"`, () => operation(mc, resolved, verb, address), undefined);
      if (built) channel.operations.push(built);
    }
    const loc = locationOf(mc, { uri: mc.root.uri, path: ['channels', address] });
    if (loc) channel.location = loc;
    out.push(channel);
  }
  return out;
}

function operation(mc: ModelContext, node: SpecNode, verb: 'publish' | 'subscribe', address: string): TryItOperation {
  const o = isObj(node.value) ? node.value : {};
  const id = str(o.operationId) ?? `${verb} ${address}`;
  const op: TryItOperation = {
    id,
    rawAction: verb,
    clientDirection: verb === 'publish' ? 'send' : 'receive',
    messages: messagesOf(mc, child(node, 'message'), id, o, address),
  };
  if (str(o.summary)) op.summary = str(o.summary);
  if (str(o.description)) op.description = str(o.description);
  const mqtt = mqttOperationBinding(mc, node);
  if (mqtt) op.mqtt = mqtt;
  const loc = locationOf(mc, node);
  if (loc) op.location = loc;
  return op;
}

/** `message` is one message, a `$ref`, or `oneOf` a list of them. */
function messagesOf(mc: ModelContext, node: SpecNode, opId: string, op: unknown, address: string): TryItMessage[] {
  if (node.value === undefined) return [];
  const resolved = follow(mc, node);
  if (!resolved) return [];
  const oneOf = child(resolved, 'oneOf');
  const items: SpecNode[] = Array.isArray(oneOf.value) ? oneOf.value.map((_, i) => child(oneOf, i)) : [node];
  const out: TryItMessage[] = [];
  items.forEach((item, i) => {
    const m = follow(mc, item);
    if (!m) return;
    const v = isObj(m.value) ? m.value : {};
    const fallback = items.length > 1 ? `${opId}#${i}` : `${opId}#message`;
    const id = str(v.messageId) ?? refKey(item) ?? str(v.name) ?? fallback;
    out.push(mc.message(m, id, { operation: op, channelAddress: address }));
  });
  return out;
}

/** `#/components/messages/Foo` → `Foo` (the name people know the message by). */
export function refKey(node: SpecNode): string | undefined {
  const ref = isObj(node.value) ? node.value.$ref : undefined;
  if (typeof ref !== 'string') return undefined;
  const last = ref.split('/').pop();
  return last ? last.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}
