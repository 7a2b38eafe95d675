/**
 * Keeps validation off the typing path: fast diagnostics once the queued edits are applied (coalescing bursts),
 * slow ones after a pause; results for a version that is no longer current are dropped.
 *
 * The connection handles one queued message per event-loop turn (vscode-jsonrpc's `setImmediate`), so a fast
 * pass queued by an edit would run before the next queued edit and validate a version already superseded. Each
 * edit re-arms it instead, and it runs only after a turn in which no edit came: after the last of a burst.
 *
 * Opening a document is different: nobody is typing yet, so the pause before the slow pass only delays the
 * complete diagnostics (it was half of open → last diagnostics on a 1k-line spec). An open runs its steps one
 * after the other instead, each once the previous one's publication is written (a step returns the promise of
 * its publication): syntax only first when asked (a large document: its first diagnostics come right after the
 * parse), the fast pass, the warm-up, then the slow pass. An edit in between falls back to the edit schedule;
 * the change TextDocuments reports along with the open (same turn) is not one.
 *
 * An edit whose text had to be parsed whole at a size where the parse alone is most of the budget (a paste of
 * ~1 MB of broken text, or any edit under a top-level key holding most of such a text) does the same as a large
 * open when `syntaxFirst` says so: the parser's findings for the new version first, the rest of the fast pass
 * (plain value, schema checks) once that is written, unless a newer edit came meanwhile (its own pass follows).
 */
export interface ValidationScheduler {
  /** A document changed: schedule both passes. */
  changed(uri: string): void;
  /**
   * A document opened: its passes one after the other without the pause; `syntaxFirst` publishes the syntax
   * diagnostics alone before the fast pass.
   */
  opened(uri: string, syntaxFirst?: boolean): void;
  cancel(uri: string): void;
}

/** What a step returns: the promise of its publication being written, or nothing when it published nothing. */
type Step = void | Promise<unknown>;

export interface SchedulerCallbacks {
  runFast(uri: string): Step;
  runSlow(uri: string): Step;
  /** Only the syntax diagnostics (see `opened`). */
  runSyntax?(uri: string): Step;
  /** Asked when an edit's fast pass is due: whether to publish the syntax diagnostics alone first (see above). */
  syntaxFirst?(uri: string): boolean;
  /** One-time work the slow pass needs, done on open after the first publication (LanguageFeatures.warmUp). */
  warmUp?(uri: string): void;
}

export function createValidationScheduler(cb: SchedulerCallbacks, slowDelayMs = 250): ValidationScheduler {
  const fast = new Map<string, NodeJS.Immediate>();
  const slow = new Map<string, NodeJS.Timeout>();
  /** The open sequence running per uri; a newer one (or an edit, or cancel) replaces it. */
  const openings = new Map<string, object>();
  /** Opened in the current turn (until its microtasks run). */
  const openedThisTurn = new Set<string>();
  /** An edit's fast pass waiting for its syntax publication to be written; a newer edit, open or cancel drops it. */
  const deferred = new Map<string, object>();

  /** `fn` after a turn in which nothing re-armed it (see above). */
  const afterQuietTurn = (uri: string, fn: () => void) => {
    clearImmediate(fast.get(uri));
    fast.set(
      uri,
      setImmediate(() =>
        fast.set(
          uri,
          setImmediate(() => {
            fast.delete(uri);
            fn();
          }),
        ),
      ),
    );
  };

  /** An edit's fast pass (see the top): after the syntax diagnostics alone when `syntaxFirst` asks for it. */
  const editPass = (uri: string) => {
    const { runSyntax, syntaxFirst } = cb;
    if (!runSyntax || !syntaxFirst?.(uri)) return void cb.runFast(uri);
    const token = {};
    deferred.set(uri, token);
    const next = () => {
      if (deferred.get(uri) !== token) return;
      deferred.delete(uri);
      // Through `fast`, as any fast pass: an edit arriving before it runs clears it.
      fast.set(
        uri,
        setImmediate(() => {
          fast.delete(uri);
          cb.runFast(uri);
        }),
      );
    };
    const written = runSyntax(uri);
    if (written) written.then(next, next);
    else next();
  };

  const cancel = (uri: string) => {
    deferred.delete(uri);
    clearImmediate(fast.get(uri));
    clearTimeout(slow.get(uri));
    fast.delete(uri);
    slow.delete(uri);
    openings.delete(uri);
  };

  return {
    changed(uri) {
      // TextDocuments fires a change for the document it opens, in the same turn as the open: not an edit.
      if (openedThisTurn.has(uri)) return;
      openings.delete(uri);
      deferred.delete(uri);
      afterQuietTurn(uri, () => editPass(uri));
      clearTimeout(slow.get(uri));
      slow.set(
        uri,
        setTimeout(() => {
          slow.delete(uri);
          cb.runSlow(uri);
        }, slowDelayMs),
      );
    },
    opened(uri, syntaxFirst = false) {
      cancel(uri);
      const opening = {};
      openings.set(uri, opening);
      openedThisTurn.add(uri);
      queueMicrotask(() => openedThisTurn.delete(uri));
      const { runSyntax, warmUp } = cb;
      const steps: (() => Step)[] = [
        ...(syntaxFirst && runSyntax ? [() => runSyntax(uri)] : []),
        () => cb.runFast(uri),
        ...(warmUp ? [() => warmUp(uri)] : []),
        () => cb.runSlow(uri),
      ];
      // Each step in a turn of its own, after the previous publication's write (vscode-jsonrpc writes a turn or
      // more after sendDiagnostics): the client has the diagnostics before the next step holds the thread.
      const run = (i: number) => {
        if (openings.get(uri) !== opening) return;
        if (i === steps.length - 1) openings.delete(uri);
        const written = steps[i]();
        if (i + 1 < steps.length) {
          const next = () => void setImmediate(() => run(i + 1));
          if (written) written.then(next, next);
          else next();
        }
      };
      afterQuietTurn(uri, () => run(0));
    },
    cancel,
  };
}
