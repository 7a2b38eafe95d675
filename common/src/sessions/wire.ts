/**
 * The runner's view of a connection: whatever carries the conversation (the CLI's transports, later the panel's
 * session) adapts to this. Received frames arrive as the matcher's input with control and protocol frames
 * already left out (transports/src/frameMatch.ts decides that, as for the panel).
 */
import type { MatchInput, MatchResult, MessageMatcher } from '../tryit/messageMatcher';
import { SessionError } from './variables';

export interface WireMessage {
  /** Text as sent (JSON payloads are JSON text). */
  data: string;
  /** Socket.IO event name. */
  event?: string;
  /** STOMP destination. */
  destination?: string;
  /** Socket.IO: wait for the acknowledgement, which `send` resolves with. */
  ack?: boolean;
  headers?: Record<string, string>;
}

export interface SessionWire {
  send(message: WireMessage): Promise<unknown>;
  /** STOMP: receive from a destination (a wire may have subscribed when it connected). */
  subscribe?(destination: string): Promise<void>;
  onMessage(listener: (input: MatchInput) => void): { dispose(): void };
  /** The connection failed or closed, in words: the run stops there. */
  onFailure(listener: (reason: string) => void): { dispose(): void };
}

export interface Received {
  result: MatchResult;
  /** ms since the session started. */
  at: number;
}

/** Received messages in order, matched as they arrive; a step takes them one at a time, up to a deadline. */
export class Inbox {
  private readonly queue: Received[] = [];
  private wake: (() => void) | undefined;
  private failure: string | undefined;

  constructor(
    private readonly matcher: MessageMatcher,
    private readonly start: number,
  ) {}

  push(input: MatchInput): void {
    this.queue.push({ result: this.matcher.match(input), at: Date.now() - this.start });
    this.wake?.();
  }

  fail(reason: string): void {
    this.failure ??= reason;
    this.wake?.();
  }

  /** The next message, or undefined once `deadline` (ms since epoch) passes; throws when the connection failed. */
  async next(deadline: number): Promise<Received | undefined> {
    for (;;) {
      if (this.queue.length) return this.queue.shift();
      if (this.failure) throw new SessionError(`the connection failed: ${this.failure}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
