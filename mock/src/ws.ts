/** Raw WebSocket mock: one path per channel, replies to valid requests, the spec's error (or a close code) for invalid ones. */
import { STATUS_CODES, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { checkAuth, checkAuthMessage, needsAuthMessage } from './auth';
import type { MockChannel, MockPlan } from './plan';
import { describeProblem, emitUnprompted, errorPayload, isConstantPayload, nextPayload, replyPayload } from './payloads';
import { channelForPath, unprompted } from './routes';
import type { ResolvedMockOptions, MockEvents } from './mockServer';
import { closeReason } from './closeReason';
import { describeError, logErrors } from './errors';

export function attachWsMock(http: HttpServer, plan: MockPlan, options: ResolvedMockOptions, events: MockEvents): { close(): void } {
  // No permessage-deflate (ws's default, stated because the mock writes uncompressed frames itself: see send).
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes, perMessageDeflate: false });
  const timers = new Set<NodeJS.Timeout>();

  http.on('upgrade', (req: IncomingMessage, socket, head) => {
    // Node's http server stops listening for the socket's errors at an upgrade; ws listens once it takes it over.
    const onSocketError = (e: Error) => events.log(`connection ${req.url ?? '/'}: ${describeError(e)}`);
    socket.on('error', onSocketError);
    const url = requestUrl(req.url);
    const refuse = (status: number, text: string) => {
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
      events.log(`refused ${url?.pathname ?? JSON.stringify(req.url)}: ${text}`);
    };
    if (!url) return refuse(400, 'The request target is not a path.');
    const channel = channelForPath(plan, url.pathname);
    if (!channel) return refuse(404, `No channel of the spec has the address ${url.pathname}.`);
    const credentials = { headers: req.headers, query: url.searchParams };
    const denied = checkAuth(plan.security, credentials, options.token);
    if (denied) return refuse(401, denied);
    // A handshake without credentials passes when the spec lets the first message carry the token (Fern's auth-message).
    const authFirst = needsAuthMessage(plan.security, credentials, options.token);
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', onSocketError);
      logErrors(ws, `connection ${url.pathname}`, events.log);
      serve({ ws, socket, corked: false }, channel, authFirst);
    });
  });

  function serve(c: Connection, channel: MockChannel, authFirst: ReturnType<typeof needsAuthMessage>): void {
    const { ws } = c;
    events.connections(+1);
    let pendingAuth = authFirst.length > 0;
    let stop = () => {};
    const start = () => (stop = emitUnprompted(unprompted(channel), options.intervalMs, (m) => send(c, nextPayload(m)), timers));
    // Nothing is pushed to a connection that has not authenticated yet.
    if (!pendingAuth) start();
    ws.on('message', (data, isBinary) => {
      if (pendingAuth) {
        const refused = checkAuthMessage(authFirst, isBinary ? new Uint8Array(data as Buffer) : data.toString(), options.token);
        if (refused) {
          events.log(`refused ${channel.channel.address}: ${refused}`);
          return void ws.close(1008, closeReason(refused));
        }
        pendingAuth = false;
        start(); // the auth message is a declared message too: it is validated and answered below
      }
      const result = channel.matcher.match({ data: isBinary ? new Uint8Array(data as Buffer) : data.toString() });
      events.received(result.valid);
      if (result.valid && result.messageId) {
        for (const reply of channel.replies.get(result.messageId) ?? []) send(c, replyPayload(reply, result.value, result.message));
        return;
      }
      const problem = describeProblem(result, undefined, 'Message not declared in the spec for this channel.');
      if (channel.errorMessage) send(c, errorPayload(channel.errorMessage, problem));
      else ws.close(result.parseError ? 1007 : 1008, closeReason(problem));
    });
    ws.on('close', () => {
      stop();
      events.connections(-1);
    });
  }

  return {
    close() {
      for (const t of timers) clearInterval(t);
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}

/** The URL of an upgrade request; undefined for a target no URL parser reads (`//`, `//host:99999/`): new URL threw. */
function requestUrl(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://mock');
  } catch {
    return undefined;
  }
}

/*
 * The send path, the mock's hot spot under load (bench/mock.ts; docs/performance.md, mock server). ws.send writes
 * each frame as a header and a payload (cork, two writes, uncork: a writev through Node's generic stream path) and
 * makes one system call per message. Here:
 * - a frame is one buffer, written by the mock to the connection's socket (the one ws was handed at the upgrade);
 *   a message's own payload (an example, the generated one) is serialised and framed once;
 * - writes to a connection in one turn of the event loop (every reply to the messages that arrived in one read,
 *   the messages sent on connect) go out together: the socket is corked at the first and uncorked on the next
 *   tick. A client that sends one message at a time still gets its reply at once, in its own write.
 * Same bytes, in the same order, as ws.send: unfragmented text frames, FIN set, unmasked (server to client),
 * uncompressed; ws's own frames (a close) go through the same corked socket, after the replies before them.
 * ws's sender never holds frames back here (it queues only while compressing or reading a Blob).
 */

/** One client connection: ws for the protocol, and the upgraded socket the mock writes its frames to. */
interface Connection {
  ws: WebSocket;
  socket: Duplex;
  /** Corked during this turn of the event loop (uncorked on the next tick). */
  corked: boolean;
}

function send(c: Connection, payload: unknown): void {
  // Not open (closing, closed): ws.send would drop it too.
  if (c.ws.readyState !== WebSocket.OPEN) return;
  let frame: Buffer;
  if (isConstantPayload(payload)) frame = constantFrame(payload);
  else {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    if (text === undefined) return void c.ws.send(text as unknown as string);
    frame = textFrame(text);
  }
  if (!c.corked) {
    c.corked = true;
    c.socket.cork();
    process.nextTick(uncork, c);
  }
  c.socket.write(frame);
}

function uncork(c: Connection): void {
  c.corked = false;
  c.socket.uncork();
}

/** `text` as one unfragmented, unmasked WebSocket text frame (RFC 6455 §5.2). */
export function textFrame(text: string): Buffer {
  const n = Buffer.byteLength(text);
  const headerLength = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + n);
  frame[0] = 0x81; // FIN + opcode 1 (text)
  if (headerLength === 2) frame[1] = n;
  else if (headerLength === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
    frame.writeUInt32BE(n >>> 0, 6);
  }
  frame.write(text, headerLength, 'utf8');
  return frame;
}

/** Frames of payloads that never change, by payload object (a message's own: see isConstantPayload). */
const constantFrames = new WeakMap<object, Buffer>();

function constantFrame(payload: object): Buffer {
  let f = constantFrames.get(payload);
  if (!f) constantFrames.set(payload, (f = textFrame(JSON.stringify(payload))));
  return f;
}
