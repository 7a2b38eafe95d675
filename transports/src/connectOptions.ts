/**
 * From what the user picked in the panel (server, variables, channel and its parameters, query,
 * headers, resolved secrets) to the transport's ConnectOptions. Pure and vscode-free: secrets
 * arrive already resolved, and every gap is reported as a problem in words rather than thrown.
 */
import type { TransportKind, TryItChannel, TryItModel, TryItSecurityScheme, TryItServer } from '../../common/src/tryItModel';
import type { ConnectionForm } from '../../common/src/webviewMessages';
import { generatePayload } from '../../common/src/tryit/payloadSamples';
import type { ConnectOptions, Transport } from './transport';
import { mqttSubscribeQos } from './mqttBindings';

/** A secret the user entered for one security scheme (by scheme name). */
export interface SecretValue {
  token?: string;
  username?: string;
  password?: string;
  /** API key value. */
  value?: string;
}

export interface ConnectRequest {
  server: TryItServer;
  variables?: Record<string, string>;
  /** The channel in focus: for raw WebSocket its address is the path appended to the server URL. */
  channel?: TryItChannel;
  channelParameters?: Record<string, string>;
  /** STOMP: every channel of the spec, to SUBSCRIBE to the receivable ones (default: `channel`). */
  channels?: TryItChannel[];
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** The security requirement to satisfy (default: the first of the server's that has secrets). */
  security?: TryItSecurityScheme[];
  secrets?: Record<string, SecretValue>;
  transport?: TransportKind;
  subprotocols?: string[];
  connectTimeoutMs?: number;
  /** Accept self-signed certificates (development servers). */
  allowUntrustedCertificates?: boolean;
}

export interface BuiltConnectOptions {
  options: ConnectOptions;
  /** What is missing or doubtful, for the panel to show before/while connecting. */
  problems: string[];
  /** A message to send as soon as the connection opens (Fern `auth-message`, carrying the token). */
  authMessage?: FirstMessage;
}

/** A message sent first on every connection, before the user sends anything. */
export interface FirstMessage {
  messageId: string;
  /** The text sent on the wire (with the secret). */
  data: string;
  /** The same message with the secret masked, for the log. */
  shown: string;
}

const SECURE_PROTOCOLS = new Set(['wss', 'https', 'stomps', 'secure-websocket', 'mqtts', 'amqps']);

/** Replace `{name}` with values (falling back to defaults); names without a value are reported. */
export function expandTemplate(template: string, values: Record<string, string | undefined>, what: string, problems: string[], encode = false): string {
  return template.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined || v === '') {
      problems.push(`No value for ${what} "${name}": fill it in before connecting.`);
      return whole;
    }
    return encode ? encodeURIComponent(v) : v;
  });
}

function withScheme(url: string, protocol: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  return `${SECURE_PROTOCOLS.has(protocol.toLowerCase()) ? 'wss' : 'ws'}://${url}`;
}

function joinPath(base: string, address: string): string {
  const u = new URL(base);
  const tail = address.replace(/^\/+/, '');
  if (!tail) return u.toString();
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${tail}`;
  return u.toString();
}

function serverUrl(req: ConnectRequest, problems: string[]): string {
  const values: Record<string, string | undefined> = {};
  for (const v of req.server.variables) values[v.name] = req.variables?.[v.name] ?? v.default;
  for (const [k, v] of Object.entries(req.variables ?? {})) values[k] ??= v;
  return withScheme(expandTemplate(req.server.url, values, 'server variable', problems), req.server.protocol);
}

function paramValues(req: ConnectRequest, channel: TryItChannel): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const p of channel.parameters) {
    const fallback = p.default ?? p.examples?.[0];
    values[p.name] = req.channelParameters?.[p.name] ?? (fallback === undefined ? undefined : String(fallback));
  }
  return { ...values, ...(req.channelParameters ?? {}) };
}

/** Declared query parameters with a default are sent unless the user set them. */
function queryWithDefaults(req: ConnectRequest, problems: string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const q of req.channel?.query ?? []) {
    if (q.default !== undefined) query[q.name] = String(q.default);
  }
  Object.assign(query, req.query ?? {});
  for (const q of req.channel?.query ?? []) {
    if (q.required && query[q.name] === undefined && !isAuthQuery(req, q.name)) problems.push(`Query parameter "${q.name}" is required by the channel.`);
  }
  return query;
}

function isAuthQuery(req: ConnectRequest, name: string): boolean {
  return chosenSecurity(req).some(
    (s) =>
      (s.kind === 'apiKey' && s.in === 'query' && s.paramName === name) ||
      (!!req.secrets?.[s.name] && s.fallbacks?.some((f) => f.kind === 'query' && f.param === name)),
  );
}

function chosenSecurity(req: ConnectRequest): TryItSecurityScheme[] {
  if (req.security) return req.security;
  const secrets = req.secrets ?? {};
  return req.server.security.find((reqs) => reqs.every((s) => secrets[s.name])) ?? req.server.security[0] ?? [];
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function appendCookie(headers: Record<string, string>, name: string, value: string): void {
  const pair = `${name}=${encodeURIComponent(value)}`;
  headers.Cookie = headers.Cookie ? `${headers.Cookie}; ${pair}` : pair;
}

/** A header scheme on `Sec-WebSocket-Protocol` whose spec says the token travels as a subprotocol. */
function viaSubprotocol(scheme: TryItSecurityScheme): boolean {
  return (
    scheme.kind === 'apiKey' &&
    scheme.in === 'header' &&
    /^sec-websocket-protocol$/i.test(scheme.paramName) &&
    !!scheme.fallbacks?.some((f) => f.kind === 'subprotocol')
  );
}

/** RFC 6455 subprotocol names are HTTP tokens. */
const PROTOCOL_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const MASK = '••••••';

/**
 * The other ways the spec lets a scheme's token travel (Fern). This connection runs in the extension host and
 * can send headers, so the header stays; a fallback is used where the spec declares the token must also go
 * elsewhere: a query parameter the channel *requires* (left empty by the user), a subprotocol when the scheme's
 * header is `Sec-WebSocket-Protocol` itself, the channel's auth message (sent first, see `sendingFirst`).
 */
function applyFallbacks(
  req: ConnectRequest,
  scheme: TryItSecurityScheme,
  token: string,
  options: ConnectOptions,
  problems: string[],
): FirstMessage | undefined {
  let first: FirstMessage | undefined;
  for (const f of scheme.fallbacks ?? []) {
    if (f.kind === 'query') {
      if (f.required && !options.query[f.param]) options.query[f.param] = token;
    } else if (f.kind === 'subprotocol') {
      if (!viaSubprotocol(scheme)) continue;
      const protocols = `${f.prefix ?? ''}${token}`
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      if (protocols.some((p) => !PROTOCOL_TOKEN.test(p)))
        problems.push(`The secret of "${scheme.name}" goes in the Sec-WebSocket-Protocol header, which allows no spaces or separators: check the secret.`);
      options.subprotocols = [...new Set([...(options.subprotocols ?? []), ...protocols])];
    } else if (!first) {
      first = authMessage(req, f.messageId, f.tokenPath, token, problems);
    }
  }
  return first;
}

/** `value` at `path` inside a copy of `base` (objects created on the way). */
function withValueAt(base: unknown, path: string[], value: unknown): unknown {
  const root: Record<string, unknown> = base && typeof base === 'object' && !Array.isArray(base) ? structuredClone(base as Record<string, unknown>) : {};
  let at = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) at[key] = value;
    else {
      const next = at[key];
      at = at[key] = next && typeof next === 'object' && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
    }
  });
  return root;
}

/** The channel's auth message: its first example (else a payload generated from its schema), token at the path. */
function authMessage(req: ConnectRequest, messageId: string, tokenPath: string[], token: string, problems: string[]): FirstMessage | undefined {
  const message = req.channel?.operations
    .filter((o) => o.clientDirection === 'send')
    .flatMap((o) => o.messages)
    .find((m) => m.id === messageId);
  if (!message) {
    problems.push(`The channel's auth message "${messageId}" is not a message this client sends: it was not sent.`);
    return undefined;
  }
  const base = message.examples.length ? message.examples[0].payload : generatePayload(message.payload);
  return {
    messageId,
    data: JSON.stringify(withValueAt(base, tokenPath, token)),
    shown: JSON.stringify(withValueAt(base, tokenPath, MASK)),
  };
}

/**
 * The transport, sending `first` as soon as it is open and before `connect()` resolves (Fern `auth-message`), so
 * it goes first on every connection, reconnects included. The log shows it with the secret masked.
 */
export function sendingFirst(inner: Transport, first: FirstMessage): Transport {
  return {
    async connect() {
      await inner.connect();
      try {
        await inner.send({ data: first.data });
      } catch (e) {
        await inner.close(1000, 'auth message not sent').catch(() => undefined);
        throw new Error(`Connected, but the auth message "${first.messageId}" could not be sent: ${(e as Error).message}`, { cause: e });
      }
    },
    send: (m) => inner.send(m),
    close: (code, reason) => inner.close(code, reason),
    onEvent: (listener) =>
      inner.onEvent((e) => listener(e.type === 'frame' && e.direction === 'out' && e.data === first.data ? { ...e, data: first.shown } : e)),
  };
}

/** Put each scheme's secret where the scheme says, in the form the transport understands. */
function applyAuth(req: ConnectRequest, options: ConnectOptions, problems: string[]): FirstMessage | undefined {
  const { headers, query } = options;
  let first: FirstMessage | undefined;
  for (const scheme of chosenSecurity(req)) {
    const secret = req.secrets?.[scheme.name];
    if (!secret) {
      problems.push(`No secret entered for security scheme "${scheme.name}": the server will probably refuse the connection.`);
      continue;
    }
    const user = secret.username ?? '';
    const pass = secret.password ?? '';
    switch (scheme.kind) {
      case 'httpBearer': {
        const token = secret.token ?? secret.value ?? '';
        if (options.transport === 'socket.io') options.socketIo = { ...options.socketIo, auth: { ...options.socketIo?.auth, token } };
        // MQTT has no headers over TCP: brokers that take tokens read them as the CONNECT password.
        else if (options.mqtt) options.mqtt = { ...options.mqtt, password: token };
        else headers.Authorization = `Bearer ${token}`;
        break;
      }
      case 'httpBasic':
      case 'userPassword':
        if (options.transport === 'stomp') options.stomp = { ...options.stomp!, login: user, passcode: pass };
        else if (options.mqtt) options.mqtt = { ...options.mqtt, username: user, password: pass };
        else headers.Authorization = basic(user, pass);
        break;
      case 'apiKey': {
        const value = secret.value ?? secret.token ?? '';
        if (scheme.in === 'query') query[scheme.paramName] = value;
        else if (scheme.in === 'header') {
          if (!viaSubprotocol(scheme)) headers[scheme.paramName] = value;
        } else if (scheme.in === 'cookie') appendCookie(headers, scheme.paramName, value);
        else if (options.transport === 'stomp') options.stomp = { ...options.stomp!, [scheme.in === 'user' ? 'login' : 'passcode']: value };
        else if (options.mqtt) options.mqtt = { ...options.mqtt, [scheme.in === 'user' ? 'username' : 'password']: value };
        else problems.push(`API key "${scheme.name}" goes in the ${scheme.in}, which only STOMP and MQTT have; it was not sent.`);
        break;
      }
      case 'other':
        // OAuth2 / OpenID Connect access tokens travel as bearer tokens.
        if (secret.token) {
          if (options.transport === 'socket.io') options.socketIo = { ...options.socketIo, auth: { ...options.socketIo?.auth, token: secret.token } };
          else headers.Authorization = `Bearer ${secret.token}`;
        } else problems.push(`Security scheme "${scheme.name}" (${scheme.type}) is not applied automatically; add its header or query parameter by hand.`);
        break;
    }
    const token = scheme.kind === 'apiKey' ? (secret.value ?? secret.token) : (secret.token ?? secret.value);
    if (token !== undefined && scheme.fallbacks?.length) first ??= applyFallbacks(req, scheme, token, options, problems);
  }
  return first;
}

/** Socket.IO: the engine path lives in the URL in many specs (`host/socket.io`); split it out. */
function socketIoParts(url: string, server: TryItServer): { url: string; path: string; namespace: string } {
  const u = new URL(url);
  let path = server.socketIo?.path;
  if (!path && /\/socket\.io\/?$/.test(u.pathname)) path = u.pathname.replace(/\/$/, '');
  if (path && u.pathname.replace(/\/$/, '') === path.replace(/\/$/, '')) u.pathname = '/';
  return { url: u.toString(), path: path ?? '/socket.io', namespace: server.socketIo?.namespace ?? '/' };
}

/**
 * MQTT topic filters for the receivable channels: a parameter with a value is filled in, one without becomes
 * the single-level wildcard `+` (a subscription may match many topics; the matcher tells them apart). The reply
 * channel of a request the client sends is received on too.
 */
function mqttSubscriptions(req: ConnectRequest): string[] {
  const channels = req.channels ?? (req.channel ? [req.channel] : []);
  const replyChannels = new Set(channels.flatMap((c) => c.operations.filter((o) => o.clientDirection === 'send').map((o) => o.reply?.channelId)));
  const out = new Set<string>();
  for (const ch of channels) {
    if (!ch.address || !(ch.operations.some((o) => o.clientDirection === 'receive') || replyChannels.has(ch.id))) continue;
    const values = paramValues(req, ch);
    out.add(ch.address.replace(/\{([^}]+)\}/g, (_m, name: string) => values[name] || '+'));
  }
  return [...out];
}

function stompSubscriptions(req: ConnectRequest, problems: string[]): string[] {
  const channels = req.channels ?? (req.channel ? [req.channel] : []);
  const out: string[] = [];
  for (const ch of channels) {
    if (!ch.address || !ch.operations.some((o) => o.clientDirection === 'receive')) continue;
    const own: string[] = [];
    const destination = expandTemplate(ch.address, paramValues(req, ch), `parameter of ${ch.address}, parameter`, own);
    if (own.length) problems.push(...own, `Not subscribing to ${ch.address} until its parameters have values.`);
    else if (!out.includes(destination)) out.push(destination);
  }
  return out;
}

/** A form field left empty (or blank) is unset: its default applies, or it is left out, never sent empty. */
export function unset(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

function filled(values: Record<string, string> | undefined): Record<string, string> | undefined {
  return values && Object.fromEntries(Object.entries(values).filter(([, v]) => !unset(v)));
}

export function buildConnectOptions(given: ConnectRequest): BuiltConnectOptions {
  // The panel's form holds every declared name, empty when the user typed nothing.
  const req = {
    ...given,
    variables: filled(given.variables),
    channelParameters: filled(given.channelParameters),
    query: filled(given.query),
    headers: filled(given.headers),
  };
  const problems: string[] = [];
  const transport = req.transport ?? req.server.transport;
  let url = serverUrl(req, problems);
  const options: ConnectOptions = {
    transport,
    url,
    query: queryWithDefaults(req, problems),
    headers: { ...(req.headers ?? {}) },
    ...(req.subprotocols?.length ? { subprotocols: req.subprotocols } : {}),
    ...(req.connectTimeoutMs ? { connectTimeoutMs: req.connectTimeoutMs } : {}),
    ...(req.allowUntrustedCertificates ? { allowUntrustedCertificates: true } : {}),
  };
  try {
    if ((transport === 'ws' || transport === 'sse') && req.channel?.address) {
      url = joinPath(url, expandTemplate(req.channel.address, paramValues(req, req.channel), 'channel parameter', problems, true));
    } else if (transport === 'socket.io') {
      const parts = socketIoParts(url, req.server);
      url = parts.url;
      options.socketIo = { path: parts.path, namespace: parts.namespace };
    } else if (transport === 'stomp') {
      options.stomp = { subscriptions: stompSubscriptions(req, problems) };
    } else if (transport === 'mqtt') {
      const qos = mqttSubscribeQos(req.channels ?? (req.channel ? [req.channel] : []));
      options.mqtt = { ...req.server.mqtt, subscriptions: mqttSubscriptions(req), ...(qos !== undefined ? { qos } : {}) };
    }
  } catch {
    problems.push(`"${url}" is not a valid URL: check the server URL and its variables.`);
  }
  options.url = url;
  const authMessage = applyAuth(req, options, problems);
  if (options.stomp) {
    // Browser STOMP clients cannot set handshake headers, so STOMP servers read them from CONNECT:
    // send user and auth headers in both places (cookies only make sense on the HTTP upgrade).
    const { Cookie: _cookie, ...connectHeaders } = options.headers;
    if (Object.keys(connectHeaders).length) options.stomp.connectHeaders = { ...connectHeaders, ...options.stomp.connectHeaders };
  }
  return { options, problems, ...(authMessage ? { authMessage } : {}) };
}

// ---- The panel's entry point: a form from the webview + secrets asked on demand ----

export interface Resolved {
  options: ConnectOptions;
  server: TryItServer;
  channel: TryItChannel | undefined;
  problems: string[];
  /** Sent first on every connection (wrap the transport with `sendingFirst`). */
  authMessage?: FirstMessage;
}

/** A channel's address with its parameters filled in (null when it has none). */
export function channelAddress(channel: TryItChannel | undefined, parameters: Record<string, string>): string | null {
  if (!channel?.address) return null;
  return channel.address.replace(/\{([^{}]+)\}/g, (whole, name: string) => parameters[name] ?? whole);
}

/** One stored secret string per scheme: `user:password` for basic/userPassword, the token or key otherwise. */
export function secretFromString(scheme: TryItSecurityScheme, text: string): SecretValue {
  if (scheme.kind === 'httpBasic' || scheme.kind === 'userPassword') {
    const at = text.indexOf(':');
    return at < 0 ? { username: text, password: '' } : { username: text.slice(0, at), password: text.slice(at + 1) };
  }
  return scheme.kind === 'apiKey' ? { value: text } : { token: text };
}

/** The client side flips when the document describes a client instead of the server. */
function asClient(channel: TryItChannel, describesServer: boolean): TryItChannel {
  if (describesServer) return channel;
  const flip = (d: 'send' | 'receive') => (d === 'send' ? 'receive' : 'send');
  return { ...channel, operations: channel.operations.map((o) => ({ ...o, clientDirection: flip(o.clientDirection) })) };
}

/** Throws an Error in words when the form names no known server; otherwise problems are listed. */
export async function connectOptions(
  model: TryItModel,
  form: ConnectionForm,
  describesServer: boolean,
  getSecret: (scheme: TryItSecurityScheme) => Promise<string | undefined>,
): Promise<Resolved> {
  const server = model.servers.find((s) => s.name === form.server);
  if (!server) throw new Error(`The spec has no server named "${form.server}" any more: pick a server.`);
  const channels = model.channels.filter((c) => c.servers.length === 0 || c.servers.includes(server.name)).map((c) => asClient(c, describesServer));
  const channel = channels.find((c) => c.id === form.channel);
  const security = server.security[0] ?? [];
  const secrets: Record<string, SecretValue> = {};
  for (const scheme of security) {
    const text = await getSecret(scheme);
    if (text !== undefined) secrets[scheme.name] = secretFromString(scheme, text);
  }
  const built = buildConnectOptions({
    server,
    variables: form.variables,
    channel,
    channelParameters: form.parameters,
    channels,
    query: form.query,
    headers: form.headers,
    security,
    secrets,
    transport: form.transport,
  });
  return { options: built.options, server, channel, problems: built.problems, ...(built.authMessage ? { authMessage: built.authMessage } : {}) };
}
