/**
 * What became of each subscription (STOMP destination, MQTT topic filter, Socket.IO room or ws subscribe
 * message), kept until it changes so a refused one stays visible: a broker's ERROR scrolls away in the log, and
 * the connection badge alone stays green. MQTT answers every SUBSCRIBE (SUBACK); STOMP confirms none, so a STOMP
 * destination is "subscribed" once a MESSAGE arrives on it and refused when an ERROR frame names it. Joins are
 * judged by the session (joins.ts) and arrive here as statuses.
 */
import type { SubscriptionStatus } from '../../../common/src/webviewMessages';
import type { TransportEvent } from '../../../transports/src/transport';
import type { JoinStatus } from './joins';

type Frame = Extract<TransportEvent, { type: 'frame' }>;

export class Subscriptions {
  private readonly byName = new Map<string, SubscriptionStatus>();

  clear(): void {
    this.byName.clear();
  }

  list(): SubscriptionStatus[] {
    return [...this.byName.values()];
  }

  /** A join's status from the session; true when the list changed. A join left leaves the list. */
  join(status: JoinStatus): boolean {
    if (status.state !== 'left') return this.set(status.name, status.state, status.words);
    return this.byName.delete(status.name);
  }

  /** Reads a frame; true when a status changed. */
  frame(f: Frame): boolean {
    if (f.direction === 'out' && f.event === 'SUBSCRIBE' && f.destination) return this.set(f.destination, 'asked');
    if (f.direction !== 'in') return false;
    if (f.event === 'SUBACK' && f.headers?.topic) {
      const refused = Number(f.headers.qos) >= 0x80;
      return this.set(f.headers.topic, refused ? 'refused' : 'subscribed', refused ? 'The broker refused this topic filter (SUBACK failure).' : undefined);
    }
    if (f.event === 'MESSAGE' && f.destination && this.byName.get(f.destination)?.state === 'asked') return this.set(f.destination, 'subscribed');
    if (f.event === 'ERROR') return this.refuseNamed(f);
    return false;
  }

  /** A STOMP ERROR refuses the destinations it names, in the broker's words. */
  private refuseNamed(f: Frame): boolean {
    const text = typeof f.data === 'string' ? f.data : '';
    const words = [f.headers?.message, text.trim()].filter(Boolean).join(': ');
    let changed = false;
    for (const s of this.byName.values()) {
      if (s.state !== 'subscribed' && `${words} ${f.headers?.destination ?? ''}`.includes(s.name)) changed = this.set(s.name, 'refused', words) || changed;
    }
    return changed;
  }

  private set(name: string, state: SubscriptionStatus['state'], words?: string): boolean {
    const before = this.byName.get(name);
    if (before?.state === state && before.words === words) return false;
    this.byName.set(name, { name, state, ...(words ? { words } : {}) });
    return true;
  }
}
