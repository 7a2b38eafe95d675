/**
 * Outline of a Fern `api.yml` (name, auth schemes, environments and their URLs, headers…): the definition
 * files' Outline (symbols.ts) reads their channel and types, which api.yml has none of.
 */
import type { LanguageFeatures } from '../core/features';
import { keyOutline } from '../core/keyOutline';

export const fernApiSymbols: LanguageFeatures = {
  symbols: (ctx) => (/\/api\.ya?ml$/i.test(ctx.doc.uri) ? keyOutline(ctx.doc, 3) : []),
};
