/**
 * Outline of a file a spec reaches through `$ref`s (common/messages.yaml): its keys, three levels deep (a
 * fragment holding `components: {messages: {Chat: …}}` shows its components by name).
 */
import type { LanguageFeatures } from '../core/features';
import { keyOutline } from '../core/keyOutline';
import { isReferenced } from './fragmentNavigation';

export const fragmentSymbols: LanguageFeatures = {
  symbols: (ctx) => (isReferenced(ctx) ? keyOutline(ctx.doc, 3) : []),
};
