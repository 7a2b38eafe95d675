/**
 * At most MAX_DIAGNOSTICS per document, then one that says how many more there are. A broken document (60,000
 * lines of `- x` gave 240,000) would otherwise cost the editor more than it tells the user; the first
 * thousand, errors first, say what is wrong.
 */
import { Severity, type SpecDiagnostic } from './types';

export const MAX_DIAGNOSTICS = 1000;

/** Applied where the diagnostics of all kinds of one document are merged (the server's publish, the CLI). */
export function capDiagnostics(diagnostics: SpecDiagnostic[], max = MAX_DIAGNOSTICS): SpecDiagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const ranked = [...diagnostics].sort((a, b) => a.severity - b.severity || a.start - b.start);
  const kept = ranked.slice(0, max);
  const next = ranked[max];
  // A diagnostic that stands for problems the parser only counted is that many problems, not one.
  const count = (list: SpecDiagnostic[]) => list.reduce((n, d) => n + (d.hidden ?? 1), 0);
  const more = count(diagnostics) - count(kept);
  kept.push({
    start: next.start,
    end: next.end,
    severity: Severity.Information,
    code: 'too-many-diagnostics',
    message: `And ${more} more ${more === 1 ? 'problem' : 'problems'} not shown (at most ${max} are shown per document); fix these first.`,
  });
  return kept;
}
