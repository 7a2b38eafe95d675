/**
 * Errors of a mock's sockets, servers and parsers. A malformed frame makes ws close that connection with the
 * RFC 6455 code (1002, 1007, 1009) and then emit 'error': unheard, that error ended the whole mock process.
 */

/** Logs each 'error' of `emitter` as one line; the connection it concerns is closed by its owner, nothing else is. */
export function logErrors(emitter: { on(event: 'error', listener: (e: Error) => void): unknown }, where: string, log: (line: string) => void): void {
  emitter.on('error', (e) => log(`${where}: ${describeError(e)}`));
}

/** An error in one line (a stack handed over as a string is cut to its first line). */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e).split('\n')[0];
  const code = (e as NodeJS.ErrnoException).code;
  const message = e.message.split('\n')[0];
  return code ? `${message} (${code})` : message;
}
