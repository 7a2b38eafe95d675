/** An operation's `mqtt` binding (qos, retain, messageExpiryInterval), which a Try it send uses for its PUBLISH. */
import type { TryItOperation } from '../../../../../common/src/tryItModel';
import { child, follow, isObj, type BuildContext, type SpecNode } from './resolve';

/** `bindings.mqtt` of an operation (either may be a `$ref`); undefined when it sets none of them. */
export function mqttOperationBinding(bc: BuildContext, operation: SpecNode): TryItOperation['mqtt'] {
  const bindings = follow(bc, child(operation, 'bindings'));
  const mqtt = bindings && follow(bc, child(bindings, 'mqtt'));
  const b = mqtt && isObj(mqtt.value) ? mqtt.value : {};
  const out: NonNullable<TryItOperation['mqtt']> = {};
  if (b.qos === 0 || b.qos === 1 || b.qos === 2) out.qos = b.qos;
  if (typeof b.retain === 'boolean') out.retain = b.retain;
  // Binding 0.2.0 (MQTT 5); a Schema or Reference object there describes a range, not a value to send.
  if (Number.isInteger(b.messageExpiryInterval)) out.messageExpiryInterval = b.messageExpiryInterval as number;
  return Object.keys(out).length ? out : undefined;
}
