/** Payloads the mock sends: the spec's examples first (round-robin), else generated from the schema. */
import type { TryItMessage } from '../../../common/src/tryItModel';
import { generatePayload } from '../../../client/src/tryit/payloadSamples';

const counters = new WeakMap<TryItMessage, number>();

/** The next example of a message (cycling through them), else a schema-generated payload. */
export function nextPayload(message: TryItMessage): unknown {
  if (message.examples.length === 0) return generatePayload(message.payload);
  const i = counters.get(message) ?? 0;
  counters.set(message, i + 1);
  return message.examples[i % message.examples.length].payload;
}

/**
 * A reply to `request`: copies correlation-looking fields (`id`, `requestId`, `correlationId`, `reqid`, ...)
 * present in both the request and the reply's schema, so clients can pair them.
 */
export function replyPayload(reply: TryItMessage, request: unknown): unknown {
  const base = nextPayload(reply);
  if (!isObject(base) || !isObject(request)) return base;
  const out: Record<string, unknown> = { ...base };
  for (const key of Object.keys(request)) {
    if (/^(id|req_?id|request_?id|correlation_?id|message_?id|cid)$/i.test(key) && key in out) out[key] = request[key];
  }
  return out;
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
