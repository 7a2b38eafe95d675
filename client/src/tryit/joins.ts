/**
 * The joins of a Try it session (Socket.IO rooms, ws subscribe commands): which to send again after a reconnect,
 * and what the server made of each, for the panel's subscription list. The spec does not say what acceptance
 * looks like, so the server's answers decide: an error refuses a join (the one the error names, else the oldest
 * still waiting), an acknowledgement or a message naming a join accepts it (`answered`). Control and protocol
 * frames (a ping, a STOMP RECEIPT) are no answer. A refused join is never re-sent; one with no answer yet is.
 */
import type { TransportKind } from '../../../common/src/tryItModel';
import type { SubscriptionStatus } from '../../../common/src/webviewMessages';
import type { OutgoingMessage, TransportEvent } from '../../../transports/src/transport';
import { frameKind } from '../../../transports/src/frameMatch';

type Frame = Extract<TransportEvent, { type: 'frame' }>;
export type ReplayRole = { role: 'join' | 'leave'; key: string } | undefined;
/** A join's status for the panel; `left`: the user left it (or it could not be sent), so it leaves the list. */
export type JoinStatus = { name: string; state: SubscriptionStatus['state'] | 'left'; words?: string };

const JOIN = /^(join|subscribe)/i;
const LEAVE = /^(leave|unsubscribe)/i;
const VERB_KEYS = ['type', 'action', 'op', 'event', 'method'];

/**
 * Default replay rule: a Socket.IO event named join…/subscribe… (or a JSON message whose
 * `type`/`action`/`op`/`event` is) is a join; leave…/unsubscribe… with the same payload undoes it.
 */
export function defaultReplayRole(message: OutgoingMessage): ReplayRole {
  if (typeof message.data !== 'string' || message.ping) return undefined;
  if (message.event) return roleOf(message.event, message.data);
  const obj = jsonObject(message.data);
  const verbKey = obj && VERB_KEYS.find((k) => typeof obj[k] === 'string');
  if (!obj || !verbKey) return undefined;
  return roleOf(obj[verbKey] as string, JSON.stringify({ ...obj, [verbKey]: undefined }));
}

function roleOf(verb: string, rest: string): ReplayRole {
  if (JOIN.test(verb)) return { role: 'join', key: `${verb.replace(JOIN, '')}|${rest}` };
  if (LEAVE.test(verb)) return { role: 'leave', key: `${verb.replace(LEAVE, '')}|${rest}` };
  return undefined;
}

interface Join {
  key: string;
  /** How the panel lists it: the verb and the payload's values (`join_chat chat-42`, `subscribe tasks`). */
  name: string;
  message: OutgoingMessage;
  /** The payload's string values, by which an error names the join it refuses. */
  values: string[];
}

export interface Verdict {
  status: JoinStatus;
  /** Said in the log when a join was refused. */
  notice?: string;
}

export class Joins {
  /** Joins to send again after a reconnect (asked or accepted), by key. */
  private readonly kept = new Map<string, Join>();
  /** Joins sent and not answered yet, oldest first. */
  private waiting: Join[] = [];

  constructor(private readonly role: (message: OutgoingMessage) => ReplayRole = defaultReplayRole) {}

  clear(): void {
    this.kept.clear();
    this.waiting = [];
  }

  /** The joins to send on a new connection; answers still awaited on the old one will never come. */
  toReplay(): OutgoingMessage[] {
    this.waiting = [];
    return [...this.kept.values()].map((j) => j.message);
  }

  /** Called before a message goes out (its answer may arrive before the send resolves). */
  sending(message: OutgoingMessage): JoinStatus | undefined {
    const role = this.role(message);
    if (!role) return undefined;
    const before = this.kept.get(role.key);
    this.forget(role.key);
    if (role.role === 'leave') return before && { name: before.name, state: 'left' };
    const join: Join = { key: role.key, name: nameOf(message), message, values: valuesOf(message) };
    this.kept.set(join.key, join);
    this.waiting.push(join);
    return { name: join.name, state: 'asked' };
  }

  /** The send failed: the join was not made. */
  notSent(message: OutgoingMessage): JoinStatus | undefined {
    const role = this.role(message);
    const join = role?.role === 'join' ? this.kept.get(role.key) : undefined;
    if (!join) return undefined;
    this.forget(join.key);
    return { name: join.name, state: 'left' };
  }

  /** A received frame: the verdict on a join it answers, if any. */
  received(transport: TransportKind, frame: Frame): Verdict | undefined {
    if (frameKind(transport, frame)) return undefined;
    const text = typeof frame.data === 'string' ? frame.data : '';
    const words = refusalWords(frame, text);
    if (words !== undefined) return this.refuse(words, text);
    const join = this.answered(frame, text);
    if (!join) return undefined;
    this.waiting = this.waiting.filter((j) => j !== join);
    return { status: { name: join.name, state: 'subscribed' } };
  }

  /**
   * The join a message that is no error accepts: the one a Socket.IO acknowledgement acknowledges, else the one it
   * names (`{"type":"subscribed","channel":"tasks"}`), else the oldest when the message says it joined
   * (`{"type":"subscribed"}`) or when nothing could name that join. Any other message is other traffic (an event
   * of a room joined earlier), not an answer.
   */
  private answered(frame: Frame, text: string): Join | undefined {
    if (frame.headers?.ack === 'true') return this.waiting.find((j) => j.message.event === frame.event);
    const named = this.waiting.find((j) => names(j, text));
    if (named) return named;
    const oldest = this.waiting[0];
    const verb = frame.event ?? verbOf(jsonObject(text));
    return oldest && ((verb !== undefined && JOIN.test(verb)) || !oldest.values.some(nameable)) ? oldest : undefined;
  }

  private refuse(words: string, text: string): Verdict | undefined {
    const named = (j: Join) => names(j, text) || names(j, words);
    // The server's words override an earlier verdict: a join accepted by an earlier frame can still be refused.
    const join = this.waiting.find(named) ?? [...this.kept.values()].find(named) ?? this.waiting[0];
    if (!join) return undefined;
    this.forget(join.key);
    const what = join.message.event ?? (typeof join.message.data === 'string' ? join.message.data : 'a join message');
    return {
      status: { name: join.name, state: 'refused', words },
      notice: `The server answered ${what} with an error (${words}): it will not be re-sent after reconnecting.`,
    };
  }

  private forget(key: string): void {
    this.kept.delete(key);
    this.waiting = this.waiting.filter((j) => j.key !== key);
  }
}

/** One-letter values would name almost anything. */
const nameable = (v: string) => v.length > 1;
const names = (j: Join, text: string) => j.values.some((v) => nameable(v) && text.includes(v));

/**
 * The server's words when a frame refuses: a Socket.IO `error` event, a JSON object whose type/event/action/op is
 * `error`, or an answer with `ok: false` / `success: false` (a Socket.IO acknowledgement saying no). Else undefined.
 */
function refusalWords(frame: Frame, text: string): string | undefined {
  const value = jsonObject(text);
  const isError =
    (frame.event !== undefined && /^error$/i.test(frame.event)) ||
    (value !== undefined &&
      (['type', 'event', 'action', 'op'].some((k) => typeof value[k] === 'string' && /^error$/i.test(value[k] as string)) ||
        value.ok === false ||
        value.success === false));
  if (!isError) return undefined;
  return (value && wordsIn(value)) || text.trim().slice(0, 200) || 'an error';
}

/** `code: message` from the usual places of an error object (top level, `data`, `error`). */
function wordsIn(value: Record<string, unknown>): string | undefined {
  const places = [value, value.data, value.error].filter((p): p is Record<string, unknown> => !!p && typeof p === 'object' && !Array.isArray(p));
  const pick = (keys: string[]) => places.flatMap((p) => keys.map((k) => p[k])).find((v): v is string => typeof v === 'string' && v !== '');
  const message = pick(['message', 'reason', 'detail', 'description']) ?? (typeof value.error === 'string' ? value.error : undefined);
  const code = pick(['code']);
  if (!message) return code;
  return code ? `${code}: ${message}` : message;
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function valuesOf(message: OutgoingMessage): string[] {
  const obj = typeof message.data === 'string' ? jsonObject(message.data) : undefined;
  const out: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string' && v !== '' && !(key && VERB_KEYS.includes(key) && (JOIN.test(v) || LEAVE.test(v)))) out.push(v);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(obj ?? (typeof message.data === 'string' ? message.data : undefined));
  return out.slice(0, 10);
}

function verbOf(obj: Record<string, unknown> | undefined): string | undefined {
  const key = obj && VERB_KEYS.find((k) => typeof obj[k] === 'string');
  return obj && key ? (obj[key] as string) : undefined;
}

function nameOf(message: OutgoingMessage): string {
  const verb = message.event ?? verbOf(typeof message.data === 'string' ? jsonObject(message.data) : undefined);
  const values = valuesOf(message);
  if (verb && values.length) return `${verb} ${values.join(' ')}`.slice(0, 120);
  return (verb ?? (typeof message.data === 'string' ? message.data : 'a join message')).slice(0, 120);
}
