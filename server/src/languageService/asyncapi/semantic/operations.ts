/**
 * Operation and message identity rules.
 * 2.x: operationId and messageId unique across the document (the parser's uniqueness rules; the id a trait sets
 * wins, as in the parser). One message object reused through the same `$ref` is one message, not a duplicate
 * (the parser flags that case; we deliberately don't).
 * 3.x: an operation's channel is a `#/channels/...` ref, its messages belong to that channel, and the same for
 * the reply (our codes, warnings: the parser has no such rule), whose `address` may only be set when the reply channel has no address.
 * Nothing is said about messages when the channel (or the message) reference is unresolved: invalid-ref says it.
 */
import { parseRef, valueAtPath } from '../../core/refs';
import { Severity } from '../../core/types';
import type { JsonPath } from '../../core/yamlAst';
import { isObj, type Obj, type SemanticContext } from './semanticContext';
import { eachObj } from './walk';

export function checkOperations(sc: SemanticContext): void {
  if (sc.major === 2) {
    checkUniqueIds2(sc);
    return;
  }
  eachObj(sc.root.operations, (name, op) => checkOperation3(sc, ['operations', name], op, true));
  if (isObj(sc.root.components)) eachObj(sc.root.components.operations, (name, op) => checkOperation3(sc, ['components', 'operations', name], op, false));
}

/** Follows a local `$ref` (a few hops) to its target; other values are returned as they are. */
export function deref(sc: SemanticContext, v: unknown): { value: unknown; path?: JsonPath } {
  let path: JsonPath | undefined;
  for (let hops = 0; hops < 16 && isObj(v) && typeof v.$ref === 'string'; hops++) {
    const ref = parseRef(v.$ref, sc.feature.doc.uri);
    if (!ref?.local) return { value: undefined };
    path = ref.path;
    v = valueAtPath(sc.root, ref.path);
  }
  return { value: v, path };
}

function idOf(sc: SemanticContext, item: Obj, field: string): { id: string; sub: JsonPath; trait?: Obj } | undefined {
  if (Array.isArray(item.traits)) {
    for (let i = item.traits.length - 1; i >= 0; i--) {
      const trait = deref(sc, item.traits[i]).value;
      if (isObj(trait) && typeof trait[field] === 'string') return { id: trait[field] as string, sub: ['traits', i, field], trait };
    }
  }
  return typeof item[field] === 'string' ? { id: item[field] as string, sub: [field] } : undefined;
}

function checkUniqueIds2(sc: SemanticContext): void {
  const ops = new Map<string, unknown>();
  const msgs = new Map<string, unknown>();
  const seenMessages = new Set<unknown>();
  eachObj(sc.root.channels, (address, channel) => {
    for (const kind of ['subscribe', 'publish']) {
      const op = channel[kind];
      if (!isObj(op)) continue;
      const opPath: JsonPath = ['channels', address, kind];
      const opId = idOf(sc, op, 'operationId');
      if (opId) {
        if (ops.has(opId.id) && ops.get(opId.id) !== (opId.trait ?? op))
          sc.report(
            [...opPath, ...opId.sub],
            'asyncapi2-operation-operationId-uniqueness',
            `"operationId" must be unique across all the operations: "${opId.id}" is already used.`,
          );
        else ops.set(opId.id, opId.trait ?? op);
      }
      for (const { message, path } of messagesOf(sc, op, opPath)) {
        if (seenMessages.has(message)) continue;
        seenMessages.add(message);
        const mid = idOf(sc, message, 'messageId');
        if (!mid) continue;
        if (msgs.has(mid.id) && msgs.get(mid.id) !== (mid.trait ?? message))
          sc.report(
            [...path, ...mid.sub],
            'asyncapi2-message-messageId-uniqueness',
            `"messageId" must be unique across all the messages: "${mid.id}" is already used.`,
          );
        else msgs.set(mid.id, mid.trait ?? message);
      }
    }
  });
}

/** The messages of a 2.x operation (one, or each `oneOf` item), with the path where each is written. */
function messagesOf(sc: SemanticContext, op: Obj, opPath: JsonPath): { message: Obj; path: JsonPath }[] {
  const raw = op.message;
  const { value: m, path: refPath } = deref(sc, raw);
  if (!isObj(m)) return [];
  const base = refPath ?? [...opPath, 'message'];
  if (!Array.isArray(m.oneOf)) return [{ message: m, path: base }];
  const out: { message: Obj; path: JsonPath }[] = [];
  m.oneOf.forEach((item, i) => {
    const r = deref(sc, item);
    if (isObj(r.value)) out.push({ message: r.value, path: r.path ?? [...base, 'oneOf', i] });
  });
  return out;
}

function checkOperation3(sc: SemanticContext, path: JsonPath, op: Obj, root: boolean): void {
  if (typeof op.$ref === 'string') return;
  const channelRef = isObj(op.channel) && typeof op.channel.$ref === 'string' ? op.channel.$ref : undefined;
  if (root && typeof channelRef === 'string' && !/#\/channels\//.test(channelRef))
    sc.report(
      [...path, 'channel', '$ref'],
      'asyncapi3-required-operation-channel-unambiguity',
      'The "channel" of an operation under the root "operations" must reference a channel under the root "channels" ("#/channels/<name>").',
    );
  checkMessagesBelong(
    sc,
    [...path, 'messages'],
    op.messages,
    channelRef,
    'asyncapi3-operation-messages-from-referred-channel',
    'Operation message does not belong to the specified channel.',
  );
  const { value: reply, path: replyRefPath } = deref(sc, op.reply);
  if (!isObj(reply)) return;
  // A reply written elsewhere (components.replies) is reported where it is written.
  const replyPath = replyRefPath ?? [...path, 'reply'];
  const replyChannelRef = isObj(reply.channel) ? reply.channel.$ref : undefined;
  if (typeof replyChannelRef === 'string' && !/#\/channels\//.test(replyChannelRef))
    sc.report(
      [...replyPath, 'channel', '$ref'],
      'operation-reply-channel-unambiguity',
      'The reply "channel" must reference a channel under the root "channels" ("#/channels/<name>").',
    );
  if (replyChannelRef !== undefined || reply.messages !== undefined)
    checkMessagesBelong(
      sc,
      [...replyPath, 'messages'],
      reply.messages,
      typeof replyChannelRef === 'string' ? replyChannelRef : undefined,
      'operation-reply-messages-from-referred-channel',
      'Reply message does not belong to the reply channel.',
      typeof replyChannelRef !== 'string',
      Severity.Warning,
    );
  if (reply.address !== undefined && typeof replyChannelRef === 'string') {
    const channel = deref(sc, reply.channel).value;
    if (isObj(channel) && typeof channel.address === 'string')
      sc.report(
        [...replyPath, 'address'],
        'operation-reply-address-conflict',
        `The reply channel already has the address "${channel.address}"; a reply "address" is only allowed when the reply channel's address is null or absent. Remove one of them.`,
        { onKey: true, severity: Severity.Warning },
      );
  }
}

function checkMessagesBelong(
  sc: SemanticContext,
  path: JsonPath,
  messages: unknown,
  channelRef: string | undefined,
  code: string,
  message: string,
  skipWithoutChannel = false,
  severity = Severity.Error,
): void {
  if (!Array.isArray(messages) || (skipWithoutChannel && channelRef === undefined)) return;
  // An unresolved reference is reported by the `$ref` check; what depends on it would only point at the typo.
  if (channelRef !== undefined && !resolves(sc, channelRef)) return;
  messages.forEach((m, i) => {
    if (isObj(m) && typeof m.$ref === 'string' && resolves(sc, m.$ref) && !m.$ref.startsWith(`${channelRef}/messages`))
      sc.report([...path, i, '$ref'], code, `${message} Reference one of the messages under "${channelRef ?? '<channel>'}/messages".`, { severity });
  });
}

/** Whether a reference reaches something (a local pointer, or one into a file the store can read). */
function resolves(sc: SemanticContext, ref: string): boolean {
  const parsed = parseRef(ref, sc.feature.doc.uri);
  if (!parsed) return false;
  if (parsed.remote) return true;
  const target = parsed.local ? sc.root : sc.feature.store.get(parsed.uri)?.value;
  return valueAtPath(target, parsed.path) !== undefined;
}
