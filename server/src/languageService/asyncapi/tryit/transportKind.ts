/**
 * Which transport the panel uses for a server. The protocol decides, except that Socket.IO servers are often
 * declared as plain `ws`/`wss`/`http(s)` (Socket.IO is not an AsyncAPI protocol): the corpus marks them with
 * an engine path `/socket.io` in the URL or `pathname` (dedoussis/asynction, RobinTail/zod-sockets), an
 * `x-` extension naming Socket.IO, or words in the server description ("Socket.IO endpoint /socket.io",
 * as in the ChatApp seed).
 */
import type { TransportKind } from '../../../../../common/src/tryItModel';
import { isObj, type Obj } from './resolve';
import { isHttpProtocol, sseExtension } from './sseServers';

const SOCKET_IO = /socket[._-]?io/i;

export function protocolTransport(protocol: string): TransportKind | undefined {
  const p = protocol.toLowerCase();
  if (p === 'socket.io' || p === 'socketio') return 'socket.io';
  if (p === 'stomp' || p === 'stomps') return 'stomp';
  if (p === 'mqtt' || p === 'mqtts' || p === 'secure-mqtt' || p === 'mqtt5') return 'mqtt';
  if (p === 'ws' || p === 'wss' || p === 'websocket' || p === 'websockets') return 'ws';
  return undefined;
}

export interface TransportChoice {
  transport: TransportKind;
  socketIo?: { path?: string; namespace?: string };
  /** The URL with a Socket.IO engine path removed (it travels in `socketIo.path`). */
  url: string;
}

export function chooseTransport(server: Obj, protocol: string, url: string): TransportChoice {
  const byProtocol = protocolTransport(protocol);
  // MQTT over TCP/TLS, or over WebSocket (a ws/wss server with an mqtt binding, as MQTT brokers publish them).
  if (byProtocol === 'mqtt' || (byProtocol === 'ws' && isObj(server.bindings) && 'mqtt' in server.bindings)) return { transport: 'mqtt', url };
  if (byProtocol === 'stomp' || (byProtocol !== 'socket.io' && isObj(server.bindings) && 'stomp' in server.bindings)) {
    return { transport: 'stomp', url };
  }
  if (isHttpProtocol(protocol) && sseExtension(server)) return { transport: 'sse', url };
  const ext = socketIoExtension(server);
  const enginePath = /^(.*?)(\/socket\.io)\/?$/.exec(urlPath(url));
  const described = typeof server.description === 'string' && SOCKET_IO.test(server.description);
  if (byProtocol === 'socket.io' || ext || enginePath || (described && byProtocol !== undefined)) {
    const socketIo: { path?: string; namespace?: string } = { ...ext };
    let outUrl = url;
    if (enginePath) {
      socketIo.path ??= enginePath[1] + enginePath[2];
      outUrl = url.slice(0, url.length - urlPath(url).length) + (enginePath[1] || '');
    }
    socketIo.path ??= '/socket.io';
    return { transport: 'socket.io', socketIo, url: outUrl };
  }
  return { transport: 'ws', url };
}

/** `x-socketio: true`, `x-socket-io: {path, namespace}`, `x-socketio-path: /io`, `x-protocol: socket.io`, ... */
function socketIoExtension(server: Obj): { path?: string; namespace?: string } | undefined {
  let found: { path?: string; namespace?: string } | undefined;
  for (const [k, v] of Object.entries(server)) {
    if (!k.startsWith('x-')) continue;
    const named = SOCKET_IO.test(k);
    if (!named && !(typeof v === 'string' && SOCKET_IO.test(v))) continue;
    if (named && (v === false || v === 'false')) continue;
    found ??= {};
    if (isObj(v)) {
      if (typeof v.path === 'string') found.path = v.path;
      if (typeof v.namespace === 'string') found.namespace = v.namespace;
    } else if (named && typeof v === 'string' && /path$/i.test(k)) found.path = v;
    else if (named && typeof v === 'string' && /namespace$/i.test(k)) found.namespace = v;
  }
  return found;
}

/** The path part of a URL that may lack a scheme and contain `{variables}`. */
function urlPath(url: string): string {
  const rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = rest.indexOf('/');
  return slash < 0 ? '' : rest.slice(slash).replace(/[?#].*$/, '');
}
