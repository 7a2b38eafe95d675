/**
 * MQTT topics of a spec's channels: which channel addresses a client's topic filter covers, and the concrete
 * topic the mock publishes a payload on (`{param}` filled from the filter, else the parameter's example, else the
 * payload's property of that name, so a reading of sensor 42 goes to sensors/42/...).
 */
import type { TryItChannel, TryItParameter } from '../../common/src/tryItModel';
import { generatePayload } from '../../common/src/tryit/payloadSamples';

const PARAM = /^\{([^}]+)\}$/;

/**
 * The topic a subscription to `filter` receives for `address`, or undefined when the filter does not cover it.
 * A literal filter level fills the address's parameter there; a wildcard level takes a sample value.
 */
export function topicFor(channel: TryItChannel, filter: string, payload?: unknown): string | undefined {
  if (channel.address === null) return undefined;
  const want = filter.split('/');
  const have = channel.address.split('/');
  const out: string[] = [];
  for (let i = 0; i < have.length; i++) {
    const f = want[i];
    if (f === '#') return [...out, ...have.slice(i).map((s) => fill(channel, s, undefined, payload))].join('/');
    if (f === undefined) return undefined;
    const param = PARAM.exec(have[i]);
    if (!param && f !== '+' && f !== have[i]) return undefined;
    out.push(fill(channel, have[i], f === '+' ? undefined : f, payload));
  }
  return want.length === have.length || want[have.length] === '#' ? out.join('/') : undefined;
}

function fill(channel: TryItChannel, level: string, given: string | undefined, payload: unknown): string {
  const param = PARAM.exec(level);
  if (!param) return level;
  const inPayload = payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[param[1]] : undefined;
  return (
    given ??
    sampleValue(
      channel.parameters.find((p) => p.name === param[1]),
      inPayload,
    )
  );
}

/**
 * A parameter's example, default or first enum value, else the payload's value, else one generated from its
 * schema; never a wildcard nor a level separator.
 */
function sampleValue(p: TryItParameter | undefined, inPayload: unknown): string {
  const candidates = [...(p?.examples ?? []), p?.default, ...(p?.enum ?? []), inPayload, p ? generatePayload(p.schema) : undefined];
  for (const c of candidates) {
    if ((typeof c === 'string' || typeof c === 'number') && /^[^/+#]+$/.test(String(c))) return String(c);
  }
  return '1';
}

/** The values a topic gives an address's parameters (`sensors/{id}` + `sensors/7` → {id: '7'}). */
export function topicParameters(address: string, topic: string): Record<string, string> {
  const levels = topic.split('/');
  const out: Record<string, string> = {};
  address.split('/').forEach((level, i) => {
    const param = PARAM.exec(level);
    if (param && levels[i] !== undefined) out[param[1]] = levels[i];
  });
  return out;
}

/** The address with its parameters filled in; undefined when one has no value (a topic to publish has no wildcards). */
export function fillAddress(address: string, values: Record<string, string>): string | undefined {
  let complete = true;
  const topic = address.replace(/\{([^}]+)\}/g, (_m, name: string) => values[name] ?? ((complete = false), ''));
  return complete ? topic : undefined;
}
