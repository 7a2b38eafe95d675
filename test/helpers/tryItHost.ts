/**
 * A TryItController wired to in-memory drafts/secrets and the real `ws` transport, plus a real `ws` echo-ish
 * server and a small Try it model pointing at it. Shared by the controller unit test and the webview test.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TryItMessage, TryItModel, TryItSecurityScheme } from '../../common/src/tryItModel';
import type { HostToWebview } from '../../common/src/webviewMessages';
import { WsTransport } from '../../transports/src/ws';
import { TryItController, type DraftStore, type SecretStore, type TryItHost } from '../../client/src/tryit/tryItController';

export class MemoryDrafts implements DraftStore {
  readonly map = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  update(key: string, value: unknown): void {
    this.map.set(key, value);
  }
}

/** Secrets as SecretStorage would keep them; `answer` is what the user types when asked. */
export class MemorySecrets implements SecretStore {
  readonly map = new Map<string, string>();
  asked = 0;
  constructor(public answer: string | undefined = undefined) {}
  async get(server: string, scheme: TryItSecurityScheme, ask: boolean): Promise<string | undefined> {
    const key = `${server}/${scheme.name}`;
    if (!this.map.has(key) && ask && this.answer !== undefined) {
      this.asked++;
      this.map.set(key, this.answer);
    }
    return this.map.get(key);
  }
  async has(server: string, scheme: string): Promise<boolean> {
    return this.map.has(`${server}/${scheme}`);
  }
  async forget(server: string, scheme: string): Promise<void> {
    this.map.delete(`${server}/${scheme}`);
  }
}

/** Collects what the controller posts and lets a test await a post that satisfies a predicate. */
export class Posts {
  readonly all: HostToWebview[] = [];
  private waiters: { pred: (m: HostToWebview) => boolean; resolve: (m: HostToWebview) => void }[] = [];
  push = (m: HostToWebview): void => {
    this.all.push(m);
    this.waiters = this.waiters.filter((w) => !(w.pred(m) && (w.resolve(m), true)));
  };
  next<T extends HostToWebview['type']>(
    type: T,
    pred: (m: Extract<HostToWebview, { type: T }>) => boolean = () => true,
  ): Promise<Extract<HostToWebview, { type: T }>> {
    return new Promise((resolve) => this.waiters.push({ pred: (m) => m.type === type && pred(m as never), resolve: resolve as never }));
  }
  /** Log entries posted since the last `logCleared`. */
  entries() {
    const last = this.all.map((m) => m.type).lastIndexOf('logCleared');
    return this.all.slice(last + 1).flatMap((m) => (m.type === 'log' ? m.entries : []));
  }
}

type TestHost = TryItHost & { drafts: MemoryDrafts; secrets: MemorySecrets; revealed: unknown[]; exported: string[] };

export function hostFor(posts: Posts, extra: Partial<TestHost> = {}): TestHost {
  const revealed: unknown[] = [];
  const exported: string[] = [];
  const host: TestHost = {
    post: posts.push,
    createTransport: (o) => new WsTransport(o),
    drafts: new MemoryDrafts(),
    secrets: new MemorySecrets(),
    reveal: (l) => void revealed.push(l),
    saveExport: (s) => void exported.push(s),
    batchMs: 10,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100, tickMs: 50 },
    revealed,
    exported,
    ...extra,
  };
  return host;
}

/**
 * A real WebSocket peer: answers `{"type":"ping"}` with a valid pong, an invalid pong and a frame that is
 * not in the spec; records the handshake headers and request path of each connection.
 */
export async function startPeer(): Promise<{
  url: string;
  server: WebSocketServer;
  sockets: WebSocket[];
  headers: Record<string, string | string[] | undefined>[];
  urls: string[];
  close(): Promise<void>;
}> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const sockets: WebSocket[] = [];
  const headers: Record<string, string | string[] | undefined>[] = [];
  const urls: string[] = [];
  server.on('connection', (socket, req) => {
    sockets.push(socket);
    headers.push(req.headers);
    urls.push(req.url ?? '');
    socket.on('message', (data) => {
      const text = data.toString();
      if (text.includes('"ping"')) {
        socket.send(JSON.stringify({ type: 'pong', n: 1 }));
        socket.send(JSON.stringify({ type: 'pong', n: 'one' }));
        socket.send(JSON.stringify({ type: 'status', ok: true }));
      }
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    server,
    sockets,
    headers,
    urls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of server.clients) s.terminate();
        server.close(() => resolve());
      }),
  };
}

const ping: TryItMessage = {
  id: 'ping',
  name: 'ping',
  payload: { type: 'object', required: ['type'], properties: { type: { const: 'ping' }, id: { type: 'integer' } } },
  examples: [
    { name: 'simple', payload: { type: 'ping', id: 1 } },
    { name: 'bare', payload: { type: 'ping' } },
  ],
  discriminators: [{ property: 'type', values: ['ping'] }],
  location: { uri: 'file:///spec.yaml', line: 20, character: 4 },
};
const pong: TryItMessage = {
  id: 'pong',
  name: 'pong',
  payload: { type: 'object', required: ['type', 'n'], properties: { type: { const: 'pong' }, n: { type: 'integer' } } },
  examples: [],
  discriminators: [{ property: 'type', values: ['pong'] }],
  location: { uri: 'file:///spec.yaml', line: 30, character: 4 },
};

/** An AsyncAPI 3.x-shaped model that describes the server: the client sends what the server `receive`s. */
export function echoModel(url: string, security: TryItSecurityScheme[][] = []): TryItModel {
  return {
    uri: 'file:///spec.yaml',
    kind: 'asyncapi',
    version: '3.0.0',
    title: 'Echo',
    describesServer: true,
    problems: [],
    servers: [
      {
        name: 'local',
        url: url.replace(/:(\d+)$/, ':{port}'),
        protocol: 'ws',
        transport: 'ws',
        variables: [{ name: 'port', default: url.split(':').pop() }],
        security,
        location: { uri: 'file:///spec.yaml', line: 3, character: 2 },
      },
    ],
    channels: [
      {
        id: 'echo',
        address: '/echo',
        parameters: [],
        query: [{ name: 'token', schema: { type: 'string' }, required: false, default: 'abc' }],
        headers: [],
        servers: [],
        operations: [
          { id: 'sendPing', rawAction: 'receive', clientDirection: 'send', messages: [ping], location: { uri: 'file:///spec.yaml', line: 40, character: 2 } },
          { id: 'getPong', rawAction: 'send', clientDirection: 'receive', messages: [pong] },
        ],
        location: { uri: 'file:///spec.yaml', line: 10, character: 2 },
      },
    ],
  };
}

export function formFor(model: TryItModel) {
  const server = model.servers[0]!;
  return {
    server: server.name,
    variables: Object.fromEntries(server.variables.map((v) => [v.name, v.default ?? ''])),
    channel: model.channels[0]!.id,
    parameters: {},
    query: { token: 'abc' },
    headers: {},
  };
}

export { TryItController };
