/**
 * The last semantic diagnostics of a document, kept across edits until the next slow pass replaces them (so they
 * don't flicker while typing). They are in the offsets of the version they were computed on; each edit moves
 * them, and drops the ones it touched: republished as they were, they pointed at the wrong line or past the end.
 */
import type { SpecDocument } from './languageService/core/specDocument';
import type { TextChange } from './languageService/core/incrementalParse';
import type { SpecDiagnostic } from './languageService/core/types';

export interface KeptDiagnostics {
  version: number;
  diagnostics: SpecDiagnostic[];
}

/** Diagnostics moved through one edit (`[start, oldEnd)` became `[start, newEnd)`); those it touched are dropped. */
export function moveThrough(diagnostics: SpecDiagnostic[], change: TextChange): SpecDiagnostic[] {
  const delta = change.newEnd - change.oldEnd;
  const out: SpecDiagnostic[] = [];
  for (const d of diagnostics) {
    if (d.start >= change.oldEnd) out.push({ ...d, start: d.start + delta, end: d.end + delta });
    else if (d.end <= change.start) out.push(d);
  }
  return out;
}

/**
 * `kept` brought to the version of `doc`: moved through its edit when `kept` is of the version just before,
 * otherwise undefined (an edit we did not see: nothing can be placed reliably).
 */
export function keptFor(kept: KeptDiagnostics | undefined, doc: SpecDocument): KeptDiagnostics | undefined {
  if (!kept || kept.version === doc.version) return kept;
  if (doc.editFrom?.version !== kept.version) return undefined;
  const change = doc.editFrom.change;
  return { version: doc.version, diagnostics: change ? moveThrough(kept.diagnostics, change) : kept.diagnostics };
}
