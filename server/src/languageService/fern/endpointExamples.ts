/**
 * Examples of HTTP endpoints (slow path: global headers live in api.yml, header types may be aliases in other
 * files): every required header must be given. Mirrors `valid-example-endpoint-call` of fern-api 5.131.1, whose
 * `exampleHeaders` check declares the headers of api.yml, then the service's, then the endpoint request's (a later
 * one of the same name wins), and calls a header required unless its type resolves to `optional<…>`,
 * `nullable<…>` or `unknown`. An example with only `code-samples` is not checked (Fern skips it too).
 */
import type { Node } from 'yaml';
import { Severity, type SpecDiagnostic } from '../core/types';
import { entries, entry, fernRoot, seqItems } from './ast';
import type { FernFile, TypeRefAt } from './fileModel';
import { resolveNamed, type FernFolder } from './folder';
import type { TypeRef } from './typeRef';

interface Declared {
  name: string;
  ref?: TypeRefAt;
  /** The file the type is written in (api.yml for global headers). */
  owner: FernFile;
  where: string;
}

const SAMPLE_ONLY = ['headers', 'path-parameters', 'query-parameters', 'request', 'response'];

export function endpointExampleChecks(folder: FernFolder, file: FernFile): SpecDiagnostic[] {
  const service = entry(fernRoot(file.doc), 'service')?.value;
  const out: SpecDiagnostic[] = [];
  for (const ep of entries(entry(service, 'endpoints')?.value)) {
    const examples = seqItems(entry(ep.value, 'examples')?.value);
    if (!examples.length) continue;
    const required = declaredHeaders(folder, file, ep.key).filter((h) => isRequired(folder, h));
    examples.forEach((ex, i) => missingHeaders(file, ep.key, i, ex, required, out));
  }
  return out;
}

function declaredHeaders(folder: FernFolder, file: FernFile, endpoint: string): Declared[] {
  const byName = new Map<string, Declared>();
  const api = folder.api;
  for (const h of api?.headers ?? []) byName.set(h.name, { name: h.name, ref: h.type, owner: api!.file, where: 'in api.yml' });
  const add = (prefix: (string | number)[], where: string) => {
    for (const r of file.refs) {
      const rest = r.path.slice(prefix.length);
      if (prefix.every((p, i) => r.path[i] === p) && (rest.length === 1 || (rest.length === 2 && rest[1] === 'type'))) {
        byName.set(String(rest[0]), { name: String(rest[0]), ref: r, owner: file, where });
      }
    }
  };
  add(['service', 'headers'], 'by the service');
  add(['service', 'endpoints', endpoint, 'request', 'headers'], 'by the endpoint');
  return [...byName.values()];
}

/** Fern: required unless the type resolves (through aliases) to optional, nullable or unknown. */
function isRequired(folder: FernFolder, h: Declared): boolean {
  let ref: TypeRef | undefined = h.ref?.parsed.ref;
  let owner = h.owner;
  for (let depth = 0; ref && depth < 20; depth++) {
    if (ref.kind === 'container') return ref.name !== 'optional' && ref.name !== 'nullable';
    if (ref.kind === 'primitive') return ref.name !== 'unknown';
    if (ref.kind !== 'named') return true;
    const res = resolveNamed(folder, owner, ref);
    if (!res.ok || res.decl.shape !== 'alias') return true;
    ref = res.decl.alias?.parsed.ref;
    owner = res.file;
  }
  return true;
}

function missingHeaders(file: FernFile, endpoint: string, index: number, ex: Node, required: Declared[], out: SpecDiagnostic[]): void {
  const keys = entries(ex);
  if (!keys.some((e) => SAMPLE_ONLY.includes(e.key)) && keys.some((e) => e.key === 'code-samples')) return;
  const given = valueAt(file, endpoint, index);
  const headersKey = entry(ex, 'headers')?.keySpan;
  const at = headersKey ?? keys[0]?.keySpan ?? { start: ex.range?.[0] ?? 0, end: ex.range?.[1] ?? 0 };
  for (const h of required) {
    if (given?.[h.name] !== undefined && given[h.name] !== null) continue;
    out.push({
      ...at,
      severity: Severity.Error,
      code: 'fern-example-missing-header',
      message: `Example is missing required header \`${h.name}\` (declared ${h.where}): add \`${h.name}: …\` under the example's \`headers:\`${h.ref ? `, or make its type optional<${h.ref.text}>` : ''}.`,
    });
  }
}

/** The example's `headers` as a plain value (aliases resolved). */
function valueAt(file: FernFile, endpoint: string, index: number): Record<string, unknown> | undefined {
  const v = file.doc.value as { service?: { endpoints?: Record<string, { examples?: { headers?: unknown }[] }> } } | undefined;
  const headers = v?.service?.endpoints?.[endpoint]?.examples?.[index]?.headers;
  return headers && typeof headers === 'object' ? (headers as Record<string, unknown>) : undefined;
}
