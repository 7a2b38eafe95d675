/** The Fern Definition feature modules, in the order their answers are merged. */
import type { LanguageFeatures } from '../features';
import { fernCompletion } from './fernCompletion';
import { fernDiagnostics } from './fernDiagnostics';
import { fernHover } from './fernHover';
import { fernNavigation } from './fernNavigation';
import { fernQuickFixes } from './fernQuickFixes';
import { fernSymbols } from './fernSymbols';
import { fernTryIt } from './fernTryIt';

export const fernFeatures: LanguageFeatures[] = [fernDiagnostics, fernCompletion, fernHover, fernNavigation, fernSymbols, fernQuickFixes, fernTryIt];
