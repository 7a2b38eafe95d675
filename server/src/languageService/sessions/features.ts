/**
 * Session files (`*.session.yaml`, docs/sessions.md) checked and completed like a spec (issue 18.1): their shape
 * from session.schema.json on every edit; in the slow pass, the names they use against the Try it model of the
 * spec they name (server, channel, message ids per direction, example names); completion of keys from the schema
 * and of those names from the spec.
 */
import type { TryItModel } from '../../../../common/src/tryItModel';
import { sessionSchemaProblems, type SessionFile, type Step } from '../../../../common/src/sessions/format';
import { channelNamed, resolveTarget, sendable } from '../../../../common/src/sessions/target';
import { receivableMessages } from '../../../../common/src/tryit/messageMatcher';
import type { FeatureContext } from '../core/featureContext';
import type { LanguageFeatures } from '../core/features';
import { Severity, type SpecDiagnostic } from '../core/types';
import { spanAtPath } from '../core/yamlAst';
import { sessionCompletions } from './completion';

export const sessionFeatures: LanguageFeatures[] = [
  {
    fastDiagnostics: (ctx) =>
      sessionSchemaProblems(ctx.doc.value).map((p) => ({
        ...spanAtPath(ctx.doc.ast, p.path, p.onKey),
        severity: Severity.Error,
        code: 'session-schema',
        message: p.message,
      })),
    slowDiagnostics: (ctx) => namesDiagnostics(ctx),
    completions: (ctx, offset) => sessionCompletions(ctx, offset, specModel(ctx)),
  },
];

/** The Try it model of the spec the session names, read through the session's own `$ref` gate. */
export function specModel(ctx: FeatureContext): TryItModel | undefined {
  const spec = (ctx.doc.value as { spec?: unknown } | null)?.spec;
  if (typeof spec !== 'string' || !spec) return undefined;
  const uri = new URL(spec, ctx.doc.uri).toString();
  ctx.dependsOn.add(uri);
  return ctx.tryItModelOf?.(uri);
}

function namesDiagnostics(ctx: FeatureContext): SpecDiagnostic[] {
  if (sessionSchemaProblems(ctx.doc.value).length) return []; // the fast pass said what is wrong first
  const session = ctx.doc.value as SessionFile;
  const at = (path: (string | number)[], message: string, code = 'session-unknown-name'): SpecDiagnostic => ({
    ...spanAtPath(ctx.doc.ast, path),
    severity: Severity.Error,
    code,
    message,
  });
  const model = specModel(ctx);
  if (!model) return [at(['spec'], `cannot read "${session.spec}" as an AsyncAPI or Fern spec (relative to this file)`, 'session-spec')];
  const target = resolveTarget(model, session);
  if (typeof target === 'string')
    return [at(session.server !== undefined && !/^name a server/.test(target) ? ['server'] : session.channel !== undefined ? ['channel'] : ['spec'], target)];
  const receivable = receivableMessages(model).map((r) => r.message.id);
  return session.steps.flatMap((step, i) => stepDiagnostics(model, step, i, target.channel?.id, receivable, at));
}

function stepDiagnostics(
  model: TryItModel,
  step: Step,
  i: number,
  sessionChannel: string | undefined,
  receivable: string[],
  at: (path: (string | number)[], message: string) => SpecDiagnostic,
): SpecDiagnostic[] {
  const own = 'channel' in step ? step.channel : undefined;
  const channel = own !== undefined ? channelNamed(model, own) : sessionChannel !== undefined ? channelNamed(model, sessionChannel) : undefined;
  if (own !== undefined && !channel)
    return [at(['steps', i, 'channel'], `the spec has no channel "${own}" (it has ${model.channels.map((c) => c.id).join(', ')})`)];
  const out: SpecDiagnostic[] = [];
  const action = 'send' in step ? 'send' : 'emit' in step ? 'emit' : undefined;
  if (action) {
    const id = (step as Record<string, string>)[action]!;
    const found = sendable(model, id, channel);
    if (!found) out.push(at(['steps', i, action], `the spec declares no message "${id}" that a client sends`));
    const example = (step as { example?: string }).example;
    if (found && example !== undefined && !found.message.examples.some((e) => e.name === example || e.summary === example)) {
      const names = found.message.examples.map((e) => e.name ?? e.summary).filter(Boolean);
      out.push(at(['steps', i, 'example'], `message ${id} has no example "${example}" (it has ${names.join(', ') || 'none with a name'})`));
    }
  }
  if ('expect' in step) {
    const names =
      typeof step.expect === 'string'
        ? [[step.expect, ['steps', i, 'expect']] as const]
        : step.expect.anyOf.map((n, j) => [n, ['steps', i, 'expect', 'anyOf', j]] as const);
    for (const [name, path] of names) if (!receivable.includes(name)) out.push(at([...path], `the spec declares no message "${name}" that a client receives`));
  }
  return out;
}
