/**
 * `--examples`: a spec without session files, smoke-tested. One session per channel: connect, send every example
 * a client may send there (its parameters filled: parameterValues), then listen, and every message received in
 * that time must be declared and valid.
 */
import type { TryItChannel, TryItModel } from '../../../common/src/tryItModel';
import type { SessionFile, Step } from '../../../common/src/sessions/format';

export function exampleSessions(model: TryItModel, spec: string, listenMs: number): { name: string; session: SessionFile }[] {
  return model.channels
    .filter((c) => c.operations.length > 0)
    .map((channel) => ({
      name: `examples on ${channel.address ?? channel.id}`,
      session: {
        session: 1,
        spec,
        channel: channel.id,
        ...(channel.parameters.length ? { parameters: parameterValues(channel) } : {}),
        steps: steps(model, channel, listenMs),
      },
    }));
}

/**
 * A value for each channel parameter (its default, first example or first allowed value, else its own name): an
 * MQTT topic or STOMP destination to send to needs every one filled.
 */
function parameterValues(channel: TryItChannel): Record<string, string> {
  return Object.fromEntries(channel.parameters.map((p) => [p.name, String(p.default ?? p.examples?.[0] ?? p.enum?.[0] ?? p.name)]));
}

function steps(model: TryItModel, channel: TryItChannel, listenMs: number): Step[] {
  const out: Step[] = [];
  for (const op of channel.operations) {
    const sends = model.describesServer ? op.clientDirection === 'send' : op.clientDirection === 'receive';
    if (!sends) continue;
    for (const message of op.messages) {
      for (const e of message.examples) out.push(e.name ? { send: message.id, example: e.name } : { send: message.id, payload: e.payload });
    }
  }
  out.push({ listen: listenMs });
  return out;
}
