/** The AsyncAPI feature modules, in the order their answers are merged. */
import type { LanguageFeatures } from '../core/features';
import { asyncapiSchemaValidation } from './schemaValidation';
import { asyncapiSemantic } from './semanticDiagnostics';
import { asyncapiCompletion } from './completion';
import { asyncapiRefCompletion } from './refCompletion';
import { asyncapiHover } from './hover';
import { asyncapiQuickFixes } from './quickFixes';
import { asyncapiNavigation } from './navigation';
import { asyncapiSymbols } from './symbols';
import { asyncapiTryIt } from './tryItFeature';
import { asyncapiArrayProperties } from './arrayProperties';
import { asyncapiExampleCompletion } from './exampleCompletion';

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
  asyncapiArrayProperties,
  asyncapiExampleCompletion,
];
