/**
 * Hostile input against the in-process mock, over real sockets: malformed frames (built on a bare `net` socket,
 * so they reach the server as sent) close the offending connection with RFC 6455's code, one log line says why,
 * and a well-behaved client of the same mock is still answered afterwards.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startMock, type RunningMock } from '../../mock/src/mockServer';
import { diskService, fileUri, FIXTURES } from '../helpers/fixtures';
import { MALFORMED_FRAMES, oversized } from '../helpers/malformedFrames';
import { clientFrame, rawWebSocket } from '../helpers/rawWebSocket';
import { wsAnswers as wsAnswersAt } from '../helpers/mockCli';

const ROOT = join(__dirname, '..', '..');
const TOKEN = 't';
const MAX = 1024;

async function mockOf(spec: string, log: string[]): Promise<RunningMock> {
  const model = diskService().tryItModel(fileUri(spec))!;
  return startMock(model, undefined, { token: TOKEN, port: 0, maxPayloadBytes: MAX }, (line) => log.push(line));
}

/** A well-behaved ws client (the helper the process-level tests use): ping answered with pong. */
const wsAnswers = (mock: RunningMock) => wsAnswersAt(mock, TOKEN);

export const stompConnect = (heartBeat = '0,0') => `CONNECT\naccept-version:1.2\nhost:mock\nlogin:guest\npasscode:${TOKEN}\nheart-beat:${heartBeat}\n\n\0`;

/** A well-behaved STOMP client: CONNECT answered with CONNECTED. */
async function stompAnswers(mock: RunningMock): Promise<void> {
  const ws = new WebSocket(mock.url, 'v12.stomp');
  try {
    const connected = new Promise<void>((resolve) => ws.on('message', (d) => String(d).startsWith('CONNECTED') && resolve()));
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    ws.send(stompConnect());
    await connected;
  } finally {
    ws.terminate();
  }
}

const PROTOCOLS = [
  {
    name: 'raw ws',
    spec: join(ROOT, 'examples/jwt-websocket-service/asyncapi.yaml'),
    path: `/ws?token=${TOKEN}`,
    headers: {} as Record<string, string>,
    answers: wsAnswers,
  },
  {
    name: 'STOMP',
    spec: join(ROOT, 'examples/airy-stomp/asyncapi.yaml'),
    path: '/ws',
    headers: { 'Sec-WebSocket-Protocol': 'v12.stomp' },
    answers: stompAnswers,
  },
];

for (const p of PROTOCOLS) {
  describe(`${p.name} mock: a malformed frame closes its connection only`, () => {
    const log: string[] = [];
    let mock: RunningMock;
    before(async () => (mock = await mockOf(p.spec, log)));
    after(() => mock.close());

    for (const frame of [...MALFORMED_FRAMES, { name: `message over maxPayload (${MAX} bytes)`, bytes: () => oversized(MAX), code: 1009 }]) {
      test(`${frame.name}: close ${frame.code}, one log line, others still answered`, async () => {
        const raw = await rawWebSocket(mock.port, p.path, p.headers);
        const logged = log.length;
        raw.send(frame.bytes());
        const { code } = await raw.closed;
        raw.destroy();
        assert.equal(code, frame.code);
        assert.equal(log.length - logged, 1, `one line: ${log.slice(logged).join(' | ')}`);
        await p.answers(mock);
      });
    }
  });
}

describe('close reasons quoting client input', () => {
  test('a validation message with non-ASCII property names is cut to 123 bytes of valid UTF-8', async () => {
    const log: string[] = [];
    const mock = await mockOf(join(FIXTURES, 'mock', 'tally.asyncapi.yaml'), log);
    try {
      const raw = await rawWebSocket(mock.port, '/tally');
      raw.send(clientFrame({ opcode: 1, payload: JSON.stringify({ ['Größenverhältnis-' + 'ä'.repeat(60)]: 'many' }) }));
      const { code, reason } = await raw.closed;
      raw.destroy();
      assert.equal(code, 1008);
      assert.ok(reason.length <= 123, `${reason.length} bytes`);
      const text = new TextDecoder('utf-8', { fatal: true }).decode(reason);
      assert.match(text, /^Invalid counts: \/Größenverhältnis-ä+…$/);
      // Still serving: a valid message is taken (no reply is declared, so the connection just stays open).
      const next = await rawWebSocket(mock.port, '/tally');
      next.send(clientFrame({ opcode: 1, payload: '{"apples":1}' }));
      next.send(clientFrame({ opcode: 1, payload: '{"apples":"x"}' }));
      assert.equal((await next.closed).code, 1008);
      next.destroy();
      assert.equal(mock.stats.received, 3);
    } finally {
      await mock.close();
    }
  });
});

describe('upgrade requests', () => {
  test('a request target new URL cannot read (`//`, a bad port) gets 400, and the mock keeps serving', async () => {
    const log: string[] = [];
    const mock = await mockOf(PROTOCOLS[0].spec, log);
    try {
      for (const target of ['//', '//x:99999/ws']) await assert.rejects(rawWebSocket(mock.port, target), /^Error: HTTP\/1.1 400 Bad Request/);
      assert.equal(log.length, 2, log.join(' | '));
      await wsAnswers(mock);
    } finally {
      await mock.close();
    }
  });
});
