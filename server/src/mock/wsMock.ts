/** Raw WebSocket mock: one path per channel, replies to valid requests, the spec's error (or a close code) for invalid ones. */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkAuth } from './mockAuth';
import type { MockChannel, MockPlan } from './mockPlan';
import { describeProblem, emitUnprompted, errorPayload, nextPayload, replyPayload } from './mockPayloads';
import { channelForPath, unprompted } from './mockRoutes';
import type { MockOptions, MockEvents } from './mockServer';

export function attachWsMock(http: HttpServer, plan: MockPlan, options: MockOptions, events: MockEvents): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  const timers = new Set<NodeJS.Timeout>();

  http.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://mock');
    const channel = channelForPath(plan, url.pathname);
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Not Found'}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
      events.log(`refused ${url.pathname}: ${text}`);
    };
    if (!channel) return refuse(404, `No channel of the spec has the address ${url.pathname}.`);
    const denied = checkAuth(plan.security, { headers: req.headers, query: url.searchParams }, options.token);
    if (denied) return refuse(401, denied);
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, channel));
  });

  function send(ws: WebSocket, payload: unknown): void {
    ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  function serve(ws: WebSocket, channel: MockChannel): void {
    events.connections(+1);
    const stop = emitUnprompted(unprompted(channel), options.intervalMs, (m) => send(ws, nextPayload(m)), timers);
    ws.on('message', (data, isBinary) => {
      const result = channel.matcher.match({ data: isBinary ? new Uint8Array(data as Buffer) : data.toString() });
      events.received(result.valid);
      if (result.valid && result.messageId) {
        for (const reply of channel.replies.get(result.messageId) ?? []) send(ws, replyPayload(reply, result.value, result.message));
        return;
      }
      const problem = describeProblem(result, undefined, 'Message not declared in the spec for this channel.');
      if (channel.errorMessage) send(ws, errorPayload(channel.errorMessage, problem));
      else ws.close(result.parseError ? 1007 : 1008, problem.slice(0, 120));
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
