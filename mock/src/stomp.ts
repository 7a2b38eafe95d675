/**
 * STOMP over WebSocket mock: CONNECT/CONNECTED (credentials, heart-beats), SUBSCRIBE (examples delivered as
 * MESSAGE frames), SEND (validated; replies to subscribers), RECEIPT, ERROR. Frames are read by
 * StompFrameReader (bounded), decoded and written with @stomp/stompjs's FrameImpl.
 */
import type { Server as HttpServer } from 'node:http';
// stompjs is an ES module; loaded with import() from this CommonJS build (esbuild inlines it).
import type { IRawFrameType } from '@stomp/stompjs' with { 'resolution-mode': 'import' };

type Stomp = typeof import('@stomp/stompjs', { with: { 'resolution-mode': 'import' } });
import { WebSocket, WebSocketServer } from 'ws';
import type { TryItMessage } from '../../common/src/tryItModel';
import { checkAuth } from './auth';
import type { MockPlan } from './plan';
import { describeProblem, errorPayload, nextPayload, replyPayload } from './payloads';
import { channelsForDestination, unprompted } from './routes';
import type { MockEvents, ResolvedMockOptions } from './mockServer';
import { StompFrameReader, type StompReadProblem } from './stompFrames';
import { heartBeatEvery, StompWebSocket, tooLargeErrorFrame } from './stompLimits';
import { logErrors } from './errors';

const VERSIONS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];

interface Subscription {
  id: string;
  destination: string;
}

export async function attachStompMock(http: HttpServer, plan: MockPlan, options: ResolvedMockOptions, events: MockEvents): Promise<{ close(): void }> {
  const stomp: Stomp = await import('@stomp/stompjs');
  const tooLargeError = tooLargeErrorFrame(stomp, options.maxPayloadBytes);
  const wss = new WebSocketServer({
    server: http,
    handleProtocols: (protocols) => VERSIONS.find((v) => protocols.has(v)) ?? false,
    maxPayload: options.maxPayloadBytes,
    WebSocket: StompWebSocket,
  });
  // ws re-emits the http server's errors here: unheard, a port in use ended the process instead of being
  // reported by startMock (whose "port in use" the extension answers with a free port).
  wss.on('error', () => {});
  const sessions = new Set<Session>();
  wss.on('connection', (ws: StompWebSocket, req) => {
    logErrors(ws, `STOMP connection ${req.url ?? '/'}`, events.log);
    ws.tooLargeError = tooLargeError;
    const s = new Session(stomp, ws, plan, options, events, sessions, req.headers);
    sessions.add(s);
    events.connections(+1);
    ws.on('close', () => {
      s.dispose();
      sessions.delete(s);
      events.connections(-1);
    });
  });
  return {
    close() {
      for (const s of sessions) s.dispose();
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}

class Session {
  private connected = false;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly timers: NodeJS.Timeout[] = [];
  private nextMessageId = 1;
  private readonly reader: StompFrameReader;

  constructor(
    private readonly stomp: Stomp,
    private readonly ws: WebSocket,
    private readonly plan: MockPlan,
    private readonly options: ResolvedMockOptions,
    private readonly events: MockEvents,
    private readonly all: Set<Session>,
    private readonly upgradeHeaders: Record<string, string | string[] | undefined>,
  ) {
    this.reader = new StompFrameReader(options.maxPayloadBytes, (raw) => this.onRawFrame(raw));
    // Text and binary messages alike are bytes (ws checked a text message's UTF-8 already). ws still delivers
    // messages once the mock has closed (awaiting the client's close): they are not read, nor kept.
    ws.on('message', (data: Buffer) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      const problem = this.reader.push(data);
      if (problem) this.refuse(problem);
    });
  }

  private refuse(problem: StompReadProblem): void {
    this.events.log(`STOMP connection closed: ${problem === 'too-large' ? `a frame over ${this.options.maxPayloadBytes} bytes` : 'a malformed frame'}`);
    if (problem === 'malformed')
      return this.error('Malformed frame', 'The frame could not be read: a header line without a colon, a bad content-length, or no NUL after the body.');
    this.ws.close(1009, 'STOMP frame too large'); // StompWebSocket sends the ERROR frame first
  }

  /** Frames after an ERROR (in the same message) are not acted on; a handler's failure is logged, not thrown at ws. */
  private onRawFrame(raw: IRawFrameType): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    try {
      this.onFrame(raw);
    } catch (e) {
      this.events.log(`STOMP frame ${raw.command} failed: ${e instanceof Error ? e.message : String(e)}`);
      this.error('Internal error', 'The mock failed on this frame.');
    }
  }

  dispose(): void {
    for (const t of this.timers) clearInterval(t);
  }

  private write(command: string, headers: Record<string, string>, body = ''): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(this.stomp.FrameImpl.marshall({ command, headers, body }));
  }

  private error(message: string, body: string, receipt?: string): void {
    this.write('ERROR', { message, 'content-type': 'text/plain', ...(receipt ? { 'receipt-id': receipt } : {}) }, body);
    this.ws.close(1000, 'STOMP ERROR');
  }

  private onFrame(raw: IRawFrameType): void {
    const frame = this.stomp.FrameImpl.fromRawFrame(raw, true);
    const h = frame.headers as Record<string, string>;
    if (frame.command === 'CONNECT' || frame.command === 'STOMP') return this.onConnect(h);
    if (!this.connected) return this.error('Not connected', 'Send CONNECT first.');
    if (frame.command === 'SUBSCRIBE') this.onSubscribe(h);
    else if (frame.command === 'UNSUBSCRIBE') this.subscriptions.delete(h.id);
    else if (frame.command === 'SEND') this.onSend(h, frame.body);
    else if (frame.command === 'DISCONNECT') {
      if (h.receipt) this.write('RECEIPT', { 'receipt-id': h.receipt });
      this.ws.close(1000);
      return;
    } else if (!['ACK', 'NACK', 'BEGIN', 'COMMIT', 'ABORT'].includes(frame.command)) return this.error(`Unknown command ${frame.command}`, '');
    if (h.receipt) this.write('RECEIPT', { 'receipt-id': h.receipt });
  }

  private onConnect(h: Record<string, string>): void {
    const denied = checkAuth(
      this.plan.security,
      { headers: { ...this.upgradeHeaders, ...lower(h) }, query: new URLSearchParams(), login: h.login, passcode: h.passcode },
      this.options.token,
    );
    if (denied) return this.error('Access refused', denied);
    this.connected = true;
    const every = heartBeatEvery(h['heart-beat']);
    this.write('CONNECTED', { version: (h['accept-version'] ?? '1.2').split(',').pop() ?? '1.2', 'heart-beat': `${every},0`, server: 'SpecSocket-mock' });
    if (every) this.timers.push(setInterval(() => this.ws.readyState === this.ws.OPEN && this.ws.send('\n'), every));
  }

  private onSubscribe(h: Record<string, string>): void {
    const destination = h.destination ?? '';
    const channels = channelsForDestination(this.plan, destination);
    if (!channels.length) return this.error('Unknown destination', `No channel of the spec has the address ${destination}.`, h.receipt);
    this.subscriptions.set(h.id, { id: h.id, destination });
    const emitted = channels.flatMap(unprompted);
    for (const m of emitted) this.deliver(destination, m, nextPayload(m));
    if (this.options.intervalMs && emitted.length) {
      let i = 0;
      this.timers.push(
        setInterval(
          () => this.subscriptions.has(h.id) && this.deliver(destination, emitted[i % emitted.length], nextPayload(emitted[i++ % emitted.length])),
          this.options.intervalMs,
        ),
      );
    }
  }

  private onSend(h: Record<string, string>, body: string): void {
    const destination = h.destination ?? '';
    const channels = channelsForDestination(this.plan, destination).filter((c) => c.accepts.length);
    if (!channels.length) return this.error('Unknown destination', `Clients may not SEND to ${destination}: no channel of the spec accepts it.`, h.receipt);
    const channel = channels[0];
    const result = channel.matcher.match({ data: body, destination });
    this.events.received(result.valid);
    if (!result.valid || !result.message) {
      const problem = describeProblem(result, undefined, 'Message not declared in the spec for this destination.');
      if (channel.errorMessage) return this.broadcast(destination, channel.errorMessage, errorPayload(channel.errorMessage, problem));
      return this.error('Invalid message', problem, h.receipt);
    }
    for (const reply of channel.replies.get(result.message.id) ?? []) this.broadcast(destination, reply, replyPayload(reply, result.value, result.message));
  }

  /** A reply goes to every session subscribed to the destination (STOMP is pub/sub). */
  private broadcast(destination: string, message: TryItMessage, payload: unknown): void {
    for (const s of this.all) s.deliver(destination, message, payload, true);
  }

  deliver(destination: string, message: TryItMessage, payload: unknown, onlyIfSubscribed = false): void {
    const subs = [...this.subscriptions.values()].filter((s) => s.destination === destination);
    if (onlyIfSubscribed && !subs.length) return;
    for (const s of subs.length ? subs : [{ id: '0', destination }]) {
      this.write(
        'MESSAGE',
        { destination, subscription: s.id, 'message-id': String(this.nextMessageId++), 'content-type': message.contentType ?? 'application/json' },
        typeof payload === 'string' ? payload : JSON.stringify(payload),
      );
    }
  }
}

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
