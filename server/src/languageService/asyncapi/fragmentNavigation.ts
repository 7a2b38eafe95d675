/**
 * Navigation (and `$ref` completion) inside the files a multi-file spec references (`common/messages.yaml`, `schemas.yaml`): they have
 * no `asyncapi` key, so they are not specs themselves, but their `$ref`s and top-level keys belong to one.
 * Active only in a file some known spec document reaches through `$ref`s (an open one, or any the workspace index
 * holds), so unrelated YAML is left alone.
 */
import { asyncapiNavigation } from './navigation';
import { asyncapiRefCompletion } from './refCompletion';
import { searchDocuments } from './components';
import type { FeatureContext } from '../core/featureContext';
import type { LanguageFeatures } from '../core/features';
import { refIndex } from '../core/refIndex';
import { fragmentSymbols } from './fragmentSymbols';

export function isReferenced(ctx: FeatureContext): boolean {
  const uri = ctx.doc.uri;
  if (ctx.store.isReferenced(uri)) return true;
  return searchDocuments(ctx.store, ctx.doc).some((d) => d.uri !== uri && refIndex(d).files.includes(uri));
}

export const fragmentNavigation: LanguageFeatures = {
  definition: (ctx, offset) => (isReferenced(ctx) ? asyncapiNavigation.definition!(ctx, offset) : []),
  references: (ctx, offset, decl) => (isReferenced(ctx) ? asyncapiNavigation.references!(ctx, offset, decl) : []),
  prepareRename: (ctx, offset) => (isReferenced(ctx) ? asyncapiNavigation.prepareRename!(ctx, offset) : undefined),
  rename: (ctx, offset, name) => (isReferenced(ctx) ? asyncapiNavigation.rename!(ctx, offset, name) : undefined),
  hover: (ctx, offset) => (isReferenced(ctx) ? asyncapiNavigation.hover!(ctx, offset) : undefined),
  completions: (ctx, offset) => (isReferenced(ctx) ? asyncapiRefCompletion.completions!(ctx, offset) : []),
};

/** What the service runs for documents that are not specs. */
export const fragmentFeatures: LanguageFeatures[] = [fragmentNavigation, fragmentSymbols];
