/**
 * The contract every feature module implements (any subset). The service asks each module of the document's
 * kind in turn and merges the answers, so features stay in small files named by what they do.
 */
import type { TryItModel } from '../../../../common/src/tryItModel';
import type { FeatureContext } from './featureContext';
import type { Location, Span, SpecCodeAction, SpecCompletion, SpecDiagnostic, SpecHover, SpecSymbol, WorkspaceEdit } from './types';

/**
 * A slow pass cut into steps of a few milliseconds: a long pass would otherwise hold a completion or hover
 * request for its whole length on the server's single thread. Returns the diagnostics when done.
 */
export type SlowSteps = Generator<void, SpecDiagnostic[], void>;

/** A stepped computation's result, its steps pulled at once (no request to answer in between: the CLI, tests). */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export interface LanguageFeatures {
  /** Cheap diagnostics run on every edit (syntax, schema). Must stay within the typing budget. */
  fastDiagnostics?(ctx: FeatureContext): SpecDiagnostic[];
  /** Diagnostics that read other files or walk the whole model; run debounced, stale results dropped. */
  slowDiagnostics?(ctx: FeatureContext): SpecDiagnostic[];
  /**
   * The same diagnostics in steps (each `yield` is a point where the server may answer a request before going
   * on); preferred over `slowDiagnostics` when present. See `SlowSteps`.
   */
  slowDiagnosticSteps?(ctx: FeatureContext): SlowSteps;
  /**
   * One-time work the slow pass will need (compiling a schema version's validator takes a few hundred ms in one
   * piece): done when a document opens, while its user reads, rather than in the middle of typing.
   */
  warmUp?(ctx: FeatureContext): void;
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
