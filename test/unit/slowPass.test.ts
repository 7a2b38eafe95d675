/** The server's slow pass runs in slices: requests that arrive meanwhile are answered between them. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { runInSlices } from '../../server/src/slowPass';
import type { SlowSteps } from '../../server/src/languageService/core/features';
import type { SpecDiagnostic } from '../../server/src/languageService/core/types';

/** One turn of the event loop (what the pass itself waits between slices). */
const turn = () => new Promise<void>((r) => setImmediate(r));

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/** A pass of `n` steps of `ms` each, recording when each ran. */
function* pass(n: number, ms: number, log: string[]): SlowSteps {
  for (let i = 0; i < n; i++) {
    busy(ms);
    log.push(`step ${i}`);
    yield;
  }
  return [{ code: 'done' } as SpecDiagnostic];
}

test('work queued while a long pass runs gets its turn within two slices, not after the pass', async () => {
  const log: string[] = [];
  const finished = new Promise<SpecDiagnostic[]>((resolve, reject) =>
    runInSlices(pass(20, 2, log), { current: () => true, done: resolve, onError: reject }, 5),
  );
  // An incoming request's handler, queued after the pass's next slice (as one read from stdin would be).
  setImmediate(() => log.push('request'));
  const diagnostics = await finished;
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['done'],
  );
  const at = log.indexOf('request');
  // Slices of 5 ms are 3 steps of 2 ms: the first slice, then at most one more before the request.
  assert.ok(at > 0 && at <= 6, `the request ran after ${at} steps of 20: ${log.join(', ')}`);
});

test('by default a slice is a few ms: with 1 ms steps, queued work waits at most two slices of 3 or 4 steps', async () => {
  const log: string[] = [];
  const finished = new Promise<SpecDiagnostic[]>((resolve, reject) => runInSlices(pass(40, 1, log), { current: () => true, done: resolve, onError: reject }));
  setImmediate(() => log.push('request'));
  await finished;
  const at = log.indexOf('request');
  // 8 ms slices (before) let 16 or more steps run first; a step stretched by the machine's load only lowers it.
  assert.ok(at > 0 && at <= 8, `the request ran after ${at} steps of 40`);
});

test('a pass whose document moved on stops before its next step and reports nothing', { timeout: 5000 }, async () => {
  const log: string[] = [];
  let version = 1;
  let reported = false;
  let consulted!: () => void;
  const checkedAfterEdit = new Promise<void>((r) => (consulted = r));
  const current = () => {
    if (version !== 1) consulted();
    return version === 1;
  };
  runInSlices(pass(20, 2, log), { current, done: () => (reported = true), onError: (e) => assert.fail(String(e)) }, 5);
  version = 2; // an edit arrived during the first slice
  await checkedAfterEdit; // the next slice looked, and returned without scheduling another
  await turn();
  assert.equal(reported, false);
  assert.ok(log.length < 20, `${log.length} steps ran`);
});

test('a stopped pass runs no further step; a throwing step ends it with the error', async () => {
  const log: string[] = [];
  const p = runInSlices(pass(20, 2, log), { current: () => true, done: () => assert.fail('done'), onError: (e) => assert.fail(String(e)) }, 5);
  p.stop();
  const ran = log.length;
  // The next slice was queued (setImmediate) during the first one: these turns come after it.
  await turn();
  await turn();
  assert.equal(log.length, ran);

  const error = await new Promise<unknown>((resolve) => {
    function* throwing(): SlowSteps {
      yield;
      throw new Error('broken rule');
    }
    runInSlices(throwing(), { current: () => true, done: () => resolve('done'), onError: resolve }, 5);
  });
  assert.match(String(error), /broken rule/);
});

test('while client input is pending the pass takes no slice, and goes on once it is answered', { timeout: 5000 }, async () => {
  const log: string[] = [];
  let pending = true;
  let asked = 0;
  let askedThrice!: () => void;
  const waitedThrice = new Promise<void>((r) => (askedThrice = r));
  const inputPending = () => {
    if (++asked === 3) askedThrice();
    return pending;
  };
  const finished = new Promise<SpecDiagnostic[]>((resolve, reject) =>
    runInSlices(pass(5, 1, log), { current: () => true, done: resolve, onError: reject, inputPending }, 5),
  );
  await waitedThrice; // the pass looked three times and gave way each time
  assert.deepEqual(log, [], 'no step ran while a request was being answered');
  pending = false;
  assert.deepEqual(
    (await finished).map((d) => d.code),
    ['done'],
  );
  assert.equal(log.length, 5);
});
