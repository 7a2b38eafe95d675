/** The Fern Definition feature modules, in the order their answers are merged. */
import type { LanguageFeatures } from '../features';
import { fernDiagnostics } from './fernDiagnostics';

export const fernFeatures: LanguageFeatures[] = [fernDiagnostics];
