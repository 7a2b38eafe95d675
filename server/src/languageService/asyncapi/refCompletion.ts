/**
 * Completion of references: `$ref` values (components of this file and of the files it references, relative
 * YAML/JSON file paths, pointers inside a file after `#`), 3.x `operation.channel` and `operation.messages`
 * (only the operation channel's messages), security scheme names and server names. Each completion replaces
 * the whole current value, quotes included, so accepting it never leaves half a pointer behind.
 */
import { posix } from 'node:path';
import type { FeatureContext } from '../core/featureContext';
import { isV3, pointerTargets, type PointerTarget } from './components';
import { completionContext, type ListItemContext, type RefValueContext } from './refCompletionContext';
import { inOrder } from '../core/inOrder';
import { refIndex } from '../core/refIndex';
import { fitsKinds, refKinds } from './refKind';
import { parseRef, pathToPointer, resolveRef } from '../core/refs';
import type { SpecDocument } from '../core/specDocument';
import type { LanguageFeatures } from '../core/features';
import { CompletionKind, type SpecCompletion } from '../core/types';
import { findPair, nodeAtPath, type JsonPath } from '../core/yamlAst';

export const asyncapiRefCompletion: LanguageFeatures = {
  completions(ctx, offset) {
    const c = completionContext(ctx.doc, offset);
    if (!c) return [];
    return c.type === 'ref' ? refCompletions(ctx, c) : itemCompletions(ctx, c);
  },
};

interface Candidate {
  /** The full ref value, e.g. `./common.yaml#/components/schemas/User`. */
  ref: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Lower sorts first: the kind expected at the cursor before the others. */
  rank: number;
}

function refCompletions(ctx: FeatureContext, c: RefValueContext): SpecCompletion[] {
  const hint = expectedKind(c.holder);
  const kinds = refKinds(ctx.doc, c.holder, hint);
  const cands = restrictedTargets(ctx, c.holder) ?? (kinds ? targetsOfKinds(ctx, c, kinds) : targetsByHint(ctx, c, hint));
  const doc = ctx.doc;
  const quote = c.quote || (doc.isJson ? '"' : "'");
  return (
    cands
      // Only what a client's filter could show for the typed text (the typed characters in order, ignoring case):
      // typing on only narrows the list, and a big spec's `$ref` list is otherwise every pointer target in the file.
      .filter((x) => inOrder(c.typed, x.ref))
      .map((x) => {
        const insertText = quote + x.ref + quote;
        return {
          label: x.ref,
          kind: x.kind,
          insertText,
          replace: c.replace,
          filterText: c.quote ? insertText : x.ref,
          detail: x.detail,
          documentation: x.documentation,
          // Ties sort by label, so the rank is all the order needs.
          sortText: String(x.rank),
        };
      })
  );
}

/** Where the schema names the kinds: this file's targets of those kinds, then other files', then file paths. */
function targetsOfKinds(ctx: FeatureContext, c: RefValueContext, kinds: string[]): Candidate[] {
  const hash = c.typed.indexOf('#');
  const ofKind = (other: SpecDocument, file: string, rank: number) =>
    pointerTargets(other)
      .filter((t) => kinds.includes(t.kind) || (t.kind === '' && fitsKinds(ctx.doc, kinds, plainAt(other, t.path))))
      .map((t) => ({ ...candidate(t, file, undefined, file || undefined), rank }));
  if (hash > 0) {
    const other = fileDocument(ctx, c.typed.slice(0, hash));
    return other ? ofKind(other, c.typed.slice(0, hash), 0) : [];
  }
  const cands = ofKind(ctx.doc, '', 0).filter((t) => t.ref !== `#${pathToPointer(c.holder)}`);
  if (c.typed.startsWith('#')) return cands;
  for (const [uri, file] of referencedFiles(ctx.doc)) {
    const other = ctx.store.get(uri);
    if (other) cands.push(...ofKind(other, file, 1));
  }
  return [...cands, ...filePaths(ctx, c.typed)];
}

/** Where the schema does not say (a fragment file, an open place): every target, the hinted kind first. */
function targetsByHint(ctx: FeatureContext, c: RefValueContext, expected: string | undefined): Candidate[] {
  const hash = c.typed.indexOf('#');
  if (hash > 0) {
    const other = fileDocument(ctx, c.typed.slice(0, hash));
    return other ? targetsOf(other, c.typed.slice(0, hash), expected) : [];
  }
  // A component that is nothing but a ref to itself is useless: leave it out. (Refs deeper inside stay:
  // recursive schemas are legitimate.)
  const own = `#${pathToPointer(c.holder)}`;
  const cands = targetsOf(ctx.doc, '', expected).filter((t) => t.ref !== own);
  if (c.typed.startsWith('#')) return cands;
  for (const [uri, file] of referencedFiles(ctx.doc)) {
    const other = ctx.store.get(uri);
    if (other) cands.push(...targetsOf(other, file, expected, file));
  }
  return [...cands, ...filePaths(ctx, c.typed)];
}

/** The plain value at a top-level path of a fragment file. */
function plainAt(doc: SpecDocument, path: JsonPath): unknown {
  const v = doc.valueError ? undefined : doc.value;
  return v && typeof v === 'object' ? (v as Record<string, unknown>)[String(path[0])] : undefined;
}

/** Component kind a `$ref` at this place should point at, from the keys around it. */
function expectedKind(holder: JsonPath): string | undefined {
  const names = holder.filter((s): s is string => typeof s === 'string');
  const last = names[names.length - 1];
  const owner = names[names.length - 2];
  if (names[0] === 'components' && names.length >= 2 && holder.length <= 3) return names[1];
  if (['payload', 'headers', 'properties', 'items', 'additionalProperties', 'allOf', 'oneOf', 'anyOf', 'not', 'schema'].includes(last)) return 'schemas';
  if (last === 'message' || last === 'messages' || owner === 'messages') return 'messages';
  if (last === 'parameters' || owner === 'parameters') return 'parameters';
  if (last === 'correlationId') return 'correlationIds';
  if (last === 'traits') return names.includes('message') || names.includes('messages') ? 'messageTraits' : 'operationTraits';
  if (last === 'security') return 'securitySchemes';
  if (last === 'bindings') return names.includes('servers') ? 'serverBindings' : names.includes('operations') ? 'operationBindings' : 'messageBindings';
  if (last === 'externalDocs' || last === 'tags' || last === 'reply' || last === 'address')
    return { externalDocs: 'externalDocs', tags: 'tags', reply: 'replies', address: 'replyAddresses' }[last];
  return undefined;
}

/** 3.x places whose ref must point at one particular thing: channels, a channel's messages, servers, schemes. */
function restrictedTargets(ctx: FeatureContext, holder: JsonPath): Candidate[] | undefined {
  const doc = ctx.doc;
  if (!isV3(doc)) return undefined;
  const [top, , field] = holder;
  const local = (kind: string) => targetsOf(doc, '', kind).filter((t) => t.rank === 0);
  if (top === 'operations' && holder.length === 3 && field === 'channel') return local('channels');
  if (top === 'operations' && holder.length === 4 && field === 'reply' && holder[3] === 'channel') return local('channels');
  if (top === 'operations' && holder.length === 4 && field === 'messages') return operationChannelMessages(ctx, holder.slice(0, 2));
  // A reply's messages belong to the reply's channel.
  if (top === 'operations' && holder.length === 5 && field === 'reply' && holder[3] === 'messages') return operationChannelMessages(ctx, holder.slice(0, 3));
  if (top === 'channels' && holder.length === 4 && field === 'servers') return local('servers');
  if (holder[holder.length - 2] === 'security' && typeof holder[holder.length - 1] === 'number') return local('securitySchemes');
  return undefined;
}

/** The messages of the channel an operation points at (`#/channels/x/messages/y`), or every channel message. */
function operationChannelMessages(ctx: FeatureContext, op: JsonPath): Candidate[] {
  const channelRef = findPair(nodeAtPath(ctx.doc.ast, [...op, 'channel']).value, '$ref')?.value as { value?: unknown } | undefined;
  const parsed = typeof channelRef?.value === 'string' ? parseRef(channelRef.value, ctx.doc.uri) : undefined;
  const all = targetsOf(ctx.doc, '', 'channelMessages').filter((t) => t.rank === 0);
  if (!parsed) return all;
  if (parsed.local) {
    const prefix = `#${parsed.pointer}/messages/`;
    return all.filter((t) => t.ref.startsWith(prefix));
  }
  const res = resolveRef(ctx.store, parsed);
  if (!res) return [];
  const file = (channelRef!.value as string).split('#')[0];
  return targetsOf(res.doc, file, 'channelMessages').filter((t) => t.rank === 0 && t.ref.startsWith(`${file}#${parsed.pointer}/messages/`));
}

/** Every ref target of `doc` written relative to the referring file (`file` is '' for the same file). */
function targetsOf(doc: SpecDocument, file: string, expected: string | undefined, detailFile?: string): Candidate[] {
  return pointerTargets(doc).map((t) => candidate(t, file, expected, detailFile));
}

function candidate(t: PointerTarget, file: string, expected: string | undefined, detailFile?: string): Candidate {
  return {
    ref: `${file}#${pathToPointer(t.path)}`,
    kind: CompletionKind.Reference,
    detail: [t.kind || undefined, detailFile].filter(Boolean).join(' · ') || undefined,
    documentation: describe(t.value),
    rank: expected === undefined || t.kind === expected || t.kind === '' ? 0 : 1,
  };
}

/** The target's own words (title, summary or description), so the list says what each pointer is. */
function describe(node: unknown): string | undefined {
  for (const key of ['title', 'summary', 'description']) {
    const v = (findPair(node, key)?.value as { value?: unknown } | undefined)?.value;
    if (typeof v === 'string' && v.trim()) return v.length > 300 ? v.slice(0, 299) + '…' : v;
  }
  return undefined;
}

/** The file named before `#`, read through the store (and watched: its targets are what is offered). */
function fileDocument(ctx: FeatureContext, file: string): SpecDocument | undefined {
  const parsed = parseRef(file, ctx.doc.uri);
  const other = parsed && !parsed.remote ? ctx.store.get(parsed.uri) : undefined;
  if (other) ctx.dependsOn.add(other.uri);
  return other;
}

/** Other files this document references, with the file part as the document writes it. */
function referencedFiles(doc: SpecDocument): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of refIndex(doc).refs) {
    if (!r.target || r.target.local || r.target.remote || out.has(r.target.uri)) continue;
    const hash = r.ref.indexOf('#');
    out.set(r.target.uri, hash < 0 ? r.ref : r.ref.slice(0, hash));
  }
  return out;
}

/** YAML/JSON files and folders in the folder the typed path points into. */
function filePaths(ctx: FeatureContext, typed: string): Candidate[] {
  const dirPart = typed.slice(0, typed.lastIndexOf('/') + 1);
  let dirUri: string;
  try {
    dirUri = new URL(dirPart || './', ctx.doc.uri).toString();
  } catch {
    return [];
  }
  const self = posix.basename(new URL(ctx.doc.uri).pathname);
  const entries = ctx.store.readDirectory(dirUri) ?? [];
  const prefix = dirPart || './';
  const out: Candidate[] = [];
  for (const e of entries) {
    if (e.startsWith('.') || e === 'node_modules/') continue;
    if (e.endsWith('/')) out.push({ ref: prefix + e, kind: CompletionKind.Folder, rank: 3 });
    else if (/\.(ya?ml|json)$/i.test(e) && !(prefix === './' && e === self)) out.push({ ref: prefix + e, kind: CompletionKind.File, rank: 2 });
  }
  return out;
}

function itemCompletions(ctx: FeatureContext, c: ListItemContext): SpecCompletion[] {
  const doc = ctx.doc;
  const v3 = isV3(doc);
  const list = c.list;
  const last = list[list.length - 1];
  const names = (kind: string) =>
    pointerTargets(doc)
      .filter((t) => t.kind === kind)
      .map((t) => String(t.path[t.path.length - 1]));
  const item = (label: string, insertText: string, kind: CompletionKind, detail: string): SpecCompletion => ({
    label,
    kind,
    insertText,
    replace: c.replace,
    detail,
    filterText: label,
  });
  if (last === 'security' && !v3) {
    return names('securitySchemes').map((n) => item(n, c.onKey || c.flow ? n : `${n}: []`, CompletionKind.Reference, 'security scheme'));
  }
  if (last === 'servers' && list[0] === 'channels' && list.length === 3) {
    const servers = serverNames(doc);
    if (!v3) return servers.map((n) => item(n, n, CompletionKind.Reference, 'server'));
    if (!c.flow && !c.onKey) return servers.map((n) => item(n, `$ref: '#/servers/${n}'`, CompletionKind.Reference, 'server'));
  }
  if (v3 && last === 'security' && !c.flow && !c.onKey) {
    return names('securitySchemes').map((n) => item(n, `$ref: '#/components/securitySchemes/${n}'`, CompletionKind.Reference, 'security scheme'));
  }
  if (v3 && list[0] === 'operations' && list.length === 3 && last === 'messages' && !c.flow && !c.onKey) {
    return operationChannelMessages(ctx, list.slice(0, 2)).map((t) =>
      item(t.ref.slice(t.ref.lastIndexOf('/') + 1), `$ref: '${t.ref}'`, CompletionKind.Reference, t.ref),
    );
  }
  return [];
}

function serverNames(doc: SpecDocument): string[] {
  const servers = findPair(doc.ast.contents, 'servers')?.value as { items?: { key?: { value?: unknown } }[] } | undefined;
  return (servers?.items ?? []).map((p) => String(p.key?.value ?? '')).filter(Boolean);
}
