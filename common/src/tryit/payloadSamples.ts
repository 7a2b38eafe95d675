/**
 * Payloads to start from when sending a message: the spec's own examples first (the author chose them), then
 * one generated from the payload schema by openapi-sampler (consts, defaults, enums, formats, required
 * properties). Pure (no vscode). Text is pretty JSON, except a string payload of a non-JSON content type,
 * which is sent as the raw text.
 */
import { sample } from 'openapi-sampler';
import type { JSONSchema7 } from 'json-schema';
import type { JsonSchema, TryItMessage } from '../tryItModel';
import { SchemaCompiler } from './schemaCompiler';

export interface PayloadSample {
  /** What the picker shows: the example's name/summary, or "Generated from schema". */
  label: string;
  source: 'example' | 'schema';
  value: unknown;
  /** Editor text for the value. */
  text: string;
  headers?: unknown;
}

export interface SampleOptions {
  /** Leave out properties the schema does not require (a minimal payload). */
  requiredOnly?: boolean;
}

/** Every example of the message, then the schema-generated payload. */
export function payloadSamples(message: TryItMessage, options: SampleOptions = {}): PayloadSample[] {
  const out: PayloadSample[] = message.examples.map((ex, i) => {
    const s: PayloadSample = {
      label: ex.name ?? ex.summary ?? `Example ${i + 1}`,
      source: 'example',
      value: ex.payload,
      text: formatPayload(ex.payload, message.contentType),
    };
    if (ex.headers !== undefined) s.headers = ex.headers;
    return s;
  });
  const generated = generatePayload(message.payload, options);
  const fromSchema: PayloadSample = { label: 'Generated from schema', source: 'schema', value: generated, text: formatPayload(generated, message.contentType) };
  // Headers (STOMP frame headers, Socket.IO/ws metadata) are generated too when the message declares them.
  if (message.headers !== undefined) fromSchema.headers = generatePayload(message.headers, options);
  out.push(fromSchema);
  return out;
}

/** The payload the editor opens with: the first example, else one generated from the schema. */
export function payloadSample(message: TryItMessage, options: SampleOptions = {}): PayloadSample {
  return payloadSamples(message, options)[0];
}

/**
 * A value for the schema from openapi-sampler. The sampler merges a root `oneOf`/`anyOf` with its siblings
 * loosely (Kraken's subscriptionStatus, Gemini's marketData come out matching no branch), so each branch is
 * also sampled on its own, and the first sample the schema accepts wins. `{}` when nothing can be sampled.
 */
export function generatePayload(schema: JsonSchema, options: SampleOptions = {}): unknown {
  if (typeof schema === 'boolean') return schema ? {} : null;
  const cleaned = cleanPatterns(schema) as Record<string, unknown>;
  const first = sampleOnce(cleaned, options);
  const validate = compiler.compile(schema).probe;
  if (!validate || validate(first)) return first;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = cleaned[key];
    if (!Array.isArray(branches)) continue;
    const { [key]: _, ...rest } = cleaned;
    for (const branch of branches) {
      const candidate = sampleOnce({ allOf: [rest, branch] }, options);
      if (validate(candidate)) return candidate;
    }
  }
  return first;
}

const compiler = new SchemaCompiler();

function sampleOnce(schema: Record<string, unknown>, options: SampleOptions): unknown {
  try {
    const v = sample(schema as JSONSchema7, {
      skipReadOnly: true,
      quiet: true,
      enablePatterns: true,
      skipNonRequired: !!options.requiredOnly,
      maxSampleDepth: 8,
    });
    return v === undefined ? null : v;
  } catch {
    return {};
  }
}

/**
 * The sampler's pattern generator copies escaped delimiters literally (`\/` yields a backslash); `\/` and `/`
 * mean the same in a JavaScript regex, so patterns are unescaped before sampling.
 */
function cleanPatterns(v: unknown, depth = 0): unknown {
  if (v === null || typeof v !== 'object' || depth > 64) return v;
  if (Array.isArray(v)) return v.map((x) => cleanPatterns(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = k === 'pattern' && typeof x === 'string' ? x.replace(/\\\//g, '/') : cleanPatterns(x, depth + 1);
  return out;
}

const JSON_TYPE = /(^|[/+])json(;|$)/i;

export function formatPayload(value: unknown, contentType?: string): string {
  if (typeof value === 'string' && contentType && !JSON_TYPE.test(contentType)) return value;
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2);
}
