/**
 * Server-Sent Events mock: a GET on a channel's address (with the spec's auth) gets a text/event-stream of the
 * channel's unprompted messages, each named by `event:` and numbered by `id:`. Event n is always the same message
 * and example (round-robin), so a client that reconnects with `Last-Event-ID: n` resumes at n + 1 and misses
 * nothing. One round is sent on connect, then one event every intervalMs.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { encode, encodeComment } from 'eventsource-encoder';
import type { TryItMessage } from '../../common/src/tryItModel';
import { checkAuth } from './auth';
import type { MockEvents, ResolvedMockOptions } from './mockServer';
import { nextPayload } from './payloads';
import type { MockChannel, MockPlan } from './plan';
import { channelForPath, unprompted } from './routes';
import { logErrors } from './errors';

/** How long a client waits before reconnecting after the stream ends (the `retry:` field), in ms. */
const RETRY_MS = 1000;

export function attachSseMock(http: HttpServer, plan: MockPlan, options: ResolvedMockOptions, events: MockEvents): { close(): void } {
  const timers = new Set<NodeJS.Timeout>();
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = URL.canParse(req.url ?? '', 'http://mock') ? new URL(req.url ?? '', 'http://mock') : undefined;
    const refuse = (status: number, text: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(text + '\n');
      events.log(`refused ${req.method ?? ''} ${url?.pathname ?? JSON.stringify(req.url)}: ${text}`);
    };
    if (!url) return refuse(400, 'The request target is not a path.');
    if (req.method !== 'GET') return refuse(405, 'Server-Sent Events flow from the server only: open the stream with GET.', { allow: 'GET' });
    const channel = channelForPath(plan, url.pathname);
    if (!channel) return refuse(404, `No channel of the spec has the address ${url.pathname}.`);
    const denied = checkAuth(plan.security, { headers: req.headers, query: url.searchParams }, options.token);
    if (denied) return refuse(401, denied);
    logErrors(res, `event stream ${url.pathname}`, events.log);
    stream(res, channel, lastEventId(req, events.log));
  });

  function stream(res: ServerResponse, channel: MockChannel, after: number): void {
    const messages = unprompted(channel);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(encode({ retry: RETRY_MS }));
    if (messages.length === 0) res.write(encodeComment('this channel declares no messages the server sends'));
    events.connections(+1);
    let next = after + 1;
    const emit = () => {
      const n = next++;
      res.write(encode({ id: String(n), event: eventName(messages[(n - 1) % messages.length]), data: payloadText(messages, n) }));
    };
    for (let i = 0; i < messages.length; i++) emit();
    const timer = options.intervalMs && messages.length ? setInterval(emit, options.intervalMs) : undefined;
    if (timer) timers.add(timer);
    res.on('close', () => {
      if (timer) {
        clearInterval(timer);
        timers.delete(timer);
      }
      events.connections(-1);
    });
  }

  return {
    close() {
      for (const t of timers) clearInterval(t);
    },
  };
}

/** The id the client last saw (0: none); one that is not this mock's (not a whole number) starts over, logged. */
function lastEventId(req: IncomingMessage, log: (line: string) => void): number {
  const header = req.headers['last-event-id'];
  const raw = Array.isArray(header) ? header.join(', ') : header;
  if (raw === undefined || raw === '') return 0;
  // Digits only: Number() would also take `1e3`, ` 7` or `0x10`, which this mock never sent.
  if (/^\d{1,15}$/.test(raw)) return Number(raw);
  log(`Last-Event-ID ${JSON.stringify(raw)} is not an id this mock sent (they are 1, 2, 3, …): the stream starts over`);
  return 0;
}

/** The `event:` name a client matches the message by: its name, else its id (what the panel's matcher looks up). */
function eventName(m: TryItMessage): string {
  return m.name ?? m.id;
}

/** Event n's payload: message (n-1) mod k, its ((n-1) div k)-th example, so an id always names the same event. */
function payloadText(messages: TryItMessage[], n: number): string {
  const m = messages[(n - 1) % messages.length];
  const round = Math.floor((n - 1) / messages.length);
  const payload = m.examples.length ? m.examples[round % m.examples.length].payload : nextPayload(m);
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}
