/**
 * Keeps validation off the typing path: fast diagnostics on the next tick after an edit (coalescing bursts),
 * slow ones after a pause; results for a version that is no longer current are dropped.
 */
export interface ValidationScheduler {
  /** A document changed: schedule both passes. */
  changed(uri: string): void;
  cancel(uri: string): void;
}

export interface SchedulerCallbacks {
  runFast(uri: string): void;
  runSlow(uri: string): void;
}

export function createValidationScheduler(cb: SchedulerCallbacks, slowDelayMs = 250): ValidationScheduler {
  const fast = new Map<string, NodeJS.Immediate>();
  const slow = new Map<string, NodeJS.Timeout>();
  return {
    changed(uri) {
      if (!fast.has(uri)) {
        fast.set(
          uri,
          setImmediate(() => {
            fast.delete(uri);
            cb.runFast(uri);
          }),
        );
      }
      clearTimeout(slow.get(uri));
      slow.set(
        uri,
        setTimeout(() => {
          slow.delete(uri);
          cb.runSlow(uri);
        }, slowDelayMs),
      );
    },
    cancel(uri) {
      clearImmediate(fast.get(uri));
      clearTimeout(slow.get(uri));
      fast.delete(uri);
      slow.delete(uri);
    },
  };
}
