/**
 * Enforces the auth the spec declares with one token the user chose: bearer/JWT in Authorization (or a
 * Socket.IO `auth.token`), API keys in query/header/cookie, basic or STOMP login with user `mock`. A scheme's
 * Fern fallbacks are accepted too: the token in its query parameter or as a subprotocol at the handshake, or in
 * the channel's auth message, sent first (`needsAuthMessage` / `checkAuthMessage` check that message).
 */
import type { TryItAuthFallback, TryItSecurityScheme } from '../../common/src/tryItModel';

export interface Credentials {
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
  /** Socket.IO handshake `auth` payload. */
  auth?: Record<string, unknown>;
  /** STOMP CONNECT login/passcode. */
  login?: string;
  passcode?: string;
}

function header(c: Credentials, name: string): string | undefined {
  const v = c.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function cookie(c: Credentials, name: string): string | undefined {
  const raw = header(c, 'cookie') ?? '';
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function bearer(c: Credentials): string | undefined {
  const h = header(c, 'authorization');
  if (h && /^bearer /i.test(h)) return h.slice(7).trim();
  const t = c.auth?.token;
  if (typeof t === 'string') return t.replace(/^bearer /i, '');
  return undefined;
}

function basic(c: Credentials): { user: string; pass: string } | undefined {
  const h = header(c, 'authorization');
  if (h && /^basic /i.test(h)) {
    const [user, ...pass] = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8').split(':');
    return { user, pass: pass.join(':') };
  }
  if (c.login !== undefined) return { user: c.login, pass: c.passcode ?? '' };
  return undefined;
}

/** The subprotocols the client offered (`Sec-WebSocket-Protocol`, comma-separated, maybe repeated). */
function offeredProtocols(c: Credentials): string[] {
  const v = c.headers['sec-websocket-protocol'];
  return (Array.isArray(v) ? v.join(',') : (v ?? ''))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The scheme's token came another way the spec allows (query parameter, subprotocol). */
function satisfiesFallback(f: TryItAuthFallback, c: Credentials, token: string): boolean {
  if (f.kind === 'query') return c.query.get(f.param) === token;
  if (f.kind === 'subprotocol') {
    const offered = offeredProtocols(c);
    const wanted = `${f.prefix ?? ''}${token}`
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    return wanted.length > 0 && wanted.every((p) => offered.includes(p));
  }
  return false;
}

function authMessageOf(s: TryItSecurityScheme): Extract<TryItAuthFallback, { kind: 'authMessage' }> | undefined {
  return s.fallbacks?.find((f): f is Extract<TryItAuthFallback, { kind: 'authMessage' }> => f.kind === 'authMessage');
}

function satisfies(s: TryItSecurityScheme, c: Credentials, token: string): boolean {
  return satisfiesOwn(s, c, token) || !!s.fallbacks?.some((f) => satisfiesFallback(f, c, token));
}

function satisfiesOwn(s: TryItSecurityScheme, c: Credentials, token: string): boolean {
  switch (s.kind) {
    case 'httpBearer':
      return bearer(c) === token;
    case 'httpBasic':
    case 'userPassword': {
      const b = basic(c);
      return !!b && b.pass === token;
    }
    case 'apiKey':
      if (s.in === 'query') return c.query.get(s.paramName) === token;
      if (s.in === 'header') return header(c, s.paramName) === token;
      if (s.in === 'cookie') return cookie(c, s.paramName) === token;
      if (s.in === 'user') return basic(c)?.user === token;
      return basic(c)?.pass === token;
    case 'other':
      return true;
  }
}

/**
 * undefined when allowed; otherwise what was missing, in words. A handshake without credentials is let through
 * when a scheme declares an auth message: that message, sent first, carries the token instead (see
 * `needsAuthMessage`).
 */
export function checkAuth(security: TryItSecurityScheme[][], c: Credentials, token: string): string | undefined {
  if (security.length === 0) return undefined;
  for (const requirement of security) if (requirement.every((s) => satisfies(s, c, token) || authMessageOf(s))) return undefined;
  const wanted = security.map((r) => r.map(describe).join(' + ')).join(' or ');
  return `Unauthorized: this mock requires ${wanted} with the mock token.`;
}

/**
 * For a connection `checkAuth` let through: the auth messages its first message must be one of, because no
 * requirement was met at the handshake (empty: the handshake was enough).
 */
export function needsAuthMessage(security: TryItSecurityScheme[][], c: Credentials, token: string): { messageId: string; tokenPath: string[] }[] {
  if (security.length === 0 || security.some((r) => r.every((s) => satisfies(s, c, token)))) return [];
  return security
    .flat()
    .map(authMessageOf)
    .filter((f) => f !== undefined)
    .map((f) => ({ messageId: f.messageId, tokenPath: f.tokenPath }));
}

/** undefined when the first message carries the token at an auth message's path; otherwise why not, in words. */
export function checkAuthMessage(expected: { messageId: string; tokenPath: string[] }[], data: string | Uint8Array, token: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  } catch {
    value = undefined;
  }
  for (const e of expected) {
    let at: unknown = value;
    for (const key of e.tokenPath) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
    if (at === token) return undefined;
  }
  const wanted = expected.map((e) => `\`${e.messageId}\` with the mock token at ${e.tokenPath.join('.')}`).join(' or ');
  return `Unauthorized: the first message must be the auth message ${wanted}.`;
}

function describe(s: TryItSecurityScheme): string {
  const own = describeOwn(s);
  const other = (s.fallbacks ?? []).map((f) =>
    f.kind === 'query'
      ? `query parameter "${f.param}"`
      : f.kind === 'subprotocol'
        ? 'a WebSocket subprotocol'
        : `the auth message \`${f.messageId}\` sent first`,
  );
  return other.length ? `${own} (or ${other.join(' or ')})` : own;
}

function describeOwn(s: TryItSecurityScheme): string {
  switch (s.kind) {
    case 'httpBearer':
      return 'a bearer token (Authorization header)';
    case 'apiKey':
      return `an API key in ${s.in} "${s.paramName}"`;
    case 'httpBasic':
    case 'userPassword':
      return 'a password (basic auth or STOMP passcode)';
    case 'other':
      return s.type;
  }
}
