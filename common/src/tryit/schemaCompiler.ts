/**
 * ajv validators for message payloads, compiled once per distinct schema. Draft-07 (what AsyncAPI schemas
 * are) unless the schema uses 2020-12 keywords; strict mode off, since specs carry extension keywords.
 */
import Ajv, { type Options, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '../tryItModel';

const AJV_OPTIONS: Options = { strict: false, allowUnionTypes: true, unicodeRegExp: false, validateSchema: false, logger: false };

/** One schema's validators: `probe` stops at the first error (matching); `full` lists them all (reporting). */
export class CompiledSchema {
  private fullFn: ValidateFunction | null | undefined;

  constructor(
    readonly probe: ValidateFunction | null,
    private readonly source: Record<string, unknown>,
    private readonly reporter: Ajv | undefined,
    readonly compileError?: string,
  ) {}

  /** Compiled on the first invalid payload: most traffic never needs it, and compiling is the costly part. */
  get full(): ValidateFunction | null {
    if (this.fullFn === undefined) {
      try {
        this.fullFn = this.probe && this.reporter ? this.reporter.compile(this.source) : null;
      } catch {
        this.fullFn = null;
      }
    }
    return this.fullFn;
  }
}

/** ajv instances and a compile cache by schema text: identical payloads (a message used by several operations) compile once. */
export class SchemaCompiler {
  private readonly fast = { draft7: new Ajv({ ...AJV_OPTIONS, allErrors: false }), draft2020: new Ajv2020({ ...AJV_OPTIONS, allErrors: false }) };
  private readonly all = { draft7: new Ajv({ ...AJV_OPTIONS, allErrors: true }), draft2020: new Ajv2020({ ...AJV_OPTIONS, allErrors: true }) };
  private readonly cache = new Map<string, CompiledSchema>();

  constructor() {
    for (const a of [this.fast.draft7, this.fast.draft2020, this.all.draft7, this.all.draft2020]) addFormats(a);
  }

  compile(schema: JsonSchema): CompiledSchema {
    const s = typeof schema === 'boolean' ? (schema ? {} : { not: {} }) : schema;
    let key: string;
    try {
      key = JSON.stringify(s);
    } catch {
      return new CompiledSchema(null, {}, undefined, 'the schema cannot be serialised');
    }
    let c = this.cache.get(key);
    if (c) return c;
    // Draft-07 is what AsyncAPI schemas are; 2020-12 keywords (prefixItems, as zod-sockets writes tuples) mean 2020-12.
    const is2020 = /"prefixItems"|"\$defs"|"\$schema":"[^"]*(2020-12|2019-09)/.test(key);
    const source = stripIds(s);
    try {
      c = new CompiledSchema((is2020 ? this.fast.draft2020 : this.fast.draft7).compile(source), source, is2020 ? this.all.draft2020 : this.all.draft7);
    } catch (e) {
      // A schema ajv cannot compile accepts everything: the frame is still labelled by its discriminators.
      c = new CompiledSchema(null, source, undefined, e instanceof Error ? e.message : String(e));
    }
    this.cache.set(key, c);
    return c;
  }
}

/** ajv refuses two schemas with one `$id`; references are already inlined, so ids carry no meaning here. */
function stripIds(schema: Record<string, unknown>): Record<string, unknown> {
  if (!('$id' in schema) && !('$schema' in schema) && typeof schema.id !== 'string') return schema;
  const { $id: _a, $schema: _b, ...rest } = schema;
  if (typeof rest.id === 'string') delete rest.id;
  return rest;
}
