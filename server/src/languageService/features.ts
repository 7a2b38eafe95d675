/**
 * The contract every feature module implements (any subset). The service asks each module of the document's
 * kind in turn and merges the answers, so features stay in small files named by what they do.
 */
import type { TryItModel } from '../../../common/src/tryItModel';
import type { FeatureContext } from './context';
import type { Location, Span, SpecCodeAction, SpecCompletion, SpecDiagnostic, SpecHover, SpecSymbol, WorkspaceEdit } from './types';

export interface LanguageFeatures {
  /** Cheap diagnostics run on every edit (syntax, schema). Must stay within the typing budget. */
  fastDiagnostics?(ctx: FeatureContext): SpecDiagnostic[];
  /** Diagnostics that read other files or walk the whole model; run debounced, stale results dropped. */
  slowDiagnostics?(ctx: FeatureContext): SpecDiagnostic[];
  completions?(ctx: FeatureContext, offset: number): SpecCompletion[];
  hover?(ctx: FeatureContext, offset: number): SpecHover | undefined;
  definition?(ctx: FeatureContext, offset: number): Location[];
  references?(ctx: FeatureContext, offset: number, includeDeclaration: boolean): Location[];
  prepareRename?(ctx: FeatureContext, offset: number): { span: Span; placeholder: string } | undefined;
  rename?(ctx: FeatureContext, offset: number, newName: string): WorkspaceEdit | undefined;
  symbols?(ctx: FeatureContext): SpecSymbol[];
  /** Fixes for the diagnostics that overlap `span` (diagnostics as this service produced them). */
  codeActions?(ctx: FeatureContext, span: Span, diagnostics: SpecDiagnostic[]): SpecCodeAction[];
  tryItModel?(ctx: FeatureContext): TryItModel | undefined;
}
