/**
 * The sub-schemas of a version's AsyncAPI schema that apply at a JSON path of a document, for completion and
 * hover. Follows `$ref` (absolute ids and `#/…` pointers), allOf, oneOf/anyOf (keeping the branches the data
 * fits: a reference only where there is a `$ref`, a security scheme by its `type`), if/then/else (bindings by
 * `bindingVersion`), properties, patternProperties, additionalProperties and items.
 */
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';
import { idMap, schemaFor, type SchemaNode } from './officialSchemas';
import type { JsonPath } from '../core/yamlAst';

/** A schema node with the base URI its relative `$ref`s resolve against. */
export interface Applied {
  node: SchemaNode;
  base: string;
  /** Reached through one of several oneOf/anyOf branches that fit: its `required` is not a requirement. */
  alternative?: boolean;
}

const DRAFT07_ID = 'http://json-schema.org/draft-07/schema';
const refCache = new Map<string, Applied | null>();

/** The schemas that apply at `path` of `root` (the document's plain value). */
export function schemasAtPath(version: string, root: unknown, path: JsonPath, skipKey?: string): Applied[] {
  const top = schemaFor(version);
  if (!top) return [];
  let data: unknown = root;
  let current = expand(version, [{ node: top, base: String(top.$id ?? '') }], data, path.length === 0 ? skipKey : undefined);
  path.forEach((seg, i) => {
    data = childData(data, seg);
    const children = current.flatMap((a) => childSchemas(a, seg));
    current = expand(version, children, data, i === path.length - 1 ? skipKey : undefined);
  });
  return current;
}

function childData(data: unknown, seg: string | number): unknown {
  if (Array.isArray(data)) return data[Number(seg)];
  return data && typeof data === 'object' ? (data as Record<string, unknown>)[String(seg)] : undefined;
}

const childCache = new WeakMap<SchemaNode, Map<string, Applied[]>>();

/** The schemas one step down (cached per schema node and step: completion asks on every keystroke). */
function childSchemas(a: Applied, seg: string | number): Applied[] {
  let byStep = childCache.get(a.node);
  if (!byStep) childCache.set(a.node, (byStep = new Map()));
  const key = `${typeof seg}:${seg}|${a.base}`;
  let out = byStep.get(key);
  if (!out) {
    // Author-chosen names (channels, components) are unbounded: keep the cache from growing with them.
    if (byStep.size > 500) byStep.clear();
    byStep.set(key, (out = computeChildSchemas(a, seg)));
  }
  return out;
}

/** A property by name (or pattern, or additionalProperties), or a list item. */
function computeChildSchemas(a: Applied, seg: string | number): Applied[] {
  const n = a.node;
  const out: Applied[] = [];
  const push = (x: unknown) => {
    if (x && typeof x === 'object' && !Array.isArray(x)) out.push({ node: x as SchemaNode, base: a.base });
  };
  if (typeof seg === 'number' || /^\d+$/.test(String(seg))) {
    const items = n.items;
    if (Array.isArray(items)) push(items[Number(seg)] ?? n.additionalItems);
    else push(items);
    if (typeof seg === 'number') return out;
  }
  const key = String(seg);
  const props = n.properties as Record<string, unknown> | undefined;
  if (props && Object.prototype.hasOwnProperty.call(props, key)) push(props[key]);
  let matched = out.length > 0;
  for (const [pattern, s] of Object.entries((n.patternProperties as Record<string, unknown>) ?? {})) {
    if (safeTest(pattern, key)) {
      push(s);
      matched = true;
    }
  }
  if (!matched) push(n.additionalProperties);
  return out;
}

const regexCache = new Map<string, RegExp | null>();

function safeTest(pattern: string, s: string): boolean {
  let r = regexCache.get(pattern);
  if (r === undefined) {
    try {
      r = new RegExp(pattern, 'u');
    } catch {
      try {
        r = new RegExp(pattern);
      } catch {
        r = null;
      }
    }
    regexCache.set(pattern, r);
  }
  return !!r && r.test(s);
}

/**
 * Every node that applies to `data` given the starting nodes: references followed, allOf/if-then flattened,
 * oneOf/anyOf narrowed to the branches the data fits (all of them when none fits). `skipKey` is the property
 * being completed, so a half-typed discriminator value does not rule out every branch.
 */
export function expand(version: string, start: Applied[], value: unknown, skipKey?: string): Applied[] {
  // `key:` with nothing yet reads as null: judge it as "not written yet", not as a null value.
  const data = value === null ? undefined : value;
  const out: Applied[] = [];
  const seen = new Set<SchemaNode>();
  const visit = (a: Applied, depth: number): void => {
    if (depth > 40 || seen.has(a.node)) return;
    seen.add(a.node);
    const n = a.node;
    const base = typeof n.$id === 'string' ? n.$id.replace(/#$/, '') : a.base;
    const alternative = a.alternative;
    out.push({ node: n, base, alternative });
    if (typeof n.$ref === 'string') {
      const target = resolveRef(version, n.$ref, base);
      if (target) visit({ ...target, alternative }, depth + 1);
    }
    for (const s of asList(n.allOf)) visit({ node: s, base, alternative }, depth + 1);
    for (const key of ['oneOf', 'anyOf'] as const) {
      const branches = asList(n[key]).map((s) => ({ node: s, base }));
      const fitting = branches.filter((b) => fits(version, b, data, skipKey));
      const chosen = fitting.length ? fitting : branches;
      for (const b of chosen) visit({ ...b, alternative: alternative || chosen.length > 1 }, depth + 1);
    }
    if (n.if && typeof n.if === 'object') {
      const branch = matchesIf(n.if as SchemaNode, data) ? n.then : n.else;
      if (branch && typeof branch === 'object') visit({ node: branch as SchemaNode, base, alternative }, depth + 1);
    }
  };
  for (const a of start) visit(a, 0);
  return out;
}

function asList(x: unknown): SchemaNode[] {
  return Array.isArray(x) ? x.filter((s): s is SchemaNode => !!s && typeof s === 'object') : [];
}

/** Follows `$ref` chains to the first node with content. */
function deref(version: string, a: Applied): Applied {
  let cur = a;
  for (let i = 0; i < 10 && typeof cur.node.$ref === 'string'; i++) {
    const next = resolveRef(version, cur.node.$ref as string, cur.base);
    if (!next) break;
    cur = next;
  }
  return cur;
}

export function isReferenceSchema(node: SchemaNode): boolean {
  return Array.isArray(node.required) && node.required.includes('$ref');
}

/** Whether `data` plausibly belongs to this oneOf/anyOf branch (cheap checks; no full validation). */
function fits(version: string, b: Applied, data: unknown, skipKey?: string): boolean {
  const { node } = deref(version, b);
  const obj = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  const hasRef = !!obj && typeof obj.$ref === 'string';
  if (isReferenceSchema(node)) return hasRef;
  if (hasRef && !(node.properties && '$ref' in (node.properties as object))) return false;
  if (data !== undefined && !typeMatches(node.type, data)) return false;
  const props = (node.properties as Record<string, SchemaNode> | undefined) ?? {};
  for (const [k, p] of Object.entries(props)) {
    if (!obj || k === skipKey || obj[k] === undefined || !p || typeof p !== 'object') continue;
    if ('const' in p && p.const !== obj[k]) return false;
    if (Array.isArray(p.enum) && !p.enum.includes(obj[k])) return false;
  }
  return true;
}

function typeMatches(type: unknown, data: unknown): boolean {
  if (type === undefined) return true;
  const types = Array.isArray(type) ? type : [type];
  const actual = data === null ? 'null' : Array.isArray(data) ? 'array' : typeof data;
  return types.some((t) => t === actual || (t === 'integer' && typeof data === 'number' && Number.isInteger(data)));
}

/** The `if` shapes the spec schemas use: required keys, property consts/enums, and `not` of those. */
function matchesIf(cond: SchemaNode, data: unknown): boolean {
  if (cond.not && typeof cond.not === 'object') return !matchesIf(cond.not as SchemaNode, data);
  const obj = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  if (Array.isArray(cond.required) && !cond.required.every((k) => obj[k as string] !== undefined)) return false;
  for (const [k, p] of Object.entries((cond.properties as Record<string, SchemaNode>) ?? {})) {
    if (obj[k] === undefined || !p) continue;
    if ('const' in p && p.const !== obj[k]) return false;
    if (Array.isArray(p.enum) && !p.enum.includes(obj[k])) return false;
  }
  return true;
}

/** Resolves a `$ref` of the spec schema (cached per version, base and ref). */
export function resolveRef(version: string, ref: string, base: string): Applied | undefined {
  const key = `${version}|${base}|${ref}`;
  const cached = refCache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const hash = ref.indexOf('#');
  const id = (hash < 0 ? ref : ref.slice(0, hash)) || base;
  const pointer = hash < 0 ? '' : ref.slice(hash + 1);
  let doc: SchemaNode | undefined = id === DRAFT07_ID ? (draft07 as SchemaNode) : idMap(version).get(id);
  for (const seg of pointer.split('/').slice(1)) {
    const k = decodeURIComponent(seg).replace(/~1/g, '/').replace(/~0/g, '~');
    const next: unknown = doc?.[k];
    doc = next && typeof next === 'object' ? (next as SchemaNode) : undefined;
  }
  const result = doc ? { node: doc, base: id } : undefined;
  refCache.set(key, result ?? null);
  return result;
}

/**
 * The schemas of the value at `path`, judged without that value itself: while the user types `type: userP`,
 * the half-typed discriminator must not rule out the branch being typed.
 */
export function valueSchemasAtPath(version: string, root: unknown, path: JsonPath): Applied[] {
  if (!path.length) return schemasAtPath(version, root, path);
  const last = path[path.length - 1];
  const parent = schemasAtPath(version, root, path.slice(0, -1), String(last));
  return expand(
    version,
    parent.flatMap((a) => childSchemas(a, last)),
    undefined,
  );
}

export interface PropertyInfo {
  name: string;
  required: boolean;
  /** The schemas of the property's value. */
  schemas: Applied[];
}

/** Named properties allowed by the applied schemas (union), with whether any of them requires it. */
export function propertiesOf(applied: Applied[]): PropertyInfo[] {
  const byName = new Map<string, PropertyInfo>();
  for (const a of applied) {
    for (const [name, s] of Object.entries((a.node.properties as Record<string, unknown>) ?? {})) {
      if (!s || typeof s !== 'object') continue;
      const info = byName.get(name) ?? { name, required: false, schemas: [] };
      info.schemas.push({ node: s as SchemaNode, base: a.base });
      byName.set(name, info);
    }
  }
  for (const a of applied) {
    if (a.alternative) continue;
    for (const r of Array.isArray(a.node.required) ? a.node.required : []) {
      const info = byName.get(String(r));
      if (info) info.required = true;
    }
  }
  return [...byName.values()];
}

/** The first title/description among the applied schemas (the property's own wording before its target's). */
export function describe(applied: Applied[]): { title?: string; description?: string } {
  // `if`/`then` wrappers describe the selection ("If no bindingVersion specified…"), not the property.
  // The JSON Schema meta-schema's own title ("Core schema meta-schema") says nothing to a spec author.
  const nodes = applied
    .filter((a) => !a.base.startsWith('http://json-schema.org/'))
    .map((a) => a.node)
    .filter((n) => !('if' in n));
  const title = nodes.map((n) => n.title).find((t): t is string => typeof t === 'string');
  const description = nodes.map((n) => n.description).find((t): t is string => typeof t === 'string');
  return { title, description };
}

/** Values the applied schemas enumerate (enum, const, booleans). */
export function valuesOf(applied: Applied[]): unknown[] {
  const out: unknown[] = [];
  const add = (v: unknown) => {
    if (!out.some((x) => x === v)) out.push(v);
  };
  for (const a of applied) {
    if (Array.isArray(a.node.enum)) a.node.enum.forEach(add);
    if ('const' in a.node) add(a.node.const);
    if (a.node.type === 'boolean') [true, false].forEach(add);
  }
  return out;
}
