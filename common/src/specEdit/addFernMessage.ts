/**
 * "Add message to spec" for a Fern channel file (issue 18.4): a `messages` entry with `origin: server` (a "not in
 * spec" row is one the client received) whose body is a new type in the file's own `types`, created when missing,
 * so the definition reads like a hand-written one. The recorded payload is not added as an example: Fern keeps
 * examples as whole channel sessions, which one row is not ("Add as example" on the row afterwards makes one).
 */
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { uniqueName } from './addExample';
import type { MessageEdit } from './addMessage';
import { fernTypesOf } from './fernTypes';
import { appendPair, appendPairs, blockMapOf, pairOf, parseForEdit, type TextInsert } from './yamlInsert';

export interface FernMessageRequest {
  /** The channel file's text (a Fern file declares at most one channel). */
  text: string;
  /** Wanted message id; made unique among the channel's messages. */
  name: string;
  payloadSchema: Record<string, unknown>;
}

export function addFernMessage(req: FernMessageRequest): MessageEdit | string {
  const doc = parseForEdit(req.text);
  if (typeof doc === 'string') return doc;
  const root = blockMapOf(doc.contents ?? undefined);
  if (typeof root === 'string') return `cannot add to the file: ${root}`;
  const channelPair = pairOf(root, 'channel');
  if (!channelPair) return 'the file declares no channel';
  const channel = blockMapOf(channelPair);
  if (typeof channel === 'string') return `cannot add to the channel: ${channel}`;
  const messages = mapAt(channel, 'messages');
  const types = mapAt(root, 'types');
  if (typeof messages === 'string') return `cannot add to the channel's messages: ${messages}`;
  if (typeof types === 'string') return `cannot add to the file's types: ${types}`;
  const name = uniqueName(req.name, keysOf(messages), '_');
  const { body, declarations } = fernTypesOf(req.payloadSchema, name, keysOf(types) as Set<string>);
  const message = { origin: 'server', body };
  // The channel's insertion first: at the same offset as the types' (both at the file's end) it must come before.
  const inserts: TextInsert[] = [messages ? appendPair(req.text, messages, name, message) : appendPair(req.text, channel, 'messages', { [name]: message })];
  if (Object.keys(declarations).length) inserts.push(types ? appendPairs(req.text, types, declarations) : appendPair(req.text, root, 'types', declarations));
  return { name, inserts: inserts.sort((a, b) => a.offset - b.offset) };
}

/** The block mapping under `key`, undefined when there is no such key yet, or why it cannot take keys. */
function mapAt(owner: YAMLMap, key: string): YAMLMap | undefined | string {
  const pair = pairOf(owner, key);
  if (!pair) return undefined;
  const value = pair.value;
  if (value === null || (isScalar(value) && value.value === null)) return `its \`${key}:\` is empty; give it an entry or remove it first`;
  if (isMap(value) && value.items.length === 0) return `its \`${key}\` is an empty flow mapping; remove it or add an entry first`;
  return blockMapOf(value as YAMLMap);
}

function keysOf(map: YAMLMap | undefined): Set<unknown> {
  return new Set(map ? map.items.map((p) => (p.key as { value?: unknown })?.value) : []);
}
