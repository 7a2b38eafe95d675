/**
 * Runs a slow pass (semantic diagnostics) on the server's single thread without holding requests hostage: its
 * steps are pulled in slices of a few milliseconds, and between slices the event loop answers whatever arrived
 * (completion, hover, the next edit).
 */
import type { SlowSteps } from './languageService/core/features';
import type { SpecDiagnostic } from './languageService/core/types';

/**
 * Longest stretch of slow-pass work before the server looks at its queue again (plus the step under way: the
 * semantic pass's steps are about 1 ms or less at 10k lines). Was 8 ms; at 3 ms a pass takes more turns of the
 * event loop but no measurable CPU more (docs/performance.md, "Requests during the slow pass, and the CLI's start").
 * The workspace index's build uses it too (workspaceIndexing.ts).
 */
export const SLICE_MS = 3;

export interface SlicedPass {
  /** Stops the pass for good (a newer pass replaced it, or the document closed). */
  stop(): void;
}

export interface SliceCallbacks {
  /**
   * Whether the document is still the version the pass started on. Once it is not, no step may run: the
   * next version rewrites the old syntax tree in place.
   */
  current(): boolean;
  done(diagnostics: SpecDiagnostic[]): void;
  /** A step threw: the pass ends without results (the previous ones stay published). */
  onError(error: unknown): void;
  /**
   * Whether a message from the client has just arrived or been answered: the pass then waits (a few ms at a
   * time) instead of taking the next slice. Answering a request takes the connection a couple of turns of the
   * event loop (read, handle, write), and a slice in each turn made a completion wait several slices
   * (docs/performance.md, "The slow pass and requests").
   */
  inputPending?(): boolean;
}

/** How often a pass that gave way to input looks again. */
const RECHECK_MS = 2;

export function runInSlices(steps: SlowSteps, cb: SliceCallbacks, sliceMs = SLICE_MS): SlicedPass {
  let stopped = false;
  const slice = () => {
    if (stopped || !cb.current()) return;
    if (cb.inputPending?.()) return void setTimeout(slice, RECHECK_MS);
    const end = performance.now() + sliceMs;
    try {
      for (let r = steps.next(); ; r = steps.next()) {
        if (r.done) return cb.done(r.value);
        if (performance.now() >= end) return void setImmediate(slice);
      }
    } catch (e) {
      cb.onError(e);
    }
  };
  slice();
  return { stop: () => (stopped = true) };
}
