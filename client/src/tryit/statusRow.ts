/**
 * One log row for one connection story: a failure (its error, the close that follows, the state it leaves)
 * or a reconnect loop (each attempt, each countdown). The transports and the session tell a failure several
 * times over; the log tells it once, updated in place, with everything that was said in its details.
 */
import type { LogBuffer } from './logBuffer';

type Direction = 'info' | 'error';

export class StatusRow {
  private seq: number | undefined;
  private text = '';
  private direction: Direction = 'info';
  private details: string[] = [];

  constructor(private readonly log: LogBuffer) {}

  /** The row's headline from now on (a new row when none is open); the words also join the details. */
  say(text: string, direction: Direction, detail?: string): void {
    this.text = text;
    this.direction = direction;
    this.remember(text);
    if (detail) this.remember(detail);
    this.write();
  }

  /** Only a detail; opens a row with it as the headline when none is open. */
  note(detail: string): void {
    if (this.seq === undefined) return this.say(detail, 'info');
    this.remember(detail);
    this.write();
  }

  /** The story is over: what is said next goes to a new row. */
  end(): void {
    this.seq = undefined;
    this.details = [];
  }

  get open(): boolean {
    return this.seq !== undefined;
  }

  private remember(line: string): void {
    // The same words come from the transport, then again in the session's state: keep them once.
    if (!this.details.includes(line)) this.details.push(line);
  }

  private write(): void {
    const entry = { time: Date.now(), direction: this.direction, size: 0, text: this.text, details: this.details.join('\n') };
    this.seq = this.seq === undefined ? this.log.add(entry).seq : this.log.update(this.seq, entry).seq;
  }
}
