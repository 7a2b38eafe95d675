/**
 * A full garbage collection once the server has gone quiet after a burst of work.
 *
 * Node never tells V8 that the process is idle, so V8's own memory reducer rarely runs: after opening a large
 * spec or a run of edits, the heap keeps the garbage of the full parse and of each keystroke until allocation
 * forces the next major GC. Editors keep a language server open for hours, mostly idle; one collection in the
 * first quiet moment returns that memory. Its pause grows with the heap (figures: docs/performance.md, "Server
 * memory"), so it never runs while the user is typing or waiting for an answer.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The server's activity, as a QuietMoment and an IdleCollector hear of it. */
export interface ActivityListener {
  /** Work finished (a diagnostics pass published): quiet from now, if nothing else comes for the quiet time. */
  workDone(): void;
  /** Longer work started (the slow pass, in slices): not quiet until it is done. */
  busy(): void;
  /** Client input arrived: the quiet time starts again. */
  input(): void;
  dispose(): void;
}

export interface QuietMomentOptions {
  /** Quiet time (no client input, no work) after work before `onQuiet`. */
  idleMs: number;
  onQuiet(): void;
  /** Timers; injectable so the scheduling can be tested without waiting. */
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
}

/** Calls `onQuiet` once the server has had `idleMs` of quiet after work (again after each later burst of work). */
export function createQuietMoment(o: QuietMomentOptions): ActivityListener {
  const setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
  const clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  let timer: unknown;
  const disarm = () => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
  };
  const arm = () => {
    disarm();
    timer = setTimer(() => {
      timer = undefined;
      o.onQuiet();
    }, o.idleMs);
  };
  return {
    workDone: arm,
    busy: disarm,
    // Only postpones a pending moment: input alone (a hover, a completion) leaves little garbage behind.
    input: () => {
      if (timer !== undefined) arm();
    },
    dispose: disarm,
  };
}

export interface IdleCollectorOptions extends Omit<QuietMomentOptions, 'onQuiet'> {
  /** Collect only if the heap's used size grew at least this much since the last collection. */
  minGrowthBytes: number;
  /** The heap's used size in bytes. */
  usedBytes(): number;
  /** A full, synchronous garbage collection; false if there is no way to run one. */
  collect(): boolean;
  /** Told after each collection (for the log). */
  collected?(beforeBytes: number, afterBytes: number, ms: number): void;
}

export type IdleCollector = ActivityListener;

export function createIdleCollector(o: IdleCollectorOptions): IdleCollector {
  let baseline = o.usedBytes();
  return createQuietMoment({
    ...o,
    onQuiet: () => {
      const before = o.usedBytes();
      if (before - baseline < o.minGrowthBytes) return;
      const t = performance.now();
      if (!o.collect()) return;
      baseline = o.usedBytes();
      o.collected?.(before, baseline, performance.now() - t);
    },
  });
}

/** V8's `gc`: no argument, a plain full collection; V8 12+ reads options (Node documents `type` and `execution`). */
type V8Gc = (options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * V8's `gc()`: the global one Node offers when started with `--expose-gc` (SERVER_NODE_ARGS gives it to the
 * server; the test scripts give it to the test processes), else one exposed now. A client that starts
 * `node dist/server.js` without our flags (Neovim, any editor's generic LSP client) would otherwise get no idle
 * collection at all; a flag set at run time applies to the contexts created after it, hence the new context.
 */
function v8Gc(): V8Gc | undefined {
  const own: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as V8Gc;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as V8Gc) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The idle collection: undefined when V8's `gc` cannot be had. On V8 12+ (Node 22+, VS Code's Electron) the
 * last-resort flavour (V8's CollectAllAvailableGarbage: it compacts, shrinks the young generation and hands the
 * freed pages back), which took the settled RSS with a 100k-line spec open from ~280 to ~150 MB; a plain full
 * collection frees the objects but V8 keeps their pages committed (figures: docs/performance.md, "Opening a
 * file"). Older V8s do not know the option: they get the plain one.
 */
export function exposeGc(gc = v8Gc(), v8Version = process.versions.v8): (() => void) | undefined {
  if (!gc) return undefined;
  if (Number(v8Version.split('.')[0]) >= 12) return () => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return () => gc();
}

export const heapUsedBytes = (): number => getHeapStatistics().used_heap_size;
