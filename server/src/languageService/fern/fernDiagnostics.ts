/**
 * Fern diagnostics: per-file structure and expression checks on every edit (fast), checks that need the whole
 * definition folder (names, imports, api.yml, examples) after the pause (slow).
 */
import type { LanguageFeatures } from '../features';
import { fernExampleChecks } from './fernExampleChecks';
import { fileDiagnostics } from './fernFileChecks';
import { fernFolder } from './fernFolder';
import { fernFile } from './fernFileModel';
import { referenceDiagnostics } from './fernReferenceChecks';
import { structureDiagnostics } from './fernStructure';

export const fernDiagnostics: LanguageFeatures = {
  fastDiagnostics(ctx) {
    return [...structureDiagnostics(ctx.doc), ...fileDiagnostics(ctx.doc)];
  },
  slowDiagnostics(ctx) {
    const folder = fernFolder(ctx);
    const file = fernFile(ctx.doc);
    return [...referenceDiagnostics(folder, file), ...fernExampleChecks(folder, file)];
  },
};
