/**
 * "Add message to spec" (issue 18.4) for a "not in spec" row of an AsyncAPI 3.x spec: the message goes to
 * `components.messages` with the inferred payload schema and the row's payload as its example, the channel lists
 * it by `$ref`, and so does the operation that receives on that channel. Insertions only, as for examples.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import { uniqueName } from './addExample';
import { appendItem, appendPair, blockMapOf, chainAt, pairOf, parseForEdit, type TextInsert } from './yamlInsert';

export interface MessageRequest {
  text: string;
  /** Offset of the channel's key (`channels.<id>`). */
  channelAt: number;
  channelId: string;
  /** Offset of the key of the operation that receives the message, when there is one. */
  operationAt?: number;
  operationId?: string;
  /** Wanted message id; made unique among `components.messages`. */
  name: string;
  payloadSchema: Record<string, unknown>;
  example: unknown;
}

export interface MessageEdit {
  name: string;
  inserts: TextInsert[];
}

export function addMessage(req: MessageRequest): MessageEdit | string {
  const doc = parseForEdit(req.text);
  if (typeof doc === 'string') return doc;
  const root = blockMapOf(doc.contents ?? undefined);
  if (typeof root === 'string') return `cannot add to the spec: ${root}`;
  const components = componentsMessages(root);
  const name = uniqueName(req.name, components.taken, ''); // component keys allow no space
  const definition = { name, payload: req.payloadSchema, examples: [{ name: 'recorded', payload: req.example }] };
  const inserts: (TextInsert | string)[] = [];
  inserts.push(addEntry(req.text, doc, req.channelAt, req.channelId, 'channel', { key: name, value: { $ref: `#/components/messages/${name}` } }));
  if (req.operationAt !== undefined && req.operationId !== undefined)
    inserts.push(
      addEntry(req.text, doc, req.operationAt, req.operationId, 'operation', { item: { $ref: `#/channels/${pointer(req.channelId)}/messages/${name}` } }),
    );
  // Components last: where an insertion above ends the file too, the editor puts same-offset insertions in order.
  inserts.push(components.add(req.text, name, definition));
  const problem = inserts.find((i): i is string => typeof i === 'string');
  if (problem) return problem;
  return { name, inserts: (inserts as TextInsert[]).sort((a, b) => a.offset - b.offset) };
}

/** `components.messages` of the root: the keys taken there, and the insertion of a new one (creating what is missing). */
export function componentsMessages(root: YAMLMap) {
  const components = pairOf(root, 'components')?.value;
  const messages = isMap(components) ? pairOf(components, 'messages')?.value : undefined;
  const taken = new Set<unknown>(isMap(messages) ? messages.items.map((p) => (p.key as { value?: unknown })?.value) : []);
  return {
    taken,
    add(text: string, name: string, definition: unknown): TextInsert | string {
      if (!components) return appendPair(text, root, 'components', { messages: { [name]: definition } });
      const c = blockMapOf(components as YAMLMap);
      if (typeof c === 'string') return `cannot add to components: ${c}`;
      if (!messages) return appendPair(text, c, 'messages', { [name]: definition });
      const m = blockMapOf(messages as YAMLMap);
      if (typeof m === 'string') return `cannot add to components.messages: ${m}`;
      return appendPair(text, m, name, definition);
    },
  };
}

/** A channel's `messages` is a map (name → `$ref`), an operation's a list of `$ref`s; either is started when absent. */
type Entry = { key: string; value: unknown } | { item: unknown };

function addEntry(text: string, doc: Document, at: number, id: string, kind: string, entry: Entry): TextInsert | string {
  const what = `${kind} ${id}`;
  const last = chainAt(doc, at)?.at(-1);
  // The model's location may predate an edit: only the key it named is the place.
  if (!isPair(last) || !isScalar(last.key) || last.key.value !== id) return `the ${what} is no longer where the spec had it; try again`;
  const owner = blockMapOf(last);
  if (typeof owner === 'string') return `cannot add to ${what}: ${owner}`;
  const existing = pairOf(owner, 'messages')?.value;
  if (existing === undefined || existing === null) return appendPair(text, owner, 'messages', 'key' in entry ? { [entry.key]: entry.value } : [entry.item]);
  if ('key' in entry && isMap(existing)) {
    const m = blockMapOf(existing);
    return typeof m === 'string' ? `cannot add to ${what}'s messages: ${m}` : appendPair(text, m, entry.key, entry.value);
  }
  if ('item' in entry && isSeq(existing)) return appendItem(text, existing, entry.item);
  return `${what}'s messages is not a ${'key' in entry ? 'map' : 'list'}`;
}

/** A channel id as a JSON pointer segment (RFC 6901). */
function pointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
