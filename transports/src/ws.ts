/**
 * Raw WebSocket transport over `ws`: handshake headers, query, subprotocols, text/binary frames,
 * ping/pong, close code and reason. Runs in the extension host (never the webview) so headers work.
 */
import WebSocket from 'ws';
import type { IncomingMessage } from 'node:http';
import type { OutgoingMessage } from './transport';
import { BaseTransport } from './baseTransport';
import { boundedText, closeFailureKind, describeCloseCode, describeFrameError, describeHttpRejection, describeNetworkError } from './describe';
import { TransportError } from './events';

const DEFAULT_MAX_PAYLOAD = 100 * 1024 * 1024;

export class WsTransport extends BaseTransport {
  private socket: WebSocket | undefined;

  connect(): Promise<void> {
    const url = this.beginConnect();
    const socket = new WebSocket(url, this.options.subprotocols ?? [], {
      headers: this.options.headers,
      handshakeTimeout: this.options.connectTimeoutMs ?? 15000,
      maxPayload: this.options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD,
      rejectUnauthorized: !this.options.allowUntrustedCertificates,
    });
    this.socket = socket;
    return this.connection(() => {
      let opened = false;
      socket.on('open', () => {
        opened = true;
        this.opened(socket.protocol || undefined);
      });
      socket.on('unexpected-response', (_req, res) => this.readRejection(socket, res, url));
      const maxPayload = this.options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD;
      socket.on('error', (err) => this.fail(describeFrameError(err, maxPayload) ?? describeNetworkError(err, url)));
      socket.on('message', (data, isBinary) => this.frameIn(data, isBinary));
      socket.on('ping', (data) => this.hub.emit({ type: 'frame', direction: 'in', time: Date.now(), data: new Uint8Array(data), event: 'ping' }));
      socket.on('pong', (data) => this.hub.emit({ type: 'frame', direction: 'in', time: Date.now(), data: new Uint8Array(data), event: 'pong' }));
      socket.on('close', (code, reasonBuf) => {
        const reason = reasonBuf.toString('utf8');
        if (opened && !this.closingByUs && code !== 1000 && code !== 1005 && !this.failure) {
          this.fail({ kind: closeFailureKind(code), message: describeCloseCode(code, reason) });
        }
        if (!opened && !this.failure) this.fail({ kind: closeFailureKind(code), message: describeCloseCode(code, reason) });
        this.hub.emit({ type: 'close', code, reason });
        this.hub.emit({ type: 'state', state: 'closed' });
      });
    });
  }

  /** Read the status and (bounded) body of a refused upgrade: servers put the real reason there. */
  private readRejection(socket: WebSocket, res: IncomingMessage, url: string): void {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      this.fail(describeHttpRejection(res.statusCode ?? 0, res.statusMessage ?? '', boundedText(chunks).trim(), url));
      // terminate() ends the half-open handshake and lets ws emit 'close' as usual.
      socket.terminate();
    };
    res.on('data', (c: Buffer) => {
      if (size < 64 * 1024) chunks.push(c);
      size += c.length;
    });
    res.on('end', done);
    res.on('error', done);
  }

  private frameIn(data: WebSocket.RawData, isBinary: boolean): void {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    this.hub.emit({
      type: 'frame',
      direction: 'in',
      time: Date.now(),
      data: isBinary ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : buf.toString('utf8'),
    });
  }

  send(message: OutgoingMessage): Promise<unknown> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new TransportError('Not connected: connect before sending.', 'closed'));
    }
    return new Promise((resolve, reject) => {
      const sent = (err?: Error) => {
        if (err) return reject(new TransportError(`Sending failed: ${err.message}`, 'closed'));
        this.hub.emit({ type: 'frame', direction: 'out', time: Date.now(), data: message.data, event: message.ping ? 'ping' : undefined });
        resolve(undefined);
      };
      if (message.ping) socket.ping(message.data, undefined, sent);
      else socket.send(message.data, { binary: typeof message.data !== 'string' }, sent);
    });
  }

  close(code = 1000, reason = ''): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    this.closingByUs = true;
    this.hub.emit({ type: 'state', state: 'closing' });
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(code, reason);
      // A peer that never answers the close frame must not keep us waiting forever.
      setTimeout(() => socket.terminate(), 3000).unref();
    });
  }
}
