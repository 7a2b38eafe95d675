/** The STOMP mock's limits: heart-beats within 1 s–1 h, and an ERROR frame before a close for a frame too large. */
// A type only: stompMock.ts loads stompjs (an ES module) with import() and hands it over.
type Stomp = typeof import('@stomp/stompjs', { with: { 'resolution-mode': 'import' } });
import { WebSocket } from 'ws';

/** Heart-beats the mock sends: none, or every 1 s to 1 h. */
export const HEART_BEAT_MS = { min: 1000, max: 60 * 60 * 1000 };

/**
 * How often to send heart-beats to a client whose CONNECT says `heart-beat: cx,cy`: every cy ms, clamped.
 * Unclamped, a cy beyond 2^31-1 (`0,4294967296`) made Node fire the timer every 1 ms: a flood of frames.
 */
export function heartBeatEvery(header: string | undefined): number {
  const wants = Number((header ?? '').split(',')[1]);
  if (!(wants > 0)) return 0;
  return Math.min(Math.max(wants, HEART_BEAT_MS.min), HEART_BEAT_MS.max);
}

/** The ERROR frame that says a frame (or a WebSocket message) was over the limit. */
export function tooLargeErrorFrame(stomp: Stomp, maxPayloadBytes: number): string {
  return stomp.FrameImpl.marshall({
    command: 'ERROR',
    headers: { message: 'Frame too large', 'content-type': 'text/plain' },
    body: `This mock accepts STOMP frames and WebSocket messages of at most ${maxPayloadBytes} bytes (specsocket.mock.maxPayloadBytes).`,
  }) as string; // a text body marshals to a string
}

/**
 * ws refuses a message over maxPayload from its header alone (nothing is buffered) and closes with 1009 at once,
 * from inside its receiver, by calling close(). STOMP says why before a connection ends: an ERROR frame, sent
 * here just before any 1009 close frame (ws's, or the session's for a frame spanning messages).
 */
export class StompWebSocket extends WebSocket {
  tooLargeError: string | undefined;

  override close(code?: number, reason?: string | Buffer): void {
    if (code === 1009 && this.readyState === WebSocket.OPEN && this.tooLargeError) this.send(this.tooLargeError);
    super.close(code, reason);
  }
}
