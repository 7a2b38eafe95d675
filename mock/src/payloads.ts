/** Payloads the mock sends: the spec's examples first (round-robin), else generated from the schema. */
import type { TryItMessage } from '../../common/src/tryItModel';
import type { MatchResult } from '../../common/src/tryit/messageMatcher';
import { generatePayload } from '../../common/src/tryit/payloadSamples';

const counters = new WeakMap<TryItMessage, number>();
/**
 * Generated payloads, one per message: generation is deterministic, and redoing it for every reply (schema
 * clone, sampling, validator lookup) was a quarter of the mock's CPU under load (bench/mock.ts). Callers copy
 * before changing a payload, as they must for examples too.
 */
const generated = new WeakMap<TryItMessage, unknown>();

/** Payload objects that are a message's own (an example, a generated payload): never changed, so encodable once. */
const constant = new WeakSet<object>();

/** The next example of a message (cycling through them), else a schema-generated payload. */
export function nextPayload(message: TryItMessage): unknown {
  let payload: unknown;
  if (message.examples.length === 0) {
    if (!generated.has(message)) generated.set(message, generatePayload(message.payload));
    payload = generated.get(message);
  } else {
    const i = counters.get(message) ?? 0;
    counters.set(message, i + 1);
    payload = message.examples[i % message.examples.length].payload;
  }
  if (typeof payload === 'object' && payload !== null) constant.add(payload);
  return payload;
}

/** Whether a payload is one `nextPayload` handed out (not a copy made for one reply): its encoding may be cached. */
export function isConstantPayload(payload: unknown): payload is object {
  return typeof payload === 'object' && payload !== null && constant.has(payload);
}

/**
 * A reply to a request: the declared correlation ID (`correlationId.location`, e.g. `$message.payload#/id`) is
 * copied from the request into the reply, at the reply's own location (or the request's when the reply declares
 * none). Without a declaration, fields that look like correlation IDs (`id`, `requestId`, `correlation_id`, ...)
 * present in both are copied, so clients can still pair them.
 */
export function replyPayload(reply: TryItMessage, request: unknown, requestMessage?: TryItMessage): unknown {
  const base = nextPayload(reply);
  const from = payloadPointer(requestMessage?.correlationId?.location);
  if (from !== undefined) {
    const to = payloadPointer(reply.correlationId?.location) ?? from;
    const value = at(request, from);
    return value === undefined ? base : setAt(base, to, value);
  }
  if (!isObject(base) || !isObject(request)) return base;
  // Copied only when a field is: an untouched reply stays the message's own payload, whose encoding is cached.
  let out: Record<string, unknown> | undefined;
  for (const key in request) {
    if (key in base && ID_LIKE.test(key) && Object.prototype.hasOwnProperty.call(request, key)) (out ??= { ...base })[key] = request[key];
  }
  return out ?? base;
}

const ID_LIKE = /^(id|req_?id|request_?id|correlation_?id|message_?id|cid)$/i;

/** `$message.payload#/a/b` → ['a', 'b']; other runtime expressions (headers) are not in the payload. */
function payloadPointer(location: string | undefined): string[] | undefined {
  const m = location ? /^\$message\.payload#(\/.*)?$/.exec(location) : null;
  if (!m) return undefined;
  return (m[1] ?? '')
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function at(value: unknown, path: string[]): unknown {
  let v = value;
  for (const seg of path) v = isObject(v) ? v[seg] : undefined;
  return v;
}

/** A copy of `value` with `path` set (objects on the way created or copied; the example stays untouched). */
function setAt(value: unknown, path: string[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const obj: Record<string, unknown> = isObject(value) ? { ...value } : {};
  obj[path[0]] = setAt(obj[path[0]], path.slice(1), leaf);
  return obj;
}

/** The spec's error message filled with what went wrong (in fields named like `message`/`error`/`reason`). */
export function errorPayload(errorMessage: TryItMessage, problem: string): unknown {
  const base = nextPayload(errorMessage);
  if (!isObject(base)) return base;
  const out: Record<string, unknown> = { ...base };
  let placed = false;
  const fill = (o: Record<string, unknown>) => {
    for (const k of Object.keys(o)) {
      if (/^(message|error|reason|detail|description)$/i.test(k) && typeof o[k] === 'string') {
        o[k] = problem;
        placed = true;
      } else if (isObject(o[k]) && !placed) {
        o[k] = { ...(o[k] as Record<string, unknown>) };
        fill(o[k] as Record<string, unknown>);
      }
    }
  };
  fill(out);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** What was wrong with a client's message, in words: sent in the spec's error message or the protocol's error. */
export function describeProblem(result: MatchResult, label: string | undefined, notDeclared: string): string {
  if (result.parseError) return `Invalid JSON: ${result.parseError}`;
  if (!result.messageId) return notDeclared;
  return `Invalid ${label ?? result.name ?? result.messageId}: ${result.errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`;
}

/**
 * Sends a connection's unprompted messages once now and then every `intervalMs` (0 = once), round-robin.
 * Returns the stop function; `timers` collects live intervals so closing the mock stops them all.
 */
export function emitUnprompted(
  messages: TryItMessage[],
  intervalMs: number | undefined,
  emit: (m: TryItMessage) => void,
  timers: Set<NodeJS.Timeout>,
): () => void {
  for (const m of messages) emit(m);
  if (!intervalMs || messages.length === 0) return () => {};
  let i = 0;
  const timer = setInterval(() => emit(messages[i++ % messages.length]), intervalMs);
  timers.add(timer);
  return () => {
    clearInterval(timer);
    timers.delete(timer);
  };
}
