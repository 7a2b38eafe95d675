/**
 * One plain HTTP GET of the Engine.IO polling handshake, used only to explain a failed Socket.IO
 * connection: socket.io-client reports "xhr poll error" whatever went wrong, the server's answer
 * (or the socket error) says what actually did.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { boundedText } from './describe';

export type ProbeResult =
  | { kind: 'network'; error: unknown }
  | { kind: 'http'; status: number; statusText: string; body: string }
  /** Engine.IO 3 framing (`<length>:0{...}`): a Socket.IO 2.x server. */
  | { kind: 'eio3' }
  | { kind: 'ok' };

export function probeEngineIo(
  base: URL,
  path: string,
  headers: Record<string, string>,
  query: Record<string, string>,
  rejectUnauthorized = true,
): Promise<ProbeResult> {
  const url = new URL(`${path.replace(/\/$/, '')}/`, base);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  url.searchParams.set('EIO', '4');
  url.searchParams.set('transport', 'polling');
  const get = url.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve) => {
    const req = get(url, { headers, timeout: 10000, rejectUnauthorized }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.length < 64 && chunks.push(c));
      res.on('end', () => {
        const body = boundedText(chunks).trim();
        const status = res.statusCode ?? 0;
        if (status === 200 && /^\d+:0\{/.test(body)) resolve({ kind: 'eio3' });
        else if (status === 200) resolve({ kind: 'ok' });
        else resolve({ kind: 'http', status, statusText: res.statusMessage ?? '', body });
      });
      res.on('error', (error) => resolve({ kind: 'network', error }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('handshake has timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (error) => resolve({ kind: 'network', error }));
  });
}
