/**
 * The host's copy of the log: a bounded list (at least 10,000 entries) and a batcher that posts new entries
 * to the webview every `batchMs`, so 5,000 frames a second become 50 posts a second.
 */
import type { Counters, LogEntry } from '../../../common/src/webviewMessages';

const MAX = 20_000;
const KEEP = 18_000;
/** A frame's text is kept (and shown) up to this size; its full size is still recorded. */
export const MAX_TEXT = 64 * 1024;
/**
 * How long a received frame may wait before it is posted. The budget is "received → shown" p95 ≤ 50 ms at
 * 1,000 msgs/s, and the webview still needs up to a display frame (its render is coalesced on
 * requestAnimationFrame) plus the render: at 50 ms the batch alone used the whole budget (bench/tryItPanel.ts
 * measured p95 48.6 ms before any render). 20 ms (a little over one 60 Hz frame) leaves room, and at 5,000
 * msgs/s it is 50 posts of ~100 entries a second, which the webview absorbs (renders stay one per frame).
 */
export const DEFAULT_BATCH_MS = 20;

export class LogBuffer {
  private entries: LogEntry[] = [];
  private pending: LogEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  counters: Counters = { matched: 0, unknown: 0, invalid: 0 };

  constructor(
    private readonly flushTo: (entries: LogEntry[], counters: Counters) => void,
    private readonly batchMs = DEFAULT_BATCH_MS,
  ) {}

  add(entry: Omit<LogEntry, 'seq'>): LogEntry {
    const e = { seq: ++this.seq, ...entry } as LogEntry;
    if (e.direction === 'in') {
      if (e.match === null) this.counters.unknown++;
      else if (e.match) this.counters.matched++;
      if (e.violations?.length) this.counters.invalid++;
    }
    this.entries.push(e);
    if (this.entries.length > MAX) this.entries = this.entries.slice(-KEEP);
    this.pending.push(e);
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
    return e;
  }

  /** Rewrites a logged entry (a status row told again in place); the webview replaces the row with its seq. */
  update(seq: number, entry: Omit<LogEntry, 'seq'>): LogEntry {
    const i = this.entries.findIndex((x) => x.seq === seq);
    if (i < 0) return this.add(entry); // trimmed away meanwhile: told as a new row
    const e = { seq, ...entry } as LogEntry;
    this.entries[i] = e;
    const p = this.pending.findIndex((x) => x.seq === seq);
    if (p >= 0) this.pending[p] = e;
    else this.pending.push(e);
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
    return e;
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.flushTo(batch, { ...this.counters });
  }

  clear(): void {
    this.entries = [];
    this.pending = [];
    this.counters = { matched: 0, unknown: 0, invalid: 0 };
  }

  all(): readonly LogEntry[] {
    return this.entries;
  }

  toJsonLines(): string {
    return this.entries.map((e) => JSON.stringify({ ...e, time: new Date(e.time).toISOString() })).join('\n') + (this.entries.length ? '\n' : '');
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

/** Text or base64 of a frame, cut to MAX_TEXT, with its size in bytes. */
export function frameContent(data: string | Uint8Array): Pick<LogEntry, 'text' | 'base64' | 'truncated' | 'size'> {
  if (typeof data === 'string') {
    const size = Buffer.byteLength(data);
    return data.length > MAX_TEXT ? { text: data.slice(0, MAX_TEXT), truncated: true, size } : { text: data, size };
  }
  const cut = data.length > MAX_TEXT;
  return { base64: Buffer.from(data.buffer, data.byteOffset, cut ? MAX_TEXT : data.length).toString('base64'), truncated: cut || undefined, size: data.length };
}
