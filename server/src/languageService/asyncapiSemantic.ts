/**
 * AsyncAPI semantic diagnostics (slow pass, debounced off the typing path): the checks of @asyncapi/parser's
 * rule set, reimplemented over the already-parsed document so they cost a fraction of a parser run, plus the
 * checks the parser lacks (3.x examples, unused parameters, reply channels). Each rule family lives in
 * semantic/; codes are the parser's rule codes where it has the rule.
 */
import type { FeatureContext } from './context';
import type { LanguageFeatures } from './features';
import type { SpecDiagnostic } from './types';
import { checkChannels } from './semantic/channels';
import { createSemanticContext, type SemanticContext } from './semantic/context';
import { checkMessageExamples } from './semantic/messageExamples';
import { checkOperations } from './semantic/operations';
import { checkRefs } from './semantic/refCheck';
import { checkResolvedDocument } from './semantic/resolvedDocument';
import { checkSecurity } from './semantic/security';
import { checkServers } from './semantic/servers';
import { checkTags } from './semantic/tags';

const RULES: ((sc: SemanticContext) => void)[] = [checkRefs, checkSecurity, checkServers, checkChannels, checkOperations, checkTags, checkMessageExamples, checkResolvedDocument];

export function semanticDiagnostics(ctx: FeatureContext): SpecDiagnostic[] {
  const sc = createSemanticContext(ctx);
  if (!sc) return [];
  for (const rule of RULES) {
    if (ctx.token.isCancellationRequested) break;
    rule(sc);
  }
  return sc.out;
}

export const asyncapiSemantic: LanguageFeatures = {
  slowDiagnostics: semanticDiagnostics,
};
