/**
 * Validates example values against converted Fern types with ajv, and turns ajv's errors into diagnostics on
 * the exact YAML node (the missing property's object, the unexpected key, the wrong value).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '../../../../common/src/tryItModel';
import type { SpecDocument } from '../core/specDocument';
import { Severity, type SpecDiagnostic } from '../core/types';
import { spanAtPath, type JsonPath } from '../core/yamlAst';
import { closest } from './didYouMean';

/** Made on first use: creating it compiles ajv's meta-schema, which a run without Fern examples never needs. */
let instance: Ajv | undefined;
function ajv(): Ajv {
  if (!instance) {
    instance = new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false });
    addFormats(instance);
  }
  return instance;
}

const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 500;

function validator(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = compiled.get(key);
  if (!v) {
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    v = ajv().compile(typeof schema === 'boolean' ? schema : { ...schema, $schema: undefined });
    compiled.set(key, v);
  }
  return v;
}

/** Diagnostics for `value` (found at `path` in `doc`) against `schema`; `what` names it in messages. */
export function validateValue(doc: SpecDocument, path: JsonPath, value: unknown, schema: JsonSchema, what: string, code: string): SpecDiagnostic[] {
  let v: ValidateFunction;
  try {
    v = validator(schema);
  } catch {
    // A type still being written can convert to a schema ajv refuses; its own diagnostics say what is wrong.
    return [];
  }
  if (v(value)) return [];
  return relevant(v.errors ?? []).map((e) => toDiagnostic(doc, path, e, what, code));
}

/** Drops errors that only restate others: `if`/`then` wrappers and the branches of a failed anyOf. */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    return !anyOfPaths.some((p) => e.schemaPath.startsWith(p + '/'));
  });
}

function segments(instancePath: string): JsonPath {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => {
      const t = s.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(t) ? Number(t) : t;
    });
}

function toDiagnostic(doc: SpecDocument, base: JsonPath, e: ErrorObject, what: string, code: string): SpecDiagnostic {
  const at = [...base, ...segments(e.instancePath)];
  const parent = e.parentSchema as Record<string, unknown> | undefined;
  const fernType = (parent?.['x-fern-type'] as string | undefined) ?? (parent?.title as string | undefined);
  const typeNote = fernType ? ` (\`${fernType}\`)` : '';
  const where = e.instancePath ? `\`${segments(e.instancePath).join('.')}\` in ${what}` : what;
  const span = (p: JsonPath, onKey = false) => spanAtPath(doc.ast, p, onKey);
  switch (e.keyword) {
    case 'required': {
      const prop = (e.params as { missingProperty: string }).missingProperty;
      const propSchema = (parent?.properties as Record<string, Record<string, unknown>> | undefined)?.[prop];
      const t = propSchema?.['x-fern-type'] ? ` (\`${propSchema['x-fern-type']}\`)` : '';
      return {
        ...span(at, true),
        severity: Severity.Error,
        code: `${code}-missing-property`,
        message: `${cap(where)} is missing required property \`${prop}\`${t}: add it.`,
        data: { kind: 'addProperties', properties: [prop] },
      };
    }
    case 'additionalProperties': {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((parent?.properties as object | undefined) ?? {});
      const suggestion = closest(prop, known);
      return {
        ...span([...at, prop], true),
        severity: Severity.Error,
        code: `${code}-unknown-property`,
        message: `\`${prop}\` is not a property of ${parent?.title ? '`' + String(parent.title) + '`' : where}.${suggestion ? ` Did you mean \`${suggestion}\`?` : known.length ? ` Properties: ${known.join(', ')}.` : ''}`,
        ...(suggestion ? { data: { kind: 'replaceKey' as const, replacement: suggestion } } : {}),
      };
    }
    case 'enum':
      return {
        ...span(at),
        severity: Severity.Error,
        code: `${code}-enum`,
        message: `${cap(where)}: \`${String(e.data)}\` is not allowed${typeNote}; use one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((x) => '`' + String(x) + '`').join(', ')}.`,
      };
    case 'const':
      return {
        ...span(at),
        severity: Severity.Error,
        code: `${code}-literal`,
        message: `${cap(where)} must be the literal ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, found ${JSON.stringify(e.data)}.`,
      };
    case 'anyOf':
      return {
        ...span(at),
        severity: Severity.Error,
        code: `${code}-union`,
        message: `${cap(where)} matches none of the types it may take${typeNote}: check it against each member of the union.`,
      };
    case 'type':
      return {
        ...span(at),
        severity: Severity.Error,
        code: `${code}-type`,
        message: `${cap(where)} should be ${article(String((e.params as { type: string }).type))}${typeNote}, found ${describe(e.data)}.`,
      };
    case 'format':
      return {
        ...span(at),
        severity: Severity.Error,
        code: `${code}-format`,
        message: `${cap(where)}: ${JSON.stringify(e.data)} is not a valid ${(e.params as { format: string }).format}${typeNote}.`,
      };
    default:
      return { ...span(at), severity: Severity.Error, code: `${code}-invalid`, message: `${cap(where)}${typeNote} ${e.message ?? 'is invalid'}.` };
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function article(t: string): string {
  return ({ integer: 'an integer', object: 'an object', array: 'a list', null: 'null' } as Record<string, string>)[t] ?? `a ${t}`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return `${typeof v === 'number' ? (Number.isInteger(v) ? 'the integer' : 'the number') : 'the boolean'} ${String(v)}`;
}
