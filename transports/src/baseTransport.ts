/**
 * What the transports share: their listeners, the first failure of the current connection (so the close that
 * follows can explain itself) and whether we asked for the close (then it is no failure, whatever its code).
 */
import type { ConnectOptions, OutgoingMessage, Transport, TransportEvent } from './transport';
import type { Failure } from './describe';
import { EventHub, withQuery } from './events';

export abstract class BaseTransport implements Transport {
  protected readonly hub = new EventHub();
  protected failure: Failure | undefined;
  protected closingByUs = false;

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

  abstract connect(): Promise<void>;
  abstract send(message: OutgoingMessage): Promise<unknown>;
  abstract close(code?: number, reason?: string): Promise<void>;
}
