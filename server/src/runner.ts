/**
 * How the server runs work it must not let fail (as VS Code's json-language-features `utils/runner.ts` does): an
 * error is formatted once and logged once, a request the client cancelled is answered RequestCancelled, and
 * nothing a handler throws reaches the connection.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

/** One log text for a caught error: where, then its stack (or message). */
export function formatError(where: string, e: unknown): string {
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return `${where}: ${detail}`;
}

const cancelled = () => new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'Request cancelled');

/**
 * A request handler's body: the client's answer, `fallback` (with one error logged) if it throws, and
 * RequestCancelled when the client cancelled before or during the work (a late answer would be thrown away).
 */
export function runSafe<T, F>(
  log: (text: string) => void,
  where: string,
  token: CancellationToken | undefined,
  fallback: F,
  run: () => T,
): T | F | ResponseError<void> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = run();
    return token?.isCancellationRequested ? cancelled() : result;
  } catch (e) {
    log(formatError(where, e));
    return fallback;
  }
}

/** Work nobody waits for (a publish, a notification): an error is logged once and goes no further. */
export function runQuietly(log: (text: string) => void, where: string, run: () => void): void {
  try {
    run();
  } catch (e) {
    log(formatError(where, e));
  }
}
