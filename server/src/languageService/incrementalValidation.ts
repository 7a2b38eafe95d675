/**
 * Schema validation that re-validates only what changed. Specs are mostly big maps of independent entries
 * (channels, operations, servers, components.*); each entry is validated on its own with the validator of the
 * entry schema, and its narrowed errors are cached by the entry's object identity. The incremental parser
 * patches the plain value with structural sharing, so after an edit only the edited entry is a new object.
 * The rest of the document is validated as a "shell" whose entries are stubbed by a `$ref`.
 *
 * Anything unexpected (an entry schema that is not a plain additionalProperties/patternProperties schema, a
 * stub the shell rejects) answers undefined and the caller validates the whole document.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { nodeValidator, schemaFor, validatorFor, type SchemaNode } from './asyncapiSchemas';
import { narrowErrors } from './schemaErrors';
import { schemasAtPath } from './schemaAtPath';

/** Below this many entries a whole-document validation is as cheap as the bookkeeping. */
const MIN_ENTRIES = 40;
const STUB = Object.freeze({ $ref: '#/x-specsocket-stub' });

interface UnitMap {
  path: string[];
  validate: ValidateFunction;
  /** Entries whose names match are units; others (and `x-` extensions) stay in the shell. */
  pattern: RegExp | undefined;
}

const entryCache = new WeakMap<object, Map<ValidateFunction, ErrorObject[]>>();
const mapPlans = new Map<string, UnitMap | null>();

export function validateByEntries(version: string, root: unknown): ErrorObject[] | undefined {
  if (!root || typeof root !== 'object' || Array.isArray(root)) return undefined;
  const whole = validatorFor(version);
  if (!whole || !schemaFor(version)) return undefined;
  const maps = unitMaps(version, root as Record<string, unknown>);
  let entries = 0;
  for (const m of maps) entries += Object.keys(mapAt(root, m.path) ?? {}).length;
  if (entries < MIN_ENTRIES) return undefined;

  const shell = stubbed(root as Record<string, unknown>, maps);
  const shellErrors = whole(shell) ? [] : [...(whole.errors ?? [])];
  // The stub must pass where it stands; if the shell complains about one, this plan is wrong for the document.
  const stubs = new Set<string>();
  for (const m of maps) for (const name of Object.keys(mapAt(root, m.path)!)) if (isUnit(m, name)) stubs.add('/' + [...m.path, name].map(escape).join('/'));
  const inStub = (path: string) => {
    const segs = path.split('/');
    return stubs.has(segs.slice(0, 3).join('/')) || stubs.has(segs.slice(0, 4).join('/'));
  };
  if (shellErrors.some((e) => inStub(e.instancePath))) return undefined;
  const out = narrowErrors(shellErrors);
  for (const m of maps) {
    const map = mapAt(root, m.path)!;
    const prefix = '/' + m.path.map(escape).join('/');
    for (const [name, value] of Object.entries(map)) {
      if (!isUnit(m, name)) continue;
      for (const e of entryErrors(m.validate, value)) out.push({ ...e, instancePath: `${prefix}/${escape(name)}${e.instancePath}` });
    }
  }
  return out;
}

/** Narrowed errors of one entry, relative to it; cached while the entry object lives. */
function entryErrors(validate: ValidateFunction, value: unknown): ErrorObject[] {
  const cacheable = value !== null && typeof value === 'object';
  const byValidator = cacheable ? entryCache.get(value as object) : undefined;
  const hit = byValidator?.get(validate);
  if (hit) return hit;
  const errors = validate(value) ? [] : narrowErrors([...(validate.errors ?? [])]);
  if (cacheable) {
    const m = byValidator ?? new Map();
    m.set(validate, errors);
    if (!byValidator) entryCache.set(value as object, m);
  }
  return errors;
}

/** Top-level maps and the maps under `components` whose entries all share one schema. */
function unitMaps(version: string, root: Record<string, unknown>): UnitMap[] {
  const out: UnitMap[] = [];
  const consider = (path: string[]) => {
    const key = version + '|' + path.join('/');
    let plan = mapPlans.get(key);
    if (plan === undefined) {
      plan = planFor(version, path);
      mapPlans.set(key, plan);
    }
    if (plan && mapAt(root, path)) out.push(plan);
  };
  for (const k of Object.keys(root)) if (k !== 'components' && !isExtension(k)) consider([k]);
  const components = root.components;
  if (components && typeof components === 'object' && !Array.isArray(components)) {
    for (const k of Object.keys(components)) if (!isExtension(k)) consider(['components', k]);
  }
  return out;
}

/** The one validator every (non-extension) entry of the map at `path` is checked with, if there is one. */
function planFor(version: string, path: string[]): UnitMap | null {
  const applied = schemasAtPath(version, undefined, path);
  let entry: SchemaNode | undefined;
  for (const { node } of applied) {
    if (node.oneOf || node.anyOf || node.if || node.dependencies) return null;
    const patterns = Object.entries((node.patternProperties as Record<string, SchemaNode>) ?? {}).filter(([p]) => !p.startsWith('^x-'));
    const additional = node.additionalProperties && typeof node.additionalProperties === 'object' ? (node.additionalProperties as SchemaNode) : undefined;
    if (node.properties && Object.keys(node.properties as object).length) return null;
    const candidates = [...patterns.map(([, s]) => s), ...(additional ? [additional] : [])];
    if (candidates.length > 1 || (patterns.length && additional)) return null;
    if (candidates.length === 1) {
      if (entry && entry !== candidates[0]) return null;
      entry = candidates[0];
    }
  }
  if (!entry) return null;
  // With a name pattern, only matching names get the entry schema; the others are left to the shell.
  const source = applied.flatMap(({ node }) => Object.entries((node.patternProperties as Record<string, unknown>) ?? {})).find(([p, x]) => x === entry)?.[0];
  let pattern: RegExp | undefined;
  if (source) {
    try {
      pattern = new RegExp(source, 'u');
    } catch {
      return null;
    }
  }
  const validate = nodeValidator(entry);
  return validate ? { path, validate, pattern } : null;
}

function stubbed(root: Record<string, unknown>, maps: UnitMap[]): Record<string, unknown> {
  const shell: Record<string, unknown> = { ...root };
  for (const m of maps) {
    let parent = shell;
    for (const seg of m.path.slice(0, -1)) {
      parent[seg] = { ...(parent[seg] as Record<string, unknown>) };
      parent = parent[seg] as Record<string, unknown>;
    }
    const last = m.path[m.path.length - 1];
    const stubs: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(parent[last] as Record<string, unknown>)) stubs[name] = isUnit(m, name) ? STUB : v;
    parent[last] = stubs;
  }
  return shell;
}

function mapAt(root: unknown, path: string[]): Record<string, unknown> | undefined {
  let v = root;
  for (const seg of path) v = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[seg] : undefined;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function isUnit(m: UnitMap, name: string): boolean {
  return !isExtension(name) && (!m.pattern || m.pattern.test(name));
}

function isExtension(name: string): boolean {
  return name.startsWith('x-');
}

function escape(seg: string): string {
  return seg.replace(/~/g, '~0').replace(/\//g, '~1');
}
