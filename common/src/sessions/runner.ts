/**
 * Runs a session's steps in order over a connected wire. The first failing step fails the session and the rest
 * are skipped; every step reports how long it took and, when it failed, why, in words.
 */
import type { TryItModel } from '../tryItModel';
import { createMessageMatcher, receivableMessages } from '../tryit/messageMatcher';
import type { SessionFile } from './format';
import { runStep, stepLabel, type StepContext } from './steps';
import { sessionProblems, type Target } from './target';
import { SessionError, substituteStrings, type Scope } from './variables';
import { Inbox, type SessionWire } from './wire';

export type Status = 'passed' | 'failed' | 'skipped';

export interface StepResult {
  label: string;
  status: Status;
  durationMs: number;
  reason?: string;
}

export interface SessionResult {
  name: string;
  file?: string;
  status: 'passed' | 'failed';
  durationMs: number;
  /** Why the session could not start (bad file, unknown server, connection refused); then no step ran. */
  error?: string;
  steps: StepResult[];
}

export interface RunOptions {
  model: TryItModel;
  target: Target;
  wire: SessionWire;
  env: Record<string, string | undefined>;
  defaultTimeoutMs?: number;
  /** Each step's result as it is known (the Try it panel shows the replay step by step). */
  onStep?(result: StepResult, index: number): void;
}

export const DEFAULT_EXPECT_TIMEOUT_MS = 5000;

export async function runSession(session: SessionFile, name: string, options: RunOptions): Promise<SessionResult> {
  const started = Date.now();
  const problems = sessionProblems(options.model, session, options.target);
  if (problems.length) return failedToStart(name, problems.join('\n'), session);
  const ctx = context(session, options, started);
  const subscriptions = [options.wire.onMessage((m) => ctx.inbox.push(m)), options.wire.onFailure((r) => ctx.inbox.fail(r))];
  try {
    const steps: StepResult[] = [];
    for (const step of session.steps) {
      const result = steps.some((s) => s.status === 'failed') ? skipped(stepLabel(step)) : await timed(step, ctx);
      steps.push(result);
      options.onStep?.(result, steps.length - 1);
    }
    const status = steps.some((s) => s.status === 'failed') ? 'failed' : 'passed';
    return { name, status, durationMs: Date.now() - started, steps };
  } finally {
    for (const s of subscriptions) s.dispose();
  }
}

function context(session: SessionFile, options: RunOptions, started: number): StepContext {
  const scope: Scope = { env: options.env, captured: new Map() };
  return {
    model: options.model,
    transport: options.target.server.transport,
    channel: options.target.channel,
    parameters: substituteStrings(session.parameters, scope),
    wire: options.wire,
    inbox: new Inbox(createMessageMatcher(receivableMessages(options.model)), started),
    scope,
    defaultTimeoutMs: session.timeout ?? options.defaultTimeoutMs ?? DEFAULT_EXPECT_TIMEOUT_MS,
  };
}

async function timed(step: SessionFile['steps'][number], ctx: StepContext): Promise<StepResult> {
  const label = stepLabel(step);
  const t0 = Date.now();
  try {
    await runStep(step, ctx);
    return { label, status: 'passed', durationMs: Date.now() - t0 };
  } catch (e) {
    const reason = e instanceof SessionError ? e.message : `${label} failed: ${e instanceof Error ? e.message : String(e)}`;
    return { label, status: 'failed', durationMs: Date.now() - t0, reason };
  }
}

function skipped(label: string): StepResult {
  return { label, status: 'skipped', durationMs: 0 };
}

/** A session that never ran: every step listed as skipped, so a report still shows what it would have done. */
export function failedToStart(name: string, error: string, session?: SessionFile): SessionResult {
  return { name, status: 'failed', durationMs: 0, error, steps: (session?.steps ?? []).map((s) => skipped(stepLabel(s))) };
}
