/**
 * Server-Sent Events against a server nobody here wrote the client side of: a few lines of aiohttp
 * (servers/sse_server.py). The spec's http server with a receive-only text/event-stream channel gets the SSE
 * transport; events are matched by their `event:` name through the product's frameMatch; the library's
 * reconnect sends Last-Event-ID; a refused or non-stream answer is a failure in words.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { modelOf, seed } from '../helpers/tryItModels';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { createTransport } from '../../transports/src';
import { TransportError } from '../../transports/src/events';
import type { Transport, TransportEvent } from '../../transports/src/transport';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';
import { matchFrame } from '../../transports/src/frameMatch';
import { freePort, Recorder, startPythonPeer, type Peer } from './peers';

type Frame = Extract<TransportEvent, { type: 'frame' }>;
const TOKEN = 'sse-test-token';
const model = modelOf(seed('sse-ticker.yaml'));
const matcher = createMessageMatcher(receivableMessages(model));
let peer: Peer;
const open: Transport[] = [];

before(async () => {
  peer = await startPythonPeer('sse_server.py', ['--token', TOKEN]);
});
after(async () => {
  await Promise.all(open.map((t) => t.close()));
  await peer?.stop();
});

function client(token = TOKEN, path?: string): { t: Transport; rec: Recorder } {
  const built = buildConnectOptions({
    server: model.servers[0],
    variables: { port: String(peer.port) },
    channel: model.channels[0],
    channels: model.channels,
    secrets: { bearer: { token } },
    connectTimeoutMs: 10_000,
  });
  assert.deepEqual(built.problems, []);
  const options = path ? { ...built.options, url: `http://127.0.0.1:${peer.port}${path}` } : built.options;
  const t = createTransport(options);
  open.push(t);
  return { t, rec: new Recorder(t) };
}

describe('Server-Sent Events against aiohttp', () => {
  test('the http server with a receive-only event-stream channel is SSE; the URL is the channel path, the bearer token a header', () => {
    assert.equal(model.servers[0].transport, 'sse');
    const { options } = buildConnectOptions({
      server: model.servers[0],
      variables: { port: '1' },
      channel: model.channels[0],
      secrets: { bearer: { token: 'x' } },
    });
    assert.equal(options.url, 'http://127.0.0.1:1/events');
    assert.equal(options.headers.Authorization, 'Bearer x');
  });

  test('events are matched by their event name (none: by payload), an invalid one flagged; after the stream ends the reconnect sends Last-Event-ID', async () => {
    const { t, rec } = client();
    await t.connect();
    const resumed = (await rec.waitFor((e): e is Frame => e.type === 'frame' && e.event === 'resumed')) as Frame;
    const frames = rec.events.filter((e): e is Frame => e.type === 'frame' && e.direction === 'in');
    const results = frames.slice(0, 4).map((f) => {
      const r = matchFrame(matcher, 'sse', f)!;
      return [f.event, f.headers?.id, r.messageId, r.valid];
    });
    assert.deepEqual(results, [
      ['tick', '1', 'tick', true],
      ['message', '2', 'tick', true], // no event name: matched by its payload
      ['tick', '3', 'tick', false],
      ['resumed', undefined, 'resumed', true],
    ]);
    assert.deepEqual(JSON.parse(resumed.data as string), { lastEventId: '3' });
    assert.ok(rec.events.some((e) => e.type === 'state' && e.state === 'connecting' && rec.events.indexOf(e) > 0));
  });

  test('a wrong token is refused in words, as an auth failure, without retrying', async () => {
    const { t } = client('wrong');
    const err = await t.connect().then(
      () => assert.fail('should fail'),
      (e: unknown) => e as TransportError,
    );
    assert.ok(err instanceof TransportError);
    assert.equal(err.kind, 'auth');
    assert.match(err.message, /HTTP 401 .*refused the credentials.*Body: bad token/);
  });

  test('a page that is not an event stream is said so', async () => {
    const { t } = client(TOKEN, '/plain');
    await assert.rejects(t.connect(), /answered the event stream request with HTTP 200 OK\. It answered text\/html.*not text\/event-stream/);
  });

  test('nothing listening: the refusal says where; sending is refused in words', async () => {
    // A port freed just now (fetch refuses port 1 itself, as a "bad port", before any connection).
    const t = createTransport({ transport: 'sse', url: `http://127.0.0.1:${await freePort()}/events`, query: {}, headers: {}, connectTimeoutMs: 5000 });
    open.push(t);
    const err = await t.connect().then(
      () => assert.fail('should fail'),
      (e: unknown) => e as TransportError,
    );
    assert.equal(err.kind, 'refused', err.message);
    await assert.rejects(t.send({ data: '{}' }), /only flow from the server/);
  });
});
