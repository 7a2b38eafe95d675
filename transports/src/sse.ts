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

  connect(): Promise<void> {
    const url = this.beginConnect();
    return new Promise<void>((resolve, reject) => {
      let opened = false;
      const timer = setTimeout(
        () => fail({ kind: 'timeout', message: `${url} did not answer within ${this.options.connectTimeoutMs ?? 15000} ms.` }),
        this.options.connectTimeoutMs ?? 15000,
      );
      const fail = (f: Failure) => {
        clearTimeout(timer);
        if (this.failure) return;
        this.failure = f;
        this.source?.close();
        this.hub.emit({ type: 'error', ...f });
        this.closed();
        if (!opened) reject(new TransportError(f.message, f.kind, f.status, f.body));
      };
      const open = () => {
        clearTimeout(timer);
        this.hub.emit({ type: 'state', state: 'open' });
        if (!opened) resolve();
        opened = true;
      };
      this.source = createEventSource({
        url,
        headers: this.options.headers,
        fetch: this.checkedFetch(url, fail, open, () => opened),
        onMessage: (m) => this.frameIn(m),
        // The stream ended: the library reconnects after its retry delay, with Last-Event-ID.
        onDisconnect: () => this.failure || this.hub.emit({ type: 'state', state: 'connecting' }),
      });
    });
  }

  /** fetch that lets only a 200 text/event-stream through: anything else is a failure in words, not a retry. */
  private checkedFetch(url: string, fail: (f: Failure) => void, open: () => void, opened: () => boolean): FetchLike {
    return async (input, init) => {
      let res: Response;
      try {
        res = await fetch(input, init as RequestInit);
      } catch (e) {
        // Before the first event stream a network error is the answer; afterwards the library retries.
        if (!opened()) fail(describeNetworkError((e as { cause?: unknown }).cause ?? e, url));
        throw e;
      }
      const type = res.headers.get('content-type') ?? '';
      if (res.status !== 200 || !/^text\/event-stream/i.test(type)) {
        const body = (await res.text().catch(() => '')).slice(0, 2000);
        fail(rejection(res.status, res.statusText, type, body, url));
        throw new TransportError('refused', 'http', res.status);
      }
      open();
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
