/**
 * `specsocket test` (dist/cli.js, its own process, as CI runs it) replaying the session files of examples/ against
 * the real peers, then copies of them edited to go wrong, each failing with a reason a person can act on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildConnectOptions } from '../../transports/src/connectOptions';
import { createTransport } from '../../transports/src';
import type { SessionResult } from '../../common/src/sessions/runner';
import { modelOf } from '../helpers/tryItModels';
import { mintJwt, PYTHON, startPythonPeer, startRabbitMq, type Peer } from './peers';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const TMP = mkdtempSync(join(tmpdir(), 'specsocket-sessions-'));

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'test', ...args], { env: { ...process.env, ...env }, cwd: ROOT }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

async function results(args: string[], env: Record<string, string> = {}): Promise<{ code: number; results: SessionResult[] }> {
  const run = await cli([...args, '--reporter', 'json'], env);
  assert.equal(run.stderr, '', 'nothing on stderr');
  return { code: run.code, results: JSON.parse(run.stdout) as SessionResult[] };
}

/** A copy of an example's session with `edit` applied to its text, its `spec:` still pointing at the example's spec. */
function edited(example: string, file: string, edit: (text: string) => string): string {
  const text = readFileSync(join(EXAMPLES, example, file), 'utf8');
  const spec = relative(TMP, join(EXAMPLES, example, 'asyncapi.yaml'));
  const changed = edit(text).replace(/^spec: asyncapi\.yaml$/m, `spec: ${spec}`);
  assert.notEqual(changed, text.replace(/^spec: asyncapi\.yaml$/m, `spec: ${spec}`), 'the edit changed the session');
  const out = join(TMP, `${example}-${Math.random().toString(36).slice(2)}.session.yaml`);
  writeFileSync(out, changed);
  return out;
}

function failedStep(r: SessionResult) {
  const step = r.steps.find((s) => s.status === 'failed');
  assert.ok(step, `a step failed: ${JSON.stringify(r)}`);
  return step;
}

const allPassed = (r: SessionResult) => r.steps.map((s) => `${s.label}: ${s.status}${s.reason ? ` ${s.reason}` : ''}`);

let ws: Peer;
let sio: Peer;
const jwt = () => mintJwt({ sub: 'user-1', exp: Math.floor(Date.now() / 1000) + 600 });

before(async () => {
  [ws, sio] = await Promise.all([startPythonPeer('ws_server.py'), startPythonPeer('socketio_server.py')]);
});
after(async () => {
  await Promise.all([ws.stop(), sio.stop()]);
});

describe('the example sessions replay green against their real peers', () => {
  test('dataverse-pubsub (Python websockets): an ack captured, its uuid sent back and matched', async () => {
    const {
      code,
      results: [r],
    } = await results([join(EXAMPLES, 'dataverse-pubsub'), '--url', `ws://127.0.0.1:${ws.port}`]);
    assert.deepEqual(allPassed(r), ['send groundingDino (example cat): passed', 'expect dataAck: passed', 'send sam: passed', 'expect dataAck: passed']);
    assert.equal(code, 0);
  });

  test('jwt-websocket-service (Python websockets): token from the environment, captured conversation id, any of', async () => {
    const {
      code,
      results: [r],
    } = await results([join(EXAMPLES, 'jwt-websocket-service'), '--url', `ws://127.0.0.1:${ws.port}`], { JWT_TOKEN: jwt() });
    assert.equal(r.status, 'passed', JSON.stringify(allPassed(r)));
    assert.equal(r.steps.length, 7);
    assert.equal(code, 0);
  });

  test('chatapp-socketio (python-socketio): emit with acknowledgement, captured chat id, nothing echoed', async () => {
    const {
      code,
      results: [r],
    } = await results([join(EXAMPLES, 'chatapp-socketio'), '--url', `ws://127.0.0.1:${sio.port}`], { CHAT_TOKEN: jwt() });
    assert.equal(r.status, 'passed', JSON.stringify(allPassed(r)));
    assert.equal(code, 0);
  });

  test('without the secret in the environment nothing connects, and the reason names the variable', async () => {
    const {
      code,
      results: [r],
    } = await results([join(EXAMPLES, 'chatapp-socketio'), '--url', `ws://127.0.0.1:${sio.port}`], { CHAT_TOKEN: '' });
    assert.equal(code, 1);
    assert.equal(r.status, 'failed');
    assert.ok(r.steps.every((s) => s.status === 'skipped'));
    assert.match(r.error!, /CHAT_TOKEN/);
  });
});

describe('edited sessions fail with a readable reason', () => {
  const dataverse = (edit: (t: string) => string) => edited('dataverse-pubsub', 'detections.session.yaml', edit);

  test('a wrong message: expecting notification where the server acknowledges', async () => {
    const file = dataverse((t) =>
      t.replace('  - expect: dataAck\n    match: { type: data.ack, received: data.grounding_dino }', '  - expect: notification\n    timeout: 2000'),
    );
    const {
      code,
      results: [r],
    } = await results([file, '--url', `ws://127.0.0.1:${ws.port}`]);
    assert.equal(code, 1);
    const step = failedStep(r);
    assert.equal(step.label, 'expect notification');
    assert.match(step.reason!, /^wrong message: expected notification, received dataAck \{"type":"data\.ack",/);
    assert.deepEqual(
      r.steps.map((s) => s.status),
      ['passed', 'failed', 'skipped', 'skipped'],
    );
  });

  test('a partial-match difference is shown as a diff', async () => {
    const file = dataverse((t) => t.replace('received: data.grounding_dino }', 'received: data.sam }\n    timeout: 2000'));
    const {
      results: [r],
    } = await results([file, '--url', `ws://127.0.0.1:${ws.port}`]);
    assert.equal(failedStep(r).reason, 'dataAck arrived but differs from the expected payload:\n- /received: "data.sam"\n+ /received: "data.grounding_dino"');
  });

  test('a timeout: waiting for a pong that was never asked for', async () => {
    const file = edited('jwt-websocket-service', 'conversation.session.yaml', (t) =>
      t.replace('  - send: ping\n    payload: { type: ping, data: {} }\n  - expect: pong\n', '  - expect: pong\n    timeout: 300\n'),
    );
    const {
      results: [r],
    } = await results([file, '--url', `ws://127.0.0.1:${ws.port}`], { JWT_TOKEN: jwt() });
    assert.equal(failedStep(r).reason, 'timed out after 300 ms waiting for pong: nothing arrived');
  });

  test('nothing for N ms: the chat message the subscription brings breaks the silence', async () => {
    const file = edited('jwt-websocket-service', 'conversation.session.yaml', (t) =>
      t.replace('  - expect: chatMessage\n', '  - nothing: 2000\n  - expect: chatMessage\n'),
    );
    const {
      results: [r],
    } = await results([file, '--url', `ws://127.0.0.1:${ws.port}`], { JWT_TOKEN: jwt() });
    assert.equal(failedStep(r).label, 'nothing for 2000 ms');
    assert.match(failedStep(r).reason!, /^expected nothing for 2000 ms, received chatMessage \{"type":"chat_message","data":\{"conversation_id":"conv-123"/);
  });

  test('Socket.IO: an acknowledgement that differs from the expected one', async () => {
    const file = edited('chatapp-socketio', 'join-and-leave.session.yaml', (t) => t.replace('match: { ok: true }', 'match: { ok: false }'));
    const {
      results: [r],
    } = await results([file, '--url', `ws://127.0.0.1:${sio.port}`], { CHAT_TOKEN: jwt() });
    assert.equal(failedStep(r).reason, 'the acknowledgement differs from the expected payload:\n- /ok: false\n+ /ok: true');
  });

  test('a message the spec does not declare is refused before anything connects', async () => {
    const file = dataverse((t) => t.replace('  - expect: dataAck\n    match: { uuid', '  - expect: dataAckk\n    match: { uuid'));
    const {
      code,
      results: [r],
    } = await results([file, '--url', `ws://127.0.0.1:${ws.port}`]);
    assert.equal(code, 1);
    assert.equal(r.error, 'steps[3]: the spec declares no message "dataAckk" that a client receives');
  });
});

describe('a burst of undeclared ticks before the declared done (ws_server.py /faults/burst)', () => {
  const spec = [
    'asyncapi: 3.0.0',
    "info: { title: Burst, version: '1' }",
    "servers: { local: { host: '127.0.0.1:1', protocol: ws } }",
    'channels:',
    '  burst:',
    '    address: /faults/burst',
    '    messages:',
    '      done: { payload: { type: object, required: [type, count], properties: { type: { const: done }, count: { type: integer } } } }',
    "operations: { hearDone: { action: send, channel: { $ref: '#/channels/burst' }, messages: [{ $ref: '#/channels/burst/messages/done' }] } }",
  ].join('\n');
  const session = (steps: string) => {
    writeFileSync(join(TMP, 'burst.asyncapi.yaml'), spec + '\n');
    const file = join(TMP, `burst-${Math.random().toString(36).slice(2)}.session.yaml`);
    writeFileSync(file, `session: 1\nspec: burst.asyncapi.yaml\nchannel: burst\nquery: { n: '3' }\nsteps:\n${steps}`);
    return file;
  };

  test('expect passes over the undeclared ticks to the done it waits for', async () => {
    const file = session('  - expect: done\n    match: { count: 3 }\n');
    const {
      code,
      results: [r],
    } = await results([file, '--url', `ws://127.0.0.1:${ws.port}`]);
    assert.equal(r.status, 'passed', JSON.stringify(allPassed(r)));
    assert.equal(code, 0);
  });

  test('listen fails on the first message the spec does not declare', async () => {
    const file = session('  - listen: 2000\n');
    const {
      code,
      results: [r],
    } = await results([file, '--url', `ws://127.0.0.1:${ws.port}`]);
    assert.equal(code, 1);
    assert.equal(failedStep(r).reason, 'received a message the spec does not declare: {"type":"tick","seq":0}');
  });
});

describe('reporters, --mock and --examples', () => {
  test('--reporter junit: testsuites > testsuite per session > testcase per step, counts that add up', async () => {
    const bad = edited('dataverse-pubsub', 'detections.session.yaml', (t) =>
      t.replace('received: data.grounding_dino }', 'received: data.sam }\n    timeout: 2000'),
    );
    const good = join(EXAMPLES, 'dataverse-pubsub', 'detections.session.yaml');
    const run = await cli([good, bad, '--url', `ws://127.0.0.1:${ws.port}`, '--reporter', 'junit']);
    assert.equal(run.code, 1);
    const tree = await xmlTree(run.stdout);
    assert.equal(tree.tag, 'testsuites');
    assert.deepEqual(pick(tree.attrs, ['tests', 'failures', 'errors']), { tests: '8', failures: '1', errors: '0' });
    assert.deepEqual(
      tree.children.map((s) => [s.tag, s.attrs.name, s.attrs.tests, s.attrs.failures, s.attrs.skipped]),
      [
        ['testsuite', 'dataverse acknowledges what it is sent', '4', '0', '0'],
        ['testsuite', 'dataverse acknowledges what it is sent', '4', '1', '2'],
      ],
    );
    for (const suite of tree.children) {
      for (const c of suite.children) {
        assert.equal(c.tag, 'testcase');
        assert.ok(c.attrs.name && c.attrs.classname === suite.attrs.name, JSON.stringify(c.attrs));
        assert.match(c.attrs.time, /^\d+\.\d{3}$/);
      }
    }
    const failure = tree.children[1].children[1].children[0];
    assert.equal(failure.tag, 'failure');
    assert.equal(failure.attrs.message, 'dataAck arrived but differs from the expected payload:');
    assert.equal(failure.text, 'dataAck arrived but differs from the expected payload:\n- /received: "data.sam"\n+ /received: "data.grounding_dino"');
    assert.deepEqual(
      tree.children[1].children.slice(2).map((c) => c.children[0]?.tag),
      ['skipped', 'skipped'],
    );
  });

  test('--mock: the STOMP session runs against the spec alone (its mock sends the example on SUBSCRIBE)', async () => {
    const {
      code,
      results: [r],
    } = await results([join(EXAMPLES, 'airy-stomp'), '--mock']);
    assert.equal(r.status, 'passed', JSON.stringify(allPassed(r)));
    assert.equal(code, 0);
  });

  test('--mock: a session the spec cannot satisfy fails (the mock has no chatId to acknowledge with)', async () => {
    const {
      code,
      results: [r],
    } = await results([join(EXAMPLES, 'chatapp-socketio'), '--mock']);
    assert.equal(code, 1);
    assert.equal(failedStep(r).reason, 'nothing at /chatId in the received payload');
  });

  test('--examples: every example a client sends is sent, and every answer is declared and valid', async () => {
    const spec = join(EXAMPLES, 'dataverse-pubsub', 'asyncapi.yaml');
    const { code, results: rs } = await results(['--examples', spec, '--url', `ws://127.0.0.1:${ws.port}`, '--listen', '500']);
    assert.deepEqual(
      rs.map((r) => [r.name, r.status, r.steps.map((s) => s.label)]),
      [
        ['examples on ws/data', 'passed', ['send groundingDino (example cat)', 'send sam (example embedding)', 'listen 500 ms']],
        ['examples on ws/user', 'passed', ['send notification', 'listen 500 ms']],
      ],
    );
    assert.equal(code, 0);
  });

  test('--examples: an answer the spec says is invalid fails the smoke test with the violation', async () => {
    const spec = join(TMP, 'narrowed.asyncapi.yaml');
    const original = readFileSync(join(EXAMPLES, 'dataverse-pubsub', 'asyncapi.yaml'), 'utf8');
    // The acknowledgement's uuid (a string on the wire) declared an integer; `type: const data.ack` still pins the message.
    writeFileSync(spec, original.replace('uuid:\n          type: string\n        received:', 'uuid:\n          type: integer\n        received:'));
    assert.notEqual(readFileSync(spec, 'utf8'), original);
    const { code, results: rs } = await results(['--examples', spec, '--url', `ws://127.0.0.1:${ws.port}`, '--listen', '500']);
    assert.equal(code, 1);
    assert.match(failedStep(rs[0]).reason!, /^schema violation: dataAck does not validate: \/uuid must be integer\nreceived: \{"type":"data\.ack"/);
  });
});

describe('airy-stomp against RabbitMQ Web-STOMP', () => {
  let broker: Peer;
  before(async () => {
    broker = await startRabbitMq();
  });
  after(async () => {
    await broker?.stop();
  });

  /** The backend's side: a message published to /queue/message, where it waits until the session subscribes. */
  async function publish(edit: (payload: { message: Record<string, unknown> }) => unknown = (p) => p): Promise<void> {
    const model = modelOf(join(EXAMPLES, 'airy-stomp', 'asyncapi.yaml'));
    const example = model.channels.find((c) => c.id === '/queue/message')!.operations[0].messages[0].examples[0].payload as {
      message: Record<string, unknown>;
    };
    const built = buildConnectOptions({
      server: model.servers[0],
      variables: { port: String(broker.port) },
      channels: [],
      secrets: { brokerLogin: { username: 'guest', password: 'guest' } },
    });
    const backend = createTransport(built.options);
    await backend.connect();
    try {
      await backend.send({ destination: '/queue/message', data: JSON.stringify(edit(example)), ack: true, headers: { 'content-type': 'application/json' } });
    } finally {
      await backend.close();
    }
  }

  const url = () => `ws://127.0.0.1:${broker.port}/ws`;

  test('the inbox session hears the upserted message', async () => {
    await publish();
    const {
      code,
      results: [r],
    } = await results([join(EXAMPLES, 'airy-stomp'), '--url', url()], { BROKER_LOGIN: 'guest:guest' });
    assert.equal(r.status, 'passed', JSON.stringify(allPassed(r)));
    assert.equal(code, 0);
  });

  test('a schema violation in the received message fails the expect with the violated path', async () => {
    await publish((p) => ({ ...p, message: { ...p.message, state: 'LOST' } }));
    const {
      code,
      results: [r],
    } = await results([join(EXAMPLES, 'airy-stomp'), '--url', url()], { BROKER_LOGIN: 'guest:guest' });
    assert.equal(code, 1);
    assert.match(
      failedStep(r).reason!,
      /^schema violation: MessageUpserted does not validate: \/message\/state must be equal to one of the allowed values: \["PENDING","FAILED","DELIVERED"\]\nreceived: \{"conversation_id"/,
    );
  });
});

interface XmlNode {
  tag: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
}

/** Parsed by Python's XML parser (a real one: malformed output fails here), handed back as JSON. */
function xmlTree(xml: string): Promise<XmlNode> {
  const script =
    'import json,sys,xml.etree.ElementTree as E\n' +
    'def n(e): return {"tag": e.tag, "attrs": dict(e.attrib), "text": e.text or "", "children": [n(c) for c in e]}\n' +
    'print(json.dumps(n(E.fromstring(sys.stdin.buffer.read()))))\n';
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, ['-c', script], (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(JSON.parse(stdout) as XmlNode)));
    child.stdin!.end(xml);
  });
}

function pick(o: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
