/**
 * Fern's built-in type names: one table that the parser, completion, hover, JSON Schema conversion and the
 * placement check all read. It mirrors fern-api 5.131.1 (the version `fern check` runs in the tests):
 * - primitives: `RawPrimitiveType` (fern-api/fern packages/cli/fern-definition/schema/src/utils/RawPrimitiveType.ts;
 *   5.131.1's bundle also has `datetime-rfc-2822`), matched in `visitRawTypeReference.ts` of the same folder;
 * - containers: `RawContainerType` and `FernContainerRegex` (same folder: RawContainerType.ts, visitRawTypeReference.ts);
 * - `text`, `bytes`, `file`: no primitives but names that `parseRawTextType`, `parseRawBytesType` and
 *   `parseRawFileType` (same folder) recognise, valid only where the rule `no-undefined-type-reference`
 *   (packages/cli/fern-definition/validator/src/rules/no-undefined-type-reference) lets them be; see fernPlacement.ts.
 */

export type BuiltinKind = 'primitive' | 'special' | 'container';

export interface FernBuiltin {
  kind: BuiltinKind;
  /** Hover text. */
  docs: string;
  /** JSON Schema of a value of the type (examples, Try it); containers are converted structurally. */
  schema?: Record<string, unknown>;
  /** Containers: how many type arguments. */
  args?: number;
}

export const FERN_BUILTINS: Readonly<Record<string, FernBuiltin>> = {
  string: { kind: 'primitive', docs: 'A string.', schema: { type: 'string' } },
  integer: { kind: 'primitive', docs: 'A 32-bit integer.', schema: { type: 'integer' } },
  long: { kind: 'primitive', docs: 'A 64-bit integer.', schema: { type: 'integer' } },
  uint: { kind: 'primitive', docs: 'A non-negative 32-bit integer.', schema: { type: 'integer', minimum: 0 } },
  uint64: { kind: 'primitive', docs: 'A non-negative 64-bit integer.', schema: { type: 'integer', minimum: 0 } },
  float: { kind: 'primitive', docs: 'A 32-bit floating point number.', schema: { type: 'number' } },
  double: { kind: 'primitive', docs: 'A 64-bit floating point number.', schema: { type: 'number' } },
  boolean: { kind: 'primitive', docs: '`true` or `false`.', schema: { type: 'boolean' } },
  datetime: { kind: 'primitive', docs: 'An ISO 8601 date-time string (`2024-01-01T10:00:00Z`).', schema: { type: 'string', format: 'date-time' } },
  'datetime-rfc-2822': { kind: 'primitive', docs: 'An RFC 2822 date-time string (`Mon, 01 Jan 2024 10:00:00 +0000`).', schema: { type: 'string' } },
  date: { kind: 'primitive', docs: 'An ISO 8601 date string (`2024-01-01`).', schema: { type: 'string', format: 'date' } },
  uuid: { kind: 'primitive', docs: 'A UUID string.', schema: { type: 'string', format: 'uuid' } },
  base64: { kind: 'primitive', docs: 'Base64-encoded bytes, as a string.', schema: { type: 'string', contentEncoding: 'base64' } },
  // Fern sends bigints as strings (JSON numbers lose precision).
  bigint: { kind: 'primitive', docs: 'An arbitrary-precision integer, sent as a string.', schema: { type: 'string', pattern: '^-?[0-9]+$' } },
  unknown: { kind: 'primitive', docs: 'Any JSON value.', schema: {} },
  text: { kind: 'special', docs: 'A plain-text body: only as an endpoint `response` or `response-stream`.', schema: { type: 'string' } },
  bytes: { kind: 'special', docs: 'A binary body: only as an endpoint request body (`request: bytes`) or `response`.', schema: {} },
  file: { kind: 'special', docs: 'A file: a property of an inlined request body (an upload) or an endpoint `response` (a download).', schema: {} },
  optional: { kind: 'container', docs: 'A value that may be absent.', args: 1 },
  nullable: { kind: 'container', docs: 'A value that may be null.', args: 1 },
  list: { kind: 'container', docs: 'An ordered list.', args: 1 },
  set: { kind: 'container', docs: 'A list of unique items.', args: 1 },
  map: { kind: 'container', docs: 'An object with keys of the first type and values of the second.', args: 2 },
  literal: { kind: 'container', docs: 'A constant string or boolean.', args: 1 },
};

/** Names that stand alone as a type (primitives and the special `text`, `bytes`, `file`). */
export const FERN_PRIMITIVES: readonly string[] = Object.keys(FERN_BUILTINS).filter((n) => FERN_BUILTINS[n].kind !== 'container');

/** Generic containers and how many arguments each takes. */
export const FERN_GENERICS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(FERN_BUILTINS)
    .filter(([, b]) => b.kind === 'container')
    .map(([n, b]) => [n, b.args ?? 1]),
);

export function builtin(name: string): FernBuiltin | undefined {
  return Object.prototype.hasOwnProperty.call(FERN_BUILTINS, name) ? FERN_BUILTINS[name] : undefined;
}
