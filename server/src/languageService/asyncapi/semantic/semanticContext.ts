/**
 * Shared state of one semantic pass: the document's plain value, its major version, and a `report` that
 * places a diagnostic on the exact YAML node of a JSON path (the value by default, the key for key problems).
 */
import type { FeatureContext } from '../../core/featureContext';
import { Severity, type DiagnosticData, type SpecDiagnostic } from '../../core/types';
import { spanAtPath, type JsonPath } from '../../core/yamlAst';

export type Obj = Record<string, unknown>;

export interface SemanticContext {
  feature: FeatureContext;
  root: Obj;
  /** `asyncapi` as written, e.g. `2.6.0`. */
  version: string;
  major: 2 | 3;
  out: SpecDiagnostic[];
  report(path: JsonPath, code: string, message: string, opts?: ReportOptions): void;
}

export interface ReportOptions {
  severity?: Severity;
  onKey?: boolean;
  data?: DiagnosticData;
}

export function createSemanticContext(feature: FeatureContext): SemanticContext | undefined {
  const root = feature.doc.value;
  if (!isObj(root)) return undefined;
  const version = typeof root.asyncapi === 'string' ? root.asyncapi : String(root.asyncapi ?? '');
  const major = version.startsWith('3.') ? 3 : version.startsWith('2.') ? 2 : undefined;
  if (!major) return undefined;
  const out: SpecDiagnostic[] = [];
  const seen = new Set<string>();
  return {
    feature,
    root,
    version,
    major,
    out,
    report(path, code, message, opts = {}) {
      const span = spanAtPath(feature.doc.ast, path, opts.onKey);
      // One diagnostic per (node, code, message): shared nodes reached twice must not be reported twice.
      const key = `${span.start}:${span.end}:${code}:${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ ...span, severity: opts.severity ?? Severity.Error, code, message, ...(opts.data ? { data: opts.data } : {}) });
    },
  };
}

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Own entries of a mapping value, or none when it is not a mapping. */
export function entries(v: unknown): [string, unknown][] {
  return isObj(v) ? Object.entries(v) : [];
}

/** `{name}` placeholders of a channel address or server URL, in order (the parser's parseUrlVariables). */
export function urlVariables(s: unknown): string[] {
  if (typeof s !== 'string') return [];
  return (s.match(/{(.+?)}/g) ?? []).map((v) => v.slice(1, -1));
}
