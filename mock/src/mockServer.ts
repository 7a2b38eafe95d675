/**
 * Serves one server of a spec on loopback, speaking its protocol (raw WebSocket, Socket.IO, STOMP over
 * WebSocket, MQTT over TCP or WebSocket, or Server-Sent Events), from the Try it model. Used by the CLI (`specsocket mock`) and, through it, by the extension.
 */
import { createServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { defaultSettings } from '../../common/src/settings';
import type { TryItModel } from '../../common/src/tryItModel';
import { planMock } from './plan';
import { serverBasePath } from './routes';
import { attachSocketIoMock } from './socketIo';
import { attachStompMock } from './stomp';
import { attachWsMock } from './ws';
import { attachMqttMock, mqttOverWebSocket } from './mqtt';
import { attachSseMock } from './sse';
import { logErrors } from './errors';

export interface MockOptions {
  /** The token every declared auth scheme must carry (bearer token, API key, password). */
  token: string;
  /** Re-emit the unprompted messages every this many ms (0 = only on connect/subscribe). */
  intervalMs?: number;
  /** Port to listen on; default: the server URL's port when it is a loopback address, else a free port. */
  port?: number;
  /** The largest message a client may send (default: the setting's default); larger ones close its connection. */
  maxPayloadBytes?: number;
}

/** The options as the protocol mocks get them: defaults filled in. */
export type ResolvedMockOptions = MockOptions & { maxPayloadBytes: number };

export interface MockEvents {
  log(line: string): void;
  connections(delta: number): void;
  received(valid: boolean): void;
}

export interface RunningMock {
  url: string;
  port: number;
  serverName: string;
  protocol: string;
  stats: { connections: number; received: number; invalid: number };
  close(): Promise<void>;
}

const LOOPBACK = /^[a-z][a-z0-9+.-]*:\/\/(127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0)(:(\d+|\{(\w+)\}))?/i;

/** The port a loopback server URL names (expanding a `{port}` variable with its default), else 0 (any free port). */
export function preferredPort(url: string, variables: { name: string; default?: string }[]): number {
  const m = LOOPBACK.exec(url);
  if (!m || !m[3]) return 0;
  const raw = m[4] ? variables.find((v) => v.name === m[4])?.default : m[3];
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : 0;
}

function listen(http: NetServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => {
      http.off('error', reject);
      resolve((http.address() as AddressInfo).port);
    });
  });
}

export async function startMock(
  model: TryItModel,
  serverName: string | undefined,
  given: MockOptions,
  log: (line: string) => void = () => {},
): Promise<RunningMock> {
  const options: ResolvedMockOptions = { ...given, maxPayloadBytes: given.maxPayloadBytes ?? defaultSettings.mock.maxPayloadBytes };
  const plan = planMock(model, serverName);
  const stats = { connections: 0, received: 0, invalid: 0 };
  const events: MockEvents = {
    log,
    connections: (d) => void (stats.connections += d),
    received: (valid) => {
      stats.received++;
      if (!valid) stats.invalid++;
    },
  };
  const transport = plan.server.transport;
  // The SSE mock answers plain requests itself; every other mock only upgrades them.
  const http =
    transport === 'sse'
      ? createServer()
      : createServer((_req, res) => {
          res.writeHead(426, { 'content-type': 'text/plain' }).end('SpecSocket mock: connect with a WebSocket client.\n');
        });
  // MQTT over TCP listens on a plain TCP server; every other mock (MQTT over WebSocket too) on the http server.
  const mqttTcp = transport === 'mqtt' && !mqttOverWebSocket(plan.server.url);
  const listener: NetServer = mqttTcp ? createTcpServer() : http;
  const attached =
    transport === 'socket.io'
      ? attachSocketIoMock(http, plan, options, events)
      : transport === 'stomp'
        ? await attachStompMock(http, plan, options, events)
        : transport === 'mqtt'
          ? await attachMqttMock(mqttTcp ? { tcp: listener } : { http }, plan, options, events)
          : transport === 'sse'
            ? attachSseMock(http, plan, options, events)
            : attachWsMock(http, plan, options, events);
  // A port in use (the extension then retries on a free one) must not leave the protocol mock running: an MQTT
  // broker keeps its own timers.
  const port = await listen(listener, options.port ?? preferredPort(plan.server.url, plan.server.variables)).catch(async (e: unknown) => {
    await attached.close();
    throw e;
  });
  // Whatever the listening server still reports is logged, never thrown (none could be provoked in tests:
  // libuv absorbs EMFILE at accept).
  logErrors(listener, 'server', log);
  const url = mqttTcp
    ? `mqtt://127.0.0.1:${port}`
    : `${transport === 'socket.io' || transport === 'sse' ? 'http' : 'ws'}://127.0.0.1:${port}${transport === 'socket.io' ? '' : serverBasePath(plan.server.url).replace(/\{[^}]*\}/g, '')}`;
  return {
    url,
    port,
    serverName: plan.server.name,
    // A ws server marked as Socket.IO, or an http one serving SSE, is announced as what clients must speak.
    protocol: transport === 'socket.io' || transport === 'sse' ? transport : plan.server.protocol,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        attached.close();
        http.closeAllConnections();
        listener.close(() => resolve());
      }),
  };
}
