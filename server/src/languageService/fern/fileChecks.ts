/**
 * Per-file checks beyond structure (fast: no other file read): malformed type expressions, where `text`, `bytes`
 * and `file` may go, `{param}`s in the channel path against `path-parameters`, and duplicate message ids.
 */
import type { SpecDocument } from '../core/specDocument';
import { Severity, type SpecDiagnostic } from '../core/types';
import { entries, entry, fernRoot } from './ast';
import { fernFile, problemSpan, type FernChannel } from './fileModel';
import { placementDiagnostics } from './placement';

export function fileDiagnostics(doc: SpecDocument): SpecDiagnostic[] {
  const file = fernFile(doc);
  const out: SpecDiagnostic[] = [];
  for (const r of file.refs) {
    const e = r.parsed.error;
    if (!e) continue;
    const { start, end } = problemSpan(r, { start: e.span.start, end: Math.max(e.span.end, e.span.start + 1) });
    out.push({
      start,
      end: r.alias ? end : Math.min(end, r.span.end),
      severity: Severity.Error,
      code: 'fern-invalid-type-expression',
      message: `Malformed type \`${r.text}\`: ${e.message}`,
    });
  }
  out.push(...placementDiagnostics(file));
  if (file.channel) {
    pathParameterDiagnostics(file.channel, out);
    duplicateMessages(doc, out);
  }
  return out;
}

/** `{name}` placeholders in the path with their offsets in the document. */
export function pathPlaceholders(ch: FernChannel): { name: string; start: number; end: number }[] {
  const p = ch.path;
  if (!p) return [];
  const out: { name: string; start: number; end: number }[] = [];
  for (const m of p.text.matchAll(/\{([^{}]*)\}/g)) out.push({ name: m[1].trim(), start: p.start + m.index!, end: p.start + m.index! + m[0].length });
  return out;
}

function pathParameterDiagnostics(ch: FernChannel, out: SpecDiagnostic[]): void {
  const used = pathPlaceholders(ch);
  const declared = new Set(ch.pathParameters.map((p) => p.name));
  for (const u of used) {
    if (declared.has(u.name)) continue;
    out.push({
      start: u.start,
      end: u.end,
      severity: Severity.Error,
      code: 'fern-path-parameter-undeclared',
      message: `Path parameter \`{${u.name}}\` is not declared: add \`${u.name}: string\` under \`path-parameters\`.`,
      data: { kind: 'declareParameter', name: u.name },
    });
  }
  const usedNames = new Set(used.map((u) => u.name));
  for (const p of ch.pathParameters) {
    if (usedNames.has(p.name)) continue;
    out.push({
      ...p.keySpan,
      severity: Severity.Error,
      code: 'fern-path-parameter-unused',
      message: `Path parameter \`${p.name}\` does not appear in the path \`${ch.path?.text ?? ''}\`: add \`{${p.name}}\` to the path, or move it to \`query-parameters\` if it is one.`,
    });
  }
}

function duplicateMessages(doc: SpecDocument, out: SpecDiagnostic[]): void {
  const seen = new Set<string>();
  for (const e of entries(entry(entry(fernRoot(doc), 'channel')?.value, 'messages')?.value)) {
    if (seen.has(e.key)) {
      out.push({
        ...e.keySpan,
        severity: Severity.Error,
        code: 'fern-duplicate-message-id',
        message: `Message id \`${e.key}\` is declared twice: rename one (examples refer to messages by id).`,
      });
    }
    seen.add(e.key);
  }
}
