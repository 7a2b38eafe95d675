/**
 * A Try it connection as the user sees it, free of `vscode`: connect/disconnect with a visible
 * state said in words, automatic reconnect with exponential backoff (countdown events, cancel),
 * and re-joining after a reconnect (Socket.IO joins / ws subscribe commands are replayed; STOMP
 * subscriptions come back with the options). A fresh transport is made for every attempt so an
 * edited spec or a refreshed secret takes effect on the next one.
 */
import type { ConnectOptions, FailureKind, OutgoingMessage, Transport, TransportEvent } from '../../../transports/src/transport';
import { createTransport as defaultCreateTransport } from '../../../transports/src';
import { EventHub } from '../../../transports/src/events';
import { describeCloseCode } from '../../../transports/src/describe';
import type { TransportKind } from '../../../common/src/tryItModel';
import { Joins, type JoinStatus, type ReplayRole } from './joins';

export type SessionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'failed';
type FrameEvent = Extract<TransportEvent, { type: 'frame' }>;

export type SessionEvent =
  /** Every state change, with a sentence for the status bar of the panel; `attempt` when a reconnect attempt starts. */
  | { type: 'state'; state: SessionState; message: string; attempt?: number }
  /** A frame; text that looks like JSON carries the parse result (invalid JSON is said in words). */
  | { type: 'frame'; frame: FrameEvent; size: number; json?: { ok: true; value: unknown } | { ok: false; error: string } }
  | { type: 'error'; kind: FailureKind; message: string; status?: number; body?: string }
  | { type: 'close'; code?: number; reason?: string }
  | { type: 'reconnect-scheduled'; attempt: number; delayMs: number; at: number }
  | { type: 'countdown'; attempt: number; remainingMs: number }
  | { type: 'reconnect-cancelled' }
  /** Joins/subscriptions sent again after reconnecting. */
  | { type: 'replayed'; messages: OutgoingMessage[] }
  /** What became of a join (a Socket.IO room, a ws subscribe message): asked, subscribed, refused in the server's words, left. */
  | { type: 'join'; status: JoinStatus }
  /** Something worth a line in the log that is not an error (huge frame, replay failed, ...). */
  | { type: 'notice'; message: string };

export interface ReconnectPolicy {
  enabled: boolean;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  /** Give up after this many failed attempts in a row (Infinity: never). */
  maxAttempts: number;
  /** How often the countdown ticks. */
  tickMs: number;
}

export interface SessionOptions {
  /** Asked before every attempt, so spec edits and refreshed secrets apply on reconnect. */
  connectOptions: () => ConnectOptions | Promise<ConnectOptions>;
  createTransport?: (options: ConnectOptions) => Transport;
  reconnect?: Partial<ReconnectPolicy>;
  /** Which sent messages join/leave something and must be replayed after reconnecting. */
  replayRole?: (message: OutgoingMessage) => ReplayRole;
  /** Frames at least this big get a notice (default 1 MiB). */
  bigFrameBytes?: number;
}

const DEFAULT_POLICY: ReconnectPolicy = { enabled: true, initialDelayMs: 1000, maxDelayMs: 30_000, factor: 2, maxAttempts: Infinity, tickMs: 1000 };

/** Delay before attempt `attempt` (1-based): initial * factor^(attempt-1), capped. */
export function backoffDelay(policy: ReconnectPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
}

function looksLikeJson(text: string): boolean {
  const c = text.trimStart()[0];
  return c === '{' || c === '[' || c === '"';
}

function sizeOf(data: string | Uint8Array): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

function humanBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}

export class TryItSession {
  private readonly hub = new EventHub<SessionEvent>();
  private readonly policy: ReconnectPolicy;
  private readonly create: (options: ConnectOptions) => Transport;
  private transport: Transport | undefined;
  private subscription: { dispose(): void } | undefined;
  private current: SessionState = 'idle';
  /** The user wants to be connected: unexpected closes lead to reconnecting. */
  private wanted = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private lastFailure: { kind: FailureKind; message: string } | undefined;
  private readonly joins: Joins;
  private url = '';
  private transportKind: TransportKind = 'ws';
  readonly stats = { framesIn: 0, framesOut: 0, bytesIn: 0, largestFrameIn: 0, invalidJson: 0, reconnects: 0 };

  constructor(private readonly options: SessionOptions) {
    this.policy = { ...DEFAULT_POLICY, ...options.reconnect };
    this.create = options.createTransport ?? defaultCreateTransport;
    this.joins = new Joins(options.replayRole);
  }

  get state(): SessionState {
    return this.current;
  }

  onEvent(listener: (e: SessionEvent) => void): { dispose(): void } {
    return this.hub.on(listener);
  }

  /** Connect now. Rejects with the transport's error (in words) when this first attempt fails. */
  async connect(): Promise<void> {
    await this.disconnect(true);
    this.wanted = true;
    this.attempt = 0;
    this.joins.clear();
    await this.open(false);
  }

  /** Close on purpose: no reconnect, any countdown is cancelled. */
  async disconnect(quiet = false): Promise<void> {
    this.wanted = false;
    this.stopTimers();
    const t = this.transport;
    this.transport = undefined;
    this.subscription?.dispose();
    if (t) await t.close(1000, 'closed by the user').catch(() => undefined);
    if (!quiet && this.current !== 'idle') this.setState('closed', 'Disconnected.');
  }

  /** Stop waiting for the next reconnect attempt. */
  cancelReconnect(): void {
    if (this.current !== 'reconnecting') return;
    this.wanted = false;
    this.stopTimers();
    this.hub.emit({ type: 'reconnect-cancelled' });
    this.setState('closed', `Reconnecting cancelled. ${this.lastFailure?.message ?? ''}`.trim());
  }

  async send(message: OutgoingMessage): Promise<unknown> {
    const t = this.transport;
    if (!t || this.current !== 'open') throw new Error(`Not connected (${this.current}): connect first, then send.`);
    const result = await this.sendJoining(t, message);
    this.stats.framesOut++;
    return result;
  }

  /** Sends, keeping the joins' books: a join waits for its answer from before it goes out (an ack can come first). */
  private async sendJoining(t: Transport, message: OutgoingMessage): Promise<unknown> {
    this.joinStatus(this.joins.sending(message));
    try {
      return await t.send(message);
    } catch (e) {
      this.joinStatus(this.joins.notSent(message));
      throw e;
    }
  }

  private joinStatus(status: JoinStatus | undefined): void {
    if (status) this.hub.emit({ type: 'join', status });
  }

  private setState(state: SessionState, message: string, attempt?: number): void {
    this.current = state;
    this.hub.emit({ type: 'state', state, message, ...(attempt ? { attempt } : {}) });
  }

  private stopTimers(): void {
    clearTimeout(this.retryTimer);
    clearInterval(this.tickTimer);
    this.retryTimer = this.tickTimer = undefined;
  }

  /** One attempt with a fresh transport; `again` marks a reconnect. */
  private async open(again: boolean): Promise<void> {
    let options: ConnectOptions;
    try {
      options = await this.options.connectOptions();
    } catch (e) {
      this.wanted = false;
      this.setState('failed', `Cannot connect: ${(e as Error).message}`);
      throw e;
    }
    this.url = options.url;
    this.transportKind = options.transport;
    const t = this.create(options);
    this.transport = t;
    this.subscription?.dispose();
    let opened = false;
    this.subscription = t.onEvent((e) => {
      if (this.transport !== t) return;
      if (e.type === 'close' && opened) this.lost(e);
      else this.relay(e);
    });
    this.setState(
      again ? 'reconnecting' : 'connecting',
      `${again ? `Reconnecting (attempt ${this.attempt})` : 'Connecting'} to ${this.url}…`,
      again ? this.attempt : undefined,
    );
    try {
      await t.connect();
    } catch (e) {
      if (this.transport !== t) return;
      if (again) return this.retryOrGiveUp();
      this.wanted = false;
      this.setState('failed', (e as Error).message);
      throw e;
    }
    if (this.transport !== t) return;
    opened = true;
    const attempts = this.attempt;
    this.attempt = 0;
    this.lastFailure = undefined;
    if (again) this.stats.reconnects++;
    this.setState('open', again ? `Reconnected to ${this.url} after ${attempts} attempt${attempts === 1 ? '' : 's'}.` : `Connected to ${this.url}.`);
    if (again) await this.replay(t);
  }

  private relay(e: TransportEvent): void {
    switch (e.type) {
      case 'frame':
        return this.frame(e);
      case 'error':
        this.lastFailure = { kind: e.kind, message: e.message };
        return this.hub.emit(e);
      case 'close':
        return this.hub.emit(e);
      default:
        return; // transport states are folded into the session's own
    }
  }

  private frame(frame: FrameEvent): void {
    const size = sizeOf(frame.data);
    if (frame.direction === 'in') {
      this.stats.framesIn++;
      this.stats.bytesIn += size;
      this.stats.largestFrameIn = Math.max(this.stats.largestFrameIn, size);
      if (size >= (this.options.bigFrameBytes ?? 1024 * 1024)) {
        this.hub.emit({ type: 'notice', message: `Received a ${humanBytes(size)} frame${frame.event ? ` (${frame.event})` : ''}.` });
      }
    }
    if (frame.direction === 'in') this.verdict(frame);
    let json: { ok: true; value: unknown } | { ok: false; error: string } | undefined;
    if (typeof frame.data === 'string' && looksLikeJson(frame.data)) {
      try {
        json = { ok: true, value: JSON.parse(frame.data) };
      } catch (err) {
        if (frame.direction === 'in') this.stats.invalidJson++;
        json = { ok: false, error: `Not valid JSON: ${(err as Error).message}. Shown as raw text.` };
      }
    }
    this.hub.emit({ type: 'frame', frame, size, ...(json ? { json } : {}) });
  }

  /** What the server made of the joins (joins.ts says how a frame is read as an answer). */
  private verdict(frame: FrameEvent): void {
    const v = this.joins.received(this.transportKind, frame);
    if (!v) return;
    this.joinStatus(v.status);
    if (v.notice) this.hub.emit({ type: 'notice', message: v.notice });
  }

  /** An open connection closed without the user asking. */
  private lost(e: Extract<TransportEvent, { type: 'close' }>): void {
    this.hub.emit(e);
    // A clean close from the server has no error event before it: its code and reason are the story.
    this.lastFailure ??= { kind: 'closed', message: e.code !== undefined ? describeCloseCode(e.code, e.reason) : e.reason || 'The connection closed.' };
    if (!this.wanted) return;
    this.transport = undefined;
    this.retryOrGiveUp();
  }

  private retryOrGiveUp(): void {
    const why = this.lastFailure?.message ?? 'The connection closed.';
    if (!this.policy.enabled) {
      this.wanted = false;
      return this.setState('closed', `Connection lost. ${why}`);
    }
    if (this.lastFailure?.kind === 'auth') {
      this.wanted = false;
      return this.setState('failed', `${why} Not reconnecting: fix the credentials, then connect again.`);
    }
    if (this.attempt >= this.policy.maxAttempts) {
      this.wanted = false;
      return this.setState('failed', `Gave up after ${this.attempt} reconnect attempts. ${why}`);
    }
    this.attempt++;
    const delayMs = backoffDelay(this.policy, this.attempt);
    const at = Date.now() + delayMs;
    this.setState('reconnecting', `Connection lost. ${why} Reconnecting in ${(delayMs / 1000).toFixed(1)} s (attempt ${this.attempt}).`);
    this.hub.emit({ type: 'reconnect-scheduled', attempt: this.attempt, delayMs, at });
    this.hub.emit({ type: 'countdown', attempt: this.attempt, remainingMs: delayMs });
    this.tickTimer = setInterval(() => {
      const remainingMs = Math.max(0, at - Date.now());
      this.hub.emit({ type: 'countdown', attempt: this.attempt, remainingMs });
    }, this.policy.tickMs);
    this.retryTimer = setTimeout(() => {
      this.stopTimers();
      void this.open(true).catch(() => undefined);
    }, delayMs);
  }

  /** Send the remembered joins again on the new connection. */
  private async replay(t: Transport): Promise<void> {
    const messages = this.joins.toReplay();
    if (messages.length === 0) return;
    const sent: OutgoingMessage[] = [];
    for (const m of messages) {
      try {
        await this.sendJoining(t, m);
        sent.push(m);
      } catch (e) {
        this.hub.emit({ type: 'notice', message: `Could not re-send ${m.event ?? 'a join message'} after reconnecting: ${(e as Error).message}` });
      }
    }
    this.hub.emit({ type: 'replayed', messages: sent });
  }
}
