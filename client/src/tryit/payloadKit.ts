/**
 * Validation, matching and samples as the controller needs them. Compiled validators are cached per schema
 * object, so matching a frame costs a discriminator check and (usually) one validator.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { sample } from 'openapi-sampler';
import type { JsonSchema, TryItMessage } from '../../../common/src/tryItModel';
import type { Violation } from '../../../common/src/webviewMessages';

export interface MatchResult {
  message: TryItMessage;
  violations: Violation[];
}

export interface PayloadKit {
  validate(message: TryItMessage, value: unknown): Violation[];
  /** The declared message an incoming payload is, or null ("not in spec"). */
  match(candidates: TryItMessage[], value: unknown): MatchResult | null;
  sample(message: TryItMessage): unknown;
}

export function createPayloadKit(): PayloadKit {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  const cache = new WeakMap<object, ValidateFunction | null>();
  const compiled = (schema: JsonSchema): ValidateFunction | null => {
    if (typeof schema === 'boolean') return ajv.compile(schema);
    if (!cache.has(schema)) {
      try {
        cache.set(schema, ajv.compile(schema));
      } catch {
        cache.set(schema, null); // A schema ajv cannot compile validates nothing rather than failing every frame.
      }
    }
    return cache.get(schema)!;
  };
  const validate = (message: TryItMessage, value: unknown): Violation[] => {
    const v = compiled(message.payload);
    if (!v || v(value)) return [];
    return (v.errors ?? []).map((e) => toViolation(e, message));
  };
  return {
    validate,
    match(candidates, value) {
      const pinned = candidates.filter((m) => m.discriminators.length > 0 && m.discriminators.every((d) => d.values.some((x) => same(x, (value as Record<string, unknown> | null)?.[d.property]))));
      // Discriminators decide when they can; otherwise the first message whose schema accepts the payload.
      if (pinned.length) {
        const valid = pinned.find((m) => validate(m, value).length === 0);
        const m = valid ?? pinned[0]!;
        return { message: m, violations: valid ? [] : validate(m, value) };
      }
      const m = candidates.find((c) => c.discriminators.length === 0 && validate(c, value).length === 0);
      return m ? { message: m, violations: [] } : null;
    },
    sample(message) {
      try {
        return sample(message.payload as object, { skipReadOnly: true, quiet: true } as never);
      } catch {
        return {};
      }
    },
  };
}

function toViolation(e: ErrorObject, m: TryItMessage): Violation {
  const extra = e.keyword === 'additionalProperties' ? `: ${(e.params as { additionalProperty: string }).additionalProperty}`
    : e.keyword === 'enum' ? `: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}` : '';
  return { path: e.instancePath, message: `${e.message ?? e.keyword}${extra}`, location: m.location };
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));
}
