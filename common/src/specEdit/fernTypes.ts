/**
 * An inferred JSON Schema (inferSchema) as Fern type declarations, for "Add message to spec" on a Fern channel:
 * an object becomes a type with `properties` (keys not in every sample `optional<…>`), each nested object a type
 * of its own named after its parent and key, arrays `list<…>`, a small set of identifier-like strings an `enum`.
 * What Fern cannot say from the samples (mixed types, an empty list) is `unknown`, for the user to narrow.
 */
type Schema = Record<string, unknown>;

const PRIMITIVES: Record<string, string> = { string: 'string', integer: 'integer', number: 'double', boolean: 'boolean' };
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface FernTypes {
  /** The body's type reference (a primitive, `list<…>`, or the name of a declared type). */
  body: string;
  /** New declarations, name → declaration, in the order they are written. */
  declarations: Record<string, unknown>;
}

/** `name` is the body type's wanted name; `taken` the type names the file already declares. */
export function fernTypesOf(schema: Schema, name: string, taken: Set<string>): FernTypes {
  const declarations: Record<string, unknown> = {};
  const claim = (wanted: string): string => {
    let n = 1;
    const base = pascal(wanted);
    let out = base;
    while (taken.has(out) || out in declarations) out = `${base}${++n}`;
    declarations[out] = null; // reserved: nested types are declared after it
    return out;
  };
  const ref = (s: Schema, wanted: string): string => {
    if (s.type === 'object') {
      const properties = (s.properties ?? {}) as Record<string, Schema>;
      if (!Object.keys(properties).length) return 'map<string, unknown>';
      const own = claim(wanted);
      const required = new Set((s.required ?? []) as string[]);
      const props = Object.fromEntries(
        Object.entries(properties).map(([k, v]) => {
          const inner = ref(v, `${own}_${k}`);
          return [k, required.has(k) ? inner : `optional<${inner}>`];
        }),
      );
      declarations[own] = { properties: props };
      return own;
    }
    if (s.type === 'array') return `list<${ref((s.items ?? {}) as Schema, wanted)}>`;
    if (s.type === 'string' && Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string' && IDENTIFIER.test(v))) {
      const own = claim(wanted);
      declarations[own] = { enum: s.enum };
      return own;
    }
    return (typeof s.type === 'string' && PRIMITIVES[s.type]) || 'unknown';
  };
  return { body: ref(schema, name), declarations };
}

/** `user_status.update` → `UserStatusUpdate` (Fern type names are PascalCase by convention). */
function pascal(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(joined) ? joined : `Message${joined}`;
}
