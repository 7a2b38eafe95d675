/**
 * "Add as example" (issue 18.4): a payload seen in the Try it log becomes a named example of its message, where
 * the spec keeps examples: a message's `examples` list in AsyncAPI (2.x and 3.x alike: `name` + `payload`), the
 * channel's `examples` in a Fern definition (`name` + `messages: [{ type, body }]`). One insertion; the rest of
 * the file keeps its bytes.
 */
import { isMap, isPair, isScalar, isSeq, type YAMLMap } from 'yaml';
import { appendItem, appendPair, blockMapOf, chainAt, pairOf, parseForEdit, type TextInsert } from './yamlInsert';

export interface ExampleRequest {
  kind: 'asyncapi' | 'fern';
  /** The text of the file that declares the message (its location's file). */
  text: string;
  /** Offset of the message's location in that text: its key, or its mapping. */
  at: number;
  /** Fern: the message's id in the channel's `messages`, which the example names as its `type`. */
  messageId: string;
  /** Wanted name; made unique among the examples already there. */
  name: string;
  payload: unknown;
  /** The spec's version: AsyncAPI 2.0's examples are bare `{payload}` maps (`name` came in 2.1). */
  version?: string;
}

/** The insertion, or why the spec cannot take the example there, in words. */
export function addExample(req: ExampleRequest): TextInsert | string {
  const doc = parseForEdit(req.text);
  if (typeof doc === 'string') return doc;
  const chain = chainAt(doc, req.at);
  if (!chain) return `the message ${req.messageId} is no longer where the spec had it; save the spec and try again`;
  if (req.kind === 'fern') {
    const i = chain.findIndex((n) => isPair(n) && isScalar(n.key) && n.key.value === 'messages');
    const channel = i > 0 ? blockMapOf(chain[i - 1]) : `the message ${req.messageId} is not in a channel's messages`;
    if (typeof channel === 'string') return `cannot add to the channel: ${channel}`;
    return addTo(req.text, channel, (name) => ({ name, messages: [{ type: req.messageId, body: req.payload }] }), req.name);
  }
  const message = blockMapOf(chain.at(-1));
  if (typeof message === 'string') return `cannot add to message ${req.messageId}: ${message}`;
  const unnamed = req.version?.startsWith('2.0');
  return addTo(req.text, message, (name) => (unnamed ? { payload: req.payload } : { name, payload: req.payload }), req.name);
}

/** Appends to the mapping's `examples` list, or starts one. */
function addTo(text: string, owner: YAMLMap, example: (name: string) => unknown, wanted: string): TextInsert | string {
  const existing = pairOf(owner, 'examples');
  if (!existing) return appendPair(text, owner, 'examples', [example(wanted)]);
  if (!isSeq(existing.value)) return 'its `examples` is not a list';
  const names = new Set(existing.value.items.map((item) => (isMap(item) ? item.get('name') : undefined)));
  return appendItem(text, existing.value, example(uniqueName(wanted, names)));
}

/** `wanted`, else `wanted 2`, `wanted 3`, … (`separator` '' where names are keys that allow no space). */
export function uniqueName(wanted: string, taken: Set<unknown>, separator = ' '): string {
  if (!taken.has(wanted)) return wanted;
  let n = 2;
  while (taken.has(`${wanted}${separator}${n}`)) n++;
  return `${wanted}${separator}${n}`;
}

/** A SpecLocation's line and character as an offset into the text it points into. */
export function offsetOf(text: string, line: number, character: number): number {
  let offset = 0;
  for (let i = 0; i < line && offset >= 0; i++) offset = text.indexOf('\n', offset) + 1;
  return Math.min(offset + character, text.length);
}
