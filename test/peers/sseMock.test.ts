/**
 * The Server-Sent Events mock of examples/sse-prices: our SSE transport and an independent client (aiohttp, in
 * clients/mock_client.py) read its stream. Every event is named by `event:`, numbered by `id:` and valid through
 * the product's frameMatch; `Last-Event-ID` resumes after that id with the same events a fresh stream has there;
 * the spec's bearer auth is enforced in words; the CLI serves it as `npm start` does.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { modelOf } from '../helpers/tryItModels';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { createTransport } from '../../transports/src';
import { TransportError } from '../../transports/src/events';
import type { TransportEvent } from '../../transports/src/transport';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';
import { matchFrame } from '../../transports/src/frameMatch';
import { startMock, type RunningMock } from '../../mock/src/mockServer';
import { MockProcess } from '../../client/src/mock/mockProcess';
import { hostFor, MemorySecrets, Posts, TryItController } from '../helpers/tryItHost';
import { Recorder } from './peers';
import { python, type Line } from './mockClient';

type Frame = Extract<TransportEvent, { type: 'frame' }>;
const ROOT = join(__dirname, '..', '..');
const SPEC = join(ROOT, 'examples', 'sse-prices', 'asyncapi.yaml');
const TOKEN = 'test-mock-token';
const model = modelOf(SPEC);
const matcher = createMessageMatcher(receivableMessages(model));
const open: { close(): Promise<void> }[] = [];

after(async () => {
  for (const o of open.reverse()) await o.close().catch(() => undefined);
});

/** The mock in this process; `intervalMs` > 0 keeps each stream going after its first round. */
async function mock(logs: string[] = [], intervalMs = 0): Promise<RunningMock> {
  const m = await startMock(model, undefined, { token: TOKEN, port: 0, intervalMs }, (line) => logs.push(line));
  open.push(m);
  return m;
}

/** The events the independent client printed, as [event, id, matched message, valid]. */
function judged(lines: Line[]): [unknown, unknown, unknown, unknown][] {
  return lines
    .filter((l) => 'data' in l)
    .map((l) => {
      const r = matcher.match({ data: JSON.stringify(l.data), event: l.event ?? undefined });
      return [l.event, l.id, r.messageId, r.valid];
    });
}

describe('SSE mock: our transport', () => {
  test('connecting as the panel does gets each example as a named, numbered event, matched and valid', async () => {
    const m = await mock();
    assert.equal(m.url, `http://127.0.0.1:${m.port}`);
    assert.equal(m.protocol, 'sse');
    const { options, problems } = buildConnectOptions({
      server: model.servers[0],
      variables: { port: String(m.port) },
      channel: model.channels[0],
      channels: model.channels,
      secrets: { bearer: { token: TOKEN } },
      connectTimeoutMs: 10_000,
    });
    assert.deepEqual(problems, []);
    assert.equal(options.transport, 'sse');
    const t = createTransport(options);
    open.push(t);
    const rec = new Recorder(t);
    await t.connect();
    // One round: quote (first example), halt.
    await rec.waitFor((e) => e.type === 'frame' && e.headers?.id === '2');
    const frames = rec.events.filter((e): e is Frame => e.type === 'frame' && e.direction === 'in');
    const results = frames.map((f) => {
      const r = matchFrame(matcher, 'sse', f)!;
      return [f.event, f.headers?.id, r.messageId, r.valid];
    });
    assert.deepEqual(results, [
      ['quote', '1', 'quote', true],
      ['halt', '2', 'halt', true],
    ]);
  });

  test('the Try it panel host shows each event matched to its message and valid, the token asked for once', async () => {
    const m = await mock();
    const posts = new Posts();
    const secrets = new MemorySecrets(TOKEN);
    const panel = new TryItController(model.uri, hostFor(posts, { createTransport, secrets, reconnect: { enabled: false } }));
    open.push({ close: async () => panel.dispose() });
    panel.setModel(model);
    await panel.handle({ type: 'ready' });
    const logged = posts.next('log', (p) => p.entries.some((e) => e.event === 'halt'));
    await panel.handle({
      type: 'connect',
      form: { server: 'local', variables: { port: String(m.port) }, channel: 'prices', parameters: {}, query: {}, headers: {} },
    });
    await logged;
    const events = posts.entries().filter((e) => e.direction === 'in');
    assert.deepEqual(
      events.map((e) => [e.event, e.match?.messageId, e.violations]),
      [
        ['quote', 'quote', undefined],
        ['halt', 'halt', undefined],
      ],
    );
    assert.equal(secrets.asked, 1);
    await panel.handle({ type: 'disconnect' });
  });

  test('when the mock restarts, the transport reconnects with Last-Event-ID and the stream resumes after it', async () => {
    const first = await mock();
    const { options } = buildConnectOptions({
      server: model.servers[0],
      variables: { port: String(first.port) },
      channel: model.channels[0],
      secrets: { bearer: { token: TOKEN } },
      connectTimeoutMs: 10_000,
    });
    const t = createTransport(options);
    open.push(t);
    const rec = new Recorder(t);
    await t.connect();
    await rec.waitFor((e) => e.type === 'frame' && e.headers?.id === '2');
    await first.close(); // ends the stream: the library waits the mock's retry (1 s) and reconnects
    await rec.waitFor((e) => e.type === 'state' && e.state === 'connecting');
    const second = await startMock(model, undefined, { token: TOKEN, port: first.port });
    open.push(second);
    const resumed = (await rec.waitFor((e): e is Frame => e.type === 'frame' && e.headers?.id === '3')) as Frame;
    assert.equal(matchFrame(matcher, 'sse', resumed)?.messageId, 'quote');
    const ids = rec.events.filter((e): e is Frame => e.type === 'frame').map((f) => f.headers?.id);
    assert.deepEqual(ids.slice(0, 4), ['1', '2', '3', '4'], 'nothing repeated, nothing missed');
  });

  test('a wrong token is refused as an auth failure, with the mock saying what it wants', async () => {
    const m = await mock();
    const t = createTransport({ transport: 'sse', url: `${m.url}/prices`, query: {}, headers: { Authorization: 'Bearer wrong' }, connectTimeoutMs: 10_000 });
    open.push(t);
    const err = await t.connect().then(
      () => assert.fail('should fail'),
      (e: unknown) => e as TransportError,
    );
    assert.equal(err.kind, 'auth', err.message);
    assert.match(err.message, /HTTP 401 .*Body: Unauthorized: this mock requires a bearer token \(Authorization header\)/);
  });
});

describe('SSE mock: an independent client (aiohttp)', () => {
  test('a fresh stream is numbered from 1; Last-Event-ID: 2 resumes at 3 with the events a fresh stream has there', async () => {
    const m = await mock([], 10);
    const url = `${m.url}/prices`;
    const fresh = await python(['sse', url, '--token', TOKEN, '--count', '5']);
    const resumed = await python(['sse', url, '--token', TOKEN, '--last-event-id', '2', '--count', '3']);
    assert.deepEqual(judged(fresh), [
      ['quote', '1', 'quote', true],
      ['halt', '2', 'halt', true],
      ['quote', '3', 'quote', true],
      ['halt', '4', 'halt', true],
      ['quote', '5', 'quote', true],
    ]);
    // The second round carries the quote's second example: an id names one event, whichever stream sends it.
    assert.notDeepEqual(fresh[0].data, fresh[2].data);
    assert.deepEqual(
      resumed.filter((l) => 'data' in l),
      fresh.filter((l) => 'data' in l).slice(2),
    );
  });

  test('an id the mock never sent starts over, logged in words; no token is a 401 saying which, a POST a 405', async () => {
    const logs: string[] = [];
    const m = await mock(logs);
    const restarted = await python(['sse', `${m.url}/prices`, '--token', TOKEN, '--last-event-id', 'abc', '--count', '1']);
    assert.deepEqual(judged(restarted), [['quote', '1', 'quote', true]]);
    assert.ok(
      logs.some((l) => /Last-Event-ID "abc" is not an id this mock sent .*starts over/.test(l)),
      logs.join('\n'),
    );
    for (const odd of ['1e3', '-1', '99999999999999999999']) {
      const again = await python(['sse', `${m.url}/prices`, '--token', TOKEN, '--last-event-id', odd, '--count', '1']);
      assert.deepEqual(judged(again), [['quote', '1', 'quote', true]], odd);
    }
    const [refused] = await python(['sse', `${m.url}/prices`]);
    assert.equal(refused.status, 401);
    assert.match(refused.body ?? '', /requires a bearer token/);
    const post = await fetch(`${m.url}/prices`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(post.status, 405);
    assert.match(await post.text(), /flow from the server only: open the stream with GET/);
  });

  test('the CLI serves the example as `npm start` does, announced as sse', async () => {
    const cli = new MockProcess({ cliPath: join(ROOT, 'dist', 'cli.js'), spec: SPEC, port: 0, token: TOKEN });
    open.push({ close: () => cli.stop() });
    const ready = await cli.ready();
    assert.equal(ready.protocol, 'sse');
    const lines = await python(['sse', `${ready.url}/prices`, '--token', TOKEN, '--count', '2']);
    assert.deepEqual(judged(lines), [
      ['quote', '1', 'quote', true],
      ['halt', '2', 'halt', true],
    ]);
  });
});
