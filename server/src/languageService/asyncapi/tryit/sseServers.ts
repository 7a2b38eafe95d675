/**
 * Server-Sent Events: an http(s) server whose channels only flow to the client with `text/event-stream`
 * messages (or that an `x-` extension marks as SSE) is tried with the SSE transport, not a WebSocket.
 */
import type { TryItChannel, TryItModel } from '../../../../../common/src/tryItModel';
import type { Obj } from './resolve';

const SSE = /^(sse|server[-_ ]?sent[-_ ]?events|text\/event-stream)$/i;

/** `x-sse: true`, `x-transport: sse`, `x-protocol: server-sent-events`, ... on the server object. */
export function sseExtension(server: Obj): boolean {
  return Object.entries(server).some(([k, v]) => k.startsWith('x-') && ((/sse|server-?sent/i.test(k) && v === true) || (typeof v === 'string' && SSE.test(v))));
}

export function isHttpProtocol(protocol: string): boolean {
  return /^https?$/i.test(protocol);
}

/** Marks the http(s) servers whose channels are receive-only event streams as SSE (after the channels exist). */
export function markSseServers(model: TryItModel): void {
  for (const server of model.servers) {
    if (server.transport !== 'ws' || !isHttpProtocol(server.protocol)) continue;
    const channels = model.channels.filter((c) => c.servers.length === 0 || c.servers.includes(server.name));
    if (channels.length && channels.every((c) => isEventStream(c, model.defaultContentType))) server.transport = 'sse';
  }
}

function isEventStream(channel: TryItChannel, defaultContentType: string | undefined): boolean {
  const ops = channel.operations;
  if (!ops.length || ops.some((o) => o.clientDirection !== 'receive')) return false;
  return ops.every((o) => o.messages.length > 0 && o.messages.every((m) => /^text\/event-stream/i.test(m.contentType ?? defaultContentType ?? '')));
}
