/**
 * Navigation over `$ref`s and 2.x names: go to definition (local and across files), find references and rename
 * of components, channels, channel messages, operations and servers (every `$ref` to them, or into them, in
 * every document the search covers: open ones, the workspace index's, the files they reference), and of 2.x
 * security schemes and servers named without a `$ref`. On a `$ref`, each acts on the pointer segment under the
 * cursor. Everything comes from the cached ref index of each document; nothing is re-parsed.
 */
import type { FeatureContext } from '../core/featureContext';
import { createComponentFixes } from './createComponentFix';
import { changeRefFixes } from './refSuggestionFix';
import { declarationAt, samePrefix, searchDocuments, type Declaration } from './components';
import type { LanguageFeatures } from '../core/features';
import { nameReferenceAt, nameReferences } from './nameReferences';
import { refHover } from './refHover';
import { refAt, refIndex } from '../core/refIndex';
import { rewriteRef, segmentIndexAt, segmentSpan, segmentTarget } from '../core/refSegments';
import { resolveRef } from '../core/refs';
import type { SpecDocument } from '../core/specDocument';
import type { Location, Span, TextEdit, WorkspaceEdit } from '../core/types';
import { nodeAtPath, nodeSpan } from '../core/yamlAst';

export const asyncapiNavigation: LanguageFeatures = {
  definition(ctx, offset) {
    const r = refAt(ctx.doc, offset, true);
    if (!r) return nameDefinition(ctx, offset);
    if (!r.target || r.target.remote) return [];
    const res = resolveRef(ctx.store, segmentTarget(ctx.doc, r, r.target, offset));
    if (!res) return [];
    const span = nodeSpan(res.key) ?? nodeSpan(res.node) ?? { start: 0, end: 0 };
    return [{ uri: res.doc.uri, ...span }];
  },

  references(ctx, offset, includeDeclaration) {
    const decl = declarationUnder(ctx, offset)?.decl;
    if (!decl) return [];
    const out: Location[] = includeDeclaration ? [{ uri: decl.uri, ...decl.keySpan }] : [];
    for (const u of usages(ctx, decl)) out.push({ uri: u.uri, ...u.span });
    return out;
  },

  prepareRename(ctx, offset) {
    const under = declarationUnder(ctx, offset);
    return under ? { span: under.span, placeholder: under.decl.name } : undefined;
  },

  rename(ctx, offset, newName) {
    const decl = declarationUnder(ctx, offset)?.decl;
    if (!decl || !newName || newName === decl.name) return undefined;
    const edit: WorkspaceEdit = {};
    const add = (uri: string, e: TextEdit) => (edit[uri] ??= []).push(e);
    const declDoc = ctx.store.get(decl.uri);
    if (!declDoc) return undefined;
    // Renaming onto an existing sibling would merge two declarations into a duplicate key.
    if (nodeAtPath(declDoc.ast, [...decl.path.slice(0, -1), newName]).depth === decl.path.length) return undefined;
    add(decl.uri, { ...decl.keySpan, newText: keyText(declDoc, decl.keySpan, newName) });
    for (const u of usages(ctx, decl)) add(u.uri, { ...u.span, newText: u.rewrite(newName) });
    return edit;
  },

  hover(ctx, offset) {
    return refHover(ctx, offset);
  },

  codeActions(ctx, span, diagnostics) {
    return [...changeRefFixes(ctx, span, diagnostics), ...createComponentFixes(ctx, span, diagnostics)];
  },
};

/** Definition of a 2.x name (security requirement key, channel server entry): its declaration's key. */
function nameDefinition(ctx: FeatureContext, offset: number): Location[] {
  const named = namedDeclaration(ctx.doc, offset);
  return named ? [{ uri: ctx.doc.uri, ...named.decl.keySpan }] : [];
}

/**
 * The declaration under the cursor and the text a rename edits there: a declaration's key; a 2.x name; or on a
 * `$ref`, the deepest declaration at or above the pointer segment under the cursor (`…/messages/error` on
 * `error`: the message; on `messages`: its channel), else the one the whole ref goes through.
 */
function declarationUnder(ctx: FeatureContext, offset: number): { decl: Declaration; span: Span } | undefined {
  const r = refAt(ctx.doc, offset, true);
  if (!r) {
    const decl = declarationAt(ctx.doc, offset);
    const under = decl ? { decl, span: decl.keySpan } : namedDeclaration(ctx.doc, offset);
    return under && { decl: under.decl, span: keyTextSpan(ctx.doc, under.span) };
  }
  if (!r.target || r.target.remote) return undefined;
  const n = r.target.path.length;
  const seg = segmentIndexAt(ctx.doc, r, offset);
  const lengths = seg === undefined ? range(n, 1) : [...range(seg + 1, 1), ...range(n, seg + 2)];
  for (const len of lengths) {
    const res = resolveRef(ctx.store, { ...r.target, path: r.target.path.slice(0, len) });
    const key = nodeSpan(res?.key);
    const decl = res && key ? declarationAt(res.doc, key.start) : undefined;
    if (decl) return { decl, span: segmentSpan(ctx.doc, r, len - 1) };
  }
  return undefined;
}

/** The declaration a 2.x name under the cursor refers to (in the same document), and the name's span. */
function namedDeclaration(doc: SpecDocument, offset: number): { decl: Declaration; span: Span } | undefined {
  const named = nameReferenceAt(doc, offset);
  if (!named) return undefined;
  const target = nodeAtPath(doc.ast, named.target);
  const key = target.depth === named.target.length ? nodeSpan(target.key) : undefined;
  const decl = key && declarationAt(doc, key.start);
  return decl ? { decl, span: named.span } : undefined;
}

/** from, from-1, …, to (empty when from < to). */
function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i >= to; i--) out.push(i);
  return out;
}

interface Usage {
  uri: string;
  span: Span;
  rewrite(newName: string): string;
}

/** Every `$ref` to the declaration (or into it) in the searched documents, plus the 2.x names of it. */
function usages(ctx: FeatureContext, decl: Declaration): Usage[] {
  const out: Usage[] = [];
  const segment = decl.path.length - 1;
  for (const doc of searchDocuments(ctx.store, ctx.doc, ctx.dependsOn, decl.uri)) {
    if (ctx.token.isCancellationRequested) break;
    for (const r of refIndex(doc).refs) {
      if (!r.target || r.target.uri !== decl.uri || !samePrefix(decl.path, r.target.path)) continue;
      out.push({ uri: doc.uri, span: r.innerSpan, rewrite: (name) => rewriteRef(doc, r, segment, name) });
    }
    if (doc.uri !== decl.uri) continue;
    for (const k of nameReferences(doc)) {
      if (samePrefix(decl.path, k.target) && k.target.length === decl.path.length) {
        out.push({ uri: doc.uri, span: k.span, rewrite: (name) => keyText(doc, k.span, name) });
      }
    }
  }
  return out;
}

/** The span of a key's text without its quotes. */
function keyTextSpan(doc: SpecDocument, span: Span): Span {
  const q = doc.text[span.start];
  if ((q === '"' || q === "'") && doc.text[span.end - 1] === q && span.end - span.start >= 2) return { start: span.start + 1, end: span.end - 1 };
  return span;
}

/** A key as it must be written: JSON keys stay double-quoted; YAML keys are quoted only when needed. */
function keyText(doc: SpecDocument, span: Span, name: string): string {
  const q = doc.text[span.start];
  if (q === '"') return JSON.stringify(name);
  if (q === "'") return `'${name.replace(/'/g, "''")}'`;
  return /^[A-Za-z0-9_$][\w.\-$~/]*$/.test(name) ? name : JSON.stringify(name);
}
