/**
 * Generated client frames for the mocks: mostly well-formed WebSocket frames carrying the protocol's own
 * vocabulary (JSON messages, STOMP commands and headers, Engine.IO/Socket.IO packets), mixed with what RFC 6455
 * forbids (reserved opcodes and bits, unmasked or fragmented control frames, lying lengths, invalid UTF-8),
 * messages over the mock's size limit, and the bytes cut into arbitrary writes.
 */
import fc from 'fast-check';
import { clientFrame, type FrameSpec } from '../helpers/rawWebSocket';
import { MOCK_TOKEN } from '../helpers/mockCli';

/** The mocks are started with this limit, so an oversized message is cheap to send. */
export const MAX_PAYLOAD = 4096;

export const VOCABULARY = {
  ws: ['{"type":"ping","data":{}}', '{', '}', '[', ']', '"type":', '"ping"', '"subscribe"', '"data":', ',', 'null', '1e400', '"\\u0000"', '"\\ud800"', ':'],
  stomp: [
    'CONNECT\n',
    'STOMP\n',
    'SEND\n',
    'SUBSCRIBE\n',
    'UNSUBSCRIBE\n',
    'ACK\n',
    'NACK\n',
    'BEGIN\n',
    'COMMIT\n',
    'DISCONNECT\n',
    'destination:/queue/message\n',
    'destination:/topic/x\n',
    'id:0\n',
    'ack:client\n',
    'content-length:5\n',
    'content-length:99999999\n',
    'content-length:-1\n',
    'receipt:r\n',
    'heart-beat:1,1\n',
    'heart-beat:0,0\n',
    'accept-version:1.2\n',
    'login:guest\n',
    `passcode:${MOCK_TOKEN}\n`,
    'content-type:application/json\n',
    '\n',
    '\0',
    ':',
    '\\c',
    '\\n',
    '\\x',
    '\r\n',
    '{"a":1}',
  ],
  socketio: [
    '0',
    '1',
    '2',
    '3',
    '4',
    '5',
    '6',
    '40',
    `40{"token":"${MOCK_TOKEN}"}`,
    '41',
    '42',
    '42["join_chat",{"chatId":"c"}]',
    '421["join_chat",{}]',
    '43',
    '44',
    '45',
    '451-',
    '["',
    '"]',
    '{"_placeholder":true,"num":0}',
    '/chat,',
    '{',
    '}',
    'probe',
    '2probe',
    '[]',
    'null',
  ],
};
export type Protocol = keyof typeof VOCABULARY;

/** What the generated frame is, as data (a reproducer shows it); `frameBytes` builds it. */
export interface GenFrame {
  opcode: number;
  fin: boolean;
  rsv: number;
  mask: boolean;
  payload: string | Uint8Array;
  /** The length the header announces instead of the payload's. */
  announce: bigint | null;
}

/** Each frame mostly well formed, so that most cases reach the protocol's own parser with something to chew on. */
const mostly = <T>(usual: T, other: fc.Arbitrary<T>) => fc.oneof({ weight: 24, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: other });

function frameArb(protocol: Protocol): fc.Arbitrary<GenFrame> {
  return fc.record({
    opcode: fc.oneof(
      { weight: 8, arbitrary: fc.constant(1) },
      { weight: 2, arbitrary: fc.constantFrom(0, 2, 8, 9, 10) },
      { weight: 1, arbitrary: fc.nat({ max: 15 }) },
    ),
    fin: mostly(true, fc.constant(false)),
    rsv: mostly(0, fc.constantFrom(0x40, 0x20, 0x10, 0x70)),
    mask: mostly(true, fc.constant(false)),
    payload: fc.oneof(
      { weight: 12, arbitrary: fc.string({ unit: fc.constantFrom(...VOCABULARY[protocol]), maxLength: 8 }) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
      { weight: 1, arbitrary: fc.integer({ min: MAX_PAYLOAD - 8, max: MAX_PAYLOAD + 8 }).map((n) => 'x'.repeat(n)) },
    ),
    announce: mostly<bigint | null>(null, fc.oneof(fc.bigInt({ min: 0n, max: 70_000n }), fc.constant(2n ** 63n), fc.constant(2n ** 64n - 1n))),
  });
}

export interface FrameCase {
  /** First send what a client opens with (STOMP CONNECT, a Socket.IO connect packet, a ping message). */
  hello: boolean;
  frames: GenFrame[];
  /** Where the bytes are cut into separate writes (offsets modulo their length). */
  cuts: number[];
  /** After the frames: a proper close frame, or just the end of the stream. */
  closeFrame: boolean;
}

export const frameCaseArb = (protocol: Protocol): fc.Arbitrary<FrameCase> =>
  fc.record({
    hello: fc.boolean(),
    frames: fc.array(frameArb(protocol), { minLength: 1, maxLength: 6 }),
    cuts: fc.array(fc.nat({ max: 100_000 }), { maxLength: 4 }),
    closeFrame: fc.boolean(),
  });

export const HELLO: Record<Protocol, string> = {
  ws: '{"type":"ping","data":{}}',
  stomp: `CONNECT\naccept-version:1.2\nhost:mock\nlogin:guest\npasscode:${MOCK_TOKEN}\n\n\0`,
  socketio: `40{"token":"${MOCK_TOKEN}"}`,
};

export function frameBytes(f: GenFrame): Buffer {
  const spec: FrameSpec = {
    opcode: f.opcode,
    fin: f.fin,
    rsv: f.rsv,
    mask: f.mask,
    payload: typeof f.payload === 'string' ? f.payload : Buffer.from(f.payload),
  };
  return clientFrame(f.announce === null ? spec : { ...spec, announce: f.announce });
}

/** The case's bytes, cut into the writes it asks for. */
export function caseWrites(c: FrameCase, protocol: Protocol): Buffer[] {
  const parts = [...(c.hello ? [clientFrame({ opcode: 1, payload: HELLO[protocol] })] : []), ...c.frames.map(frameBytes)];
  if (c.closeFrame) parts.push(clientFrame({ opcode: 8, payload: Buffer.from([0x03, 0xe8]) }));
  const all = Buffer.concat(parts);
  const cuts = [...new Set(c.cuts.map((x) => x % (all.length + 1)))].sort((a, b) => a - b);
  const writes: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, all.length]) {
    if (cut > from) writes.push(all.subarray(from, cut));
    from = Math.max(from, cut);
  }
  return writes;
}
