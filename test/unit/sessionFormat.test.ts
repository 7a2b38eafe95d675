/** Session files (common/src/sessions/format.ts + session.schema.json): the shipped ones parse, bad ones are refused in words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSession } from '../../common/src/sessions/format';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const head = 'session: 1\nspec: asyncapi.yaml\n';

test('every session file in examples/ follows the schema', () => {
  const files = readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.session.yaml'));
  assert.equal(files.length, 6);
  for (const f of files) {
    const parsed = parseSession(readFileSync(join(EXAMPLES, f), 'utf8'));
    assert.equal(typeof parsed, 'object', `${f}: ${String(parsed)}`);
  }
});

test('each step kind parses to the shape the runner reads', () => {
  const text =
    head +
    'auth: { scheme: bearer, env: TOKEN }\nsteps:\n  - send: a\n    example: one\n  - emit: b\n    ack: { match: { ok: true }, capture: { id: /id } }\n' +
    '  - expect: { anyOf: [c, d] }\n    timeout: 10\n  - nothing: 5\n  - listen: 5\n  - wait: 1\n  - subscribe: /queue/x\n';
  const parsed = parseSession(text);
  assert.deepEqual(parsed, {
    session: 1,
    spec: 'asyncapi.yaml',
    auth: { scheme: 'bearer', env: 'TOKEN' },
    steps: [
      { send: 'a', example: 'one' },
      { emit: 'b', ack: { match: { ok: true }, capture: { id: '/id' } } },
      { expect: { anyOf: ['c', 'd'] }, timeout: 10 },
      { nothing: 5 },
      { listen: 5 },
      { wait: 1 },
      { subscribe: '/queue/x' },
    ],
  });
});

test('a bad step is named by its index, with what is wrong with it', () => {
  const cases: [string, string][] = [
    ['  - send: a\n    expect: b\n', 'steps[0]: a step has exactly one of send, emit, expect, nothing, listen, wait, subscribe (found send, expect)'],
    ['  - send: a\n    payload: {}\n    example: x\n', 'steps[0]: send: must NOT be valid'],
    ['  - wait: 1\n  - expect: a\n    timout: 5\n', 'steps[1]: expect: must NOT have additional properties "timout"'],
    ['  - expect: a\n    capture: { id: id }\n', 'steps[0]: expect/capture/id: must match pattern "^(/.*)?$"'],
    ['  - nothing: -1\n', 'steps[0]: nothing/nothing: must be >= 0'],
    ['  - hello: a\n', 'steps[0]: a step has exactly one of send, emit, expect, nothing, listen, wait, subscribe (found none)'],
  ];
  for (const [steps, reason] of cases) assert.equal(parseSession(`${head}steps:\n${steps}`), reason, steps);
});

test('the file itself: not YAML, no steps, a secret written in place of its variable', () => {
  assert.match(parseSession('session: 1\nspec: [') as string, /^not YAML: /);
  assert.equal(parseSession(head), "(top level): must have required property 'steps'");
  assert.equal(parseSession(`${head}auth: { scheme: bearer, token: abc }\nsteps:\n  - wait: 1\n`), '/auth: must NOT have additional properties "token"');
  assert.equal(parseSession(`session: 2\nspec: a.yaml\nsteps:\n  - wait: 1\n`), '/session: must be equal to constant');
});
