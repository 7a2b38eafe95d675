/**
 * "Add message to spec" for AsyncAPI 2.x: the message goes to `components.messages` as in 3.x, and the channel's
 * `subscribe` operation (what the client receives, the spec describing the application) lists it: a missing
 * `message` becomes the `$ref`, a single message becomes `oneOf: [old, $ref]`, a `oneOf` gets one more item, and
 * a channel without `subscribe` gets one. Insertions only: wrapping a block message in `oneOf` indents its lines
 * by inserting spaces, so its own bytes, comments included, stay as they were.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { uniqueName } from './addExample';
import { componentsMessages, type MessageEdit } from './addMessage';
import { appendItem, appendPair, applyInsert, blockMapOf, chainAt, columnOf, contentEnd, pairOf, parseForEdit, type TextInsert } from './yamlInsert';

export interface Message2Request {
  text: string;
  /** Offset of the channel's key (`channels.<address>`). */
  channelAt: number;
  channelId: string;
  /** The spec's `asyncapi` version: 2.0 examples have no `name`. */
  version: string;
  /** Wanted message id; made unique among `components.messages`. */
  name: string;
  payloadSchema: Record<string, unknown>;
  example: unknown;
}

export function addMessage2(req: Message2Request): MessageEdit | string {
  const doc = parseForEdit(req.text);
  if (typeof doc === 'string') return doc;
  const root = blockMapOf(doc.contents ?? undefined);
  if (typeof root === 'string') return `cannot add to the spec: ${root}`;
  const components = componentsMessages(root);
  const name = uniqueName(req.name, components.taken, '');
  const example = req.version.startsWith('2.0') ? { payload: req.example } : { name: 'recorded', payload: req.example };
  const definition = { name, payload: req.payloadSchema, examples: [example] };
  const ref = { $ref: `#/components/messages/${name}` };
  const last = chainAt(doc, req.channelAt)?.at(-1);
  if (!isPair(last) || !isScalar(last.key) || last.key.value !== req.channelId)
    return `the channel ${req.channelId} is no longer where the spec had it; try again`;
  const inChannel = subscribeInserts(req.text, last, ref);
  if (typeof inChannel === 'string') return `cannot add to channel ${req.channelId}: ${inChannel}`;
  // The channel's insertions first: one at the same offset as the components' must come before it.
  const inserts = [...inChannel, components.add(req.text, name, definition)];
  const problem = inserts.find((i): i is string => typeof i === 'string');
  if (problem) return problem;
  return { name, inserts: (inserts as TextInsert[]).sort((a, b) => a.offset - b.offset) };
}

function subscribeInserts(text: string, channelPair: Pair, ref: object): TextInsert[] | string {
  const channel = blockMapOf(channelPair);
  if (typeof channel === 'string') return channel;
  // A `$ref`'d channel item is written elsewhere: a key beside the `$ref` would not reach it.
  if (pairOf(channel, '$ref')) return 'it is a $ref to a channel written elsewhere; add the message there by hand';
  const subscribe = pairOf(channel, 'subscribe');
  if (!subscribe) return [appendPair(text, channel, 'subscribe', { message: ref })];
  const operation = blockMapOf(subscribe);
  if (typeof operation === 'string') return `its subscribe operation: ${operation}`;
  const message = pairOf(operation, 'message');
  if (!message || message.value === null) return [appendPair(text, operation, 'message', ref)];
  const oneOf = isMap(message.value) ? pairOf(message.value, 'oneOf')?.value : undefined;
  if (isSeq(oneOf)) {
    const item = appendItem(text, oneOf, ref);
    return typeof item === 'string' ? `its message's oneOf: ${item}` : [item];
  }
  return wrapInOneOf(text, message.value as Node, ref);
}

/** `message: X` → `message: {"oneOf": [X, ref]}` (JSON, which YAML reads too), written in X's own style; refused unless X reads the same after. */
function wrapInOneOf(text: string, message: Node, ref: object): TextInsert[] | string {
  const [start, end] = message.range!;
  const refText = JSON.stringify(ref);
  const inserts =
    isMap(message) && !message.flow
      ? blockWrap(text, message as YAMLMap, refText)
      : [
          { offset: start, text: '{"oneOf": [' },
          { offset: flowEnd(text, start, end), text: `, ${refText}]}` },
        ];
  // Indenting a block scalar with an explicit indentation indicator, say, would change it: check, never guess.
  const after = parseDocument(inserts.reduceRight((t, i) => applyInsert(t, i), text));
  const before = JSON.stringify(message.toJSON());
  const wrapped = after.errors.length ? undefined : findWrapped(after.toJS(), before);
  return wrapped ? inserts : 'its message could not be wrapped in a oneOf here; add the message to it by hand';
}

/** A block message: `oneOf:` and `- ` before its first key, its other lines indented by 4, the `$ref` item after. */
function blockWrap(text: string, message: YAMLMap, refText: string): TextInsert[] {
  const start = message.range![0];
  const pad = ' '.repeat(columnOf(text, start));
  const inserts: TextInsert[] = [{ offset: start, text: `oneOf:\n${pad}  - ` }];
  let end = contentEnd(message);
  if (text[end - 1] === '\n') end--; // a block scalar's range takes its newline
  const nl = text.indexOf('\n', end);
  end = nl < 0 ? text.length : nl;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1))
    if (text[i + 1] !== '\n' && text[i + 1] !== '\r') inserts.push({ offset: i + 1, text: '    ' });
  const tail = end === text.length && !text.endsWith('\n') ? '\n' : '';
  const at = nl < 0 ? text.length : nl + 1;
  inserts.push({ offset: at, text: `${tail}${pad}  - ${refText}\n` });
  return inserts;
}

/** A flow value's text ends at its closing bracket or last character, before any comment. */
function flowEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

/** Whether some `oneOf` in the parsed spec starts with the old message, unchanged. */
function findWrapped(value: unknown, before: string): boolean {
  if (!value || typeof value !== 'object') return false;
  const o = value as Record<string, unknown>;
  if (Array.isArray(o.oneOf) && o.oneOf.length >= 2 && JSON.stringify(o.oneOf.at(-2)) === before) return true;
  return Object.values(o).some((v) => findWrapped(v, before));
}
