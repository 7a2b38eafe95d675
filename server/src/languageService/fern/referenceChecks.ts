/**
 * Cross-file checks (slow path): type names and imports resolve, imported files exist, `extends` names an
 * object; the channel's `url` names an environment URL, `auth: true` has a scheme in api.yml;
 * `default-environment` exists; a definition folder has api.yml. Imports may form cycles (a.yml ↔ b.yml): Fern
 * accepts them, and every lookup here follows one import at a time, so a cycle needs no special case.
 */
import { refusalMessage } from '../core/refAccess';
import { Severity, type SpecDiagnostic } from '../core/types';
import { entry, fernRoot } from './ast';
import { environmentUrlNames } from './apiModel';
import { closest } from './didYouMean';
import { problemSpan, type FernFile, type TypeRefAt } from './fileModel';
import { fileAt, resolveNamed, visibleTypes, type FernFolder } from './folder';
import { isApiFile } from './schema';
import { namedRefs } from './typeRef';

export function referenceDiagnostics(folder: FernFolder, file: FernFile): SpecDiagnostic[] {
  const out: SpecDiagnostic[] = [];
  importDiagnostics(folder, file, out);
  for (const r of file.refs) refDiagnostics(folder, file, r, out);
  extendsDiagnostics(folder, file, out);
  channelDiagnostics(folder, file, out);
  if (folder.api && file.uri === folder.api.uri) apiDiagnostics(folder, out);
  if (!folder.api && folder.isDefinitionFolder && !isApiFile(file.uri)) {
    const first = fernRoot(file.doc) as { range?: number[] } | null;
    const start = first?.range?.[0] ?? 0;
    out.push({
      start,
      end: Math.min(file.doc.text.length, start + Math.max(1, file.doc.text.slice(start).search(/[:\n]/))),
      severity: Severity.Warning,
      code: 'fern-missing-api-yml',
      message: `This definition folder has no api.yml: create ${folder.root.replace(/^file:\/\//, '')}api.yml with at least \`name:\` (fern check stops without it).`,
    });
  }
  return out;
}

function importDiagnostics(folder: FernFolder, file: FernFile, out: SpecDiagnostic[]): void {
  for (const imp of file.imports.values()) {
    const refused = folder.store.refusal(imp.uri);
    if (refused) {
      out.push({ ...imp.valueSpan, severity: Severity.Error, code: refused.code, message: refusalMessage(imp.path, refused) });
      continue;
    }
    if (!fileAt(folder, imp.uri)) {
      out.push({
        ...imp.valueSpan,
        severity: Severity.Error,
        code: 'fern-import-not-found',
        message: `Import \`${imp.alias}\` points to \`${imp.path}\`, which does not exist: fix the path (it is relative to this file).`,
      });
    }
  }
}

function refDiagnostics(folder: FernFolder, file: FernFile, r: TypeRefAt, out: SpecDiagnostic[]): void {
  for (const n of namedRefs(r.parsed.ref)) {
    const res = resolveNamed(folder, file, n);
    if (res.ok) continue;
    const at = (s: { start: number; end: number }) => problemSpan(r, s);
    if (res.problem === 'unknown-import') {
      const suggestion = closest(n.namespace!, file.imports.keys());
      out.push({
        ...at(n.namespaceSpan!),
        severity: Severity.Error,
        code: 'fern-unknown-import',
        message: `\`${n.namespace}\` is not an import of this file: ${suggestion ? `did you mean \`${suggestion}\`?` : `add \`${n.namespace}: ${n.namespace}.yml\` under \`imports:\`.`}`,
        ...(suggestion && !r.alias ? { data: { kind: 'replaceValue' as const, replacement: suggestion } } : {}),
      });
    } else if (res.problem === 'import-not-found') {
      continue; // reported once, on the import's path
    } else {
      const candidates = n.namespace ? [...(res.file?.types.keys() ?? [])] : visibleTypes(folder, file).map((t) => t.label);
      const suggestion = closest(n.name, candidates);
      const where = n.namespace ? ` in \`${n.namespace}\`` : '';
      out.push({
        ...at(n.nameSpan),
        severity: Severity.Error,
        code: 'fern-unknown-type',
        message: `Type \`${n.name}\` is not defined${where}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ' Declare it under `types:` or import the file that declares it.'}`,
        ...(suggestion && !r.alias ? { data: { kind: 'replaceValue' as const, replacement: suggestion } } : {}),
      });
    }
  }
}

function extendsDiagnostics(folder: FernFolder, file: FernFile, out: SpecDiagnostic[]): void {
  const decls = [...file.types.values(), ...(file.channel?.messages.map((m) => m.inline).filter((d) => d !== undefined) ?? [])];
  for (const decl of decls) {
    for (const e of decl.extends) {
      const ref = e.parsed.ref;
      if (!ref) continue;
      if (ref.kind !== 'named') {
        out.push({
          ...(e.alias ?? e.span),
          severity: Severity.Error,
          code: 'fern-extends-non-object',
          message: `\`${decl.name}\` extends \`${e.text}\`, which is not an object type: only objects (types with \`properties\`) can be extended.`,
        });
        continue;
      }
      const res = resolveNamed(folder, file, ref);
      if (res.ok && res.decl.shape !== 'object') {
        out.push({
          ...(e.alias ?? e.span),
          severity: Severity.Error,
          code: 'fern-extends-non-object',
          message: `\`${decl.name}\` extends \`${e.text}\`, which is ${article(res.decl.shape)}, not an object: only objects (types with \`properties\`) can be extended.`,
        });
      }
    }
  }
}

function article(shape: string): string {
  return { alias: 'an alias', enum: 'an enum', union: 'a union', undiscriminated: 'an undiscriminated union' }[shape] ?? 'not an object';
}

function channelDiagnostics(folder: FernFolder, file: FernFile, out: SpecDiagnostic[]): void {
  const ch = file.channel;
  if (!ch) return;
  const api = folder.api;
  if (ch.url) {
    const names = environmentUrlNames(api);
    if (!names.includes(ch.url.text)) {
      const suggestion = closest(ch.url.text, names);
      out.push({
        ...ch.url.span,
        severity: Severity.Error,
        code: 'fern-unknown-url',
        message: names.length
          ? `\`${ch.url.text}\` is not a URL name of any environment in api.yml: use one of ${names.map((n) => '`' + n + '`').join(', ')}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`
          : `\`url: ${ch.url.text}\` names an environment URL, but api.yml has no multi-URL environment: add \`environments: {Prod: {urls: {${ch.url.text}: wss://…}}}\` or remove \`url\`.`,
        ...(suggestion ? { data: { kind: 'replaceValue' as const, replacement: suggestion } } : {}),
      });
    }
  }
  if (ch.auth === true && api && api.auth.length === 0 && api.authSchemes.size === 0) {
    const span = authValueSpan(file);
    out.push({
      ...span,
      severity: Severity.Error,
      code: 'fern-auth-without-scheme',
      message: '`auth: true` but api.yml declares no `auth` scheme: add `auth:` and `auth-schemes:` to api.yml, or set `auth: false`.',
    });
  }
}

function authValueSpan(file: FernFile): { start: number; end: number } {
  const node = entry(entry(fernRoot(file.doc), 'channel')?.value, 'auth')?.value;
  return node?.range ? { start: node.range[0], end: node.range[1] } : file.channel!.keySpan;
}

function apiDiagnostics(folder: FernFolder, out: SpecDiagnostic[]): void {
  const api = folder.api!;
  const envNames = api.environments.map((e) => e.name);
  if (api.defaultEnvironment && !envNames.includes(api.defaultEnvironment.text)) {
    const suggestion = closest(api.defaultEnvironment.text, envNames);
    out.push({
      ...api.defaultEnvironment.span,
      severity: Severity.Error,
      code: 'fern-unknown-environment',
      message: `\`${api.defaultEnvironment.text}\` is not one of the environments (${envNames.join(', ') || 'none declared'}).${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      ...(suggestion ? { data: { kind: 'replaceValue' as const, replacement: suggestion } } : {}),
    });
  }
  for (const n of api.auth) {
    if (api.authSchemes.has(n)) continue;
    out.push({
      ...(api.authSpan ?? { start: 0, end: 1 }),
      severity: Severity.Error,
      code: 'fern-unknown-auth-scheme',
      message: `\`auth\` names \`${n}\`, which is not declared under \`auth-schemes\`: declare it or use \`bearer\`/\`basic\`.`,
    });
  }
}
