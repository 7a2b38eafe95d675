/**
 * Discriminator hints: top-level payload properties pinned by `const` or a small `enum` (Kraken's
 * `event: {const: ping}`, a `type` enum). The matcher checks them before running full validation, so most
 * incoming frames meet one validator only. `allOf` branches add up; a property counts under `oneOf`/`anyOf`
 * only when every branch pins it (values are then the union).
 */
import { isObj } from './resolve';

export interface Discriminator {
  property: string;
  values: unknown[];
}

/** Enums longer than this describe a domain (currencies, symbols), not a message kind. */
const MAX_ENUM = 64;
const MAX_DEPTH = 8;

export function discriminatorsOf(schema: unknown): Discriminator[] {
  const found = collect(schema, 0);
  return [...found].map(([property, values]) => ({ property, values }));
}

function collect(schema: unknown, depth: number): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  if (!isObj(schema) || depth > MAX_DEPTH) return out;
  if (isObj(schema.properties)) {
    for (const [prop, sub] of Object.entries(schema.properties)) {
      const values = pinned(sub);
      if (values) out.set(prop, values);
    }
  }
  if (Array.isArray(schema.allOf)) {
    for (const branch of schema.allOf) for (const [p, v] of collect(branch, depth + 1)) merge(out, p, v);
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const maps = branches.map((b) => collect(b, depth + 1));
    for (const [p] of maps[0]) {
      if (!maps.every((m) => m.has(p))) continue;
      const union: unknown[] = [];
      for (const m of maps) for (const v of m.get(p)!) if (!union.some((u) => same(u, v))) union.push(v);
      merge(out, p, union);
    }
  }
  return out;
}

function pinned(sub: unknown): unknown[] | undefined {
  if (!isObj(sub)) return undefined;
  if ('const' in sub && isPrimitive(sub.const)) return [sub.const];
  if (Array.isArray(sub.enum) && sub.enum.length > 0 && sub.enum.length <= MAX_ENUM && sub.enum.every(isPrimitive)) return [...sub.enum];
  if (Array.isArray(sub.allOf)) {
    for (const b of sub.allOf) {
      const v = pinned(b);
      if (v) return v;
    }
  }
  return undefined;
}

/** Both constraints hold (allOf), so only values allowed by both remain. */
function merge(out: Map<string, unknown[]>, prop: string, values: unknown[]): void {
  const have = out.get(prop);
  if (!have) return void out.set(prop, values);
  const both = have.filter((h) => values.some((v) => same(h, v)));
  out.set(prop, both.length ? both : have);
}

function isPrimitive(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

function same(a: unknown, b: unknown): boolean {
  return a === b;
}
