import { test } from 'node:test';
import assert from 'node:assert/strict';
import { echoModel, formFor, hostFor, MemorySecrets, Posts, startPeer, TryItController } from '../helpers/tryItHost';
import { LogBuffer } from '../../client/src/tryit/logBuffer';
import { connectOptions } from '../../transports/src/connectOptions';
import type { TryItModel } from '../../common/src/tryItModel';
import type { LogEntry } from '../../common/src/webviewMessages';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { createTransport } from '../../transports/src';
import { WsTransport } from '../../transports/src/ws';

/** The log as the webview shows it: a row posted again under its seq replaces the earlier one. */
function rows(posts: Posts, since = 0): LogEntry[] {
  const bySeq = new Map<number, LogEntry>();
  for (const e of posts.entries()) if (e.seq > since) bySeq.set(e.seq, e);
  return [...bySeq.values()];
}

/** The first entry posted (already, or from now on) that satisfies `pred`. */
async function logged(posts: Posts, pred: (e: LogEntry) => boolean): Promise<LogEntry> {
  const next = posts.next('log', (m) => m.entries.some(pred));
  const found = posts.entries().find(pred);
  return found ?? (await next).entries.find(pred)!;
}

function lastSeq(posts: Posts): number {
  return posts.entries().at(-1)?.seq ?? 0;
}

async function connected(extra: Parameters<typeof hostFor>[1] = {}, model?: (url: string) => TryItModel) {
  const peer = await startPeer();
  const posts = new Posts();
  const host = hostFor(posts, extra);
  const spec = model ? model(peer.url) : echoModel(peer.url);
  const controller = new TryItController(spec.uri, host);
  controller.setModel(spec);
  await controller.handle({ type: 'ready' });
  const open = posts.next('state', (m) => m.state.kind === 'open');
  await controller.handle({ type: 'connect', form: formFor(spec) });
  await open;
  return {
    peer,
    posts,
    host,
    controller,
    spec,
    async done() {
      controller.dispose();
      await peer.close();
    },
  };
}

test('connect → send the picked example → incoming frames matched, invalid and "not in spec"', async () => {
  const t = await connected();
  try {
    const draft = t.posts.next('draft');
    await t.controller.handle({ type: 'pick', key: 'sendPing/ping' });
    const d = await draft;
    assert.equal(d.source, 'example');
    assert.deepEqual(JSON.parse(d.text), { type: 'ping', id: 1 });
    const three = t.posts.next('log', (m) => m.counters.matched + m.counters.unknown >= 3);
    await t.controller.handle({ type: 'send', key: 'sendPing/ping', text: d.text });
    const { counters } = await three;
    assert.deepEqual(counters, { matched: 2, unknown: 1, invalid: 1 });
    const entries = t.posts.entries();
    const out = entries.find((e) => e.direction === 'out');
    assert.equal(out?.text, d.text);
    // A sent row names the spec's message it is, as received rows do.
    assert.deepEqual(out?.match, { messageId: 'ping', label: 'ping' });
    const incoming = entries.filter((e) => e.direction === 'in');
    assert.deepEqual(
      incoming.map((e) => e.match?.label ?? null),
      ['pong', 'pong', null],
    );
    assert.equal(incoming[0]!.violations, undefined);
    assert.deepEqual(
      incoming[1]!.violations?.map((v) => [v.path, v.location?.line]),
      [['/n', 30]],
    );
  } finally {
    await t.done();
  }
});

test('a sent frame the spec has no message for carries no match: never "not in spec", never counted', async () => {
  const t = await connected();
  try {
    const sent = t.posts.next('log', (m) => m.entries.some((e) => e.direction === 'out'));
    await t.controller.handle({ type: 'send', text: '{"type":"hello"}' });
    const { entries, counters } = await sent;
    const out = entries.find((e) => e.direction === 'out')!;
    assert.equal('match' in out, false);
    assert.deepEqual(counters, { matched: 0, unknown: 0, invalid: 0 });
  } finally {
    await t.done();
  }
});

test('a WebSocket ping is logged as a control frame: never matched, never "not in spec"', async () => {
  const t = await connected();
  try {
    const logged = t.posts.next('log', (m) => m.entries.some((e) => e.event === 'ping'));
    t.peer.sockets[0]!.ping(Buffer.from('beat'));
    const { entries, counters } = await logged;
    const ping = entries.find((e) => e.event === 'ping')!;
    assert.deepEqual([ping.direction, ping.kind, ping.size, 'match' in ping], ['in', 'control', 4, false]);
    assert.deepEqual(counters, { matched: 0, unknown: 0, invalid: 0 });
  } finally {
    await t.done();
  }
});

test('an empty required query parameter is a form error at its field, and no connection is attempted', async () => {
  const peer = await startPeer();
  const posts = new Posts();
  let transports = 0;
  const host = hostFor(posts, { createTransport: (o) => (transports++, new WsTransport(o)) });
  const spec = echoModel(peer.url);
  spec.channels[0]!.query.push({ name: 'channel_id', schema: { type: 'string' }, required: true });
  const controller = new TryItController(spec.uri, host);
  try {
    controller.setModel(spec);
    await controller.handle({ type: 'ready' });
    await controller.handle({ type: 'connect', form: { ...formFor(spec), query: { token: 'abc', channel_id: '' } } });
    const errors = posts.all.filter((m) => m.type === 'formErrors');
    assert.deepEqual(errors, [{ type: 'formErrors', errors: [{ section: 'query', name: 'channel_id', message: 'Required: fill it in before connecting.' }] }]);
    assert.equal(transports, 0);
    assert.ok(!posts.all.some((m) => m.type === 'state' && m.state.kind === 'connecting'));
    const open = posts.next('state', (m) => m.state.kind === 'open');
    await controller.handle({ type: 'connect', form: { ...formFor(spec), query: { token: 'abc', channel_id: '42' } } });
    await open;
    assert.deepEqual(posts.all.filter((m) => m.type === 'formErrors').at(-1), { type: 'formErrors', errors: [] });
    assert.equal(peer.urls.at(-1), '/echo?token=abc&channel_id=42');
  } finally {
    controller.dispose();
    await peer.close();
  }
});

test('the connection URL expands variables, joins the channel address and carries the query', async () => {
  const t = await connected();
  try {
    const open = t.posts.all.find((m) => m.type === 'state' && m.state.kind === 'open');
    assert.ok(open?.type === 'state' && open.state.kind === 'open');
    assert.equal(open.state.url, `${t.peer.url}/echo?token=abc`);
    assert.equal(t.peer.sockets.length, 1);
  } finally {
    await t.done();
  }
});

test('drafts survive a new controller; the editor is validated as you type and invalid JSON is said', async () => {
  const t = await connected();
  try {
    const v1 = t.posts.next('validation');
    await t.controller.handle({ type: 'editDraft', key: 'sendPing/ping', text: '{"type":"pong"}' });
    assert.deepEqual(
      (await v1).violations.map((v) => v.path),
      ['/type'],
    );
    const v2 = t.posts.next('validation');
    await t.controller.handle({ type: 'editDraft', key: 'sendPing/ping', text: '{"type":' });
    assert.ok((await v2).parseError);
    await t.controller.handle({ type: 'editDraft', key: 'sendPing/ping', text: '{"type":"ping","id":7}' });

    const posts = new Posts();
    const again = new TryItController(t.spec.uri, { ...hostFor(posts), drafts: t.host.drafts });
    again.setModel(t.spec);
    const draft = posts.next('draft');
    await again.handle({ type: 'pick', key: 'sendPing/ping' });
    assert.deepEqual(await draft, { type: 'draft', key: 'sendPing/ping', text: '{"type":"ping","id":7}', source: 'draft' });
    const second = posts.next('draft');
    await again.handle({ type: 'pick', key: 'sendPing/ping', example: 1 });
    assert.equal((await second).text, JSON.stringify({ type: 'ping' }, null, 2));
    const sample = posts.next('draft');
    await again.handle({ type: 'pick', key: 'sendPing/ping', sample: true });
    const s = await sample;
    assert.equal(s.source, 'sample');
    assert.equal(JSON.parse(s.text).type, 'ping');
    again.dispose();
  } finally {
    await t.done();
  }
});

test('a new model keeps the connection open and updates what may be sent', async () => {
  const t = await connected();
  try {
    const changed = structuredClone(t.spec);
    changed.channels[0]!.operations[0]!.messages[0]!.name = 'renamedPing';
    const model = t.posts.next('model');
    t.controller.setModel(changed);
    assert.deepEqual(
      (await model).sendables.map((s) => s.label),
      ['renamedPing'],
    );
    const echo = t.posts.next('log', (m) => m.entries.some((e) => e.direction === 'in'));
    await t.controller.handle({ type: 'send', key: 'sendPing/ping', text: '{"type":"ping"}' });
    await echo;
    assert.equal(t.peer.sockets.length, 1, 'still the first connection');
  } finally {
    await t.done();
  }
});

test('the describes-server toggle flips 3.x send/receive', async () => {
  const posts = new Posts();
  const c = new TryItController('file:///spec.yaml', hostFor(posts));
  c.setModel(echoModel('ws://127.0.0.1:1'));
  const first = posts.all.at(-1)!;
  assert.ok(first.type === 'model');
  assert.deepEqual(
    first.sendables.map((s) => s.key),
    ['sendPing/ping'],
  );
  await c.handle({ type: 'setDescribesServer', value: false });
  const last = posts.all.at(-1)!;
  assert.ok(last.type === 'model');
  assert.equal(last.describesServer, false);
  assert.deepEqual(
    last.sendables.map((s) => s.key),
    ['getPong/pong'],
  );
  c.dispose();
});

test('an unexpected close reconnects with a countdown; cancel stops it', { timeout: 10_000 }, async () => {
  const t = await connected();
  try {
    const reconnecting = t.posts.next('state', (m) => m.state.kind === 'reconnecting');
    const reopened = t.posts.next('state', (m) => m.state.kind === 'open');
    t.peer.sockets[0]!.close(1011, 'server restart');
    const r = await reconnecting;
    assert.ok(r.state.kind === 'reconnecting' && r.state.attempt === 1 && r.state.at > 0);
    await reopened;
    assert.equal(t.peer.sockets.length, 2);
    // One row tells the loss and the reconnect; the close code is in its details.
    const row = await logged(t.posts, (e) => /^Reconnected to/.test(e.text ?? ''));
    assert.equal(row.direction, 'info');
    assert.match(row.details ?? '', /Connection lost\. Closed with code 1011.*Reconnecting in/);

    await t.peer.close();
    const again = t.posts.next('state', (m) => m.state.kind === 'reconnecting');
    await again;
    const cancelled = t.posts.next('state', (m) => m.state.kind === 'closed' && /cancelled/i.test(m.state.reason ?? ''));
    await t.controller.handle({ type: 'cancelReconnect' });
    await cancelled;
  } finally {
    await t.done();
  }
});

test('a refused connection is said in words, on one line, with no close code for a socket that never opened', async () => {
  const posts = new Posts();
  const c = new TryItController('file:///spec.yaml', hostFor(posts, { reconnect: { enabled: false } }));
  const model = echoModel('ws://127.0.0.1:1');
  c.setModel(model);
  const failed = posts.next('state', (m) => m.state.kind === 'failed');
  await c.handle({ type: 'connect', form: formFor(model) });
  const f = await failed;
  assert.ok(f.state.kind === 'failed');
  assert.match(f.state.message, /refused/i);
  c.dispose();
  const lines = rows(posts);
  assert.equal(lines.length, 1, JSON.stringify(lines));
  assert.deepEqual([lines[0]!.direction, lines[0]!.text], ['error', f.state.message]);
  assert.doesNotMatch(JSON.stringify(lines), /1006/);
});

test('a handshake refused with 403 is one line; the status and body are in its details', { timeout: 10_000 }, async () => {
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: 13\r\n\r\nbad api key\r\n'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const posts = new Posts();
  const c = new TryItController('file:///spec.yaml', hostFor(posts, { reconnect: { enabled: false } }));
  const model = echoModel(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
  try {
    c.setModel(model);
    const failed = posts.next('state', (m) => m.state.kind === 'failed');
    await c.handle({ type: 'connect', form: formFor(model) });
    await failed;
    c.dispose();
    const lines = rows(posts);
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.match(lines[0]!.text ?? '', /403/);
    assert.match(lines[0]!.details ?? '', /bad api key/);
    assert.doesNotMatch(JSON.stringify(lines), /1006/);
  } finally {
    http.close();
  }
});

test('a reconnect loop is one row, updated in place, until it gives up; each attempt is in its details', { timeout: 10_000 }, async () => {
  const t = await connected({ reconnect: { initialDelayMs: 10, maxDelayMs: 20, tickMs: 50, maxAttempts: 3 } });
  try {
    const since = lastSeq(t.posts);
    const gaveUp = t.posts.next('state', (m) => m.state.kind === 'failed');
    await t.peer.close();
    await gaveUp;
    await logged(t.posts, (e) => /Gave up/.test(e.text ?? ''));
    const lines = rows(t.posts, since);
    assert.equal(lines.length, 1, JSON.stringify(lines, null, 1));
    assert.equal(
      new Set(
        t.posts
          .entries()
          .filter((e) => e.seq > since)
          .map((e) => e.seq),
      ).size,
      1,
      'every version has the same seq',
    );
    assert.match(lines[0]!.text ?? '', /^Gave up after 3 reconnect attempts\. .*refused/);
    for (const n of [1, 2, 3]) assert.match(lines[0]!.details ?? '', new RegExp(`Reconnecting \\(attempt ${n}\\) to`));
  } finally {
    await t.done();
  }
});

test('a bearer secret is asked once, sent as the Authorization header and shown only as stored', async () => {
  const bearer = [[{ kind: 'httpBearer' as const, name: 'token' }]];
  const t = await connected({ secrets: new MemorySecrets('s3cret') }, (url) => echoModel(url, bearer));
  try {
    assert.equal(t.peer.headers[0]!.authorization, 'Bearer s3cret');
    const open = t.posts.next('state', (m) => m.state.kind === 'open');
    await t.controller.handle({ type: 'connect', form: formFor(t.spec) });
    await open;
    assert.equal(t.host.secrets.asked, 1);
    const auth = t.posts.next('auth');
    await t.controller.handle({ type: 'serverChanged', server: 'local' });
    assert.deepEqual((await auth).auth, [{ scheme: 'token', kind: 'httpBearer', stored: true }]);
    assert.ok(!JSON.stringify(t.posts.all).includes('s3cret'), 'the secret never reaches the webview');
  } finally {
    await t.done();
  }
});

test('while a secret is asked for, the panel says what is asked; the banner goes once it is answered', async () => {
  const model = echoModel('ws://127.0.0.1:9', [[{ kind: 'apiKey', name: 'key', in: 'query', paramName: 'api_key' }]]);
  const posts = new Posts();
  const secrets = new MemorySecrets('k-123');
  const c = new TryItController(model.uri, hostFor(posts, { secrets }));
  c.setModel(model);
  await c.handle({ type: 'secret', server: 'local', scheme: 'key' });
  const asking = posts.all.filter((m) => m.type === 'asking');
  assert.deepEqual(asking, [
    { type: 'asking', text: 'Enter the API key "api_key" (sent in the query) of "key" for server "local" in the box at the top of the window.' },
    { type: 'asking' },
  ]);
  assert.equal(secrets.asked, 1);
  c.dispose();
});

test('secrets go where their scheme says: query, header, cookie, STOMP login', async () => {
  const model = echoModel('ws://127.0.0.1:9');
  model.servers[0]!.security = [
    [
      { kind: 'apiKey', name: 'k1', in: 'query', paramName: 'api_key' },
      { kind: 'apiKey', name: 'k2', in: 'header', paramName: 'X-Key' },
      { kind: 'apiKey', name: 'k3', in: 'cookie', paramName: 'sid' },
    ],
  ];
  const { options } = await connectOptions(model, formFor(model), true, async (s) => `v-${s.name}`);
  assert.equal(options.url, 'ws://127.0.0.1:9/echo');
  assert.deepEqual(options.query, { token: 'abc', api_key: 'v-k1' });
  assert.deepEqual(options.headers, { 'X-Key': 'v-k2', Cookie: 'sid=v-k3' });

  model.servers[0]!.security = [[{ kind: 'userPassword', name: 'up' }]];
  const stomp = await connectOptions(model, { ...formFor(model), transport: 'stomp' }, true, async () => 'guest:pa:ss');
  assert.equal(stomp.options.url, 'ws://127.0.0.1:9');
  assert.deepEqual(stomp.options.stomp, { subscriptions: ['/echo'], login: 'guest', passcode: 'pa:ss' });
});

test('export writes one JSON object a line; clear empties the log', async () => {
  const t = await connected();
  try {
    const echo = t.posts.next('log', (m) => m.counters.unknown >= 1);
    await t.controller.handle({ type: 'send', key: 'sendPing/ping', text: '{"type":"ping"}' });
    await echo;
    await t.controller.handle({ type: 'exportLog' });
    const lines = t.host.exported[0]!.trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(lines.some((l) => l.direction === 'out' && l.text === '{"type":"ping"}'));
    assert.ok(lines.every((l) => typeof l.time === 'string' && typeof l.seq === 'number'));
    await t.controller.handle({ type: 'clearLog' });
    await t.controller.handle({ type: 'exportLog' });
    assert.equal(t.host.exported[1], '');
  } finally {
    await t.done();
  }
});

test('the log batches posts and keeps at least 10,000 entries', () => {
  const batches: number[] = [];
  const log = new LogBuffer((entries) => batches.push(entries.length), 50);
  for (let i = 0; i < 25_000; i++) log.add({ time: i, direction: 'in', size: 2, text: '{}', match: null });
  log.flush();
  assert.deepEqual(batches, [25_000]);
  assert.ok(log.all().length >= 10_000 && log.all().length <= 20_000);
  assert.equal(log.all().at(-1)!.time, 24_999);
  assert.equal(log.counters.unknown, 25_000);
  log.dispose();
});

test('reveal passes the violated schema location to the editor', async () => {
  const posts = new Posts();
  const host = hostFor(posts);
  const c = new TryItController('file:///spec.yaml', host);
  await c.handle({ type: 'reveal', location: { uri: 'file:///spec.yaml', line: 30, character: 4 } });
  assert.deepEqual(host.revealed, [{ uri: 'file:///spec.yaml', line: 30, character: 4 }]);
  c.dispose();
});

test('a focus asked before the webview is ready arrives after the model', async () => {
  const posts = new Posts();
  const c = new TryItController('file:///spec.yaml', hostFor(posts));
  c.focus({ channel: 'echo', operation: 'sendPing' });
  c.setModel(echoModel('ws://127.0.0.1:1'));
  assert.ok(!posts.all.some((m) => m.type === 'focus'), 'nothing is focused before the webview listens');
  await c.handle({ type: 'ready' });
  const types = posts.all.map((m) => m.type);
  assert.ok(types.lastIndexOf('focus') > types.lastIndexOf('model'));
  assert.deepEqual(
    posts.all.find((m) => m.type === 'focus'),
    { type: 'focus', channel: 'echo', operation: 'sendPing' },
  );
  c.setModel(echoModel('ws://127.0.0.1:1'));
  assert.equal(posts.all.filter((m) => m.type === 'focus').length, 1, 'an edit does not move the focus again');
  c.dispose();
});

test('Socket.IO: the message is emitted under its event name, with the bearer token in `auth`, and the ack is logged', async () => {
  const http = createServer();
  const io = new Server(http);
  const seen: { token?: unknown; event?: string; payload?: unknown }[] = [];
  io.on('connection', (socket) => {
    socket.onAny((event: string, payload: unknown, ack?: (r: unknown) => void) => {
      seen.push({ token: socket.handshake.auth.token, event, payload });
      ack?.({ type: 'pong', n: 5 });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as { port: number }).port;
  const model = echoModel(`http://127.0.0.1:${port}`, [[{ kind: 'httpBearer', name: 'jwt' }]]);
  model.servers[0]!.transport = 'socket.io';
  model.channels[0]!.operations[0]!.messages[0]!.eventName = 'ping-event';
  const posts = new Posts();
  const c = new TryItController(model.uri, hostFor(posts, { createTransport, secrets: new MemorySecrets('tok') }));
  try {
    c.setModel(model);
    const open = posts.next('state', (m) => m.state.kind === 'open');
    await c.handle({ type: 'connect', form: formFor(model) });
    await open;
    const acked = posts.next('log', (m) => m.entries.some((e) => e.direction === 'in' && e.event === 'ping-event'));
    await c.handle({ type: 'send', key: 'sendPing/ping', text: '{"type":"ping"}', ack: true });
    const entry = (await acked).entries.find((e) => e.direction === 'in')!;
    assert.deepEqual(seen, [{ token: 'tok', event: 'ping-event', payload: { type: 'ping' } }]);
    assert.deepEqual(JSON.parse(entry.text!), { type: 'pong', n: 5 });
  } finally {
    c.dispose();
    io.close();
    http.close();
  }
});

test('Socket.IO: the status line shows the URL socket.io-client opens (http, /socket.io/, the query), the API key masked', async () => {
  const http = createServer();
  const io = new Server(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  const model = echoModel(`ws://127.0.0.1:${port}`, [[{ kind: 'apiKey', name: 'key', in: 'query', paramName: 'api_key' }]]);
  model.servers[0]!.transport = 'socket.io';
  const posts = new Posts();
  const c = new TryItController(model.uri, hostFor(posts, { createTransport, secrets: new MemorySecrets('s3cret-key') }));
  try {
    c.setModel(model);
    const open = posts.next('state', (m) => m.state.kind === 'open');
    await c.handle({ type: 'connect', form: formFor(model) });
    const { state } = await open;
    assert.ok(state.kind === 'open');
    assert.equal(state.url, `http://127.0.0.1:${port}/socket.io/?token=abc&api_key=••••••••`);
    assert.doesNotMatch(JSON.stringify(posts.all), /s3cret-key/);
  } finally {
    c.dispose();
    io.close();
    http.close();
  }
});

test('a spec that cannot be read mid-edit keeps the last model', () => {
  const posts = new Posts();
  const c = new TryItController('file:///spec.yaml', hostFor(posts));
  c.setModel(echoModel('ws://127.0.0.1:1'));
  const models = () => posts.all.filter((m) => m.type === 'model').length;
  const before = models();
  c.setModel(null, 'parse error');
  assert.equal(models(), before, 'no empty model is posted');
  c.dispose();
  const lines = posts.entries().map((e) => e.text);
  assert.ok(lines.some((t) => t?.includes('parse error')));
  assert.ok(lines.some((t) => t?.includes('keeps its last version')));
});

test('a 20 MB frame is logged cut (with its full size and a notice), and a 50,000-frame burst is all counted', async () => {
  const t = await connected();
  try {
    const big = JSON.stringify({ type: 'pong', n: 1, blob: 'x'.repeat(20 * 1024 * 1024) });
    const gotBig = t.posts.next('log', (m) => m.entries.some((e) => e.size === Buffer.byteLength(big)));
    t.peer.sockets[0]!.send(big);
    const entry = (await gotBig).entries.find((e) => e.size === Buffer.byteLength(big))!;
    assert.equal(entry.truncated, true);
    assert.ok(entry.text!.length <= 64 * 1024);
    assert.equal(entry.match?.label, 'pong');
    assert.ok(t.posts.entries().some((e) => e.direction === 'info' && /20\.0 MB frame/.test(e.text ?? '')));

    const before = t.posts.all.filter((m) => m.type === 'log').at(-1)!;
    assert.ok(before.type === 'log');
    const all = t.posts.next('log', (m) => m.counters.unknown >= before.counters.unknown + 50_000);
    for (let i = 0; i < 50_000; i++) t.peer.sockets[0]!.send(`{"type":"tick","i":${i}}`);
    await all;
    assert.equal(t.peer.sockets.length, 1, 'still connected');
  } finally {
    await t.done();
  }
});

test('a blocked host (Restricted Mode) refuses to connect, in words, and opens no socket', async () => {
  const peer = await startPeer();
  const posts = new Posts();
  const spec = echoModel(peer.url);
  const controller = new TryItController(
    spec.uri,
    hostFor(posts, { connectionBlocked: () => 'Restricted Mode: trust this workspace to connect to its servers.' }),
  );
  try {
    controller.setModel(spec);
    await controller.handle({ type: 'ready' });
    const failed = posts.next('state', (m) => m.state.kind === 'failed');
    await controller.handle({ type: 'connect', form: formFor(spec) });
    const { state } = await failed;
    assert.match(state.kind === 'failed' ? state.message : '', /Restricted Mode/);
    assert.equal(peer.sockets.length, 0);
  } finally {
    controller.dispose();
    await peer.close();
  }
});

test('"Start mock" asks the host for a mock and focuses it once the refreshed model lists it', async () => {
  const posts = new Posts();
  const spec = echoModel('ws://127.0.0.1:9');
  const asked: string[] = [];
  const controller = new TryItController(spec.uri, hostFor(posts, { startMock: async (server) => (asked.push(server), `Mock: ${server}`) }));
  try {
    controller.setModel(spec);
    await controller.handle({ type: 'ready' });
    const server = spec.servers[0].name;
    await controller.handle({ type: 'startMock', server });
    assert.deepEqual(asked, [server]);
    assert.ok(!posts.all.some((m) => m.type === 'focus' && m.server === `Mock: ${server}`), 'not focused before the model lists the mock');
    const focused = posts.next('focus', (m) => m.server === `Mock: ${server}`);
    controller.setModel({ ...spec, servers: [...spec.servers, { ...spec.servers[0], name: `Mock: ${server}` }] });
    await focused;
  } finally {
    controller.dispose();
  }
});

test('"Start mock" failures are said in the log', async () => {
  const posts = new Posts();
  const spec = echoModel('ws://127.0.0.1:9');
  const controller = new TryItController(
    spec.uri,
    hostFor(posts, {
      startMock: async () => {
        throw new Error('port in use');
      },
    }),
  );
  try {
    controller.setModel(spec);
    await controller.handle({ type: 'ready' });
    const said = posts.next('log', (m) => m.entries.some((e) => e.direction === 'error' && /port in use/.test(e.text ?? '')));
    await controller.handle({ type: 'startMock', server: spec.servers[0].name });
    await said;
  } finally {
    controller.dispose();
  }
});
