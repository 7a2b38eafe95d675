/**
 * Sessions in the Try it panel (issue 18.2–18.4) through the real controller, the real `ws` transport and a real
 * WebSocket peer, with a spec the real language service reads: Record writes a session file in the spec's terms,
 * Replay runs it step by step (a failing step says why), and Add as example / Add message to spec edit the spec
 * so that it stays free of diagnostics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostFor, Posts, startPeer, TryItController } from '../helpers/tryItHost';
import { serviceWith } from '../helpers/fixtures';
import { parseSession } from '../../common/src/sessions/format';
import { applyInserts } from '../helpers/insertions';
import type { SessionFiles } from '../../client/src/tryit/sessionPanel';
import type { LogEntry } from '../../common/src/webviewMessages';

const spec = (port: number) => `asyncapi: 3.0.0
info:
  title: Echo
  version: '1'
servers:
  local:
    host: 127.0.0.1:${port}
    protocol: ws
channels:
  echo:
    address: /echo
    messages:
      ping:
        payload: {type: object, required: [type], properties: {type: {const: ping}, id: {type: integer}}}
      pong:
        # what the server answers
        payload:
          type: object
          required: [type, n]
          properties:
            type: {const: pong}
            n: {type: integer}
operations:
  sendPing:
    action: receive
    channel: {$ref: '#/channels/echo'}
    messages: [{$ref: '#/channels/echo/messages/ping'}]
  getPong:
    action: send
    channel: {$ref: '#/channels/echo'}
    messages:
      - $ref: '#/channels/echo/messages/pong'
`;

/** How a panel test lays out its spec: the files (the first is the spec), the form's server and channel, what ping sends. */
interface Layout {
  files(port: number): Record<string, string>;
  server: string;
  channel: string;
  sendKey: string;
}

const echo3: Layout = { files: (port) => ({ 'echo.yaml': spec(port) }), server: 'local', channel: 'echo', sendKey: 'sendPing/ping' };

/** The spec in a real language service; files written and edited in memory, the service seeing each edit. */
async function panel(layout: Layout = echo3) {
  const peer = await startPeer();
  const port = Number(peer.url.split(':').pop());
  const all = layout.files(port);
  const { service, uri } = serviceWith(all);
  const specUri = uri(Object.keys(all)[0]!);
  const texts = new Map([[specUri, all[Object.keys(all)[0]!]!]]);
  let version = 1;
  const files: SessionFiles = {
    saveSession: async (_spec, name, text) => (texts.set(`file:///mem/${name}`, text), `file:///mem/${name}`),
    readText: async (u) => texts.get(u)!,
    applyInserts: async (u, inserts) => {
      const edited = applyInserts(texts.get(u)!, inserts); // at one offset in their order, as the editor does
      texts.set(u, edited);
      service.store.setOpen(u, edited, ++version);
      controller.setModel(service.tryItModel(u)!); // as the panel does when its spec's text changes
      return true;
    },
  };
  const posts = new Posts();
  const controller = new TryItController(specUri, hostFor(posts, { files }));
  controller.setModel(service.tryItModel(specUri)!);
  await controller.handle({ type: 'ready' });
  const form = { server: layout.server, variables: {}, channel: layout.channel, parameters: {}, query: {}, headers: {} };
  return {
    peer,
    posts,
    controller,
    service,
    specUri,
    texts,
    form,
    async connect() {
      const open = posts.next('state', (m) => m.state.kind === 'open');
      await controller.handle({ type: 'connect', form });
      await open;
    },
    /** Sends ping and waits until the peer's three answers are logged (the last is not in the spec). */
    async ping() {
      const last = posts.next('log', (m) => m.entries.some((e) => e.direction === 'in' && e.match === null));
      await controller.handle({ type: 'send', key: layout.sendKey, text: '{"type":"ping","id":1}' });
      await last;
    },
    rows: () => new Map(posts.entries().map((e) => [e.seq, e])),
    /** The next info or error row whose text matches (rows are posted in batches). */
    async said(pattern: RegExp): Promise<LogEntry> {
      const seen = new Set(posts.entries().map((e) => e.seq));
      const fresh = (e: LogEntry) => !seen.has(e.seq) && (e.direction === 'info' || e.direction === 'error') && pattern.test(e.text ?? '');
      return (await posts.next('log', (m) => m.entries.some(fresh))).entries.find(fresh)!;
    },
    async done() {
      controller.dispose();
      await peer.close();
    },
  };
}

function row(rows: Map<number, LogEntry>, pred: (e: LogEntry) => boolean): LogEntry {
  const found = [...rows.values()].find(pred);
  assert.ok(found, 'the row is logged');
  return found;
}

test('Record writes what was sent and received in the spec`s terms; Replay runs it step by step and says why a step fails', async () => {
  const p = await panel();
  try {
    await p.connect();
    const recording = p.posts.next('recording', (m) => m.on);
    await p.controller.handle({ type: 'record', on: true });
    await recording;
    await p.ping();
    await p.controller.handle({ type: 'record', on: false });
    const [file, text] = [...p.texts].find(([u]) => u.endsWith('.session.yaml'))!;
    assert.match(file, /^file:\/\/\/mem\/echo-\d{8}-\d{6}\.session\.yaml$/);
    const session = parseSession(text);
    assert.ok(typeof session !== 'string', String(session));
    assert.deepEqual({ spec: session.spec, server: session.server, channel: session.channel }, { spec: 'echo.yaml', server: 'local', channel: 'echo' });
    assert.deepEqual(session.steps, [
      { send: 'ping', payload: { type: 'ping', id: 1 } },
      { expect: 'pong', match: { type: 'pong', n: 1 } },
      { expect: 'pong', match: { type: 'pong', n: 'one' } },
    ]);
    assert.match(text, /# \+\d+ ms: received a frame not in the spec: \{"type":"status","ok":true\}/);

    // The peer answers with a pong that violates the spec: the replay says so at that step and skips nothing before.
    const end = p.said(/^Replay /);
    const result = await p.controller.sessions.replay(text, 'echo.session.yaml');
    assert.equal((await end).text, 'Replay failed at step 3 of 3 of echo.session.yaml.');
    assert.deepEqual(
      result?.steps.map((s) => s.status),
      ['passed', 'passed', 'failed'],
    );
    const rows = p.rows();
    row(rows, (e) => /^✔ step 1 send ping \(\d+ ms\)$/.test(e.text ?? ''));
    const failed = row(rows, (e) => e.direction === 'error' && /^✘ step 3 expect pong/.test(e.text ?? ''));
    assert.match(failed.text!, /schema violation: pong does not validate: \/n must be integer/);
    assert.match(failed.details!, /received: \{"type":"pong","n":"one"\}/);
  } finally {
    await p.done();
  }
});

test('Add as example on a received row, and Add message to spec on a "not in spec" row: the spec stays free of diagnostics', async () => {
  const p = await panel();
  try {
    await p.connect();
    await p.ping();
    const pong = row(p.rows(), (e) => e.match?.messageId === 'pong' && !e.violations);
    await p.controller.handle({ type: 'addExample', seq: pong.seq });
    assert.equal((await p.said(/example/)).text, 'Added the payload as an example of pong.');
    const status = row(p.rows(), (e) => e.direction === 'in' && e.match === null);
    await p.controller.handle({ type: 'addMessage', seq: status.seq });
    assert.equal((await p.said(/message/)).text, 'Added message status to channel echo, its schema inferred from 1 payload(s).');
    const edited = p.texts.get(p.specUri)!;
    assert.ok(edited.includes('        # what the server answers\n'), 'the comment is kept');
    assert.deepEqual(
      p.service.diagnostics(p.specUri).map((d) => d.message),
      [],
    );
    const model = p.service.tryItModel(p.specUri)!;
    const messages = model.channels[0]!.operations.flatMap((o) => o.messages);
    assert.deepEqual(
      messages.find((m) => m.id === 'pong')!.examples.map((e) => e.payload),
      [{ type: 'pong', n: 1 }],
    );
    assert.ok(
      messages.some((m) => m.id === 'status'),
      'the new message is received on the channel',
    );
  } finally {
    await p.done();
  }
});

test('Replay sees what the server sends as the connection opens: a recorded welcome is expected before anything is sent', async () => {
  const p = await panel();
  // On connect, before the client says anything (a welcome, the current state): it arrives with the handshake.
  p.peer.server.on('connection', (socket) => socket.send(JSON.stringify({ type: 'pong', n: 7 })));
  try {
    const text = [
      'session: 1',
      'spec: echo.yaml',
      'server: local',
      'channel: echo',
      'steps:',
      '  - expect: pong',
      '    match: {n: 7}',
      '    timeout: 1000',
      '  - send: ping',
      '    payload: {type: ping, id: 1}',
      '  - expect: pong',
      '    match: {n: 1}',
      '',
    ].join('\n');
    const result = await p.controller.sessions.replay(text, 'welcome.session.yaml');
    assert.deepEqual(
      result?.steps.map((s) => `${s.status}${s.reason ? `: ${s.reason}` : ''}`),
      ['passed', 'passed', 'passed'],
    );
  } finally {
    await p.done();
  }
});

/** The same echo API in AsyncAPI 2.6: the client publishes ping and subscribes to pong. */
const spec2 = (port: number) => `asyncapi: 2.6.0
info:
  title: Echo
  version: '1'
servers:
  local:
    url: ws://127.0.0.1:${port}
    protocol: ws
channels:
  /echo:
    publish:
      operationId: sendPing
      message:
        $ref: '#/components/messages/ping'
    subscribe:
      operationId: getPong
      message:
        # what the server answers
        $ref: '#/components/messages/pong'
components:
  messages:
    ping:
      payload: {type: object, required: [type], properties: {type: {const: ping}, id: {type: integer}}}
    pong:
      payload: {type: object, required: [type, n], properties: {type: {const: pong}, n: {type: integer}}}
`;

test('Add message to spec on a "not in spec" row of a 2.6 spec: the subscribe operation lists it, no diagnostics', async () => {
  const p = await panel({ files: (port) => ({ 'echo.yaml': spec2(port) }), server: 'local', channel: '/echo', sendKey: 'sendPing/ping' });
  try {
    await p.connect();
    await p.ping();
    const status = row(p.rows(), (e) => e.direction === 'in' && e.match === null);
    await p.controller.handle({ type: 'addMessage', seq: status.seq });
    assert.equal((await p.said(/message/)).text, 'Added message status to channel /echo, its schema inferred from 1 payload(s).');
    assert.ok(p.texts.get(p.specUri)!.includes('        # what the server answers\n        oneOf:\n'), 'the comment is kept');
    assert.deepEqual(
      p.service.diagnostics(p.specUri).map((d) => d.message),
      [],
    );
    const getPong = p.service.tryItModel(p.specUri)!.channels[0]!.operations.find((o) => o.id === 'getPong')!;
    assert.deepEqual(
      getPong.messages.map((m) => m.id),
      ['pong', 'status'],
    );
  } finally {
    await p.done();
  }
});

/** The echo API as a Fern channel: `echo.yml` in a definition whose api.yml points at the peer. */
const fern: Layout = {
  files: (port) => ({
    'fern/definition/echo.yml': `channel:
  path: /
  auth: false
  messages:
    sendPing:
      origin: client
      body: Ping
    pong:
      origin: server
      body: Pong
types:
  Ping:
    properties:
      type: literal<"ping">
      id: optional<integer>
  Pong:
    # what the server answers
    properties:
      type: literal<"pong">
      n: integer
`,
    'fern/definition/api.yml': `name: echo\ndefault-environment: Local\nenvironments:\n  Local: ws://127.0.0.1:${port}\n`,
    'fern/fern.config.json': '{"organization": "o", "version": "1.0.0"}',
  }),
  server: 'Local',
  channel: 'echo',
  sendKey: 'sendPing/sendPing',
};

test('Add message to spec on a "not in spec" row of a Fern channel: a server message with a new body type, no diagnostics', async () => {
  const p = await panel(fern);
  try {
    await p.connect();
    await p.ping();
    const status = row(p.rows(), (e) => e.direction === 'in' && e.match === null);
    await p.controller.handle({ type: 'addMessage', seq: status.seq });
    assert.equal((await p.said(/message/)).text, 'Added message status to channel echo, its schema inferred from 1 payload(s).');
    assert.ok(p.texts.get(p.specUri)!.includes('    # what the server answers\n'), 'the comment is kept');
    assert.deepEqual(
      p.service.diagnostics(p.specUri).map((d) => d.message),
      [],
    );
    const status2 = p.service.tryItModel(p.specUri)!.channels[0]!.operations.find((o) => o.id === 'status')!;
    assert.equal(status2.clientDirection, 'receive');
    assert.match(
      p.texts.get(p.specUri)!,
      / {4}status:\n {6}origin: server\n {6}body: Status\n[^]* {2}Status:\n {4}properties:\n {6}type: string\n {6}ok: boolean\n$/,
    );
  } finally {
    await p.done();
  }
});
