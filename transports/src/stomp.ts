/**
 * STOMP over WebSocket via @stomp/stompjs, with `ws` as the socket so handshake headers work in
 * Node. CONNECT with login/passcode and headers, SUBSCRIBE to each receivable destination, SEND
 * with optional RECEIPT. Broker ERROR frames become error events carrying their message and body.
 */
import WebSocket from 'ws';
// stompjs is an ES module; loaded with import() from this CommonJS build (esbuild inlines it).
import type { Client, IFrame, IMessage } from '@stomp/stompjs' with { 'resolution-mode': 'import' };
import type { OutgoingMessage } from './transport';
import { BaseTransport } from './baseTransport';
import { boundedText, describeCloseCode, describeHttpRejection, describeNetworkError } from './describe';
import { TransportError } from './events';

const STOMP_SUBPROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];

export class StompTransport extends BaseTransport {
  private client: Client | undefined;
  private receiptCounter = 0;
  private watchdog: NodeJS.Timeout | undefined;

  async connect(): Promise<void> {
    const { Client } = await import('@stomp/stompjs');
    const url = this.beginConnect();
    const stomp = this.options.stomp ?? { subscriptions: [] };
    return this.connection(() => {
      let connected = false;
      // Our own watchdog: stompjs' connectionTimeout timer is never cleared when the socket fails first.
      const timeoutMs = this.options.connectTimeoutMs ?? 15000;
      this.watchdog = setTimeout(() => {
        this.fail({ kind: 'timeout', message: `Timed out after ${timeoutMs} ms waiting for the broker's CONNECTED frame.` });
        void this.client?.deactivate({ force: true });
      }, timeoutMs);
      const client = new Client({
        webSocketFactory: () => this.openSocket(url),
        connectHeaders: {
          ...(stomp.connectHeaders ?? {}),
          ...(stomp.login !== undefined ? { login: stomp.login } : {}),
          ...(stomp.passcode !== undefined ? { passcode: stomp.passcode } : {}),
        },
        reconnectDelay: 0, // the session owns reconnecting
        heartbeatIncoming: 10000,
        heartbeatOutgoing: 10000,
        debug: () => undefined,
        onConnect: (frame) => {
          connected = true;
          this.settleTimers();
          this.hub.emit({ type: 'frame', direction: 'in', time: Date.now(), data: frame.body, event: 'CONNECTED', headers: { ...frame.headers } });
          for (const destination of stomp.subscriptions) this.subscribe(client, destination);
          this.opened();
        },
        onStompError: (frame) => this.brokerError(frame, connected),
        onUnhandledReceipt: (frame) => this.frameIn(frame),
        onWebSocketClose: (evt: { code?: number; reason?: string }) => {
          if (!this.failure && !this.closingByUs) {
            const words = connected
              ? describeCloseCode(evt.code, evt.reason)
              : `The broker closed the WebSocket before STOMP CONNECTED. ${describeCloseCode(evt.code, evt.reason)}`;
            if (!connected || (evt.code !== 1000 && evt.code !== 1005)) this.fail({ kind: 'closed', message: words });
          }
          this.hub.emit({ type: 'close', code: evt.code, reason: evt.reason });
          this.hub.emit({ type: 'state', state: 'closed' });
          void client.deactivate();
        },
      });
      this.client = client;
      client.activate();
    });
  }

  protected override settleTimers(): void {
    clearTimeout(this.watchdog);
  }

  /** A `ws` socket speaking the STOMP subprotocols; failures before the upgrade are read here. */
  private openSocket(url: string): WebSocket {
    const socket = new WebSocket(url, STOMP_SUBPROTOCOLS, {
      headers: this.options.headers,
      handshakeTimeout: this.options.connectTimeoutMs ?? 15000,
      maxPayload: this.options.maxPayloadBytes ?? 100 * 1024 * 1024,
      rejectUnauthorized: !this.options.allowUntrustedCertificates,
    });
    socket.on('error', (err) => this.fail(describeNetworkError(err, url)));
    socket.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.length < 64 && chunks.push(c));
      res.on('end', () => {
        this.fail(describeHttpRejection(res.statusCode ?? 0, res.statusMessage ?? '', boundedText(chunks).trim(), url));
        socket.terminate();
      });
    });
    return socket;
  }

  private subscribe(client: Client, destination: string): void {
    this.hub.emit({ type: 'frame', direction: 'out', time: Date.now(), data: '', event: 'SUBSCRIBE', destination });
    client.subscribe(destination, (message: IMessage) => this.frameIn(message));
  }

  /** ERROR frames: the broker's `message` header is the headline, the body the details. */
  private brokerError(frame: IFrame, connected: boolean): void {
    this.frameIn(frame);
    const headline = frame.headers.message ?? 'no message header';
    const auth = /access refused|login|passcode|authenticat|credential|not authori[sz]ed/i.test(`${headline} ${frame.body}`);
    const body = frame.body.trim();
    this.fail({
      kind: auth ? 'auth' : 'protocol',
      body,
      message:
        `STOMP ERROR from the broker${connected ? '' : ' during CONNECT'}: ${headline}.` +
        (body ? ` ${body.replace(/\s+/g, ' ').replace(/([^.])$/, '$1.')}` : '') +
        (auth ? ' Check the login and passcode.' : ' Brokers may close the connection after an ERROR frame.'),
    });
  }

  private frameIn(frame: IFrame): void {
    this.hub.emit({
      type: 'frame',
      direction: 'in',
      time: Date.now(),
      data: isTextual(frame) ? frame.body : frame.binaryBody,
      event: frame.command,
      destination: frame.headers.destination,
      headers: { ...frame.headers },
    });
  }

  send(message: OutgoingMessage): Promise<unknown> {
    const client = this.client;
    if (!client?.connected) return Promise.reject(new TransportError('Not connected: connect before sending.', 'closed'));
    if (!message.destination) return Promise.reject(new TransportError('A STOMP SEND needs a destination.', 'protocol'));
    const headers: Record<string, string> = { ...(message.headers ?? {}) };
    const receipt = message.ack ? `receipt-${++this.receiptCounter}` : undefined;
    if (receipt) headers.receipt = receipt;
    const timeoutMs = this.options.connectTimeoutMs ?? 15000;
    const acknowledged = receipt
      ? new Promise<unknown>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new TransportError(`No RECEIPT for "${receipt}" within ${timeoutMs} ms: the broker did not confirm the SEND.`, 'timeout')),
            timeoutMs,
          );
          client.watchForReceipt(receipt, (frame) => {
            clearTimeout(timer);
            this.frameIn(frame);
            resolve(frame.headers['receipt-id']);
          });
        })
      : Promise.resolve(undefined);
    const body = typeof message.data === 'string' ? { body: message.data } : { binaryBody: message.data };
    client.publish({ destination: message.destination, headers, ...body });
    this.hub.emit({ type: 'frame', direction: 'out', time: Date.now(), data: message.data, event: 'SEND', destination: message.destination, headers });
    return acknowledged;
  }

  async close(): Promise<void> {
    const client = this.client;
    if (!client?.active) return;
    this.closingByUs = true;
    this.hub.emit({ type: 'state', state: 'closing' });
    // DISCONNECT waits for the broker's receipt; a broker that went quiet after an ERROR must not hang us.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 2000)));
    const outcome = await Promise.race([client.deactivate().then(() => 'done' as const), late]);
    clearTimeout(timer);
    if (outcome === 'late') await client.deactivate({ force: true });
  }
}

/** stompjs hands every incoming body over as bytes; STOMP bodies are text unless content-type says otherwise. */
function isTextual(frame: IFrame): boolean {
  const type = frame.headers['content-type'];
  return !type || /^text\/|json|xml|javascript|charset=/i.test(type);
}
