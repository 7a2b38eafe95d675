/** Placeholder: the Fern Definition features (issue: Fern support). */
import type { LanguageFeatures } from '../features';

export const fernFeatures: LanguageFeatures[] = [];
