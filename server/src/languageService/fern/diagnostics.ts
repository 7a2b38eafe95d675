/**
 * Fern diagnostics: per-file structure and expression checks on every edit (fast), checks that need the whole
 * definition folder (names, imports, api.yml, examples) after the pause (slow).
 *
 * Codes. Fast: fern-unknown-key (past MAX_DIAGNOSTICS counted in one fern-more-unknown-keys), fern-missing-key, fern-missing-value, fern-wrong-value-type, fern-invalid-origin,
 * fern-invalid-type-expression, fern-misplaced-builtin, fern-path-parameter-undeclared, fern-path-parameter-unused,
 * fern-duplicate-message-id. Slow: fern-unknown-type, fern-unknown-import, fern-import-not-found,
 * fern-extends-non-object, fern-unknown-url, fern-auth-without-scheme,
 * fern-unknown-environment, fern-unknown-auth-scheme, fern-missing-api-yml, fern-example-unknown-message,
 * fern-example-body-{missing-property,unknown-property,type,enum,literal,union,format,invalid},
 * fern-example-unknown-parameter, fern-example-missing-header, fern-example-parameter-{type,enum,literal,union,format,invalid},
 * fern-auth-message-{unknown-message,not-client,unknown-property,token-not-string,without-auth}.
 */
import type { LanguageFeatures } from '../core/features';
import { checkAuthMessage } from './authMessage';
import { endpointExampleChecks } from './endpointExamples';
import { fernExampleChecks } from './exampleChecks';
import { fileDiagnostics } from './fileChecks';
import { fernFolder } from './folder';
import { fernFile } from './fileModel';
import { referenceDiagnostics } from './referenceChecks';
import { structureDiagnostics } from './structure';

export const fernDiagnostics: LanguageFeatures = {
  fastDiagnostics(ctx) {
    return [...structureDiagnostics(ctx.doc), ...fileDiagnostics(ctx.doc)];
  },
  slowDiagnostics(ctx) {
    const folder = fernFolder(ctx);
    const file = fernFile(ctx.doc);
    return [
      ...referenceDiagnostics(folder, file),
      ...fernExampleChecks(folder, file),
      ...endpointExampleChecks(folder, file),
      ...checkAuthMessage(folder, file).diagnostics,
    ];
  },
};
