/** The server's idle collection: when it runs (after quiet, only if the heap grew) and that its gc is real. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { createIdleCollector, exposeGc, heapUsedBytes } from '../../server/src/idleCollector';

/** Timers the test fires by hand: the collector's scheduling without waiting. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  return {
    setTimer: (fn: () => void, ms: number) => (pending.set(++next, { fn, ms }), next),
    clearTimer: (h: unknown) => void pending.delete(h as number),
    pending: () => [...pending.values()],
    fire() {
      const all = [...pending.entries()];
      pending.clear();
      for (const [, t] of all) t.fn();
    },
  };
}

const MB = 2 ** 20;

function setup(startUsed: number) {
  const timers = manualTimers();
  const heap = { used: startUsed };
  const collections: [number, number][] = [];
  const collector = createIdleCollector({
    idleMs: 1500,
    minGrowthBytes: 16 * MB,
    usedBytes: () => heap.used,
    collect: () => ((heap.used = 20 * MB), true),
    collected: (before, after) => collections.push([before / MB, after / MB]),
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  });
  return { timers, heap, collections, collector };
}

test('after work and a quiet period, a heap that grew is collected once', () => {
  const { timers, heap, collections, collector } = setup(10 * MB);
  heap.used = 90 * MB;
  collector.workDone();
  assert.deepEqual(
    timers.pending().map((t) => t.ms),
    [1500],
  );
  timers.fire();
  assert.deepEqual(collections, [[90, 20]]);
  assert.equal(timers.pending().length, 0, 'nothing more is scheduled until new work');
});

test('input during the quiet period starts it again; input alone schedules nothing', () => {
  const { timers, heap, collections, collector } = setup(10 * MB);
  collector.input();
  assert.equal(timers.pending().length, 0);
  heap.used = 90 * MB;
  collector.workDone();
  collector.input();
  collector.input();
  assert.equal(timers.pending().length, 1, 'one timer, re-armed, not three');
  collector.workDone();
  assert.equal(timers.pending().length, 1);
  timers.fire();
  assert.equal(collections.length, 1);
});

test('a heap that grew less than the threshold since the last collection is left alone', () => {
  const { timers, heap, collections, collector } = setup(10 * MB);
  heap.used = 25 * MB; // +15 MB
  collector.workDone();
  timers.fire();
  assert.deepEqual(collections, []);
  heap.used = 90 * MB;
  collector.workDone();
  timers.fire();
  assert.deepEqual(collections, [[90, 20]]);
  heap.used = 30 * MB; // +10 MB over what the collection left
  collector.workDone();
  timers.fire();
  assert.equal(collections.length, 1);
});

test('a slow pass that starts holds the collection back until its publish', () => {
  const { timers, heap, collections, collector } = setup(10 * MB);
  heap.used = 90 * MB;
  collector.workDone(); // the fast pass published
  collector.busy(); // the slow pass started: it may run longer than the quiet period
  assert.equal(timers.pending().length, 0);
  collector.input();
  assert.equal(timers.pending().length, 0, 'input during the pass schedules nothing');
  collector.workDone(); // the slow pass published
  timers.fire();
  assert.deepEqual(collections, [[90, 20]]);
});

test('dispose cancels a pending collection', () => {
  const { timers, heap, collections, collector } = setup(10 * MB);
  heap.used = 90 * MB;
  collector.workDone();
  collector.dispose();
  assert.equal(timers.pending().length, 0);
  assert.deepEqual(collections, []);
});

test('where no collection can be run, none is reported', () => {
  const timers = manualTimers();
  const reported: number[] = [];
  const collector = createIdleCollector({
    idleMs: 1500,
    minGrowthBytes: MB,
    usedBytes: (() => {
      let used = 0;
      return () => (used += 10 * MB);
    })(),
    collect: () => false,
    collected: (before) => reported.push(before),
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  });
  collector.workDone();
  timers.fire();
  assert.deepEqual(reported, []);
});

test("exposeGc hands over V8's real collector: garbage is freed", () => {
  const gc = exposeGc();
  assert.ok(gc, 'gc could not be exposed at runtime');
  const { allocated, left, kept } = garbageThenGc(gc);
  assert.ok(allocated > 15 * MB, `the test allocated only ${(allocated / MB).toFixed(1)} MB`);
  assert.ok(left < 5 * MB, `after gc the heap still holds ${(left / MB).toFixed(1)} MB of the garbage`);
  assert.equal(kept, 0);
});

/**
 * `gc`, ~20 MB of garbage in old-generation-sized chunks the young-generation scavenges don't reclaim, `gc` again:
 * how much the garbage grew the heap, how much of it is left, and what the array holding it still holds (none).
 */
function garbageThenGc(gc: () => void): { allocated: number; left: number; kept: number } {
  gc();
  const before = heapUsedBytes();
  let keep: unknown[] = [];
  for (let i = 0; i < 200; i++) keep.push(new Array(12_500).fill({ i }));
  const withGarbage = heapUsedBytes();
  keep = [];
  gc();
  return { allocated: withGarbage - before, left: heapUsedBytes() - before, kept: keep.length };
}

test('on V8 12+ the idle collection is the last-resort flavour; older V8s, which do not know it, get a plain one', () => {
  const calls: unknown[][] = [];
  const gc = (...args: unknown[]) => void calls.push(args);
  exposeGc(gc, '13.6.233.17-node.63')!();
  exposeGc(gc, '12.4.254.21-node.33')!();
  exposeGc(gc, '11.3.244.8-node.38')!();
  const lastResort = { type: 'major', execution: 'sync', flavor: 'last-resort' };
  assert.deepEqual(calls, [[lastResort], [lastResort], []]);
});

test(
  'on V8 12+ the collection hands the freed pages back: the committed heap falls to near what is used',
  { skip: Number(process.versions.v8.split('.')[0]) < 12 && `V8 ${process.versions.v8} has no last-resort collection` },
  () => {
    const gc = exposeGc()!;
    let keep: unknown[] = [];
    for (let i = 0; i < 400; i++) keep.push(new Array(12_500).fill({ i }));
    keep = [];
    gc();
    const h = getHeapStatistics();
    // A plain full collection left ~130 MB committed here (Node 24) for ~4 MB used.
    assert.ok(h.total_heap_size - h.used_heap_size < 24 * MB, `${((h.total_heap_size - h.used_heap_size) / MB).toFixed(0)} MB committed but unused`);
    assert.equal(keep.length, 0);
  },
);

test('started without --expose-gc (a generic LSP client runs `node dist/server.js`), the server still gets a gc', () => {
  const global = globalThis as { gc?: unknown };
  const own = global.gc;
  global.gc = undefined; // as in a process started without the flag (this one has it, not deletable: scripts/unitTests.mjs)
  try {
    const gc = exposeGc();
    assert.ok(gc, 'no gc without --expose-gc');
    const { allocated, left, kept } = garbageThenGc(gc);
    assert.ok(allocated - left > 15 * MB, `freed ${((allocated - left) / MB).toFixed(1)} MB`);
    assert.ok(allocated > 15 * MB);
    assert.equal(kept, 0);
  } finally {
    global.gc = own;
  }
});
