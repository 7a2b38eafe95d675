/** The AsyncAPI feature modules, in the order their answers are merged. */
import type { LanguageFeatures } from './features';
import { asyncapiSchemaValidation } from './asyncapiSchemaValidation';
import { asyncapiSemantic } from './asyncapiSemantic';
import { asyncapiCompletion } from './asyncapiCompletion';
import { asyncapiRefCompletion } from './asyncapiRefCompletion';
import { asyncapiHover } from './asyncapiHover';
import { asyncapiQuickFixes } from './asyncapiQuickFixes';
import { asyncapiNavigation } from './asyncapiNavigation';
import { asyncapiSymbols } from './asyncapiSymbols';
import { asyncapiTryIt } from './asyncapiTryIt';

export const asyncapiFeatures: LanguageFeatures[] = [
  asyncapiSchemaValidation,
  asyncapiSemantic,
  asyncapiCompletion,
  asyncapiRefCompletion,
  asyncapiHover,
  asyncapiQuickFixes,
  asyncapiNavigation,
  asyncapiSymbols,
  asyncapiTryIt,
];
