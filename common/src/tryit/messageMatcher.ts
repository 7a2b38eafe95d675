/**
 * Labels incoming frames with the declared message they are (or "not in spec") and lists schema violations,
 * each with the spec location that reveals the violated schema. Pure (no vscode): the panel host and the mock
 * server share it.
 *
 * Cheap evidence first: the Socket.IO event / STOMP destination narrows the candidates, then const/enum
 * discriminators (`type`, `event`, ...) pick or exclude messages, and only then do compiled ajv validators run.
 * Each message is compiled once (lazily); probing uses a stop-at-first-error validator, and the all-errors one
 * runs only to report the violations of the message the frame was matched to.
 */
import type { ErrorObject } from 'ajv';
import type { SpecLocation, TryItMessage, TryItModel } from '../tryItModel';
import { SchemaCompiler, type CompiledSchema } from './schemaCompiler';

export { SchemaCompiler, CompiledSchema } from './schemaCompiler';

export interface ReceivableMessage {
  message: TryItMessage;
  channelId?: string;
  /** Channel address: the STOMP destination (with `{params}`), the ws path, or the Socket.IO namespace. */
  address?: string | null;
  operationId?: string;
}

export interface MatchInput {
  /** A frame as received (text or bytes), or an already parsed value (Socket.IO arguments). */
  data: unknown;
  /** Socket.IO event name (never a STOMP command: it is looked up before the destination, and MESSAGE names no message). */
  event?: string;
  /** Socket.IO namespace the event came in on (several namespaces may declare the same event). */
  namespace?: string;
  /** STOMP destination of a MESSAGE frame. */
  destination?: string;
}

export interface MatchError {
  /** JSON pointer into the payload ('' = the payload itself). */
  path: string;
  message: string;
  keyword: string;
  /** ajv's pointer into the dereferenced payload schema. */
  schemaPath: string;
  /** Where the violated schema is written in the spec (for the reveal link). */
  location?: SpecLocation;
}

export interface MatchResult {
  /** The matched message; undefined = not in spec. */
  messageId?: string;
  name?: string;
  channelId?: string;
  message?: TryItMessage;
  valid: boolean;
  errors: MatchError[];
  /** The payload as matched (parsed JSON when the frame was JSON text). */
  value: unknown;
  /** Set when text was not JSON (it was matched as a plain string). */
  parseError?: string;
}

/**
 * What a client receives, given which side the document describes: operations whose client direction is
 * `receive`, plus the replies to what it sends. `view: 'client'` flips directions for documents that
 * describe a client.
 */
export function receivableMessages(model: TryItModel, view: 'server' | 'client' = model.describesServer ? 'server' : 'client'): ReceivableMessage[] {
  const flip = view === 'client' ? model.describesServer : !model.describesServer;
  const out: ReceivableMessage[] = [];
  const seen = new Set<string>();
  const add = (message: TryItMessage, channelId: string, address: string | null, operationId: string) => {
    const key = `${channelId}\u0000${message.id}\u0000${message.eventName ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ message, channelId, address, operationId });
  };
  const byId = new Map(model.channels.map((c) => [c.id, c]));
  for (const ch of model.channels) {
    for (const op of ch.operations) {
      const dir = flip ? (op.clientDirection === 'send' ? 'receive' : 'send') : op.clientDirection;
      if (dir === 'receive') for (const m of op.messages) add(m, ch.id, ch.address, op.id);
      else if (op.reply) {
        const rc = op.reply.channelId ? byId.get(op.reply.channelId) : undefined;
        for (const m of op.reply.messages) add(m, rc?.id ?? ch.id, rc?.address ?? ch.address, op.id);
      }
    }
  }
  return out;
}

interface Entry extends ReceivableMessage {
  discriminators: { property: string; values: Set<unknown> }[];
  destination?: RegExp;
  compiled?: CompiledSchema;
}

type Evidence = 'pinned' | 'neutral' | 'excluded';

export class MessageMatcher {
  private readonly entries: Entry[];
  private readonly byEvent = new Map<string, Entry[]>();
  private readonly byDestination = new Map<string, Entry[]>();
  private readonly anyDestinations: boolean;

  constructor(
    receivable: (ReceivableMessage | TryItMessage)[],
    private readonly compiler = new SchemaCompiler(),
  ) {
    this.entries = receivable.map((r) => {
      const rm: ReceivableMessage =
        'message' in r && typeof (r as ReceivableMessage).message === 'object' && 'payload' in (r as ReceivableMessage).message
          ? (r as ReceivableMessage)
          : { message: r as TryItMessage };
      return {
        ...rm,
        discriminators: keyDiscriminators(rm.message),
        destination: rm.address ? addressPattern(rm.address) : undefined,
      };
    });
    // Without Socket.IO event names in the model, an event is looked up by message name or id.
    const anyEventNames = this.entries.some((e) => e.message.eventName !== undefined);
    for (const e of this.entries) {
      const keys = anyEventNames ? [e.message.eventName] : [e.message.name, e.message.id];
      for (const k of new Set(keys)) if (k !== undefined) this.byEvent.set(k, [...(this.byEvent.get(k) ?? []), e]);
    }
    this.anyDestinations = this.entries.some((e) => e.destination);
  }

  private forDestination(destination: string): Entry[] {
    let hit = this.byDestination.get(destination);
    if (!hit) {
      hit = this.entries.filter((e) => e.destination?.test(destination));
      if (this.byDestination.size > 1000) this.byDestination.clear();
      this.byDestination.set(destination, hit);
    }
    return hit;
  }

  /** Compiles every validator now (otherwise each compiles on first use). */
  warm(): void {
    for (const e of this.entries) this.compiled(e);
  }

  match(input: MatchInput): MatchResult {
    const decoded = decode(input.data);
    const value = decoded.value;
    // Bytes that are not text are no JSON message (and ajv would take a Uint8Array for an object).
    if (decoded.binary) return unmatched(decoded);
    let candidates = this.entries;
    let narrowed = false;
    if (input.event !== undefined) {
      candidates = this.byEvent.get(input.event) ?? [];
      if (input.namespace !== undefined && candidates.length > 1) candidates = inNamespace(candidates, input.namespace);
      narrowed = true;
    } else if (input.destination !== undefined && this.anyDestinations) {
      candidates = this.forDestination(input.destination);
      narrowed = true;
    }
    if (candidates.length === 0) return unmatched(decoded);

    const pinned: Entry[] = [];
    const neutral: Entry[] = [];
    for (const e of candidates) {
      const ev = evidence(e, value);
      if (ev === 'pinned') pinned.push(e);
      else if (ev === 'neutral') neutral.push(e);
    }
    for (const e of pinned) if (this.accepts(e, value, narrowed)) return this.result(e, decoded, true);
    for (const e of neutral) if (this.accepts(e, value, narrowed)) return this.result(e, decoded, true);
    // Nothing accepts the payload: blame the message the evidence points at, if any does.
    const blamed = pinned[0] ?? (neutral.length === 1 ? neutral[0] : undefined) ?? (narrowed && candidates.length === 1 ? candidates[0] : undefined);
    if (!blamed) return unmatched(decoded);
    return this.result(blamed, decoded, false);
  }

  /** Violations of one message's payload schema (for the send editor's as-you-type validation). */
  validate(message: TryItMessage, value: unknown): MatchError[] {
    const c = this.compiler.compile(message.payload);
    if (!c.full || c.full(value)) return [];
    return (c.full.errors ?? []).map((e) => toError(e, message));
  }

  private compiled(e: Entry): CompiledSchema {
    return (e.compiled ??= this.compiler.compile(e.message.payload));
  }

  /** Socket.IO arguments arrive as an array; a one-argument event may be declared by its argument's schema. */
  private accepts(e: Entry, value: unknown, narrowed: boolean): boolean {
    const probe = this.compiled(e).probe;
    if (!probe) return true;
    if (probe(value)) return true;
    const args = value as unknown;
    return narrowed && Array.isArray(args) && args.length === 1 && probe(args[0]);
  }

  private result(e: Entry, base: { value: unknown; parseError?: string }, valid: boolean): MatchResult {
    const m = e.message;
    // Built field by field: object spread here cost more than the validation itself.
    const out: MatchResult = { messageId: m.id, message: m, valid, errors: [], value: base.value };
    if (base.parseError !== undefined) out.parseError = base.parseError;
    if (m.name !== undefined) out.name = m.name;
    if (e.channelId !== undefined) out.channelId = e.channelId;
    if (!valid) {
      const full = this.compiled(e).full;
      if (full && !full(base.value)) out.errors = (full.errors ?? []).map((x) => toError(x, m));
    }
    return out;
  }
}

export function createMessageMatcher(receivable: (ReceivableMessage | TryItMessage)[], compiler?: SchemaCompiler): MessageMatcher {
  return new MessageMatcher(receivable, compiler);
}

/**
 * A `const` names the message kind (`event: ping`); a multi-value enum may just be a domain (`status: online |
 * maintenance`), and a frame with a wrong status is an invalid status message, not an unknown one. So enums
 * decide only for messages without a const.
 */
function keyDiscriminators(m: TryItMessage): { property: string; values: Set<unknown> }[] {
  const all = m.discriminators.map((d) => ({ property: d.property, values: new Set(d.values) }));
  const consts = all.filter((d) => d.values.size === 1);
  return consts.length ? consts : all;
}

/** A channel whose address is not a `/namespace` (an event-named channel) lives in the default namespace. */
function inNamespace(entries: Entry[], namespace: string): Entry[] {
  const out: Entry[] = [];
  for (const e of entries) if ((e.address && e.address.startsWith('/') ? e.address : '/') === namespace) out.push(e);
  return out;
}

/** No closures on this path: the test runner's transpiler wraps each one in a naming helper per call. */
function unmatched(decoded: Decoded): MatchResult {
  const r: MatchResult = { valid: false, errors: [], value: decoded.value };
  if (decoded.parseError !== undefined) r.parseError = decoded.parseError;
  return r;
}

function evidence(e: Entry, value: unknown): Evidence {
  if (e.discriminators.length === 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return 'neutral';
  const v = value as Record<string, unknown>;
  let all = true;
  for (const d of e.discriminators) {
    if (!(d.property in v)) {
      all = false;
      continue;
    }
    if (!d.values.has(v[d.property])) return 'excluded';
  }
  return all ? 'pinned' : 'neutral';
}

const decoder = new TextDecoder('utf-8', { fatal: true });

interface Decoded {
  value: unknown;
  parseError?: string;
  binary?: boolean;
}

function decode(data: unknown): Decoded {
  let text: string | undefined;
  if (typeof data === 'string') text = data;
  else if (data instanceof Uint8Array || data instanceof ArrayBuffer) {
    try {
      text = decoder.decode(data);
    } catch {
      return { value: data, parseError: 'binary data (not UTF-8 text)', binary: true };
    }
  } else return { value: data };
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { value: text, parseError: e instanceof Error ? e.message : String(e) };
  }
}

/** `/queue/{id}` → /^\/queue\/[^/]+$/ (a STOMP destination or address with parameters). */
function addressPattern(address: string): RegExp {
  const parts = address.split(/\{[^}]*\}/).map((p) => p.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp('^' + parts.join('[^/]+') + '$');
}

function toError(e: ErrorObject, m: TryItMessage): MatchError {
  const p = e.params as Record<string, unknown>;
  const detail =
    e.keyword === 'additionalProperties'
      ? `: ${String(p.additionalProperty)}`
      : e.keyword === 'enum'
        ? `: ${JSON.stringify(p.allowedValues)}`
        : e.keyword === 'const'
          ? `: ${JSON.stringify(p.allowedValue)}`
          : '';
  const out: MatchError = { path: e.instancePath, message: `${e.message ?? e.keyword}${detail}`, keyword: e.keyword, schemaPath: e.schemaPath };
  let perMessage = locationCache.get(m);
  if (!perMessage) locationCache.set(m, (perMessage = new Map()));
  let loc = perMessage.get(e.schemaPath);
  if (loc === undefined && !perMessage.has(e.schemaPath)) perMessage.set(e.schemaPath, (loc = schemaLocation(m, e.schemaPath)));
  if (loc) out.location = loc;
  return out;
}

/** A stream of frames repeats the same few violations: look each schema path up once per message. */
const locationCache = new WeakMap<TryItMessage, Map<string, SpecLocation | undefined>>();

/** The spec location of the deepest recorded schema node on ajv's schema path, else the message itself. */
export function schemaLocation(m: TryItMessage, schemaPath: string): SpecLocation | undefined {
  const map = m.schemaLocations;
  if (map) {
    const segs = schemaPath.replace(/^#/, '').split('/').slice(1);
    for (let n = segs.length; n >= 0; n--) {
      const at = map.at[n === 0 ? '' : '/' + segs.slice(0, n).join('/')];
      if (at && map.uris[at[0]] !== undefined) return { uri: map.uris[at[0]], line: at[1], character: at[2] };
    }
  }
  return m.location;
}
