/** A listener set shared by the transports: a throwing listener must never break the wire. */
import type { TransportEvent } from './transport';

export class EventHub<E = TransportEvent> {
  private readonly listeners = new Set<(e: E) => void>();

  on(listener: (e: E) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(e: E): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // A faulty listener is its owner's problem; the connection keeps going.
      }
    }
  }
}

/** URL with the query parameters appended (existing ones in the URL are kept). */
export function withQuery(url: string, query: Record<string, string>): string {
  const entries = Object.entries(query);
  if (entries.length === 0) return url;
  const u = new URL(url);
  for (const [k, v] of entries) u.searchParams.set(k, v);
  return u.toString();
}

/** An Error whose message is already in words, carrying the structured failure. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly kind: import('./transport').FailureKind,
    readonly status?: number,
    readonly body?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}
