/**
 * Raw WebSocket transport against the Python `websockets` peer serving examples 000, 002 and 004,
 * and the failures a user meets: DNS, refused, TLS, 401 with body, close 4001, timeouts, 404 paths.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { createTransport } from '../../transports/src';
import type { Transport, TransportEvent } from '../../transports/src/transport';
import { TransportError } from '../../transports/src/events';
import { freePort, jsonOf, mintJwt, Recorder, silentTcpServer, startPythonPeer, type Peer } from './peers';
import { channel, dataverseServer, fernChat, fernServer, jwtServiceChannel, jwtServiceServer } from './model';

type Frame = Extract<TransportEvent, { type: 'frame' }>;
const isIn = (e: TransportEvent): e is Frame => e.type === 'frame' && e.direction === 'in';
const isError = (e: TransportEvent): e is Extract<TransportEvent, { type: 'error' }> => e.type === 'error';

let peer: Peer;
const open: Transport[] = [];

before(async () => {
  peer = await startPythonPeer('ws_server.py');
});
after(async () => {
  await Promise.all(open.map((t) => t.close()));
  await peer.stop();
});

function transportFor(req: Parameters<typeof buildConnectOptions>[0]) {
  const { options, problems } = buildConnectOptions(req);
  const t = createTransport(options);
  open.push(t);
  return { t, rec: new Recorder(t), options, problems };
}

async function connectError(t: Transport): Promise<TransportError> {
  const err = await t.connect().then(
    () => assert.fail('connect() should have failed'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof TransportError, `expected a TransportError, got ${String(err)}`);
  return err;
}

describe('seed 000 Dataverse pub/sub (examples/dataverse-pubsub)', () => {
  test('publishes the grounding_dino example on ws/data and receives the data.ack', async () => {
    const { t, rec, options } = transportFor({
      server: dataverseServer,
      variables: { port: String(peer.port) },
      channel: channel('ws/data', ['send', 'receive']),
    });
    assert.equal(options.url, `ws://127.0.0.1:${peer.port}/ws/data`);
    await t.connect();
    const example = { type: 'data.grounding_dino', uuid: 'asdhfaklhklahsf123471987', data: [{ val: [1, 2, 3, 4], class_name: 'cat' }] };
    await t.send({ data: JSON.stringify(example) });
    const ack = await rec.waitFor(isIn);
    assert.deepEqual(jsonOf(ack), { type: 'data.ack', uuid: 'asdhfaklhklahsf123471987', received: 'data.grounding_dino' });
    assert.ok(
      rec.events.some((e) => e.type === 'frame' && e.direction === 'out'),
      'the sent frame is logged',
    );
  });

  test('echoes a notification on ws/user', async () => {
    const { t, rec } = transportFor({ server: dataverseServer, variables: { port: String(peer.port) }, channel: channel('ws/user', ['send', 'receive']) });
    await t.connect();
    await t.send({ data: '{"has_unread":true}' });
    assert.deepEqual(jsonOf(await rec.waitFor(isIn)), { has_unread: true });
  });
});

describe('seed 002 Fern chat channel (examples/fern)', () => {
  test('sends the Fern example with its query parameter and receives the subscribe example', async () => {
    const { t, rec, options } = transportFor({ server: fernServer(peer.port), channel: fernChat, query: { model_id: '123' } });
    assert.equal(options.url, `ws://127.0.0.1:${peer.port}/chat`);
    assert.deepEqual(options.query, { model_id: '123' });
    await t.connect();
    await t.send({ data: JSON.stringify({ text: 'Hello, world.' }) });
    assert.deepEqual(jsonOf(await rec.waitFor(isIn)), { id: '23823049', message: 'Hello there, how are you?' });
  });
});

describe('seed 004 JWT WebSocket service (examples/jwt-websocket-service)', () => {
  const base = () => ({ server: jwtServiceServer, variables: { port: String(peer.port) }, channel: jwtServiceChannel });

  test('connects with the JWT in ?token=, subscribes and receives the chat_message event', async () => {
    const token = mintJwt({ sub: 'user-456', exp: Math.floor(Date.now() / 1000) + 3600 });
    const { t, rec, options, problems } = transportFor({ ...base(), secrets: { jwtQuery: { value: token } } });
    assert.deepEqual(problems, []);
    assert.equal(options.query.token, token);
    await t.connect();
    await t.send({ data: JSON.stringify({ type: 'subscribe', data: { channel: 'conversation:conv-123' } }) });
    const event = await rec.waitFor((e) => isIn(e) && (jsonOf(e) as { type: string }).type === 'chat_message');
    assert.deepEqual(jsonOf(event), { type: 'chat_message', data: { conversation_id: 'conv-123', sender_id: 'user-456', content: 'Hello there!' } });
    await t.send({ data: '{"type":"ping","data":{}}' });
    await rec.waitFor((e) => isIn(e) && (jsonOf(e) as { type: string }).type === 'pong');
  });

  test('invalid JSON from the client gets the service error message, the connection stays up', async () => {
    const token = mintJwt({ sub: 'u' });
    const { t, rec } = transportFor({ ...base(), secrets: { jwtQuery: { value: token } } });
    await t.connect();
    await t.send({ data: '{"type": "subscribe", ' });
    const err = await rec.waitFor(isIn);
    assert.equal((jsonOf(err) as { data: { code: string } }).data.code, 'invalid_request');
  });

  test('a wrong token: HTTP 401 on the upgrade, reported with status and body', async () => {
    const bad = mintJwt({ sub: 'u' }, 'not-the-secret');
    const { t, rec } = transportFor({ ...base(), secrets: { jwtQuery: { value: bad } } });
    const err = await connectError(t);
    assert.equal(err.kind, 'auth');
    assert.equal(err.status, 401);
    assert.match(err.message, /rejected the WebSocket upgrade with HTTP 401/);
    assert.match(err.message, /invalid token: Signature verification failed/);
    const event = await rec.waitFor(isError);
    assert.equal(event.status, 401);
    assert.deepEqual(JSON.parse(event.body!), { error: 'unauthorized', message: 'invalid token: Signature verification failed' });
    await rec.waitFor((e) => e.type === 'state' && e.state === 'closed');
  });

  test('no secret at all: the builder says so, the server answers 401', async () => {
    const { t, problems } = transportFor(base());
    assert.match(problems.join('\n'), /No secret entered for security scheme "jwtQuery"/);
    const err = await connectError(t);
    assert.equal(err.status, 401);
    assert.match(err.message, /token query parameter is required/);
  });

  test('an expired token: accepted, then closed with 4001 explained as an application code', async () => {
    const expired = mintJwt({ sub: 'u', exp: Math.floor(Date.now() / 1000) - 60 });
    const { t, rec } = transportFor({ ...base(), secrets: { jwtQuery: { value: expired } } });
    await t.connect();
    const close = await rec.waitFor((e): e is Extract<TransportEvent, { type: 'close' }> => e.type === 'close');
    assert.equal(close.code, 4001);
    assert.equal(close.reason, 'token expired');
    const error = await rec.waitFor(isError);
    assert.equal(error.kind, 'auth');
    assert.match(error.message, /code 4001, an application code defined by this API.*not authenticated.*"token expired"/);
  });
});

describe('raw WebSocket failures in words', () => {
  test('refused: nothing listens on the port', async () => {
    const port = await freePort();
    const { t } = transportFor({ server: dataverseServer, variables: { port: String(port) } });
    const err = await connectError(t);
    assert.equal(err.kind, 'refused');
    assert.match(err.message, new RegExp(`Connection refused by 127\\.0\\.0\\.1:${port}: nothing is listening there`));
  });

  test('DNS: a host that does not resolve', async () => {
    // Generous: a resolver without network may take its time to say no.
    const { t } = transportFor({ server: { ...dataverseServer, url: 'ws://specsocket-no-such-host.invalid:{port}' }, connectTimeoutMs: 60_000 });
    const err = await connectError(t);
    assert.equal(err.kind, 'dns');
    assert.match(err.message, /Cannot resolve the host of specsocket-no-such-host\.invalid:8000 \(DNS lookup failed/);
  });

  test('TLS: wss:// to a plain ws port says the server does not speak TLS', async () => {
    const { t } = transportFor({ server: { ...dataverseServer, url: 'wss://127.0.0.1:{port}' }, variables: { port: String(peer.port) } });
    const err = await connectError(t);
    assert.equal(err.kind, 'tls');
    assert.match(err.message, /TLS handshake with 127\.0\.0\.1:\d+ failed: .*wrong version number.*try ws:\/\/ instead of wss:\/\//);
  });

  test('timeout: the server accepts TCP but never answers the handshake', async () => {
    const silent = await silentTcpServer();
    try {
      const { t } = transportFor({ server: dataverseServer, variables: { port: String(silent.port) }, connectTimeoutMs: 500 });
      const err = await connectError(t);
      assert.equal(err.kind, 'timeout');
      assert.match(err.message, /Timed out connecting to 127\.0\.0\.1:\d+/);
    } finally {
      await silent.close();
    }
  });

  test('404: a channel path the server does not serve, with the body', async () => {
    const { t } = transportFor({ server: dataverseServer, variables: { port: String(peer.port) }, channel: channel('ws/nope', ['send']) });
    const err = await connectError(t);
    assert.equal(err.kind, 'http');
    assert.equal(err.status, 404);
    assert.match(err.message, /HTTP 404 Not Found\. Nothing is served at this path.*Body: no channel at \/ws\/nope/);
  });

  test('a server close with 1008 (policy violation) is explained as likely auth/permissions', async () => {
    const { t, rec } = transportFor({
      server: dataverseServer,
      variables: { port: String(peer.port) },
      channel: channel('/faults/close', ['receive']),
      query: { code: '1008', reason: 'not allowed here' },
    });
    await t.connect();
    const error = await rec.waitFor(isError);
    assert.equal(error.kind, 'auth');
    assert.equal(
      error.message,
      'Closed with code 1008: policy violation: the server refused the connection or message, often for authentication or permissions. Reason given: "not allowed here".',
    );
  });

  test('ping/pong and a chosen close code and reason', async () => {
    const { t, rec } = transportFor({ server: dataverseServer, variables: { port: String(peer.port) }, channel: channel('ws/user', ['send']) });
    await t.connect();
    await t.send({ data: 'hi', ping: true });
    const pong = await rec.waitFor((e) => isIn(e) && e.event === 'pong');
    assert.equal(Buffer.from((pong as Frame).data as Uint8Array).toString(), 'hi');
    await t.close(4000, 'done here');
    const close = await rec.waitFor((e): e is Extract<TransportEvent, { type: 'close' }> => e.type === 'close');
    assert.equal(close.code, 4000);
    assert.equal(close.reason, 'done here');
    assert.ok(!rec.events.some((e) => e.type === 'error'), 'a close we asked for is no error');
  });
});

describe('TLS with a self-signed certificate (wss://)', () => {
  test('the untrusted certificate is said in words; allowing it for a development server connects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsocket-tls-'));
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert], {
      stdio: 'ignore',
    });
    const tls = await startPythonPeer('ws_server.py', ['--tls-cert', cert, '--tls-key', key]);
    try {
      const { t } = transportFor({
        server: { ...dataverseServer, url: 'wss://127.0.0.1:{port}', protocol: 'wss' },
        variables: { port: String(tls.port) },
        channel: channel('ws/user', ['send']),
      });
      const err = await connectError(t);
      assert.equal(err.kind, 'tls');
      assert.match(
        err.message,
        /^TLS handshake with 127\.0\.0\.1:\d+ failed: self[- ]signed certificate\. The server certificate is not trusted by Node.*allow untrusted certificates/,
      );
      const allowed = transportFor({
        server: { ...dataverseServer, url: 'wss://127.0.0.1:{port}', protocol: 'wss' },
        variables: { port: String(tls.port) },
        channel: channel('ws/user', ['send']),
        allowUntrustedCertificates: true,
      });
      await allowed.t.connect();
      await allowed.t.send({ data: '{"has_unread":false}' });
      assert.deepEqual(jsonOf(await allowed.rec.waitFor(isIn)), { has_unread: false });
      await allowed.t.close();
    } finally {
      await tls.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('raw WebSocket wire details', () => {
  test('handshake carries bearer, cookie API key, user headers and query; the subprotocol is negotiated', async () => {
    const secured = {
      ...dataverseServer,
      security: [
        [
          { kind: 'httpBearer' as const, name: 'bearer' },
          { kind: 'apiKey' as const, name: 'session', in: 'cookie' as const, paramName: 'sid' },
        ],
      ],
    };
    const { t, rec } = transportFor({
      server: secured,
      variables: { port: String(peer.port) },
      channel: channel('/faults/echo', ['send', 'receive']),
      headers: { 'X-Trace': 'abc' },
      query: { model_id: '7' },
      subprotocols: ['chat.v2'],
      secrets: { bearer: { token: 'tok' }, session: { value: 's1' } },
    });
    await t.connect();
    const open = await rec.waitFor((e) => e.type === 'state' && e.state === 'open');
    assert.equal((open as { protocol?: string }).protocol, 'chat.v2');
    const hello = await rec.waitFor(isIn);
    assert.deepEqual(jsonOf(hello), {
      subprotocol: 'chat.v2',
      headers: { Authorization: 'Bearer tok', Cookie: 'sid=s1', 'X-Trace': 'abc' },
      query: { model_id: ['7'] },
    });
  });

  test('binary frames go out and come back as bytes; text stays text', async () => {
    const { t, rec } = transportFor({ server: dataverseServer, variables: { port: String(peer.port) }, channel: channel('/faults/echo', ['send', 'receive']) });
    await t.connect();
    await rec.waitFor(isIn);
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    await t.send({ data: bytes });
    const back = (await rec.waitFor((e) => isIn(e) && typeof e.data !== 'string')) as Frame;
    assert.deepEqual([...(back.data as Uint8Array)], [...bytes]);
    await t.send({ data: 'plain text' });
    await rec.waitFor((e) => isIn(e) && e.data === 'plain text');
  });
});
