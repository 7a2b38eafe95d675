/**
 * AsyncAPI semantic diagnostics (slow pass, debounced off the typing path): the checks of @asyncapi/parser's
 * rule set, reimplemented over the already-parsed document so they cost a fraction of a parser run, plus the
 * checks the parser lacks (3.x examples, unused parameters, reply channels). Each rule family lives in
 * semantic/; codes are the parser's rule codes where it has the rule.
 */
import { isSupportedVersion } from './officialSchemas';
import { validatorFor } from './schemas';
import type { FeatureContext } from '../core/featureContext';
import type { LanguageFeatures, SlowSteps } from '../core/features';
import { Severity } from '../core/types';
import { checkChannels } from './semantic/channels';
import { createSemanticContext, type SemanticContext } from './semantic/semanticContext';
import { checkMessageExamples } from './semantic/messageExamples';
import { checkOperations } from './semantic/operations';
import { checkRefs } from './semantic/refCheck';
import { checkResolvedDocument } from './semantic/resolvedDocument';
import { checkSchemaDefaults } from './semantic/schemaDefaults';
import { checkSecurity } from './semantic/security';
import { checkServers } from './semantic/servers';
import { checkTags } from './semantic/tags';

/** A rule runs at once, or in steps when it can be long (see SlowSteps). */
type Rule = (sc: SemanticContext) => void | Generator<void, void, void>;
const CHEAP: Rule[] = [checkRefs, checkSecurity, checkServers, checkChannels, checkOperations, checkTags];
/** Rules whose cost grows with the size of payload schemas and examples (ajv over the expanded document). */
const COSTLY: Rule[] = [checkMessageExamples, checkSchemaDefaults, checkResolvedDocument];
/** Beyond this size the costly rules would take seconds per pass; they are skipped, and the user told so. */
export const LARGE_DOCUMENT_CHARS = 4 * 1024 * 1024;

export function* semanticDiagnostics(ctx: FeatureContext): SlowSteps {
  const sc = createSemanticContext(ctx);
  if (!sc) return [];
  const large = ctx.doc.text.length > LARGE_DOCUMENT_CHARS;
  if (large)
    sc.report(
      ['asyncapi'],
      'semantic-checks-limited',
      `This document is ${(ctx.doc.text.length / 1024 / 1024).toFixed(1)} MB: message examples and the resolved-document schema check are skipped above ${LARGE_DOCUMENT_CHARS / 1024 / 1024} MB. Split it into referenced files to get them.`,
      {
        severity: Severity.Information,
        onKey: true,
      },
    );
  for (const rule of large ? CHEAP : [...CHEAP, ...COSTLY]) {
    if (ctx.token.isCancellationRequested) break;
    const steps = rule(sc);
    if (steps) yield* steps;
    yield;
  }
  return sc.out;
}

export const asyncapiSemantic: LanguageFeatures = {
  slowDiagnosticSteps: semanticDiagnostics,
  warmUp(ctx) {
    // The resolved-document check's validator: the raw one is compiled by the first fast diagnostics already.
    const version = (ctx.doc.value as { asyncapi?: unknown } | undefined)?.asyncapi;
    if (isSupportedVersion(version)) validatorFor(version, 'resolved');
  },
};
