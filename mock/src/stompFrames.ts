/**
 * Reads STOMP frames from a connection's WebSocket messages (a frame may span messages, a message may hold
 * several frames), keeping at most `maxFrameBytes` of an unfinished frame, as bytes. stompjs's Parser, used
 * before, kept every byte of a frame in a JS array with no limit: one 20 MB SEND grew the mock by 500 MB.
 */
import type { IRawFrameType } from '@stomp/stompjs' with { 'resolution-mode': 'import' };

/** Why a connection's input cannot be read on: the connection is to be closed. */
export type StompReadProblem = 'too-large' | 'malformed';

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

export class StompFrameReader {
  private buf = Buffer.alloc(0);
  private len = 0;
  /** Bytes before this offset were searched already (no rescans: a frame sent a byte per message stays linear). */
  private scanned = 0;
  /** The head of the frame being read, once its blank line has arrived; its body starts at bodyStart. */
  private current: { head: Head; bodyStart: number } | undefined;

  constructor(
    private readonly maxFrameBytes: number,
    private readonly onFrame: (frame: IRawFrameType) => void,
  ) {}

  /** Reads one message's bytes, handing every complete frame to onFrame; after a problem, the caller stops. */
  push(chunk: Buffer): StompReadProblem | undefined {
    const problem = this.read(chunk);
    if (problem) this.buf = Buffer.alloc((this.len = 0)); // the connection is closing: its bytes are dropped at once
    return problem;
  }

  private read(chunk: Buffer): StompReadProblem | undefined {
    this.append(chunk);
    let start = 0;
    for (;;) {
      if (!this.current) start = this.skipHeartBeats(start);
      if (start === this.len) break;
      const read = this.frameAt(start);
      if (typeof read === 'string') return read;
      if (!read) break;
      this.current = undefined;
      this.onFrame(read.frame);
      start = this.scanned = read.end;
    }
    this.consume(start);
    return this.len > this.maxFrameBytes ? 'too-large' : undefined;
  }

  /** EOLs between frames are heart-beats (and stray NULs are skipped, as stompjs did); the mock asks for none. */
  private skipHeartBeats(at: number): number {
    while (at < this.len && (this.buf[at] === LF || this.buf[at] === CR || this.buf[at] === NUL)) at++;
    this.scanned = Math.max(this.scanned, at);
    return at;
  }

  private frameAt(start: number): { frame: IRawFrameType; end: number } | StompReadProblem | undefined {
    const data = this.buf.subarray(0, this.len);
    if (!this.current) {
      const bodyStart = this.headersEnd(data, start);
      if (bodyStart < 0) return undefined;
      const head = parseHead(data.toString('utf8', start, bodyStart));
      if (!head) return 'malformed';
      this.current = { head, bodyStart };
      this.scanned = bodyStart;
    }
    const { head, bodyStart } = this.current;
    const bodyEnd = this.bodyEnd(data, bodyStart, head.contentLength);
    if (typeof bodyEnd !== 'number') return bodyEnd;
    const frame = { command: head.command, headers: head.headers, binaryBody: new Uint8Array(data.subarray(bodyStart, bodyEnd)) };
    return { frame, end: bodyEnd + 1 };
  }

  /** Offset just past the blank line ("\n\n" or "\n\r\n") that ends the headers, or -1 while it has not arrived. */
  private headersEnd(data: Buffer, start: number): number {
    // Resumed three bytes back: the blank line may straddle two messages.
    const from = Math.max(start, this.scanned - 3);
    const lf = data.indexOf('\n\n', from);
    const crlf = data.subarray(0, lf < 0 ? this.len : lf + 1).indexOf('\n\r\n', from);
    if (lf < 0 && crlf < 0) {
      this.scanned = this.len;
      return -1;
    }
    return crlf >= 0 ? crlf + 3 : lf + 2;
  }

  /** Offset of the body's closing NUL; undefined while it has not arrived. */
  private bodyEnd(data: Buffer, bodyStart: number, contentLength: number | undefined): number | StompReadProblem | undefined {
    if (contentLength === undefined) {
      const nul = data.indexOf(NUL, Math.max(bodyStart, this.scanned));
      if (nul < 0) this.scanned = this.len;
      return nul < 0 ? undefined : nul;
    }
    // Refused on its header: such a body is never buffered.
    if (contentLength > this.maxFrameBytes) return 'too-large';
    const end = bodyStart + contentLength;
    if (end >= this.len) return undefined;
    return data[end] === NUL ? end : 'malformed';
  }

  private append(chunk: Buffer): void {
    if (this.len + chunk.length > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.len + chunk.length, Math.min(this.buf.length * 2, this.maxFrameBytes + chunk.length)));
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    chunk.copy(this.buf, this.len);
    this.len += chunk.length;
  }

  /** Drops the bytes of frames read; a large buffer is let go once empty, so idle connections hold little. */
  private consume(upTo: number): void {
    if (upTo === 0) return;
    this.buf.copy(this.buf, 0, upTo, this.len);
    this.len -= upTo;
    this.scanned = Math.max(0, this.scanned - upTo);
    if (this.current) this.current.bodyStart -= upTo;
    if (this.len === 0 && this.buf.length > 64 * 1024) this.buf = Buffer.alloc(0);
  }
}

interface Head {
  command: string;
  headers: [string, string][];
  contentLength?: number;
}

/** The command line and headers (escapes are undone later, by stompjs's FrameImpl.fromRawFrame). */
function parseHead(text: string): Head | undefined {
  const [command, ...lines] = text.split(/\r?\n/);
  const headers: [string, string][] = [];
  for (const line of lines) {
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    headers.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  // The first of repeated headers counts (STOMP 1.2).
  const length = headers.find(([k]) => k === 'content-length')?.[1].trim();
  if (length !== undefined && !/^\d{1,15}$/.test(length)) return undefined;
  return { command, headers, ...(length !== undefined ? { contentLength: Number(length) } : {}) };
}
