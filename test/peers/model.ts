/**
 * Hand-built Try it model pieces for the example specs in examples/ (the language server builds
 * the same from the files; here the transports are under test, not the model).
 */
import type { TryItChannel, TryItOperation, TryItServer, TryItSecurityScheme, TryItParameter } from '../../common/src/tryItModel';

export function server(partial: Partial<TryItServer> & Pick<TryItServer, 'url' | 'protocol' | 'transport'>): TryItServer {
  return { name: 'local', variables: [{ name: 'port', default: '8000' }], security: [], ...partial };
}

function operation(id: string, clientDirection: 'send' | 'receive'): TryItOperation {
  return { id, rawAction: clientDirection === 'send' ? 'publish' : 'subscribe', clientDirection, messages: [] };
}

export function channel(address: string, directions: ('send' | 'receive')[], extra: Partial<TryItChannel> = {}): TryItChannel {
  return {
    id: address,
    address,
    parameters: [],
    query: [],
    headers: [],
    servers: [],
    operations: directions.map((d, i) => operation(`${address}#${i}`, d)),
    ...extra,
  };
}

export function query(name: string, required = false): TryItParameter {
  return { name, schema: { type: 'string' }, required };
}

export const bearerJwt: TryItSecurityScheme = { kind: 'httpBearer', name: 'bearerAuth', bearerFormat: 'JWT' };
export const jwtQuery: TryItSecurityScheme = { kind: 'apiKey', name: 'jwtQuery', in: 'query', paramName: 'token' };
export const brokerLogin: TryItSecurityScheme = { kind: 'userPassword', name: 'brokerLogin' };

/** examples/dataverse-pubsub (000) */
export const dataverseServer = server({ url: 'ws://127.0.0.1:{port}', protocol: 'ws', transport: 'ws' });
/** examples/fern (002): environment Local = ws://127.0.0.1:8000; the port is the test peer's. */
export const fernServer = (port: number) => server({ name: 'Local', url: `ws://127.0.0.1:${port}`, protocol: 'wss', transport: 'ws', variables: [] });
export const fernChat = channel('/chat', ['send', 'receive'], { query: [query('model_id'), query('model_version')] });
/** examples/jwt-websocket-service (004) */
export const jwtServiceServer = server({ url: 'ws://127.0.0.1:{port}', protocol: 'ws', transport: 'ws', security: [[jwtQuery]] });
export const jwtServiceChannel = channel('/ws', ['send', 'receive']);
/** examples/chatapp-socketio (001) */
export const chatAppServer = server({
  url: '127.0.0.1:{port}/socket.io',
  protocol: 'ws',
  transport: 'socket.io',
  variables: [{ name: 'port', default: '4000' }],
  security: [[bearerJwt]],
});
/** examples/airy-stomp (003): RabbitMQ Web-STOMP, here on the test broker's free port (the spec says 15674). */
export const airyServer = (port: number) =>
  server({ url: `127.0.0.1:${port}/ws`, protocol: 'stomp', transport: 'stomp', variables: [], security: [[brokerLogin]] });
export const airyChannels = ['/queue/message', '/queue/unread-count', '/queue/channel/connected', '/queue/channel/disconnected'].map((a) =>
  channel(a, ['receive']),
);
