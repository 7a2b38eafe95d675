/**
 * Completion in session files: keys from session.schema.json (top level, and a step's action and options), and
 * after `send:`/`emit:`/`expect:`/`anyOf: [`/`example:`/`server:`/`channel:` the names the spec declares.
 */
import type { TryItModel } from '../../../../common/src/tryItModel';
import schema from '../../../../common/src/sessions/session.schema.json';
import { receivableMessages } from '../../../../common/src/tryit/messageMatcher';
import { sendable } from '../../../../common/src/sessions/target';
import type { FeatureContext } from '../core/featureContext';
import { CompletionKind, type SpecCompletion } from '../core/types';

const STEP_KEYS = ['send', 'emit', 'expect', 'nothing', 'listen', 'wait', 'subscribe', 'channel', 'payload', 'example', 'match', 'timeout', 'capture', 'ack'];

export function sessionCompletions(ctx: FeatureContext, offset: number, model: TryItModel | undefined): SpecCompletion[] {
  const text = ctx.doc.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const value = /^\s*(?:-\s+)?(send|emit|expect|example|server|channel)\s*:\s*([\w.\-/{}]*)$/.exec(before);
  const anyOf = /anyOf\s*:\s*\[(?:[^\]]*,)?\s*([\w.-]*)$/.exec(before);
  if (anyOf) return names(model ? receivableIds(model) : [], anyOf[1]!, offset, 'a message the client receives');
  if (value) {
    const [, key, word] = value as unknown as [string, string, string];
    if (!model) return [];
    if (key === 'send' || key === 'emit') return names(sendableIds(model), word, offset, 'a message the client sends');
    if (key === 'expect') return names(receivableIds(model), word, offset, 'a message the client receives');
    if (key === 'server')
      return names(
        model.servers.map((s) => s.name),
        word,
        offset,
        'a server of the spec',
      );
    if (key === 'channel')
      return names(
        model.channels.map((c) => c.id),
        word,
        offset,
        'a channel of the spec',
      );
    return names(exampleNames(model, stepMessage(text, lineStart)), word, offset, 'an example of the message');
  }
  const key = /^(\s*)(-\s+)?(\w*)$/.exec(before);
  if (!key) return [];
  const [, indent, dash, word] = key as unknown as [string, string, string | undefined, string];
  const keys = indent === '' && !dash ? Object.keys(schema.properties) : inSteps(text, lineStart) ? STEP_KEYS : [];
  return keys.map((k) => ({ label: k, kind: CompletionKind.Property, insertText: `${k}: `, replace: { start: offset - word.length, end: offset } }));
}

function names(list: string[], word: string, offset: number, detail: string): SpecCompletion[] {
  return [...new Set(list)].map((n) => ({
    label: n,
    kind: CompletionKind.Value,
    insertText: n,
    detail,
    replace: { start: offset - word.length, end: offset },
  }));
}

function sendableIds(model: TryItModel): string[] {
  const ids = model.channels.flatMap((c) => c.operations.flatMap((o) => [...o.messages, ...(o.reply?.messages ?? [])].map((m) => m.id)));
  return ids.filter((id) => sendable(model, id));
}

function receivableIds(model: TryItModel): string[] {
  return receivableMessages(model).map((r) => r.message.id);
}

function exampleNames(model: TryItModel, id: string | undefined): string[] {
  const found = id === undefined ? undefined : sendable(model, id);
  return (found?.message.examples ?? []).flatMap((e) => ((e.name ?? e.summary) ? [(e.name ?? e.summary)!] : []));
}

/** The `send:`/`emit:` of the step the line belongs to (lines up to the step's `- `). */
function stepMessage(text: string, lineStart: number): string | undefined {
  const lines = text.slice(0, lineStart).split('\n').reverse();
  for (const line of lines) {
    const m = /^\s*(?:-\s+)?(?:send|emit)\s*:\s*([\w.-]+)/.exec(line);
    if (m) return m[1];
    if (/^\s*-\s/.test(line)) return undefined;
  }
  return undefined;
}

/** Below the top-level `steps:` key. */
function inSteps(text: string, lineStart: number): boolean {
  const top = [...text.slice(0, lineStart).matchAll(/^(\w+)\s*:/gm)].at(-1);
  return top?.[1] === 'steps';
}
