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

/** Every message name a step uses that the spec does not declare for that direction, in words. */
export function unknownMessages(model: TryItModel, session: SessionFile, channel?: TryItChannel): string[] {
  const receivable = new Set(receivableMessages(model).map((r) => r.message.id));
  const problems: string[] = [];
  session.steps.forEach((step, i) => {
    const named = 'channel' in step && step.channel !== undefined ? channelNamed(model, step.channel) : channel;
    if (!named && 'channel' in step && step.channel !== undefined) return void problems.push(`steps[${i}]: ${noChannel(model, step.channel)}`);
    const out = outgoing(step);
    if (out !== undefined && !sendable(model, out, named)) problems.push(`steps[${i}]: the spec declares no message "${out}" that a client sends`);
    for (const name of expected(step)) {
      if (!receivable.has(name)) problems.push(`steps[${i}]: the spec declares no message "${name}" that a client receives`);
    }
  });
  return problems;
}

function outgoing(step: Step): string | undefined {
  return 'send' in step ? step.send : 'emit' in step ? step.emit : undefined;
}

function expected(step: Step): string[] {
  if (!('expect' in step)) return [];
  return typeof step.expect === 'string' ? [step.expect] : step.expect.anyOf;
}
