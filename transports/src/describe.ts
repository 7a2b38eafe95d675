/**
 * Failures said in words a person can act on. Every transport funnels its low-level errors
 * (Node socket errors, HTTP upgrade rejections, close codes) through here so the panel and the
 * session speak the same language whatever the protocol.
 */
import type { FailureKind } from './transport';

export interface Failure {
  kind: FailureKind;
  message: string;
  status?: number;
  body?: string;
}

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|EPROTO$|ERR_OSSL)/;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A Node network error (DNS, TCP, TLS, timeouts) while reaching `url`. */
export function describeNetworkError(err: unknown, url: string): Failure {
  const e = err as NodeJS.ErrnoException & { reason?: string };
  const code = e?.code ?? '';
  const host = hostOf(url);
  const detail = e?.message ?? String(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      kind: 'dns',
      message: `Cannot resolve the host of ${host} (DNS lookup failed: ${code}). Check the server URL and its variables, or your network/VPN.`,
    };
  }
  if (code === 'ECONNREFUSED') {
    return { kind: 'refused', message: `Connection refused by ${host}: nothing is listening there. Is the server running, and is the port right?` };
  }
  if (code === 'ETIMEDOUT' || /handshake has timed out|timed? ?out/i.test(detail)) {
    return { kind: 'timeout', message: `Timed out connecting to ${host}: the server did not answer the WebSocket handshake in time.` };
  }
  if (TLS_CODES.test(code) || /SSL|TLS|certificate/i.test(detail)) {
    const hint = /wrong version number|packet length too long/i.test(detail)
      ? ' The server does not speak TLS on this port: try ws:// instead of wss://.'
      : /self.signed|unable to (get|verify)|certificate/i.test(detail)
        ? ' The server certificate is not trusted by Node (self-signed or missing chain): install it properly, or allow untrusted certificates for this development server.'
        : '';
    // OpenSSL's text is "write EPROTO 80..:error:0A00010B:SSL routines:fn:reason:file:line": keep the reason.
    const reason = e.reason ?? detail.match(/SSL routines:[^:]*:([^:]+)/)?.[1] ?? detail;
    return { kind: 'tls', message: `TLS handshake with ${host} failed: ${reason.trim()}.${hint}` };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return { kind: 'closed', message: `The connection to ${host} was reset by the other side (${code}) before it could be used.` };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return { kind: 'refused', message: `${host} is unreachable from this machine (${code}). Check the address and your network.` };
  }
  return { kind: 'other', message: `Could not connect to ${host}: ${detail}${code ? ` (${code})` : ''}.` };
}

/** `ws` protocol errors on an open connection (WS_ERR_*): the frame, not the network, was wrong. */
export function describeFrameError(err: NodeJS.ErrnoException, maxPayload: number): Failure | undefined {
  const code = err.code ?? '';
  if (!code.startsWith('WS_ERR_')) return undefined;
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
    return {
      kind: 'protocol',
      message: `The server sent a frame larger than the ${(maxPayload / (1024 * 1024)).toFixed(0)} MB limit; the connection was closed (1009).`,
    };
  }
  if (code === 'WS_ERR_INVALID_UTF8')
    return { kind: 'protocol', message: 'The server sent a text frame that is not valid UTF-8; the connection was closed (1007).' };
  return { kind: 'protocol', message: `The server broke the WebSocket protocol (${err.message}); the connection was closed (1002).` };
}

/** The server answered the upgrade request with plain HTTP instead of 101 Switching Protocols. */
export function describeHttpRejection(status: number, statusText: string, body: string, url: string): Failure {
  const shown = body.length > 2000 ? `${body.slice(0, 2000)}…` : body;
  const why =
    status === 401 || status === 403
      ? ' The server refused the credentials: check the token/API key for this server.'
      : status === 404
        ? ' Nothing is served at this path: check the channel address and server pathname.'
        : status === 400
          ? ' The server did not accept the handshake (query parameters, headers or subprotocol).'
          : status >= 500
            ? ' The server failed while handling the handshake.'
            : '';
  return {
    kind: status === 401 || status === 403 ? 'auth' : 'http',
    status,
    body,
    message: `${hostOf(url)} rejected the WebSocket upgrade with HTTP ${status}${statusText ? ` ${statusText}` : ''}.${why}${shown ? ` Body: ${shown}` : ''}`,
  };
}

const CLOSE_CODES: Record<number, string> = {
  1000: 'normal closure',
  1001: 'going away (the server is shutting down or the page navigated away)',
  1002: 'protocol error: one side sent a malformed frame',
  1003: 'unsupported data: the server cannot accept this kind of frame (text vs binary)',
  1005: 'no status code was given',
  1006: 'closed abnormally: the connection dropped without a close frame (server crashed or killed, network or proxy cut it)',
  1007: 'invalid payload data: a text frame was not valid UTF-8 or the payload did not match what was expected',
  1008: 'policy violation: the server refused the connection or message, often for authentication or permissions',
  1009: 'message too big for the other side',
  1010: 'a required extension was not negotiated',
  1011: 'internal server error',
  1012: 'the server is restarting',
  1013: 'try again later (server overloaded)',
  1014: 'bad gateway',
  1015: 'TLS handshake failure',
};

/** Words for a close code; 4000-4999 are the API's own codes, named by convention only. */
export function describeCloseCode(code: number | undefined, reason?: string): string {
  const said = reason ? ` Reason given: "${reason}".` : '';
  if (code === undefined) return `The connection closed.${said}`;
  const known = CLOSE_CODES[code];
  if (known) return `Closed with code ${code}: ${known}.${said}`;
  if (code >= 4000 && code <= 4999) {
    const guess = code === 4001 || code === 4003 || code === 4401 || code === 4403 ? ' (usually: not authenticated or not allowed)' : '';
    return `Closed with code ${code}, an application code defined by this API, not by the WebSocket standard${guess}.${said}`;
  }
  if (code >= 3000 && code <= 3999) return `Closed with code ${code}, registered for libraries and frameworks.${said}`;
  return `Closed with code ${code}.${said}`;
}

export function closeFailureKind(code: number | undefined): FailureKind {
  if (code === 1008 || code === 4001 || code === 4003 || code === 4401 || code === 4403) return 'auth';
  if (code === 1002 || code === 1003 || code === 1007 || code === 1009 || code === 1010) return 'protocol';
  return 'closed';
}

/** Bytes → text for error bodies, bounded so a huge error page cannot flood the panel. */
export function boundedText(chunks: Buffer[], limit = 64 * 1024): string {
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
