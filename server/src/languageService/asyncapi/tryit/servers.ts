/**
 * Servers for the panel's picker: a URL with `{variables}` (2.x `url`; 3.x protocol://host/pathname), the
 * variables' enum/default, resolved security, and the transport chosen from the protocol.
 */
import type { TryItServer, TryItServerVariable } from '../../../../../common/src/tryItModel';
import { resolveSecurity } from './security';
import { chooseTransport } from './transportKind';
import { child, entries, isObj, locationOf, str, type BuildContext, type SpecNode } from './resolve';

/** URL scheme a WebSocket client uses for a protocol, when the spec's URL does not carry one. */
function schemeFor(protocol: string): string {
  const p = protocol.toLowerCase();
  if (p === 'http' || p === 'https' || p === 'mqtt' || p === 'mqtts') return p;
  if (p === 'secure-mqtt') return 'mqtts';
  if (p === 'wss' || p === 'stomps') return 'wss';
  return 'ws';
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export function buildServers(bc: BuildContext, root: SpecNode, major: number): TryItServer[] {
  const out: TryItServer[] = [];
  for (const [name, node] of entries(bc, child(root, 'servers'))) {
    const s = isObj(node.value) ? node.value : {};
    let protocol = str(s.protocol) ?? '';
    const written = major >= 3 ? hostUrl(s) : (str(s.url) ?? str(s.host) ?? '');
    if (!written) bc.problems.push(`Server "${name}" has no ${major >= 3 ? 'host' : 'url'}.`);
    if (!protocol) {
      protocol = HAS_SCHEME.exec(written)?.[0].slice(0, -3) ?? 'wss';
      bc.problems.push(`Server "${name}" has no protocol; assuming ${protocol}.`);
    }
    const url = HAS_SCHEME.test(written) || !written ? written : `${schemeFor(protocol)}://${written}`;
    const choice = chooseTransport(s, protocol, url);
    const server: TryItServer = {
      name,
      url: choice.url,
      protocol,
      variables: variables(bc, node),
      security: resolveSecurity(bc, root, node, major),
      transport: choice.transport,
    };
    if (str(s.protocolVersion)) server.protocolVersion = str(s.protocolVersion);
    if (str(s.description)) server.description = str(s.description);
    if (str(s.title)) server.title = str(s.title);
    if (choice.socketIo) server.socketIo = choice.socketIo;
    if (choice.transport === 'mqtt') server.mqtt = mqttOptions(s, server.protocolVersion);
    const loc = locationOf(bc, { uri: root.uri, path: ['servers', name] });
    if (loc) server.location = loc;
    out.push(server);
  }
  return out;
}

/** The server's `mqtt` binding as MQTT.js takes it; `protocolVersion: 5` (or 5.0) asks for MQTT 5. */
function mqttOptions(s: Record<string, unknown>, protocolVersion: string | undefined): NonNullable<TryItServer['mqtt']> {
  const b = isObj(s.bindings) && isObj(s.bindings.mqtt) ? s.bindings.mqtt : {};
  const out: NonNullable<TryItServer['mqtt']> = {};
  if (str(b.clientId)) out.clientId = str(b.clientId);
  if (typeof b.cleanSession === 'boolean') out.cleanSession = b.cleanSession;
  if (typeof b.keepAlive === 'number') out.keepAlive = b.keepAlive;
  const will = isObj(b.lastWill) ? b.lastWill : {};
  if (str(will.topic)) out.lastWill = lastWill(will, str(will.topic)!);
  // In binding 0.2.0 these may also be a Schema or Reference object (a range, not a value): only numbers are used.
  if (Number.isInteger(b.sessionExpiryInterval)) out.sessionExpiryInterval = b.sessionExpiryInterval as number;
  if (Number.isInteger(b.maximumPacketSize)) out.maximumPacketSize = b.maximumPacketSize as number;
  if (protocolVersion && /^5(\.|$)/.test(protocolVersion)) out.protocolVersion = 5;
  return out;
}

function lastWill(will: Record<string, unknown>, topic: string): NonNullable<TryItServer['mqtt']>['lastWill'] {
  return {
    topic,
    ...(will.qos === 0 || will.qos === 1 || will.qos === 2 ? { qos: will.qos } : {}),
    ...(typeof will.message === 'string' ? { message: will.message } : {}),
    ...(typeof will.retain === 'boolean' ? { retain: will.retain } : {}),
  };
}

function hostUrl(s: Record<string, unknown>): string {
  const host = str(s.host) ?? '';
  const pathname = str(s.pathname) ?? '';
  if (!host) return '';
  return host + (pathname && !pathname.startsWith('/') ? '/' : '') + pathname;
}

function variables(bc: BuildContext, server: SpecNode): TryItServerVariable[] {
  return entries(bc, server, 'variables').map(([name, v]) => {
    const o = isObj(v.value) ? v.value : {};
    const out: TryItServerVariable = { name };
    if (str(o.default) !== undefined) out.default = str(o.default);
    if (Array.isArray(o.enum)) out.enum = o.enum.map((x) => String(x));
    if (Array.isArray(o.examples)) out.examples = o.examples.map((x) => String(x));
    if (str(o.description)) out.description = str(o.description);
    return out;
  });
}
