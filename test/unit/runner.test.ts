/** The server's one way to run handlers: errors logged once and answered with the fallback, cancellation honoured. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { formatError, runQuietly, runSafe } from '../../server/src/runner';

test('a handler that throws is answered with the fallback, and its error is logged once with where and stack', () => {
  const logged: string[] = [];
  const answer = runSafe(
    (t) => logged.push(t),
    'hover',
    undefined,
    null,
    () => {
      throw new Error('boom');
    },
  );
  assert.equal(answer, null);
  assert.equal(logged.length, 1);
  assert.match(logged[0], /^hover: Error: boom\n\s+at /);
});

test('a request cancelled before it runs is answered RequestCancelled without running', () => {
  const source = new CancellationTokenSource();
  source.cancel();
  let ran = false;
  const answer = runSafe(
    () => assert.fail('nothing to log'),
    'completion',
    source.token,
    null,
    () => (ran = true),
  );
  assert.ok(answer instanceof ResponseError);
  assert.equal(answer.code, LSPErrorCodes.RequestCancelled);
  assert.equal(ran, false);
});

test('a request cancelled while it runs is answered RequestCancelled, not with a stale result', () => {
  const source = new CancellationTokenSource();
  const answer = runSafe(
    () => assert.fail('nothing to log'),
    'references',
    source.token,
    null,
    () => {
      source.cancel();
      return ['stale'];
    },
  );
  assert.ok(answer instanceof ResponseError && answer.code === LSPErrorCodes.RequestCancelled);
});

test('a result is passed through as it is', () => {
  assert.deepEqual(
    runSafe(
      () => assert.fail('nothing to log'),
      'symbols',
      new CancellationTokenSource().token,
      null,
      () => [1, 2],
    ),
    [1, 2],
  );
});

test('quiet work logs a thrown error once and lets it go no further; a non-Error is said as text', () => {
  const logged: string[] = [];
  runQuietly(
    (t) => logged.push(t),
    'publish',
    () => {
      throw 'odd';
    },
  );
  assert.deepEqual(logged, ['publish: odd']);
  assert.equal(formatError('x', 42), 'x: 42');
});
