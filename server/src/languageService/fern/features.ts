/** The Fern Definition feature modules, in the order their answers are merged. */
import type { LanguageFeatures } from '../core/features';
import { fernCompletion } from './completion';
import { fernDiagnostics } from './diagnostics';
import { fernHover } from './hover';
import { fernNavigation } from './navigation';
import { fernQuickFixes } from './quickFixes';
import { fernSymbols } from './symbols';
import { fernApiSymbols } from './apiSymbols';
import { fernKeyHover } from './keyHover';
import { fernTryIt } from './tryIt';

export const fernFeatures: LanguageFeatures[] = [
  fernDiagnostics,
  fernCompletion,
  fernHover,
  fernKeyHover,
  fernNavigation,
  fernSymbols,
  fernApiSymbols,
  fernQuickFixes,
  fernTryIt,
];
