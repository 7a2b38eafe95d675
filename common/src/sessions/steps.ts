/** What each step does; a failed step throws a SessionError whose message is the reason a person reads. */
import type { TransportKind, TryItChannel, TryItModel } from '../tryItModel';
import type { MatchResult } from '../tryit/messageMatcher';
import type { Step } from './format';
import { partialDiff } from './partialMatch';
import { channelNamed, sendable } from './target';
import { capture, SessionError, substitute, type Scope } from './variables';
import type { Inbox, Received, SessionWire } from './wire';

export interface StepContext {
  model: TryItModel;
  transport: TransportKind;
  channel?: TryItChannel;
  parameters: Record<string, string>;
  wire: SessionWire;
  inbox: Inbox;
  scope: Scope;
  defaultTimeoutMs: number;
}

export async function runStep(step: Step, ctx: StepContext): Promise<void> {
  if ('send' in step) await send(step.send, step, ctx);
  else if ('emit' in step) await emit(step, ctx);
  else if ('expect' in step) await expect(step, ctx);
  else if ('nothing' in step) await nothing(step.nothing, ctx);
  else if ('listen' in step) await listen(step.listen, ctx);
  else if ('wait' in step) await new Promise((done) => setTimeout(done, step.wait));
  else await ctx.wire.subscribe?.(String(substitute(step.subscribe, ctx.scope)));
}

export function stepLabel(step: Step): string {
  if ('send' in step) return `send ${step.send}${step.example ? ` (example ${step.example})` : ''}`;
  if ('emit' in step) return `emit ${step.emit}${step.ack ? ' with ack' : ''}`;
  if ('expect' in step) return `expect ${typeof step.expect === 'string' ? step.expect : `any of ${step.expect.anyOf.join(', ')}`}`;
  if ('nothing' in step) return `nothing for ${step.nothing} ms`;
  if ('listen' in step) return `listen ${step.listen} ms`;
  if ('wait' in step) return `wait ${step.wait} ms`;
  return `subscribe ${step.subscribe}`;
}

/** The step's own channel (checked before the run: unknownMessages), else the session's. */
function channelOf(step: { channel?: string }, ctx: StepContext): TryItChannel | undefined {
  return step.channel !== undefined ? channelNamed(ctx.model, step.channel) : ctx.channel;
}

async function send(id: string, step: { channel?: string; payload?: unknown; example?: string }, ctx: StepContext, ack = false): Promise<unknown> {
  const found = sendable(ctx.model, id, channelOf(step, ctx));
  if (!found) throw new SessionError(`the spec declares no message "${id}" that a client sends`);
  const payload = substitute(step.example !== undefined ? exampleOf(found.message, step.example) : step.payload, ctx.scope);
  const data = typeof payload === 'string' ? payload : JSON.stringify(payload ?? {});
  const destination = ctx.transport === 'stomp' || ctx.transport === 'mqtt' ? destinationOf(found.channel, ctx.parameters) : undefined;
  // A topic to publish to is a name, not a pattern: an unfilled parameter would publish to `a/{id}` literally.
  if (ctx.transport === 'mqtt' && /[{}]/.test(destination ?? ''))
    throw new SessionError(`the topic ${destination} has parameters without values: give them in the session's \`parameters\``);
  const headers = ctx.transport === 'stomp' && typeof payload !== 'string' ? { 'content-type': 'application/json' } : undefined;
  return ctx.wire.send({ data, event: found.message.eventName, destination, ack, headers });
}

function exampleOf(message: { id: string; examples: { name?: string; summary?: string; payload: unknown }[] }, name: string): unknown {
  const example = message.examples.find((e) => e.name === name) ?? message.examples.find((e) => e.summary === name);
  if (!example) {
    const names = message.examples.map((e) => e.name ?? e.summary).filter(Boolean);
    throw new SessionError(`message ${message.id} has no example "${name}" (it has ${names.join(', ') || 'none with a name'})`);
  }
  return example.payload;
}

function destinationOf(channel: TryItChannel, parameters: Record<string, string>): string {
  return (channel.address ?? channel.id).replace(/\{([^{}]+)\}/g, (whole, name: string) => parameters[name] ?? whole);
}

/** Socket.IO only: sessionProblems refused an emit to any other server before the run. */
async function emit(step: Extract<Step, { emit: string }>, ctx: StepContext): Promise<void> {
  const ack = await send(step.emit, step, ctx, true);
  checkPayload('the acknowledgement', step.ack?.match, ack, ctx);
  capture(ctx.scope, ack, step.ack?.capture);
}

function checkPayload(what: string, match: unknown, value: unknown, ctx: StepContext): void {
  if (match === undefined) return;
  const diff = partialDiff(substitute(match, ctx.scope), value);
  if (diff.length) throw new SessionError(`${what} differs from the expected payload:\n${diff.join('\n')}`);
}

type ExpectStep = Extract<Step, { expect: unknown }>;

async function expect(step: ExpectStep, ctx: StepContext): Promise<void> {
  const names = typeof step.expect === 'string' ? [step.expect] : step.expect.anyOf;
  const channelId = step.channel !== undefined ? channelOf(step, ctx)?.id : undefined;
  const timeout = step.timeout ?? ctx.defaultTimeoutMs;
  const deadline = Date.now() + timeout;
  const others: Received[] = [];
  let nearest: { received: Received; diff: string[] } | undefined;
  for (;;) {
    const received = await ctx.inbox.next(deadline);
    if (!received) throw new SessionError(expectTimeout(names, timeout, others, nearest));
    const { result } = received;
    if (!result.messageId || !names.includes(result.messageId) || (channelId !== undefined && result.channelId !== channelId)) {
      others.push(received);
      continue;
    }
    if (!result.valid) throw new SessionError(violation(result));
    const diff = step.match === undefined ? [] : partialDiff(substitute(step.match, ctx.scope), result.value);
    if (diff.length === 0) return capture(ctx.scope, result.value, step.capture);
    nearest = { received, diff };
  }
}

function expectTimeout(names: string[], timeout: number, others: Received[], nearest?: { received: Received; diff: string[] }): string {
  const wanted = names.join(' or ');
  if (nearest) return `${nearest.received.result.messageId} arrived but differs from the expected payload:\n${nearest.diff.join('\n')}`;
  if (others.length) return `wrong message: expected ${wanted}, received ${others.map((r) => describe(r.result)).join('; ')}`;
  return `timed out after ${timeout} ms waiting for ${wanted}: nothing arrived`;
}

async function nothing(ms: number, ctx: StepContext): Promise<void> {
  const received = await ctx.inbox.next(Date.now() + ms);
  if (received) throw new SessionError(`expected nothing for ${ms} ms, received ${describe(received.result)}`);
}

async function listen(ms: number, ctx: StepContext): Promise<void> {
  const deadline = Date.now() + ms;
  for (let r = await ctx.inbox.next(deadline); r; r = await ctx.inbox.next(deadline)) {
    if (!r.result.messageId) throw new SessionError(`received a message the spec does not declare: ${preview(r.result.value)}`);
    if (!r.result.valid) throw new SessionError(violation(r.result));
  }
}

function violation(result: MatchResult): string {
  const errors = result.errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ');
  return `schema violation: ${result.messageId} does not validate: ${errors}\nreceived: ${preview(result.value)}`;
}

function describe(result: MatchResult): string {
  return `${result.messageId ?? 'a message not in the spec'} ${preview(result.value)}`;
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
