/**
 * Fern types → JSON Schema (draft 2020-12 subset ajv and openapi-sampler understand), for example checks and
 * the Try it panel's live validation. Named types are expanded in place; a type already being expanded on the
 * current path becomes `{ "x-specsocket-circular": name }` (accepts anything), so recursive types terminate.
 */
import type { JsonSchema } from '../../../../common/src/tryItModel';
import { builtin, FERN_PRIMITIVES } from './builtins';
import type { FernFile, FernProperty, FernTypeDecl, TypeRefAt } from './fileModel';
import { resolveNamed, type FernFolder } from './folder';
import { typeRefToString, type TypeRef } from './typeRef';

type Schema = Record<string, unknown>;

const PRIMITIVES: Record<string, Schema> = Object.fromEntries(FERN_PRIMITIVES.map((n) => [n, builtin(n)?.schema ?? {}]));

const MAX_DEPTH = 40;

export class FernSchemaConverter {
  private readonly active: string[] = [];

  /**
   * `validate`: optional values as if/else (precise ajv errors). `present`: as anyOf [T, null], which samplers
   * and readers of the Try it panel understand.
   */
  constructor(
    readonly folder: FernFolder,
    readonly mode: 'validate' | 'present' = 'validate',
  ) {}

  private orNull(s: JsonSchema): JsonSchema {
    return this.mode === 'validate' ? orNull(s) : { anyOf: [s, { type: 'null' }] };
  }

  /** Schema of a type reference written in `from`. */
  ref(ref: TypeRef | undefined, from: FernFile): JsonSchema {
    if (!ref || this.active.length > MAX_DEPTH) return {};
    switch (ref.kind) {
      case 'primitive':
        return { ...PRIMITIVES[ref.name] };
      case 'literal':
        return { const: ref.value };
      case 'container': {
        const [a, b] = ref.args;
        if (ref.name === 'optional' || ref.name === 'nullable') return this.orNull(this.ref(a, from));
        if (ref.name === 'list') return { type: 'array', items: this.ref(a, from) };
        if (ref.name === 'set') return { type: 'array', items: this.ref(a, from), uniqueItems: true };
        return { type: 'object', additionalProperties: this.ref(b, from), ...this.keySchema(a, from) };
      }
      case 'named': {
        const r = resolveNamed(this.folder, from, ref);
        return r.ok ? this.decl(r.decl, r.file) : {};
      }
    }
  }

  /** Schema of a type reference as written at a place in a file (a property, a body). */
  at(r: TypeRefAt | undefined, from: FernFile): JsonSchema {
    return r?.parsed.ref ? this.ref(r.parsed.ref, from) : {};
  }

  decl(decl: FernTypeDecl, file: FernFile): JsonSchema {
    const id = decl.uri + '#' + decl.path.join('/');
    if (this.active.includes(id)) return { 'x-specsocket-circular': decl.name };
    this.active.push(id);
    try {
      const s = this.declBody(decl, file) as Schema;
      if (typeof s === 'object') {
        if (decl.docs && s.description === undefined) s.description = decl.docs;
        if (decl.shape !== 'alias') s.title = decl.name;
      }
      return s;
    } finally {
      this.active.pop();
    }
  }

  private declBody(decl: FernTypeDecl, file: FernFile): JsonSchema {
    switch (decl.shape) {
      case 'alias':
        return { ...(this.at(decl.alias, file) as Schema) };
      case 'enum':
        // An enum still being written has no values yet: any string until it has.
        return decl.enumValues.length ? { type: 'string', enum: [...decl.enumValues] } : { type: 'string' };
      case 'object':
        return this.object(decl, file);
      case 'undiscriminated':
        return { anyOf: decl.members.map((m) => this.at(m, file)) };
      case 'union':
        return this.union(decl, file);
      default:
        return {};
    }
  }

  /** Properties of an object including everything it extends (a diamond is fine: later wins). */
  objectParts(decl: FernTypeDecl, file: FernFile, seen = new Set<FernTypeDecl>()): { props: { p: FernProperty; file: FernFile }[]; extra: boolean } {
    const props: { p: FernProperty; file: FernFile }[] = [];
    let extra = decl.extraProperties;
    if (seen.has(decl)) return { props, extra };
    seen.add(decl);
    for (const e of decl.extends) {
      const ref = e.parsed.ref;
      if (ref?.kind !== 'named') continue;
      const r = resolveNamed(this.folder, file, ref);
      if (!r.ok) continue;
      const parent = this.objectParts(r.decl, r.file, seen);
      props.push(...parent.props);
      extra ||= parent.extra;
    }
    for (const p of decl.properties) props.push({ p, file });
    return { props, extra };
  }

  private object(decl: FernTypeDecl, file: FernFile): Schema {
    const { props, extra } = this.objectParts(decl, file);
    return this.objectSchema(props, extra);
  }

  private objectSchema(props: { p: FernProperty; file: FernFile }[], extra: boolean): Schema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const { p, file } of props) {
      const ref = p.type?.parsed.ref;
      const optional = ref?.kind === 'container' && (ref.name === 'optional' || ref.name === 'nullable');
      const inner = optional ? ref.args[0] : ref;
      const s = { ...(this.ref(inner, file) as Schema) };
      // The type as written, so example errors and hovers can quote it; docs on the outermost schema.
      const fernType = ref ? { 'x-fern-type': typeRefToString(ref) } : {};
      const docs = p.docs ? { description: p.docs } : {};
      // An optional property may be left out or written as null.
      properties[p.name] = optional ? { ...(this.orNull(s) as Schema), ...docs, ...fernType } : { ...s, ...docs, ...fernType };
      if (!optional) required.push(p.name);
    }
    const out: Schema = { type: 'object', properties };
    if (required.length) out.required = required;
    if (!extra) out.additionalProperties = false;
    return out;
  }

  private union(decl: FernTypeDecl, file: FernFile): Schema {
    const disc = decl.discriminant;
    const base = decl.baseProperties.map((p) => ({ p, file }));
    const branches: Schema[] = [];
    for (const v of decl.variants) {
      const ref = v.type?.parsed.ref;
      let body: Schema;
      if (ref?.kind === 'named') {
        const r = resolveNamed(this.folder, file, ref);
        if (r.ok && r.decl.shape === 'object') {
          const parts = this.objectParts(r.decl, r.file);
          body = this.objectSchema([...base, ...parts.props], parts.extra);
        } else body = this.objectSchema(base, false);
        if (!(r.ok && r.decl.shape === 'object')) addValue(body, this.ref(ref, file));
      } else {
        body = this.objectSchema(base, false);
        if (ref) addValue(body, this.ref(ref, file));
      }
      (body.properties as Record<string, JsonSchema>)[disc] = { const: v.key };
      body.required = [...new Set([disc, ...((body.required as string[]) ?? [])])];
      branches.push({ if: { properties: { [disc]: { const: v.key } }, required: [disc] }, then: body });
    }
    if (!branches.length) return { type: 'object' };
    // Samplers and readers understand oneOf; validation wants if/then, which names the wrong property precisely.
    if (this.mode === 'present') return { oneOf: branches.map((b) => b.then as Schema) };
    return { type: 'object', required: [disc], properties: { [disc]: { enum: decl.variants.map((v) => v.key) } }, allOf: branches };
  }

  private keySchema(key: TypeRef | undefined, from: FernFile): Schema {
    const s = this.ref(key, from) as Schema;
    return s.enum || s.pattern || s.format ? { propertyNames: { ...s, type: 'string' } } : {};
  }
}

/** Non-object variants are serialized `{ <discriminant>: "name", value: … }`. */
function addValue(body: Schema, value: JsonSchema): void {
  (body.properties as Record<string, JsonSchema>).value = value;
  body.required = [...((body.required as string[]) ?? []), 'value'];
}

/**
 * `T` or null. Written as if/else rather than anyOf so a wrong non-null value gets T's precise errors
 * (anyOf would only say "matches no branch").
 */
export function orNull(s: JsonSchema): JsonSchema {
  return { if: { type: 'null' }, then: true, else: s };
}
