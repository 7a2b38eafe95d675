/**
 * Payloads to start from when sending a message: the spec's own examples first (the author chose them), then
 * one generated from the payload schema by openapi-sampler (consts, defaults, enums, formats, required
 * properties). Pure (no vscode). Text is pretty JSON, except a string payload of a non-JSON content type,
 * which is sent as the raw text.
 */
import { sample } from 'openapi-sampler';
import type { JSONSchema7 } from 'json-schema';
import type { JsonSchema, TryItMessage } from '../../../common/src/tryItModel';

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
    const s: PayloadSample = { label: ex.name ?? ex.summary ?? `Example ${i + 1}`, source: 'example', value: ex.payload, text: formatPayload(ex.payload, message.contentType) };
    if (ex.headers !== undefined) s.headers = ex.headers;
    return s;
  });
  const generated = generatePayload(message.payload, options);
  out.push({ label: 'Generated from schema', source: 'schema', value: generated, text: formatPayload(generated, message.contentType) });
  return out;
}

/** The payload the editor opens with: the first example, else one generated from the schema. */
export function payloadSample(message: TryItMessage, options: SampleOptions = {}): PayloadSample {
  return payloadSamples(message, options)[0];
}

/** A value satisfying the schema as far as openapi-sampler can tell; `{}` when it cannot sample it. */
export function generatePayload(schema: JsonSchema, options: SampleOptions = {}): unknown {
  if (typeof schema === 'boolean') return schema ? {} : null;
  try {
    const v = sample(schema as JSONSchema7, { skipReadOnly: true, quiet: true, skipNonRequired: !!options.requiredOnly, maxSampleDepth: 8 });
    return v === undefined ? null : v;
  } catch {
    return {};
  }
}

const JSON_TYPE = /(^|[/+])json(;|$)/i;

export function formatPayload(value: unknown, contentType?: string): string {
  if (typeof value === 'string' && contentType && !JSON_TYPE.test(contentType)) return value;
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2);
}
