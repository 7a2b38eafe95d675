/**
 * A full garbage collection once the server has gone quiet after a burst of work.
 *
 * Node never tells V8 that the process is idle, so V8's own memory reducer rarely runs: after opening a large
 * spec or a run of edits, the heap keeps the garbage of the full parse and of each keystroke until allocation
 * forces the next major GC. Editors keep a language server open for hours, mostly idle; one collection in the
 * first quiet moment returns that memory. Its pause grows with the heap (figures: docs/performance.md, "Server
 * memory"), so it never runs while the user is typing or waiting for an answer.
 */
import { getHeapStatistics } from 'node:v8';

export interface IdleCollectorOptions {
  /** Quiet time (no client input, no work) before collecting. */
  idleMs: number;
  /** Collect only if the heap's used size grew at least this much since the last collection. */
  minGrowthBytes: number;
  /** The heap's used size in bytes. */
  usedBytes(): number;
  /** A full, synchronous garbage collection; false if there is no way to run one. */
  collect(): boolean;
  /** Told after each collection (for the log). */
  collected?(beforeBytes: number, afterBytes: number, ms: number): void;
  /** Timers; injectable so the scheduling can be tested without waiting. */
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
}

export interface IdleCollector {
  /** Work finished (a diagnostics pass published): collect after `idleMs` of quiet. */
  workDone(): void;
  /** Longer work started (the slow pass, in slices): no collection until it is done. */
  busy(): void;
  /** Client input arrived: the quiet period starts again. */
  input(): void;
  dispose(): void;
}

export function createIdleCollector(o: IdleCollectorOptions): IdleCollector {
  const setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
  const clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  let baseline = o.usedBytes();
  let timer: unknown;
  const disarm = () => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
  };
  const arm = () => {
    disarm();
    timer = setTimer(fire, o.idleMs);
  };
  function fire(): void {
    timer = undefined;
    const before = o.usedBytes();
    if (before - baseline < o.minGrowthBytes) return;
    const t = performance.now();
    if (!o.collect()) return;
    baseline = o.usedBytes();
    o.collected?.(before, baseline, performance.now() - t);
  }
  return {
    workDone: arm,
    busy: disarm,
    // Only postpones a pending collection: input alone (a hover, a completion) leaves little garbage behind.
    input: () => {
      if (timer !== undefined) arm();
    },
    dispose: disarm,
  };
}

/**
 * V8's `gc()`, which Node offers only when started with `--expose-gc` (SERVER_NODE_ARGS gives it to the server;
 * the test scripts give it to the test processes). Undefined otherwise: the collector is then simply not used.
 */
export function exposeGc(): (() => void) | undefined {
  const gc: unknown = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
}

export const heapUsedBytes = (): number => getHeapStatistics().used_heap_size;
