/** The server's validation schedule: edits pause before the slow pass, an open does not (validationScheduler.ts). */
import test from 'node:test';
import assert from 'node:assert/strict';
import { createValidationScheduler, type SchedulerCallbacks } from '../../server/src/validationScheduler';

/** One turn of the event loop. */
const turn = () => new Promise<void>((r) => setImmediate(r));
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await turn();
};

/** A pause no test waits for: a slow pass that comes at all within these tests came without it. */
const PAUSE_MS = 60_000;

/**
 * Callbacks that log each call; a publishing step returns a publication that stays unwritten until the test
 * writes it (`write()`), as vscode-jsonrpc writes a turn or more after sendDiagnostics.
 */
function recorder() {
  const log: string[] = [];
  const pending: (() => void)[] = [];
  const publication = (name: string) => () => {
    log.push(name);
    return new Promise<void>((resolve) => pending.push(resolve));
  };
  const cb: SchedulerCallbacks = {
    runSyntax: publication('syntax'),
    runFast: publication('fast'),
    warmUp: () => void log.push('warm-up'),
    runSlow: () => void log.push('slow'),
  };
  const write = () => pending.splice(0).forEach((w) => w());
  return { log, cb, write };
}

test('an open runs the slow pass right after the first publication is written, without the pause', async () => {
  const r = recorder();
  const s = createValidationScheduler(r.cb, PAUSE_MS);
  s.opened('a');
  await turns(3);
  assert.deepEqual(r.log, ['fast']);
  // Nothing more while the fast diagnostics are not written: the client gets them before the slow pass runs.
  await turns(10);
  assert.deepEqual(r.log, ['fast']);
  r.write();
  await turns(3);
  assert.deepEqual(r.log, ['fast', 'warm-up', 'slow']);
  s.cancel('a');
});

test("the change TextDocuments reports with an open (same turn) does not put the open's slow pass behind the pause", async () => {
  const r = recorder();
  const s = createValidationScheduler(r.cb, PAUSE_MS);
  s.opened('a');
  s.changed('a'); // onDidChangeContent, fired right after onDidOpen for the same document
  await turns(3);
  r.write();
  await turns(3);
  assert.deepEqual(r.log, ['fast', 'warm-up', 'slow']);
  s.cancel('a');
});

test('a large open publishes the syntax diagnostics first, then the fast ones, then runs the slow pass', async () => {
  const r = recorder();
  const s = createValidationScheduler(r.cb, PAUSE_MS);
  s.opened('a', true);
  await turns(5);
  assert.deepEqual(r.log, ['syntax']);
  r.write();
  await turns(3);
  assert.deepEqual(r.log, ['syntax', 'fast']);
  r.write();
  await turns(3);
  assert.deepEqual(r.log, ['syntax', 'fast', 'warm-up', 'slow']);
  s.cancel('a');
});

test('an edit keeps the pause before the slow pass, also one that comes while an open is under way', async () => {
  const r = recorder();
  const s = createValidationScheduler(r.cb, PAUSE_MS);
  s.changed('a');
  await turns(3);
  r.write();
  await turns(10);
  assert.deepEqual(r.log, ['fast']);

  s.opened('b');
  await turns(3);
  s.changed('b'); // typed before the open's fast diagnostics were written
  r.write();
  await turns(10);
  assert.deepEqual(r.log, ['fast', 'fast', 'fast'], 'the edit gets its own fast pass; the open goes no further');
  s.cancel('a');
  s.cancel('b');
});

test('a closed document runs nothing more of its open', async () => {
  const r = recorder();
  const s = createValidationScheduler(r.cb, PAUSE_MS);
  s.opened('a');
  await turns(3);
  s.cancel('a');
  r.write();
  await turns(10);
  assert.deepEqual(r.log, ['fast']);
});

/**
 * An edit of a large text parsed whole (issue 13: a ~1 MB paste of broken text) publishes the parser's findings
 * first when `syntaxFirst` says so, the rest of the fast pass once they are written; a newer edit meanwhile drops
 * that rest (its own pass follows), and an edit `syntaxFirst` declines is one fast pass as before.
 */
test('an edit parsed whole publishes the syntax diagnostics first, then the fast ones, unless a newer edit came', async () => {
  const r = recorder();
  let first = true;
  const s = createValidationScheduler({ ...r.cb, syntaxFirst: () => first }, PAUSE_MS);
  s.changed('a');
  await turns(5);
  assert.deepEqual(r.log, ['syntax']);
  r.write();
  await turns(3);
  assert.deepEqual(r.log, ['syntax', 'fast']);

  s.changed('a');
  await turns(5);
  assert.deepEqual(r.log, ['syntax', 'fast', 'syntax']);
  first = false;
  s.changed('a'); // typed before the syntax diagnostics were written: the fast pass that was to follow is dropped
  r.write();
  await turns(10);
  assert.deepEqual(r.log, ['syntax', 'fast', 'syntax', 'fast']);
  r.write();
  await turns(10);
  assert.deepEqual(r.log, ['syntax', 'fast', 'syntax', 'fast'], 'one fast pass for the newer edit, none left over from the one before');
  s.cancel('a');
});
