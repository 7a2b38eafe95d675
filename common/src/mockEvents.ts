/**
 * The mock process's output with `--json` (`dist/cli.js mock`): one JSON object per line, mock → its parent (the
 * extension's MockProcess, `npm start`). Both ends use these types and these two functions.
 */
export type MockLine =
  | { event: 'listening'; url: string; port: number; server: string; protocol: string; token: string }
  | { event: 'log'; message: string }
  | { event: 'error'; message: string }
  | { event: 'stopped' };

/** What MockProcess reports: the process's lines, and its exit. */
export type MockEvent = MockLine | { event: 'exit'; code: number | null; stderr: string };

export function encodeMockLine(line: MockLine): string {
  return JSON.stringify(line) + '\n';
}

/** A line back into its event; undefined for anything else (a stray print is a log line to the caller, not a crash). */
export function decodeMockLine(text: string): MockLine | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const str = (k: string) => typeof o[k] === 'string';
  switch (o.event) {
    case 'listening':
      return str('url') && typeof o.port === 'number' && str('server') && str('protocol') && str('token') ? (o as MockLine) : undefined;
    case 'log':
    case 'error':
      return str('message') ? (o as MockLine) : undefined;
    case 'stopped':
      return { event: 'stopped' };
    default:
      return undefined;
  }
}
