/** What a session's names point at in the spec's Try it model: its server, its channel, the messages its steps name. */
import type { TryItChannel, TryItMessage, TryItModel, TryItServer } from '../tryItModel';
import { receivableMessages } from '../tryit/messageMatcher';
import type { SessionFile, Step } from './format';

export interface Target {
  server: TryItServer;
  channel?: TryItChannel;
}

/** The server (`--server` first, then the file's, then the spec's only one) and the channel, or why not. */
export function resolveTarget(model: TryItModel, session: SessionFile, serverName = session.server): Target | string {
  const names = model.servers.map((s) => s.name).join(', ') || 'none';
  if (!serverName && model.servers.length !== 1) return `name a server (--server or \`server:\`): the spec has ${names}`;
  const server = serverName ? model.servers.find((s) => s.name === serverName) : model.servers[0];
  if (!server) return `the spec has no server "${serverName}" (it has ${names})`;
  if (session.channel === undefined) return { server };
  const channel = channelNamed(model, session.channel);
  if (!channel) return noChannel(model, session.channel);
  return { server, channel };
}

/** A channel by id, else by address. */
export function channelNamed(model: TryItModel, name: string): TryItChannel | undefined {
  return model.channels.find((c) => c.id === name) ?? model.channels.find((c) => c.address === name);
}

export function noChannel(model: TryItModel, name: string): string {
  return `the spec has no channel "${name}" (it has ${model.channels.map((c) => c.id).join(', ')})`;
}

export interface Sendable {
  message: TryItMessage;
  channel: TryItChannel;
}

/** Messages this client may send, the session's channel first (the same id may be declared on several channels). */
export function sendable(model: TryItModel, id: string, preferred?: TryItChannel): Sendable | undefined {
  const channels = preferred ? [preferred, ...model.channels.filter((c) => c !== preferred)] : model.channels;
  for (const channel of channels) {
    for (const op of channel.operations) {
      const sends = model.describesServer ? op.clientDirection === 'send' : op.clientDirection === 'receive';
      const message = (sends ? op.messages : (op.reply?.messages ?? [])).find((m) => m.id === id);
      if (message) return { message, channel };
    }
  }
  return undefined;
}

/**
 * What the spec cannot do of what the steps ask, in words, before anything connects: messages it does not declare
 * for that direction, channels it does not have, `emit` to a server that is not Socket.IO, `subscribe` off STOMP and MQTT.
 */
export function sessionProblems(model: TryItModel, session: SessionFile, target: Target): string[] {
  const receivable = new Set(receivableMessages(model).map((r) => r.message.id));
  const transport = target.server.transport;
  return session.steps.flatMap((step, i) => {
    const own = 'channel' in step ? step.channel : undefined;
    const named = own !== undefined ? channelNamed(model, own) : target.channel;
    if (!named && own !== undefined) return [`steps[${i}]: ${noChannel(model, own)}`];
    if ('emit' in step && transport !== 'socket.io')
      return [`steps[${i}]: emit waits for a Socket.IO acknowledgement; server "${target.server.name}" speaks ${transport}: use send`];
    if ('subscribe' in step && transport !== 'stomp' && transport !== 'mqtt')
      return [`steps[${i}]: subscribe is for STOMP destinations and MQTT topic filters; server "${target.server.name}" speaks ${transport}`];
    const out = outgoing(step);
    const problems = out !== undefined && !sendable(model, out, named) ? [`the spec declares no message "${out}" that a client sends`] : [];
    for (const name of expected(step)) if (!receivable.has(name)) problems.push(`the spec declares no message "${name}" that a client receives`);
    return problems.map((p) => `steps[${i}]: ${p}`);
  });
}

function outgoing(step: Step): string | undefined {
  return 'send' in step ? step.send : 'emit' in step ? step.emit : undefined;
}

function expected(step: Step): string[] {
  if (!('expect' in step)) return [];
  return typeof step.expect === 'string' ? [step.expect] : step.expect.anyOf;
}
