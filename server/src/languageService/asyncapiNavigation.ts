/** Placeholder: filled in by the feature's own change. */
import type { LanguageFeatures } from './features';

export const asyncapiNavigation: LanguageFeatures = {};
