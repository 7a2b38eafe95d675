/** The spec's MQTT operation bindings (qos, retain) as the MQTT transport takes them. */
import type { TryItChannel, TryItOperation } from '../../common/src/tryItModel';

/** The headers a send carries so the MQTT transport publishes with the operation's QoS and retain flag. */
export function mqttSendHeaders(operation: TryItOperation | undefined): Record<string, string> | undefined {
  const b = operation?.mqtt;
  if (!b) return undefined;
  return { ...(b.qos !== undefined ? { qos: String(b.qos) } : {}), ...(b.retain !== undefined ? { retain: String(b.retain) } : {}) };
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
