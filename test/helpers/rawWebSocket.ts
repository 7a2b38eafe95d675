/**
 * A WebSocket client on a bare `net` socket, for hostile input: it frames whatever it is told (unmasked, reserved
 * opcodes, RSV bits, lying lengths), so malformed frames really reach the server, and reads the server's frames.
 */
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface FrameSpec {
  opcode: number;
  payload?: Buffer | string;
  fin?: boolean;
  /** RSV1..3 as the frame's bits 0x40, 0x20, 0x10. */
  rsv?: number;
  mask?: boolean;
  /** The length the header announces, when it is to lie (or announce more than is sent). */
  announce?: bigint;
}

/** One client-to-server frame, as built: nothing is checked. */
export function clientFrame(f: FrameSpec): Buffer {
  const payload = typeof f.payload === 'string' ? Buffer.from(f.payload) : (f.payload ?? Buffer.alloc(0));
  const length = f.announce ?? BigInt(payload.length);
  const mask = f.mask ?? true;
  const head = [((f.fin ?? true) ? 0x80 : 0) | (f.rsv ?? 0) | f.opcode];
  const maskBit = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (length < 126n) head.push(maskBit | Number(length));
  else if (length < 65536n) {
    head.push(maskBit | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(length));
  } else {
    head.push(maskBit | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(length);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]));
  return Buffer.concat([Buffer.from(head), ext, key, masked]);
}

/** A close frame's payload: the code, then the reason's bytes. */
export function closePayload(code: number, reason: Buffer | string = ''): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return Buffer.concat([b, Buffer.from(reason)]);
}

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

export class RawWebSocket {
  readonly frames: ServerFrame[] = [];
  /** The server's close frame (code 1006 when the connection ended without one). */
  readonly closed: Promise<{ code: number; reason: Buffer }>;
  private pending = Buffer.alloc(0);
  private waiters: (() => void)[] = [];

  constructor(
    readonly socket: Socket,
    rest: Buffer,
  ) {
    let done!: (c: { code: number; reason: Buffer }) => void;
    this.closed = new Promise((r) => (done = r));
    socket.on('data', (d: Buffer) => this.read(d, done));
    socket.on('close', () => done({ code: 1006, reason: Buffer.alloc(0) }));
    socket.on('error', () => {}); // a reset after the server's close is expected; `closed` tells the outcome
    this.read(rest, done);
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves with the first (text or binary) frame from the server that passes `test`, among those to come too. */
  nextFrame(test: (f: ServerFrame) => boolean): Promise<ServerFrame> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const f = this.frames.find(test);
        if (f) resolve(f);
        return !!f;
      };
      if (check()) return;
      this.waiters.push(() => void check());
      void this.closed.then(
        () => check() || reject(new Error(`closed before the frame came; got ${this.frames.map((f) => f.payload.toString()).join(' | ')}`)),
      );
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private read(data: Buffer, done: (c: { code: number; reason: Buffer }) => void): void {
    this.pending = Buffer.concat([this.pending, data]);
    for (let f = takeFrame(this.pending); f; f = takeFrame(this.pending)) {
      this.pending = this.pending.subarray(f.size);
      if (f.frame.opcode === 8) done({ code: f.frame.payload.length >= 2 ? f.frame.payload.readUInt16BE(0) : 1005, reason: f.frame.payload.subarray(2) });
      else this.frames.push(f.frame);
    }
    for (const w of this.waiters) w();
  }
}

/** One unmasked server frame from the start of `b`, or undefined while incomplete. */
function takeFrame(b: Buffer): { frame: ServerFrame; size: number } | undefined {
  if (b.length < 2) return undefined;
  let n = b[1] & 0x7f;
  let at = 2;
  if (n === 126) {
    n = b.length >= 4 ? b.readUInt16BE(2) : -1;
    at = 4;
  } else if (n === 127) {
    n = b.length >= 10 ? Number(b.readBigUInt64BE(2)) : -1;
    at = 10;
  }
  if (n < 0 || b.length < at + n) return undefined;
  return { frame: { opcode: b[0] & 0x0f, payload: Buffer.from(b.subarray(at, at + n)) }, size: at + n };
}

/** Opens a WebSocket on a bare socket: the handshake, then frames as told. */
export function rawWebSocket(port: number, path: string, headers: Record<string, string> = {}): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const extra = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
    );
    let head = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const status = head.subarray(0, end).toString();
      if (!status.startsWith('HTTP/1.1 101')) return (socket.destroy(), reject(new Error(status)));
      resolve(new RawWebSocket(socket, head.subarray(end + 4)));
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}
