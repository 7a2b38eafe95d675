/**
 * Keeps validation off the typing path: fast diagnostics once the queued edits are applied (coalescing bursts),
 * slow ones after a pause; results for a version that is no longer current are dropped.
 *
 * The connection handles one queued message per event-loop turn (vscode-jsonrpc's `setImmediate`), so a fast
 * pass queued by an edit would run before the next queued edit and validate a version already superseded. Each
 * edit re-arms it instead, and it runs only after a turn in which no edit came: after the last of a burst.
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
      clearImmediate(fast.get(uri));
      fast.set(
        uri,
        setImmediate(() =>
          fast.set(
            uri,
            setImmediate(() => {
              fast.delete(uri);
              cb.runFast(uri);
            }),
          ),
        ),
      );
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
