/**
 * The URL a transport really opens, for the status line: Socket.IO's http(s) origin with its engine path (the spec's
 * ws:// URL is not what it asks for), the query every transport appends, and any secret in it masked.
 */
import type { ConnectOptions } from '../../../transports/src/transport';
import { withQuery } from '../../../transports/src/events';
import { socketIoBaseUrl } from '../../../transports/src/socketio';

const MASK = '••••••••';
/** Shorter secrets are only masked where they are a whole value: masking "a" everywhere would blank the URL. */
const MIN_INSIDE = 4;

export function shownUrl(options: ConnectOptions, secrets: readonly string[]): string {
  const url = options.transport === 'socket.io' ? socketIoUrl(options) : withQuery(options.url, options.query);
  return mask(url, secrets);
}

function socketIoUrl(options: ConnectOptions): string {
  const path = (options.socketIo?.path ?? '/socket.io').replace(/\/?$/, '/');
  const url = withQuery(`${socketIoBaseUrl(options.url).origin}${path}`, options.query);
  const namespace = options.socketIo?.namespace ?? '/';
  // The namespace travels in Socket.IO packets, not in the URL.
  return namespace === '/' ? url : `${url} (namespace ${namespace.startsWith('/') ? namespace : `/${namespace}`})`;
}

function mask(url: string, secrets: readonly string[]): string {
  let u: URL;
  try {
    u = new URL(url.split(' ')[0]!);
  } catch {
    return url;
  }
  const hidden = (v: string) => secrets.some((s) => s && (v === s || (s.length >= MIN_INSIDE && v.includes(s))));
  if (u.password) u.password = MASK;
  for (const [k, v] of [...u.searchParams]) if (hidden(v)) u.searchParams.set(k, MASK);
  const rest = url.slice(url.split(' ')[0]!.length);
  return u.toString().replaceAll(encodeURIComponent(MASK), MASK) + rest;
}
