/**
 * What a position in a Fern file names (a type, through a reference or its declaration; a message, through its
 * key, an example's `type` or `auth-message.message-id`), and every place across the definition folder that
 * names the same thing. Shared by hover, definition, references and rename.
 */
import type { Location, Span } from '../core/types';
import { entry, fernRoot, scalarAt, seqItems } from './ast';
import type { FernFile, FernMessage, FernTypeDecl, TypeRefAt } from './fileModel';
import { fileAt, resolveNamed, type FernFolder } from './folder';
import { namedRefs, type TypeRef } from './typeRef';

export type Target =
  | { kind: 'type'; decl: FernTypeDecl; file: FernFile; span: Span }
  | { kind: 'message'; message: FernMessage; file: FernFile; span: Span }
  | { kind: 'primitive'; name: string; span: Span };

const inside = (s: Span, offset: number) => offset >= s.start && offset <= s.end;

/** Absolute span of a part of a reference, when the reference text maps 1:1 onto the source. */
export function absolute(r: TypeRefAt, s: { start: number; end: number }): Span | undefined {
  // A use through an alias has no text of its own to navigate from or rename: its anchor has.
  if (r.alias) return undefined;
  const exact = r.start !== r.span.start || r.text.length === r.span.end - r.span.start;
  return exact ? { start: r.start + s.start, end: r.start + s.end } : undefined;
}

export function targetAt(folder: FernFolder, file: FernFile, offset: number): Target | undefined {
  for (const r of file.refs) {
    if (!inside(r.span, offset) || !r.parsed.ref) continue;
    const t = refTarget(folder, file, r, r.parsed.ref, offset);
    if (t) return t;
  }
  for (const decl of file.types.values()) if (inside(decl.keySpan, offset)) return { kind: 'type', decl, file, span: decl.keySpan };
  for (const m of file.channel?.messages ?? []) if (inside(m.keySpan, offset)) return { kind: 'message', message: m, file, span: m.keySpan };
  for (const ex of messageRefs(file)) {
    if (!inside(ex.span, offset)) continue;
    const message = file.channel?.messages.find((m) => m.id === ex.text);
    if (message) return { kind: 'message', message, file, span: ex.span };
  }
  return undefined;
}

function refTarget(folder: FernFolder, file: FernFile, r: TypeRefAt, ref: TypeRef, offset: number): Target | undefined {
  if (ref.kind === 'container') {
    for (const a of ref.args) {
      const t = refTarget(folder, file, r, a, offset);
      if (t) return t;
    }
    return undefined;
  }
  const span = absolute(r, ref.kind === 'named' ? ref.nameSpan : ref.span);
  if (!span || !inside(span, offset)) return undefined;
  if (ref.kind === 'primitive') return { kind: 'primitive', name: ref.name, span };
  if (ref.kind !== 'named') return undefined;
  const res = resolveNamed(folder, file, ref);
  return res.ok ? { kind: 'type', decl: res.decl, file: res.file, span } : undefined;
}

/** `type:` values of example messages with their spans. */
export function exampleTypes(file: FernFile): { text: string; span: Span }[] {
  const out: { text: string; span: Span }[] = [];
  const examples = entry(entry(fernRoot(file.doc), 'channel')?.value, 'examples')?.value;
  for (const ex of seqItems(examples)) {
    for (const m of seqItems(entry(ex, 'messages')?.value)) {
      const t = scalarAt(file.doc, entry(m, 'type')?.value);
      if (t) out.push({ text: t.text, span: { start: t.start, end: t.start + t.text.length } });
    }
  }
  return out;
}

/** Places naming a message by id: example `type`s and the channel's `auth-message.message-id`. */
export function messageRefs(file: FernFile): { text: string; span: Span }[] {
  const id = file.channel?.authMessage?.messageId;
  // Only where the text maps 1:1 onto the source (rename rewrites exactly this span).
  const exact = id !== undefined && (id.start !== id.span.start || id.text.length === id.span.end - id.span.start);
  return [...exampleTypes(file), ...(exact ? [{ text: id.text, span: { start: id.start, end: id.start + id.text.length } }] : [])];
}

/** Every place naming the target (the declaration first when asked for). */
export function occurrences(folder: FernFolder, target: Target, includeDeclaration: boolean): Location[] {
  const out: Location[] = [];
  if (target.kind === 'message') {
    const f = target.file;
    if (includeDeclaration) out.push({ uri: f.uri, ...target.message.keySpan });
    for (const ex of messageRefs(f)) if (ex.text === target.message.id) out.push({ uri: f.uri, ...ex.span });
    return out;
  }
  if (target.kind !== 'type') return out;
  const { decl } = target;
  const files = new Map(folder.files().map((f) => [f.uri, f]));
  const own = fileAt(folder, decl.uri);
  if (own) files.set(own.uri, own);
  for (const f of files.values()) {
    for (const r of f.refs) {
      for (const n of namedRefs(r.parsed.ref)) {
        if (n.name !== decl.name) continue;
        const res = resolveNamed(folder, f, n);
        if (!res.ok || res.decl.uri !== decl.uri || res.decl.name !== decl.name) continue;
        const span = absolute(r, n.nameSpan);
        if (span) out.push({ uri: f.uri, ...span });
      }
    }
  }
  out.sort((a, b) => (a.uri === b.uri ? a.start - b.start : a.uri < b.uri ? -1 : 1));
  return includeDeclaration ? [{ uri: decl.uri, ...decl.keySpan }, ...out] : out;
}
