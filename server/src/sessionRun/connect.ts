/**
 * A session's connection: the spec's server (its URL replaced by `--url` or a mock's), the session's channel,
 * variables and auth (the secret read from the environment variable the file names), through the same
 * buildConnectOptions and transports as the Try it panel, adapted to the runner's SessionWire.
 */
import type { TryItChannel, TryItSecurityScheme, TryItServer } from '../../../common/src/tryItModel';
import type { SessionFile } from '../../../common/src/sessions/format';
import type { Target } from '../../../common/src/sessions/target';
import type { SessionWire } from '../../../common/src/sessions/wire';
import { substitute, substituteStrings, type Scope } from '../../../common/src/sessions/variables';
import { buildConnectOptions, secretFromString, sendingFirst, type SecretValue } from '../../../transports/src/connectOptions';
import { sessionWire } from '../../../transports/src/sessionWire';
import { createTransport } from '../../../transports/src';

export interface Endpoint {
  /** Replaces the server's URL (its variables then no longer apply). */
  url?: string;
  /** A mock's credential: every scheme gets it, and no environment variable is read. */
  mockToken?: string;
  env: Record<string, string | undefined>;
  connectTimeoutMs?: number;
}

export interface Connected {
  wire: SessionWire;
  close(): Promise<void>;
}

/** Connects, or throws an Error whose message says why in words. */
/**
 * `channels`: the spec's, which an MQTT session without `subscribe` steps subscribes to (those the client
 * receives on, as the panel does), its parameters filled from the session's (`+` where it gives none).
 */
export async function connectSession(session: SessionFile, target: Target, endpoint: Endpoint, channels: TryItChannel[] = []): Promise<Connected> {
  const scope: Scope = { env: endpoint.env, captured: new Map() };
  const server: TryItServer = endpoint.url ? { ...target.server, url: endpoint.url, variables: [] } : target.server;
  const { security, secrets } = auth(session, server, endpoint);
  const subscriptions = session.steps.flatMap((s) => ('subscribe' in s ? [String(substitute(s.subscribe, scope))] : []));
  const built = buildConnectOptions({
    server,
    variables: substituteStrings(session.variables, scope),
    channel: target.channel,
    channelParameters: substituteStrings(session.parameters, scope),
    channels: subscriptions.length ? [] : server.transport === 'mqtt' ? channels : target.channel ? [target.channel] : undefined,
    query: substituteStrings(session.query, scope),
    headers: substituteStrings(session.headers, scope),
    security,
    secrets,
    connectTimeoutMs: endpoint.connectTimeoutMs ?? 10_000,
  });
  if (built.problems.length) throw new Error(built.problems.join('\n'));
  if (built.options.stomp) built.options.stomp.subscriptions.push(...subscriptions);
  if (built.options.mqtt) built.options.mqtt.subscriptions.push(...subscriptions);
  const inner = createTransport(built.options);
  const transport = built.authMessage ? sendingFirst(inner, built.authMessage) : inner;
  const wire = sessionWire(transport, server.transport);
  await transport.connect();
  return { wire, close: () => transport.close(1000, 'session done').catch(() => undefined) };
}

function auth(session: SessionFile, server: TryItServer, endpoint: Endpoint): { security?: TryItSecurityScheme[]; secrets?: Record<string, SecretValue> } {
  if (endpoint.mockToken !== undefined) {
    const security = server.security[0] ?? [];
    return { security, secrets: Object.fromEntries(security.map((s) => [s.name, mockSecret(s, endpoint.mockToken!)])) };
  }
  if (!session.auth) return {};
  const { scheme: name, env } = session.auth;
  const security = server.security.find((req) => req.some((s) => s.name === name));
  if (!security) throw new Error(`server "${server.name}" has no security scheme "${name}"`);
  const text = endpoint.env[env];
  // Empty is unset, as an empty form field is in the panel: a secret is never sent empty.
  if (!text) throw new Error(`environment variable ${env} is not set (the secret for "${name}")`);
  const scheme = security.find((s) => s.name === name)!;
  return { security, secrets: { [name]: secretFromString(scheme, text) } };
}

/** The mock accepts its token as every credential, with any user name (mock/src/auth.ts). */
function mockSecret(scheme: TryItSecurityScheme, token: string): SecretValue {
  const withUser = scheme.kind === 'httpBasic' || scheme.kind === 'userPassword';
  return secretFromString(scheme, withUser ? `mock:${token}` : token);
}
