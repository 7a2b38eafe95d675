/**
 * Navigation over `$ref`s: go to definition (local and across files), find references and rename of
 * components (every `$ref` to them, and 2.x security requirement keys for security schemes), hover preview
 * of a ref's target, and the "create the missing component" quick fix. Everything comes from the cached
 * ref index of each document; nothing is re-parsed.
 */
import type { FeatureContext } from '../core/featureContext';
import { createComponentFixes } from './createComponentFix';
import { changeRefFixes } from './refSuggestionFix';
import { declarationAt, isV3, samePrefix, searchDocuments, securityRequirementKeys, type Declaration } from './components';
import type { LanguageFeatures } from '../core/features';
import { refHover } from './refHover';
import { refAt, refIndex, type RefEntry } from '../core/refIndex';
import { escapePointerSegment, resolveRef } from '../core/refs';
import type { SpecDocument } from '../core/specDocument';
import type { Location, Span, TextEdit, WorkspaceEdit } from '../core/types';
import { nodeAtOffset, nodeAtPath, nodeSpan, type JsonPath } from '../core/yamlAst';

export const asyncapiNavigation: LanguageFeatures = {
  definition(ctx, offset) {
    const r = refAt(ctx.doc, offset, true);
    if (!r) return nameDefinition(ctx, offset);
    if (!r.target || r.target.remote) return [];
    const res = resolveRef(ctx.store, r.target);
    if (!res) return [];
    const span = nodeSpan(res.key) ?? nodeSpan(res.node) ?? { start: 0, end: 0 };
    return [{ uri: res.doc.uri, ...span }];
  },

  references(ctx, offset, includeDeclaration) {
    const decl = declarationUnder(ctx, offset);
    if (!decl) return [];
    const out: Location[] = includeDeclaration ? [{ uri: decl.uri, ...decl.keySpan }] : [];
    for (const u of usages(ctx, decl)) out.push({ uri: u.uri, ...u.span });
    return out;
  },

  prepareRename(ctx, offset) {
    const decl = declarationUnder(ctx, offset);
    if (!decl?.renamable) return undefined;
    // On a ref, the editor edits the pointer segment that names the component; on the key, the key.
    const r = refAt(ctx.doc, offset);
    const span = r ? segmentSpan(ctx.doc, r, decl.path.length - 1) : keyTextSpan(ctx.doc, decl.keySpan);
    return span ? { span, placeholder: decl.name } : undefined;
  },

  rename(ctx, offset, newName) {
    const decl = declarationUnder(ctx, offset);
    if (!decl?.renamable || !newName || newName === decl.name) return undefined;
    const edit: WorkspaceEdit = {};
    const add = (uri: string, e: TextEdit) => (edit[uri] ??= []).push(e);
    const declDoc = ctx.store.get(decl.uri);
    if (!declDoc) return undefined;
    // Renaming onto an existing sibling would merge two components into a duplicate key.
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

/**
 * 2.x names that point without a `$ref`: a security requirement key names a security scheme, and an entry
 * of a channel's `servers` list names a server.
 */
function nameDefinition(ctx: FeatureContext, offset: number): Location[] {
  const doc = ctx.doc;
  let path: JsonPath | undefined;
  const req = securityRequirementKeys(doc).find((k) => offset >= k.span.start && offset <= k.span.end);
  if (req) path = ['components', 'securitySchemes', req.name];
  else if (!isV3(doc)) {
    const at = nodeAtOffset(doc.ast, offset);
    const p = at.path;
    const value = (at.node as { value?: unknown } | undefined)?.value;
    if (p.length === 4 && p[0] === 'channels' && p[2] === 'servers' && typeof value === 'string') path = ['servers', value];
  }
  if (!path) return [];
  const target = nodeAtPath(doc.ast, path);
  const key = target.depth === path.length ? nodeSpan(target.key) : undefined;
  return key ? [{ uri: doc.uri, ...key }] : [];
}

/** The declaration under the cursor: a component key, or the target of the `$ref` under the cursor. */
function declarationUnder(ctx: FeatureContext, offset: number): Declaration | undefined {
  const r = refAt(ctx.doc, offset, true);
  if (!r) return declarationAt(ctx.doc, offset);
  if (!r.target || r.target.remote) return undefined;
  // The declaration the ref names: the target itself, or for a ref deeper into a component
  // (…/User/properties/id, even a dangling one) the component it goes through.
  for (let n = r.target.path.length; n > 0; n--) {
    const res = resolveRef(ctx.store, { ...r.target, path: r.target.path.slice(0, n) });
    const key = nodeSpan(res?.key);
    const d = res && key ? declarationAt(res.doc, key.start) : undefined;
    if (d) return d;
  }
  return undefined;
}

interface Usage {
  uri: string;
  span: Span;
  rewrite(newName: string): string;
}

/** Every `$ref` to the declaration (or into it) in the searched documents, plus 2.x security requirement keys. */
function usages(ctx: FeatureContext, decl: Declaration): Usage[] {
  const out: Usage[] = [];
  const segment = decl.path.length - 1;
  for (const doc of searchDocuments(ctx.store, ctx.doc, ctx.dependsOn)) {
    if (ctx.token.isCancellationRequested) break;
    for (const r of refIndex(doc).refs) {
      if (!r.target || r.target.uri !== decl.uri || !samePrefix(decl.path, r.target.path)) continue;
      out.push({ uri: doc.uri, span: r.innerSpan, rewrite: (name) => rewriteRef(doc, r, segment, name) });
    }
    const isScheme = decl.path[0] === 'components' && decl.path[1] === 'securitySchemes' && doc.uri === decl.uri;
    if (isScheme) {
      for (const k of securityRequirementKeys(doc)) {
        if (k.name === decl.name) out.push({ uri: doc.uri, span: k.span, rewrite: (name) => keyText(doc, k.span, name) });
      }
    }
  }
  return out;
}

/** The raw pointer segments of a ref and where each starts in the document (when written without escapes). */
function rawSegments(doc: SpecDocument, r: RefEntry): { file: string; segs: string[]; starts: number[] } | undefined {
  const hash = r.ref.indexOf('#');
  if (hash < 0) return undefined;
  const file = r.ref.slice(0, hash);
  const pointer = r.ref.slice(hash + 1);
  const segs = pointer.replace(/^\//, '').split('/');
  const literal = doc.text.slice(r.innerSpan.start, r.innerSpan.end) === r.ref;
  const starts: number[] = [];
  let at = r.innerSpan.start + hash + 1 + (pointer.startsWith('/') ? 1 : 0);
  for (const s of segs) {
    starts.push(literal ? at : -1);
    at += s.length + 1;
  }
  return { file, segs, starts };
}

function segmentSpan(doc: SpecDocument, r: RefEntry, index: number): Span | undefined {
  const raw = rawSegments(doc, r);
  if (!raw || index >= raw.segs.length || raw.starts[index] < 0) return r.innerSpan;
  return { start: raw.starts[index], end: raw.starts[index] + raw.segs[index].length };
}

/** The ref text with one pointer segment replaced; the result replaces `innerSpan`. */
function rewriteRef(doc: SpecDocument, r: RefEntry, index: number, newName: string): string {
  const raw = rawSegments(doc, r);
  if (!raw) return r.ref;
  const segs = [...raw.segs];
  segs[index] = escapePointerSegment(newName);
  return `${raw.file}#/${segs.join('/')}`;
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
