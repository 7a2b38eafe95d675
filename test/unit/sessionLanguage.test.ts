/**
 * Session files in the language service (issue 18.1): shape from session.schema.json on every edit, names checked
 * against the spec the session names, and completion of keys and of the spec's names. Markers: «…» expected span,
 * ‸ cursor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readText, serviceWith } from '../helpers/fixtures';

const SPEC = readText(join(__dirname, '..', '..', 'examples', 'jwt-websocket-service', 'asyncapi.yaml'));

function service(session: string) {
  const s = serviceWith({ 'a.session.yaml': session, 'asyncapi.yaml': SPEC });
  return { ...s, file: s.uri('a.session.yaml'), marks: s.marks['a.session.yaml']! };
}

const spans = (ds: { start: number; end: number }[]) => ds.map((d) => ({ start: d.start, end: d.end }));

test('the shape: an unknown key on the key, a wrong value on the value, a step with two actions on the step', () => {
  const s = service(`session: 1
spec: asyncapi.yaml
«tiemout»: 3000
steps:
  - send: ping
    payload: { type: ping }
  - expect: pong
    timeout: «soon»
  - «send: ping
    wait: 10
»`);
  const diags = s.service.fastDiagnostics(s.file);
  assert.deepEqual(spans(diags), s.marks.spans);
  assert.deepEqual(
    diags.map((d) => [d.code, d.message]),
    [
      ['session-schema', 'unknown key "tiemout"'],
      ['session-schema', 'must be integer'],
      ['session-schema', 'a step has exactly one of send, emit, expect, nothing, listen, wait, subscribe (found send, wait)'],
    ],
  );
});

test('names the spec does not declare, for the direction they are used in, and unknown examples', () => {
  const s = service(`session: 1
spec: asyncapi.yaml
server: local
channel: events
steps:
  - send: «subscrib»
    payload: {}
  - send: «pong»
    payload: {}
  - expect: { anyOf: [unsubscribed, «nope»] }
  - send: ping
    example: «loud»
  - expect: pong
`);
  assert.deepEqual(s.service.fastDiagnostics(s.file), []);
  const diags = s.service.slowDiagnostics(s.file);
  assert.deepEqual(spans(diags), s.marks.spans);
  assert.deepEqual(
    diags.map((d) => d.message),
    [
      'the spec declares no message "subscrib" that a client sends',
      'the spec declares no message "pong" that a client sends',
      'the spec declares no message "nope" that a client receives',
      'message ping has no example "loud" (it has none with a name)',
    ],
  );
});

test('a spec that cannot be read, and a server the spec does not have, are said where they are named', () => {
  const missing = service(`session: 1\nspec: «nowhere.yaml»\nsteps:\n  - wait: 1\n`);
  assert.deepEqual(spans(missing.service.slowDiagnostics(missing.file)), missing.marks.spans);
  const server = service(`session: 1\nspec: asyncapi.yaml\nserver: «prod»\nsteps:\n  - wait: 1\n`);
  const [d] = server.service.slowDiagnostics(server.file);
  assert.deepEqual(spans([d!]), server.marks.spans);
  assert.equal(d!.message, 'the spec has no server "prod" (it has local)');
});

test('completion: message ids by direction, servers, channels and keys from the schema', () => {
  const at = (text: string) => {
    const s = service(text);
    return s.service.completions(s.file, s.marks.cursors[0]!).map((c) => c.label);
  };
  assert.deepEqual(at('session: 1\nspec: asyncapi.yaml\nsteps:\n  - send: ‸\n'), ['subscribe', 'unsubscribe', 'ping']);
  assert.ok(at('session: 1\nspec: asyncapi.yaml\nsteps:\n  - expect: po‸\n').includes('pong'));
  assert.ok(!at('session: 1\nspec: asyncapi.yaml\nsteps:\n  - expect: ‸\n').includes('subscribe'), 'a message the client sends is no answer');
  assert.deepEqual(at('session: 1\nspec: asyncapi.yaml\nserver: ‸\nsteps:\n  - wait: 1\n'), ['local']);
  assert.deepEqual(at('session: 1\nspec: asyncapi.yaml\nchannel: ‸\nsteps:\n  - wait: 1\n'), ['events']);
  assert.ok(at('session: 1\nspec: asyncapi.yaml\n‸\nsteps:\n  - wait: 1\n').includes('timeout'));
  assert.ok(at('session: 1\nspec: asyncapi.yaml\nsteps:\n  - send: ping\n    ‸\n').includes('payload'));
});
