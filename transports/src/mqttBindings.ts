/** The spec's MQTT operation and message bindings as the MQTT transport takes them. */
import type { TryItChannel, TryItMessage, TryItOperation } from '../../common/src/tryItModel';

/** Message binding fields (MQTT 5 PUBLISH properties) a send carries when the binding gives them as values. */
const MESSAGE_FIELDS = ['contentType', 'responseTopic', 'payloadFormatIndicator'] as const;

/**
 * The headers a send carries so the MQTT transport publishes with the operation's QoS, retain flag and expiry,
 * and the message binding's content type, response topic and payload format (the last four only over MQTT 5).
 */
export function mqttSendHeaders(operation: TryItOperation | undefined, message?: TryItMessage): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(operation?.mqtt ?? {})) out[k] = String(v);
  const binding = message?.bindings?.mqtt;
  if (binding && typeof binding === 'object') {
    const b = binding as Record<string, unknown>;
    // A responseTopic may also be a Schema object (what topics look like): only a topic itself is sent.
    for (const k of MESSAGE_FIELDS) if (typeof b[k] === 'string' || typeof b[k] === 'number') out[k] = String(b[k]);
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The QoS to subscribe with: the highest the client's receive operations declare (the broker delivers at most
 * the subscription's QoS, so a lower one would downgrade what the spec promises); undefined when none does.
 */
export function mqttSubscribeQos(channels: TryItChannel[]): 0 | 1 | 2 | undefined {
  const declared = channels.flatMap((c) => c.operations.filter((o) => o.clientDirection === 'receive').map((o) => o.mqtt?.qos ?? -1));
  const max = Math.max(-1, ...declared);
  return max < 0 ? undefined : (max as 0 | 1 | 2);
}
