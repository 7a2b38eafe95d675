/** One frame of each kind RFC 6455 makes a server refuse, and the close code ws answers it with. */
import { clientFrame, closePayload } from './rawWebSocket';

export interface MalformedFrame {
  name: string;
  bytes: () => Buffer;
  code: number;
}

export const MALFORMED_FRAMES: MalformedFrame[] = [
  { name: 'unmasked frame', bytes: () => clientFrame({ opcode: 1, payload: 'hi', mask: false }), code: 1002 },
  { name: 'reserved opcode', bytes: () => clientFrame({ opcode: 3, payload: 'hi' }), code: 1002 },
  { name: 'RSV1 without an extension', bytes: () => clientFrame({ opcode: 1, payload: 'hi', rsv: 0x40 }), code: 1002 },
  { name: 'control frame longer than 125 bytes', bytes: () => clientFrame({ opcode: 9, payload: Buffer.alloc(126) }), code: 1002 },
  { name: 'length beyond 2^53', bytes: () => clientFrame({ opcode: 2, announce: 2n ** 63n }).subarray(0, 14), code: 1009 },
  { name: 'fragmented control frame', bytes: () => clientFrame({ opcode: 9, payload: 'p', fin: false }), code: 1002 },
  { name: 'continuation without a first fragment', bytes: () => clientFrame({ opcode: 0, payload: 'x' }), code: 1002 },
  { name: 'invalid UTF-8 text', bytes: () => clientFrame({ opcode: 1, payload: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]) }), code: 1007 },
  { name: 'reserved close code', bytes: () => clientFrame({ opcode: 8, payload: closePayload(1005) }), code: 1002 },
  { name: 'close code out of range', bytes: () => clientFrame({ opcode: 8, payload: closePayload(999) }), code: 1002 },
  { name: 'invalid UTF-8 close reason', bytes: () => clientFrame({ opcode: 8, payload: closePayload(1000, Buffer.from([0xff])) }), code: 1007 },
];

/** A message one byte over `max`: the header announces it, and the whole of it is sent. */
export function oversized(max: number): Buffer {
  return clientFrame({ opcode: 2, payload: Buffer.alloc(max + 1, 0x61) });
}
