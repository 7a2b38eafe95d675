/**
 * Keeps a dereferenced schema to a size the model can carry. Dereferencing shares repeated targets as one
 * object, but the model crosses JSON (LSP, webview), where sharing is lost: a chain of schemas that each refer
 * to the previous one would copy the whole chain into every message (megabytes for a generated 10k-line spec).
 * Parts past the bounds become `{ "x-specsocket-truncated": true }`, which accepts anything, like a cycle cut.
 */
const MAX_DEPTH = 40;
const MAX_NODES = 4000;
/** Keyword values that are data, not sub-schemas: copied whole, never cut (they are written out in the spec). */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example', 'required']);

export function boundSchema(value: unknown): { value: unknown; truncated: boolean } {
  let budget = MAX_NODES;
  let truncated = false;
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (depth >= MAX_DEPTH || budget <= 0) {
      truncated = true;
      return { 'x-specsocket-truncated': true };
    }
    budget--;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = DATA_KEYWORDS.has(k) ? x : walk(x, depth + 1);
    return out;
  };
  const out = walk(value, 0);
  return { value: out, truncated };
}
