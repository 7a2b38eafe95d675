/**
 * Enforces the auth the spec declares with one token the user chose: bearer/JWT in Authorization (or a
 * Socket.IO `auth.token`), API keys in query/header/cookie, basic or STOMP login with user `mock`.
 */
import type { TryItSecurityScheme } from '../../../common/src/tryItModel';

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

function satisfies(s: TryItSecurityScheme, c: Credentials, token: string): boolean {
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

/** undefined when allowed; otherwise what was missing, in words. */
export function checkAuth(security: TryItSecurityScheme[][], c: Credentials, token: string): string | undefined {
  if (security.length === 0) return undefined;
  for (const requirement of security) if (requirement.every((s) => satisfies(s, c, token))) return undefined;
  const wanted = security.map((r) => r.map(describe).join(' + ')).join(' or ');
  return `Unauthorized: this mock requires ${wanted} with the mock token.`;
}

function describe(s: TryItSecurityScheme): string {
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
