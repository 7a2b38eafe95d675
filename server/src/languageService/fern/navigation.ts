/** Go to definition, find references and rename for Fern types and message ids, across the definition folder. */
import type { LanguageFeatures } from '../core/features';
import type { WorkspaceEdit } from '../core/types';
import { fernFile } from './fileModel';
import { fernFolder } from './folder';
import { occurrences, targetAt } from './targets';

const NAME = /^[A-Za-z_][\w-]*$/;

export const fernNavigation: LanguageFeatures = {
  definition(ctx, offset) {
    const file = fernFile(ctx.doc);
    // On an import's path: the imported file.
    for (const imp of file.imports.values()) {
      if (offset >= imp.valueSpan.start && offset <= imp.valueSpan.end) return ctx.store.get(imp.uri) ? [{ uri: imp.uri, start: 0, end: 0 }] : [];
    }
    const t = targetAt(fernFolder(ctx), file, offset);
    if (t?.kind === 'type') return [{ uri: t.decl.uri, ...t.decl.keySpan }];
    if (t?.kind === 'message') return [{ uri: t.file.uri, ...t.message.keySpan }];
    return [];
  },
  references(ctx, offset, includeDeclaration) {
    const folder = fernFolder(ctx);
    const t = targetAt(folder, fernFile(ctx.doc), offset);
    return t ? occurrences(folder, t, includeDeclaration) : [];
  },
  prepareRename(ctx, offset) {
    const t = targetAt(fernFolder(ctx), fernFile(ctx.doc), offset);
    if (!t || t.kind === 'primitive') return undefined;
    return { span: t.span, placeholder: t.kind === 'type' ? t.decl.name : t.message.id };
  },
  rename(ctx, offset, newName) {
    if (!NAME.test(newName)) return undefined;
    const folder = fernFolder(ctx);
    const t = targetAt(folder, fernFile(ctx.doc), offset);
    if (!t || t.kind === 'primitive') return undefined;
    const edit: WorkspaceEdit = {};
    for (const loc of occurrences(folder, t, true)) (edit[loc.uri] ??= []).push({ start: loc.start, end: loc.end, newText: newName });
    return edit;
  },
};
