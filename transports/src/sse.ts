/**
 * Server-Sent Events (receive-only) via eventsource-client: a GET with the spec's headers and auth, each event a
 * frame whose `event` is its `event:` name (absent: `message`) and whose headers carry its `id:`. The library
 * reconnects when the stream ends and sends `Last-Event-ID` then; a refused request (not 200 text/event-stream)
 * ends the connection with the status in words instead of retrying.
 */
import { createEventSource, type EventSourceClient, type EventSourceMessage, type FetchLike } from 'eventsource-client';
import type { OutgoingMessage } from './transport';
import { BaseTransport } from './baseTransport';
import { describeNetworkError, type Failure } from './describe';
import { TransportError } from './events';

export class SseTransport extends BaseTransport {
  private source: EventSourceClient | undefined;
  private timer: NodeJS.Timeout | undefined;

  connect(): Promise<void> {
    const url = this.beginConnect();
    return this.connection(() => {
      const timeoutMs = this.options.connectTimeoutMs ?? 15000;
      this.timer = setTimeout(() => this.fail({ kind: 'timeout', message: `${url} did not answer within ${timeoutMs} ms.` }), timeoutMs);
      this.source = createEventSource({
        url,
        headers: this.options.headers,
        fetch: this.checkedFetch(url),
        onMessage: (m) => this.frameIn(m),
        // The stream ended: the library reconnects after its retry delay, with Last-Event-ID.
        onDisconnect: () => this.failure || this.hub.emit({ type: 'state', state: 'connecting' }),
      });
    });
  }

  protected override settleTimers(): void {
    clearTimeout(this.timer);
  }

  /** A failure ends the stream: the library would otherwise retry it. */
  protected override failed(): void {
    this.source?.close();
    this.closed();
  }

  /** fetch that lets only a 200 text/event-stream through: anything else is a failure in words, not a retry. */
  private checkedFetch(url: string): FetchLike {
    return async (input, init) => {
      let res: Response;
      try {
        res = await fetch(input, init as RequestInit);
      } catch (e) {
        // Before the first event stream a network error is the answer; afterwards the library retries.
        if (this.connecting) this.fail(describeNetworkError((e as { cause?: unknown }).cause ?? e, url));
        throw e;
      }
      const type = res.headers.get('content-type') ?? '';
      if (res.status !== 200 || !/^text\/event-stream/i.test(type)) {
        const body = (await res.text().catch(() => '')).slice(0, 2000);
        this.fail(rejection(res.status, res.statusText, type, body, url));
        throw new TransportError('refused', 'http', res.status);
      }
      // Every (re)opened stream says so; the first one also resolves connect().
      this.settleTimers();
      this.opened();
      return res;
    };
  }

  private frameIn(m: EventSourceMessage): void {
    const headers: Record<string, string> = m.id !== undefined ? { id: m.id } : {};
    this.hub.emit({ type: 'frame', direction: 'in', time: Date.now(), data: m.data, event: m.event ?? 'message', headers });
  }

  private closed(): void {
    this.hub.emit({ type: 'close' });
    this.hub.emit({ type: 'state', state: 'closed' });
  }

  send(_message: OutgoingMessage): Promise<unknown> {
    return Promise.reject(new TransportError('Server-Sent Events only flow from the server: there is nothing to send on this connection.', 'protocol'));
  }

  async close(): Promise<void> {
    if (!this.source || this.failure) return;
    this.failure = { kind: 'closed', message: 'Closed.' };
    this.hub.emit({ type: 'state', state: 'closing' });
    this.source.close();
    this.closed();
  }
}

/** The server answered with something other than an event stream. */
function rejection(status: number, statusText: string, type: string, body: string, url: string): Failure {
  const why =
    status === 401 || status === 403
      ? ' The server refused the credentials: check the token/API key for this server.'
      : status === 200
        ? ` It answered ${type || 'without a content type'}, not text/event-stream: check the channel address.`
        : status === 404
          ? ' Nothing is served at this path: check the channel address and server pathname.'
          : '';
  return {
    kind: status === 401 || status === 403 ? 'auth' : 'http',
    status,
    body,
    message: `${url} answered the event stream request with HTTP ${status}${statusText ? ` ${statusText}` : ''}.${why}${body ? ` Body: ${body}` : ''}`,
  };
}
