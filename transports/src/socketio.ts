/**
 * Socket.IO transport over socket.io-client 4: engine path, namespace, `auth` payload, any event
 * name, acknowledgements. When the handshake fails we ask the server directly (one plain HTTP GET
 * of the Engine.IO handshake) so the user learns *why*: wrong path, refused, or a 2.x server.
 */
import { io, type Socket } from 'socket.io-client';
import type { OutgoingMessage } from './transport';
import { BaseTransport } from './baseTransport';
import { describeNetworkError, describeHttpRejection, type Failure } from './describe';
import { TransportError } from './events';
import { probeEngineIo } from './engineIoProbe';

/** socket.io-client throws when these are emitted. */
const RESERVED_EVENTS = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

const DISCONNECT_WORDS: Record<string, string> = {
  'io server disconnect': 'The server disconnected this socket (it called disconnect(); reconnect by hand if that was not expected).',
  'io client disconnect': 'Disconnected on request.',
  'ping timeout': 'The server stopped answering heartbeats (ping timeout): it is overloaded, paused or the network dropped.',
  'transport close': 'The connection was closed by the server or the network (server stopped or crashed?).',
  'transport error': 'The connection failed with a transport error (the server went away mid-stream?).',
  'parse error': 'The server sent a packet socket.io-client could not parse (protocol version mismatch?).',
};

/** http(s) for the Engine.IO handshake; ws(s) URLs from specs mean the same host. */
export function socketIoBaseUrl(url: string): URL {
  const u = new URL(url);
  if (u.protocol === 'ws:') u.protocol = 'http:';
  if (u.protocol === 'wss:') u.protocol = 'https:';
  return u;
}

export class SocketIoTransport extends BaseTransport {
  private socket: Socket | undefined;

  private get namespace(): string {
    const ns = this.options.socketIo?.namespace ?? '/';
    return ns.startsWith('/') ? ns : `/${ns}`;
  }

  private get path(): string {
    return this.options.socketIo?.path ?? '/socket.io';
  }

  connect(): Promise<void> {
    const base = socketIoBaseUrl(this.options.url);
    const target = `${base.origin}${this.namespace === '/' ? '' : this.namespace}`;
    this.beginConnect(); // socket.io-client takes the query as an option, not in the URL
    const socket = io(target, {
      path: this.path,
      auth: this.options.socketIo?.auth ?? {},
      query: this.options.query,
      extraHeaders: this.options.headers,
      transports: this.options.socketIo?.transports ?? ['polling', 'websocket'],
      timeout: this.options.connectTimeoutMs ?? 15000,
      reconnection: false, // the session owns reconnecting, with visible countdown
      forceNew: true,
      rejectUnauthorized: !this.options.allowUntrustedCertificates,
    });
    this.socket = socket;
    socket.onAny((event: string, ...args: unknown[]) => this.frameIn(event, args));
    return this.connection(() => {
      socket.on('connect', () => this.opened());
      socket.on('connect_error', (err) => {
        void this.explainConnectError(err).then((f) => {
          this.fail(f);
          this.hub.emit({ type: 'close', reason: f.message });
          this.hub.emit({ type: 'state', state: 'closed' });
          socket.close();
        });
      });
      socket.on('disconnect', (reason) => {
        const words = DISCONNECT_WORDS[reason] ?? `Disconnected: ${reason}.`;
        if (reason !== 'io client disconnect') this.hub.emit({ type: 'error', kind: 'closed', message: words });
        this.hub.emit({ type: 'close', reason: words });
        this.hub.emit({ type: 'state', state: 'closed' });
      });
    });
  }

  private async explainConnectError(err: Error & { type?: string; description?: unknown; data?: unknown }): Promise<Failure> {
    const ns = this.namespace;
    if (/v2\.x/.test(err.message)) return v2Failure(this.options.url);
    if (err.type !== 'TransportError' && err.message !== 'timeout' && err.message !== 'server error') {
      // CONNECT_ERROR from the server's connect handler/middleware: its message is the reason.
      const detail = err.data !== undefined ? ` (${JSON.stringify(err.data)})` : '';
      const auth = /auth|token|jwt|unauthori[sz]ed|forbidden|credential|denied/i.test(err.message);
      const reason = err.message || 'no reason given';
      // Servers refuse unknown namespaces ("Invalid namespace" in Node, no message in python-socketio).
      const nsHint =
        !err.message || /namespace/i.test(err.message) ? ` Check that the server has the namespace "${ns}" and that its connect handler accepts you.` : '';
      return {
        kind: auth ? 'auth' : 'protocol',
        message: `The Socket.IO server refused the connection to namespace "${ns}": ${reason}${detail}.${auth ? ' Check the token sent as auth.token.' : nsHint}`,
      };
    }
    const probe = await probeEngineIo(
      socketIoBaseUrl(this.options.url),
      this.path,
      this.options.headers,
      this.options.query,
      !this.options.allowUntrustedCertificates,
    );
    if (probe.kind === 'network') return describeNetworkError(probe.error, this.options.url);
    if (probe.kind === 'eio3') return v2Failure(this.options.url);
    if (probe.kind === 'http') {
      const f = describeHttpRejection(probe.status, probe.statusText, probe.body, this.options.url);
      const pathHint = probe.status === 404 ? ` No Socket.IO server answers at path "${this.path}".` : '';
      return { ...f, message: `Socket.IO handshake failed: ${f.message}${pathHint}` };
    }
    if (err.message === 'timeout') {
      return {
        kind: 'timeout',
        message: `Timed out connecting to the Socket.IO namespace "${ns}": the server answered the handshake but never let the socket join.`,
      };
    }
    return {
      kind: 'protocol',
      message: `Socket.IO connection failed (${err.message}${err.description ? `: ${String(err.description)}` : ''}) although the Engine.IO handshake works.`,
    };
  }

  private frameIn(event: string, args: unknown[]): void {
    const values = args.filter((a) => typeof a !== 'function');
    const only = values.length === 1 ? values[0] : undefined;
    const data = only instanceof Uint8Array ? new Uint8Array(only) : typeof only === 'string' ? only : JSON.stringify(values.length === 1 ? only : values);
    this.hub.emit({ type: 'frame', direction: 'in', time: Date.now(), data, event });
  }

  async send(message: OutgoingMessage): Promise<unknown> {
    const socket = this.socket;
    if (!socket?.connected) throw new TransportError('Not connected: connect before emitting.', 'closed');
    const event = message.event ?? 'message';
    const payload = toPayload(message.data);
    if (RESERVED_EVENTS.has(event)) {
      throw new TransportError(`"${event}" is reserved by Socket.IO for its own lifecycle and cannot be emitted; rename the event in the spec.`, 'protocol');
    }
    this.hub.emit({ type: 'frame', direction: 'out', time: Date.now(), data: message.data, event });
    if (!message.ack) {
      socket.emit(event, payload);
      return undefined;
    }
    const timeout = this.options.connectTimeoutMs ?? 15000;
    try {
      const reply: unknown = await socket.timeout(timeout).emitWithAck(event, payload);
      const data = typeof reply === 'string' ? reply : JSON.stringify(reply ?? null);
      this.hub.emit({ type: 'frame', direction: 'in', time: Date.now(), data, event, headers: { ack: 'true' } });
      return reply;
    } catch {
      throw new TransportError(
        `No acknowledgement for "${event}" within ${timeout} ms: the server has no handler for it or does not call the ack callback.`,
        'timeout',
      );
    }
  }

  close(): Promise<void> {
    const socket = this.socket;
    if (!socket || (!socket.connected && !socket.active)) return Promise.resolve();
    this.hub.emit({ type: 'state', state: 'closing' });
    return new Promise((resolve) => {
      if (!socket.connected) {
        socket.close();
        return resolve();
      }
      socket.once('disconnect', () => resolve());
      socket.disconnect();
    });
  }
}

/** JSON text goes out as the value it encodes (servers expect objects); anything else as written. */
function toPayload(data: string | Uint8Array): unknown {
  if (typeof data !== 'string') return Buffer.from(data);
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

function v2Failure(url: string): Failure {
  return {
    kind: 'protocol',
    message:
      `The server at ${new URL(url).host} speaks Socket.IO 2.x (Engine.IO protocol 3), which socket.io-client 4 cannot talk to. ` +
      'Upgrade the server to Socket.IO 3 or 4, or enable `allowEIO3: true` on a v3/v4 server.',
  };
}
