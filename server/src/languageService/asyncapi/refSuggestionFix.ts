/**
 * Quick fixes for an unresolved `$ref` (invalid-ref): change it to one of the nearest existing pointers found
 * by the `$ref` check, the nearest preferred. They come before "create": creating the misspelt name would
 * silence the error and keep the typo.
 */
import type { FeatureContext } from '../core/featureContext';
import { requote } from './quickFixes';
import { parseRef } from '../core/refs';
import { refAt } from '../core/refIndex';
import { changedName } from './semantic/refSuggestions';
import type { Span, SpecCodeAction, SpecDiagnostic } from '../core/types';

export function changeRefFixes(ctx: FeatureContext, span: Span, diagnostics: SpecDiagnostic[]): SpecCodeAction[] {
  const out: SpecCodeAction[] = [];
  for (const d of diagnostics) {
    if (d.code !== 'invalid-ref' || d.data?.kind !== 'unresolvedRef' || d.end < span.start || d.start > span.end) continue;
    const written = ctx.doc.text.slice(d.start, d.end);
    // The ref index has the value unquoted and parsed already.
    const from = refAt(ctx.doc, d.start)?.target;
    d.data.suggestions.forEach((ref, i) => {
      const to = parseRef(ref, ctx.doc.uri);
      out.push({
        title: `Change to '${from && to ? changedName(from.path, to.path) : ref}'`,
        kind: 'quickfix',
        diagnostic: d,
        edit: { [ctx.doc.uri]: [{ start: d.start, end: d.end, newText: requote(written, ref, ctx.doc.isJson) }] },
        isPreferred: i === 0,
      });
    });
  }
  return out;
}

/** Whether a diagnostic has a "change to" fix, so that "create" is not the preferred one. */
export function hasChangeRefFix(d: SpecDiagnostic): boolean {
  return d.data?.kind === 'unresolvedRef' && d.data.suggestions.length > 0;
}
