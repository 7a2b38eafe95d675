/**
 * What the transports share: their listeners, the first failure of the current connection (so the close that
 * follows can explain itself), whether we asked for the close (then it is no failure, whatever its code), and the
 * pending `connect()`: one `fail` settles it, so no transport can leave a connect that never settles (the MQTT bug
 * a `fail` of its own let in).
 */
import type { ConnectOptions, OutgoingMessage, Transport, TransportEvent } from './transport';
import type { Failure } from './describe';
import { EventHub, TransportError, withQuery } from './events';

export abstract class BaseTransport implements Transport {
  protected readonly hub = new EventHub();
  protected failure: Failure | undefined;
  protected closingByUs = false;
  /** The promise `connect()` returned, until it is settled by `opened()` or the first failure. */
  private pending: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(protected readonly options: ConnectOptions) {}

  onEvent(listener: (e: TransportEvent) => void): { dispose(): void } {
    return this.hub.on(listener);
  }

  /** A new connection starts: the last one's failure and close are forgotten. The URL with its query. */
  protected beginConnect(): string {
    this.failure = undefined;
    this.closingByUs = false;
    this.hub.emit({ type: 'state', state: 'connecting' });
    return withQuery(this.options.url, this.options.query);
  }

  /** The promise `connect()` returns: `start` opens the connection, `opened()` or `fail()` settles it. */
  protected connection(start: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending = { resolve, reject };
      start();
    });
  }

  /** Whether `connect()` is still waiting to be settled. */
  protected get connecting(): boolean {
    return this.pending !== undefined;
  }

  /** The connection is open: say so and resolve `connect()`. */
  protected opened(protocol?: string): void {
    const p = this.pending;
    this.pending = undefined;
    this.hub.emit({ type: 'state', state: 'open', ...(protocol ? { protocol } : {}) });
    p?.resolve();
  }

  /** The connection's first failure, in words: emitted once, and it rejects a `connect()` still pending. */
  protected fail(f: Failure): void {
    this.settleTimers();
    if (this.failure) return;
    this.failure = f;
    this.hub.emit({ type: 'error', ...f });
    const p = this.pending;
    this.pending = undefined;
    this.failed(p !== undefined);
    p?.reject(new TransportError(f.message, f.kind, f.status, f.body));
  }

  /** Timers waiting for the connection (a watchdog) to stop on any failure; none by default. */
  protected settleTimers(): void {}

  /** What a transport does after its first failure (`beforeOpen`: connect() is rejected); nothing by default. */
  protected failed(_beforeOpen: boolean): void {}

  abstract connect(): Promise<void>;
  abstract send(message: OutgoingMessage): Promise<unknown>;
  abstract close(code?: number, reason?: string): Promise<void>;
}
