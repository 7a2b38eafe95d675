/**
 * JSON-Schema validation of an AsyncAPI document against the official schema of its declared version, with
 * each error mapped to the node it is about (the key for unknown/missing properties, the value otherwise).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document } from 'yaml';
import type { LanguageFeatures } from '../core/features';
import { SUPPORTED_VERSIONS, isSupportedVersion } from './officialSchemas';
import { entryValidation, specBranches, validateValue, type EntryValidation } from './schemas';
import { didYouMean, guesses, SYNONYM_NOTES } from '../core/didYouMean';
import { escapePointerSegment, pointerToPath } from '../core/refs';
import { BRANCH_BUDGET, narrowErrors, type BranchCheck } from './schemaErrors';
import { propertiesOf, schemasAtPath } from './schemaAtPath';
import type { SpecDocument } from '../core/specDocument';
import { Severity, type SpecDiagnostic } from '../core/types';
import { nodeSpan, spanAtPath, type JsonPath } from '../core/yamlAst';

export { validateValue } from './schemas';

const cache = new WeakMap<SpecDocument, SpecDiagnostic[]>();
/** Beyond this many the document is not the declared version at all; more would only flood the editor. */
const MAX_DIAGNOSTICS = 500;

export const asyncapiSchemaValidation: LanguageFeatures = {
  fastDiagnostics: (ctx) => schemaDiagnostics(ctx.doc),
};

/**
 * Schema diagnostics of a document (computed once per text version). Validated entry by entry (see
 * `schemaErrors`): one ajv pass over the whole value cost 40–55 ms of CPU per keystroke at 100k lines
 * (docs/performance.md, "Typing at 100k lines").
 */
export function schemaDiagnostics(doc: SpecDocument): SpecDiagnostic[] {
  let out = cache.get(doc);
  if (!out) {
    out = schemaDiagnosticsWith(doc);
    cache.set(doc, out);
  }
  return out;
}

/** How a document's narrowed ajv errors are found: entry by entry (`schemaErrors`), or (tests) otherwise. */
export type ErrorsOf = (version: string, value: object) => ErrorObject[];

/** The schema diagnostics of a document from its errors as `errorsOf` finds them (uncached). */
export function schemaDiagnosticsWith(doc: SpecDocument, errorsOf: ErrorsOf = schemaErrors): SpecDiagnostic[] {
  // A parser that ran out of stack (absurd nesting) leaves a value that is not the document: no verdict.
  if (doc.ast.errors.some((e) => /call stack/i.test(e.message))) return [];
  const value = doc.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const version = (value as Record<string, unknown>).asyncapi;
  if (!isSupportedVersion(version)) return [versionDiagnostic(doc, version)];
  try {
    const errors = errorsOf(version, value);
    return dedupe(mapErrors(doc, errors)).slice(0, MAX_DIAGNOSTICS);
  } catch {
    // Data ajv cannot walk (a cycle built from YAML aliases, nesting deeper than the stack): no schema verdict.
    return [];
  }
}

/**
 * Narrowed errors and the narrowing budget they took: an entry's (instance paths relative to the entry), or a
 * map's entries' (absolute).
 */
interface Found {
  errors: ErrorObject[];
  used: number;
}

/**
 * Per entry validator, each entry value validated so far → its errors. The plain value of a spliced version is
 * patched (incrementalParse.patchValue): only the objects on the edit's path are new, so every other entry is
 * found here by identity. Weak: an entry's errors go with the versions holding its object.
 */
const entryCache = new WeakMap<ValidateFunction, WeakMap<object, Found>>();

/**
 * ajv's errors of a document against its version's raw schema, narrowed (schemaErrors.ts): the same, error for
 * error, as narrowing one pass over the whole value (test/slow/entryValidation.test.ts), but each entry
 * (`channels.*`, `operations.*`, `components.<kind>.*`: officialSchemas.entryPlan) is validated against its own
 * sub-schema, once per entry object, and the rest of the document against the root with the entries unchecked.
 */
export function schemaErrors(version: string, value: object): ErrorObject[] {
  const check = specBranches(version);
  const plan = entryValidation(version);
  return (plan && byEntries(plan, value, check)) ?? narrowErrors(validateValue(version, value), check);
}

/**
 * Per entry site, each map object (`channels`, `components.schemas`, …) seen there → its entries' errors. An edit
 * copies only the maps on its path: every other map is the same object, and is not walked at all. Per site, not
 * per validator: the paths are absolute, and one object can be two maps (2.x `components.channels: *channels`).
 */
const mapCache = new WeakMap<object, WeakMap<object, Found>>();

/** Undefined when narrowing would run out of its budget (a pathological document): the whole pass decides then. */
function byEntries(plan: EntryValidation, value: object, check: BranchCheck): ErrorObject[] | undefined {
  const root = validated(plan.root, value, check);
  // The root's errors first: the order only matters between diagnostics on one span, and the only ones of another
  // part that can share an entry's span are its map's own on the entry's key (`propertyNames`, …), which ajv
  // reports before it validates the entries (test/slow/entryValidation.test.ts compares the order too).
  const out = [...root.errors];
  let used = root.used;
  for (const site of plan.sites) {
    // As ajv reaches the map: through `properties`, each level an object (and not an array).
    let map: unknown = value;
    for (const k of site.path) map = map && typeof map === 'object' && !Array.isArray(map) ? (map as Record<string, unknown>)[k] : undefined;
    if (!map || typeof map !== 'object' || Array.isArray(map)) continue;
    let maps = mapCache.get(site);
    if (!maps) mapCache.set(site, (maps = new WeakMap()));
    let found = maps.get(map);
    if (!found) maps.set(map, (found = entryErrorsOf(site, map, check)));
    used += found.used;
    for (const e of found.errors) out.push(e);
  }
  // Narrowing spends one budget over the whole document: within it, each part narrows as it would there.
  return used <= BRANCH_BUDGET ? out : undefined;
}

function entryErrorsOf(site: EntryValidation['sites'][number], map: object, check: BranchCheck): Found {
  let cache = entryCache.get(site.validate);
  if (!cache) entryCache.set(site.validate, (cache = new WeakMap()));
  const prefix = '/' + site.path.map(escapePointerSegment).join('/') + '/';
  const out: Found = { errors: [], used: 0 };
  // In ajv's order (`for … in`), though entries never share a span.
  for (const key in map) {
    if (site.pattern && !site.pattern.test(key)) continue;
    const entry = (map as Record<string, unknown>)[key];
    let found = entry && typeof entry === 'object' ? cache.get(entry) : undefined;
    if (!found) {
      found = validated(site.validate, entry, check);
      if (entry && typeof entry === 'object') cache.set(entry, found);
    }
    out.used += found.used;
    if (!found.errors.length) continue;
    const at = prefix + escapePointerSegment(key);
    for (const e of found.errors) out.errors.push({ ...e, instancePath: at + e.instancePath });
  }
  return out;
}

/** Shared by every valid entry (most of them): one object, not one per entry kept in the cache. */
const VALID: Found = Object.freeze({ errors: Object.freeze([]) as unknown as ErrorObject[], used: 0 });

function validated(v: ValidateFunction, data: unknown, check: BranchCheck): Found {
  if (v(data)) return VALID;
  const budget = { left: BRANCH_BUDGET };
  const errors = narrowErrors([...(v.errors ?? [])], check, 0, budget);
  return { errors, used: BRANCH_BUDGET - budget.left };
}

function versionDiagnostic(doc: SpecDocument, version: unknown): SpecDiagnostic {
  const span = spanAtPath(doc.ast, ['asyncapi'], version === null || version === undefined);
  const list = SUPPORTED_VERSIONS.join(', ');
  // As written: a YAML number such as `3.0` has lost its `.0` in the plain value.
  const written = version === null || version === undefined ? '' : doc.text.slice(span.start, span.end).replace(/^["']|["']$/g, '');
  // `3.0` or `2.6` means the latest patch of that minor version; `3` the latest of that major.
  const close = SUPPORTED_VERSIONS.filter((v) => written && v.startsWith(written + '.')).pop();
  const base = {
    ...span,
    severity: Severity.Error,
    code: 'schema-unsupported-version',
  };
  if (!written) return { ...base, message: `Declare the AsyncAPI version as a string, one of: ${list}.` };
  return {
    ...base,
    message: `AsyncAPI version \`${written}\` is not supported${typeof version !== 'string' ? ' (it must be a quoted string)' : ''}. Use one of: ${list}.`,
    ...(close ? { data: { kind: 'replaceValue' as const, replacement: close } } : {}),
  };
}

function mapErrors(doc: SpecDocument, errors: ErrorObject[]): SpecDiagnostic[] {
  const out: SpecDiagnostic[] = [];
  // Missing properties of one object become one diagnostic listing them all.
  const missing = new Map<string, string[]>();
  // Per object, the keys its misspelt keys' fixes rename them to.
  const renamed = new Map<string, string[]>();
  for (const e of errors) {
    const path = pointerToPath(e.instancePath);
    if (e.keyword === 'required' || e.keyword === 'dependencies' || e.keyword === 'dependentRequired') {
      const prop = String(e.params.missingProperty);
      const list = missing.get(e.instancePath) ?? [];
      if (!list.includes(prop)) list.push(prop);
      missing.set(e.instancePath, list);
      continue;
    }
    const d = mapError(doc, e, path);
    if (d) out.push(d);
    if (d?.data?.kind === 'replaceKey') renamed.set(e.instancePath, [...(renamed.get(e.instancePath) ?? []), d.data.replacement]);
  }
  for (const [pointer, props] of missing) {
    // A required key written misspelt is one problem, reported on the misspelt key whose fix renames it.
    const left = props.filter((p) => !renamed.get(pointer)?.includes(p));
    if (left.length) out.push(missingDiagnostic(doc.ast, pointerToPath(pointer), left));
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

function missingDiagnostic(ast: Document, path: JsonPath, props: string[]): SpecDiagnostic {
  const span = path.length ? spanAtPath(ast, path, true) : rootKeySpan(ast);
  const names = props.map((p) => `\`${p}\``).join(', ');
  const refOnly = props.length === 1 && props[0] === '$ref';
  return {
    ...span,
    severity: Severity.Error,
    code: refOnly ? 'schema-ref-required' : 'schema-missing-property',
    message: refOnly
      ? 'This must be a reference: write `$ref: <pointer to the definition>` instead of the object itself.'
      : `Missing required ${props.length > 1 ? 'properties' : 'property'} ${names}.`,
    data: { kind: 'addProperties', properties: props },
  };
}

/** Problems of the whole document go on its first key, not on the entire text. */
function rootKeySpan(ast: Document) {
  const first = (ast.contents as { items?: { key?: unknown }[] } | null)?.items?.[0]?.key;
  return nodeSpan(first as never) ?? spanAtPath(ast, []);
}

function mapError(doc: SpecDocument, e: ErrorObject, path: JsonPath): SpecDiagnostic | undefined {
  const spanFor = (at: JsonPath, onKey: boolean) => {
    if (!at.length && onKey) return rootKeySpan(doc.ast);
    const s = spanAtPath(doc.ast, at, onKey);
    // `key:` with nothing after it has an empty value: mark the key so the problem can be seen.
    return s.start === s.end && at.length ? spanAtPath(doc.ast, at, true) : s;
  };
  const diag = (code: string, message: string, onKey = false, at = path): SpecDiagnostic => ({
    ...spanFor(at, onKey),
    severity: Severity.Error,
    code,
    message,
  });
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return unknownKey(doc, path, String(e.params.additionalProperty ?? e.params.unevaluatedProperty), parent, diag);
    case 'type': {
      const d = diag('schema-type', `Expected ${article(String(e.params.type), doc.isJson)}, got ${kindOf(e.data, doc.isJson)}.`);
      // `info:` with nothing under it yet: offer to fill in what the mapping requires.
      const required = e.data === null && String(e.params.type).includes('object') ? requiredAt(doc, path) : [];
      if (required.length) {
        d.message += ` Add ${required.map((p) => `\`${p}\``).join(', ')}.`;
        d.data = { kind: 'addProperties', properties: required };
      }
      return d;
    }
    case 'enum':
      return enumDiagnostic(e, diag);
    case 'const':
      return diag('schema-const', `Must be ${show(e.params.allowedValue)}.`);
    case 'pattern':
      return diag('schema-pattern', `\`${String(e.data)}\` does not match the required pattern \`${String(e.params.pattern)}\`.`);
    case 'format':
      return diag('schema-format', `\`${String(e.data)}\` is not a valid ${String(e.params.format)}.`);
    case 'uniqueItems':
      return diag('schema-unique-items', `Items ${e.params.j} and ${e.params.i} are identical; list each value once.`, false, [...path, Number(e.params.i)]);
    case 'oneOf':
    case 'anyOf':
      return e.params.passingSchemas
        ? diag('schema-ambiguous', `This matches more than one of the allowed forms${describe(parent)}; make it match exactly one.`)
        : diag('schema-no-match', `This matches none of the allowed forms${describe(parent)}.`);
    case 'not':
      return diag('schema-not', `This value is not allowed here${describe(parent)}.`);
    case 'propertyNames':
      return diag('schema-key-name', `Key \`${String(e.params.propertyName)}\` is not a valid name here.`, true, [...path, String(e.params.propertyName)]);
    case 'false schema':
      return diag('schema-not-allowed', 'Nothing is allowed here; remove this.', true);
    default:
      if (/^(min|max)|multipleOf|exclusive/.test(e.keyword)) return diag('schema-range', `Value ${e.message ?? 'is out of range'}.`);
      return diag('schema-invalid', `Value ${e.message ?? 'is not valid here'}.`);
  }
}

/** A value outside its enum: the values it may have meant in the message, each a fix (the first preferred). */
function enumDiagnostic(e: ErrorObject, diag: (code: string, message: string) => SpecDiagnostic): SpecDiagnostic {
  const allowed = (e.params.allowedValues as unknown[]) ?? [];
  const meant =
    typeof e.data === 'string'
      ? guesses(
          e.data,
          allowed.filter((x): x is string => typeof x === 'string'),
        )
      : [];
  const note = meant.length && typeof e.data === 'string' ? SYNONYM_NOTES[e.data.toLowerCase()] : undefined;
  const guess = meant.length ? ` Did you mean ${meant.map(show).join(' or ')}?${note ? ' ' + note : ''}` : '';
  const d = diag('schema-enum', `\`${String(e.data)}\` is not allowed here.${guess} Use one of: ${allowed.map(show).join(', ')}.`);
  if (meant.length) d.data = { kind: 'replaceValue', replacement: meant[0], ...(meant.length > 1 ? { alternatives: meant.slice(1) } : {}) };
  return d;
}

function unknownKey(
  doc: SpecDocument,
  path: JsonPath,
  key: string,
  parent: Record<string, unknown>,
  diag: (code: string, message: string, onKey: boolean, at: JsonPath) => SpecDiagnostic,
): SpecDiagnostic {
  const at = [...path, key];
  if (key === '$ref') return diag('schema-ref-not-allowed', 'A `$ref` is not allowed here: write the object inline.', true, at);
  const props = Object.keys((parent.properties as object) ?? {}).filter((p) => p !== '$ref');
  const patterns = Object.keys((parent.patternProperties as object) ?? {});
  if (!props.length && patterns.length) {
    return diag('schema-key-name', `\`${key}\` is not a valid name here: names must match ${patterns.map((p) => `\`${p}\``).join(' or ')}.`, true, at);
  }
  const existing = new Set(Object.keys(valueAt(doc.value, path) ?? {}));
  const guess = didYouMean(
    key,
    props.filter((p) => !existing.has(p)),
  );
  const ext = patterns.some((p) => p.startsWith('^x-')) ? ' Extensions must start with `x-`.' : '';
  const d = guess
    ? diag('schema-unknown-key', `Property \`${key}\` is not allowed here. Did you mean \`${guess}\`?`, true, at)
    : diag('schema-unknown-key', `Property \`${key}\` is not allowed here. Allowed: ${listed(props)}.${ext}`, true, at);
  if (guess) d.data = { kind: 'replaceKey', replacement: guess };
  return d;
}

function requiredAt(doc: SpecDocument, path: JsonPath): string[] {
  const version = (doc.value as Record<string, unknown>).asyncapi as string;
  return propertiesOf(schemasAtPath(version, doc.value, path))
    .filter((p) => p.required && p.name !== '$ref')
    .map((p) => p.name);
}

/** A readable list: long ones (a Schema Object has dozens of keywords) are cut short. */
function listed(names: string[], max = 12): string {
  const shown = names
    .slice(0, max)
    .map((p) => `\`${p}\``)
    .join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

function valueAt(root: unknown, path: JsonPath): Record<string, unknown> | undefined {
  let v = root;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

function describe(schema: Record<string, unknown>): string {
  return typeof schema.description === 'string' ? ` (${schema.description.replace(/\.$/, '')})` : '';
}

function show(v: unknown): string {
  return '`' + (typeof v === 'string' ? v : JSON.stringify(v)) + '`';
}

const YAML_NAMES: Record<string, string> = { object: 'a mapping', array: 'a list', null: 'nothing (null)' };
const JSON_NAMES: Record<string, string> = { object: 'an object', array: 'an array', null: 'null' };

function article(types: string, json: boolean): string {
  const names = json ? JSON_NAMES : YAML_NAMES;
  return types
    .split(',')
    .map((t) => names[t] ?? (t === 'integer' ? 'an integer' : `a ${t}`))
    .join(' or ');
}

function kindOf(v: unknown, json: boolean): string {
  const t = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  return article(t, json);
}

function dedupe(diags: SpecDiagnostic[]): SpecDiagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const k = `${d.code}|${d.start}|${d.end}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
