/** The Fern Definition feature modules, in the order their answers are merged. */
import type { LanguageFeatures } from '../features';
import { fernDiagnostics } from './fernDiagnostics';
import { fernTryIt } from './fernTryIt';

export const fernFeatures: LanguageFeatures[] = [fernDiagnostics, fernTryIt];
