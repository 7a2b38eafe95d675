/**
 * Fern's auth-message: a client that cannot send headers authenticates with its first message. The raw
 * WebSocket mock lets such a handshake through, then holds the first message to the token at its path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startMock } from '../../mock/src/mockServer';
import { diskService, fileUri, FIXTURES } from '../helpers/fixtures';

const SPEC = join(FIXTURES, 'fern', 'auth-fallbacks', 'definition', 'auth-message.yml');
const auth = (token: string) => JSON.stringify({ type: 'auth', params: { token, client: 'test' } });

const sockets: WebSocket[] = [];

/** A promise that fails after `ms` instead of waiting forever (a mock that lets the client in would never close). */
function within<T>(p: Promise<T>, what: string, ms = 3000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

async function connect(url: string): Promise<{ ws: WebSocket; got: string[]; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(url);
  sockets.push(ws);
  const got: string[] = [];
  ws.on('message', (d) => got.push(String(d)));
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: String(reason) })));
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  return { ws, got, closed };
}

test('the first message must carry the mock token at the auth message path, else close 1008 saying so', { timeout: 10000 }, async () => {
  const model = diskService().tryItModel(fileUri(SPEC))!;
  const mock = await startMock(model, undefined, { token: 'secret', port: 0, intervalMs: 0 });
  try {
    const wrong = await connect(`${mock.url}/auth-message`);
    wrong.ws.send(auth('not-the-token'));
    const refused = await within(wrong.closed, 'close after a wrong token');
    assert.equal(refused.code, 1008);
    assert.match(refused.reason, /auth message `authenticate`/);

    const skipped = await connect(`${mock.url}/auth-message`);
    skipped.ws.send(JSON.stringify({ type: 'say', text: 'hi' }));
    assert.equal((await within(skipped.closed, 'close after a message that is not the auth message')).code, 1008);
    assert.deepEqual(skipped.got, [], 'nothing is pushed before authentication');

    const right = await connect(`${mock.url}/auth-message`);
    const pushed = new Promise<string>((r) => right.ws.once('message', (d) => r(String(d))));
    right.ws.send(auth('secret'));
    // Authenticated: the mock starts pushing the channel's server messages, and later messages are served.
    const first = JSON.parse(await within(pushed, 'a pushed message after authenticating')) as { type: string };
    assert.ok(['authenticated', 'said'].includes(first.type), JSON.stringify(first));
    right.ws.send(JSON.stringify({ type: 'say', text: 'hello' }));
    right.ws.send(JSON.stringify({ type: 'say' })); // invalid (no text): answered the protocol's way
    assert.equal((await within(right.closed, 'close after an invalid message')).code, 1008);
  } finally {
    for (const ws of sockets) ws.terminate();
    await mock.close();
  }
});
