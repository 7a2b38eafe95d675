/**
 * Where Fern's special built-ins `text`, `bytes` and `file` may be written (fast: one file). Mirrors the rule
 * `no-undefined-type-reference` of fern-api 5.131.1 as its `fern check` behaves (checked on small definitions):
 * - `file`, `optional<file>`, `list<file>`, `optional<list<file>>`: a property of an inlined request body; an
 *   endpoint `response` too, unless optional;
 * - `bytes`, `optional<bytes>`: the request (`request: bytes`, `request: {body: bytes}`) or the `response`;
 * - `text`: exactly `text`, as the `response` or `response-stream`;
 * - anywhere else, and nested inside any other type, they are errors. The rule visits types, services and errors
 *   only: channel message bodies and api.yml headers accept them unchecked, so we leave those alone too.
 */
import { Severity, type SpecDiagnostic } from '../core/types';
import { problemSpan, type FernFile, type TypeRefAt } from './fileModel';
import { isApiFile } from './schema';
import type { RefSpan, TypeRef } from './typeRef';

type Place = 'response' | 'response-stream' | 'request' | 'inlined-request-property' | 'other';

const TEXT = '`text` can only be an endpoint `response` or `response-stream` (a plain-text body): use `string` here.';
const BYTES = '`bytes` can only be an endpoint request body (`request: bytes`) or `response`: use `base64` for binary data inside a JSON value.';
const FILE =
  '`file` can only be the type of a property of an inlined request body (an upload) or an endpoint `response` (a download): declare the upload under `request: {body: {properties: …}}`.';
const OPTIONAL_FILE = 'A file response cannot be optional: write `file`.';

export function placementDiagnostics(file: FernFile): SpecDiagnostic[] {
  if (isApiFile(file.uri)) return [];
  const out: SpecDiagnostic[] = [];
  for (const r of file.refs) {
    if (r.path[0] !== 'types' && r.path[0] !== 'service' && r.path[0] !== 'errors') continue;
    const problem = r.parsed.ref && misplaced(r.parsed.ref, placeOf(r));
    if (problem) out.push({ ...problemSpan(r, problem.span), severity: Severity.Error, code: 'fern-misplaced-builtin', message: problem.message });
  }
  return out;
}

function placeOf(r: TypeRefAt): Place {
  const [root, section, , key, ...rest] = r.path;
  if (root !== 'service' || section !== 'endpoints') return 'other';
  if (key === 'response' || key === 'response-stream') return key;
  if (key !== 'request') return 'other';
  // `request: T` and `request: {body: T}` are request references; `body: {type: T}` is not (Fern passes no location).
  if (rest.length === 0 || (rest.length === 1 && rest[0] === 'body')) return 'request';
  return rest[0] === 'body' && rest[1] === 'properties' ? 'inlined-request-property' : 'other';
}

function misplaced(ref: TypeRef, place: Place): { message: string; span: RefSpan } | undefined {
  const file = fileShape(ref);
  if (file) {
    if (place === 'inlined-request-property') return undefined;
    if (place === 'response') return file.optional ? { message: OPTIONAL_FILE, span: ref.span } : undefined;
    return { message: FILE, span: ref.span };
  }
  if (is(ref, 'bytes') || (isOptional(ref) && is(ref.args[0], 'bytes'))) {
    return place === 'request' || place === 'response' ? undefined : { message: BYTES, span: ref.span };
  }
  if (is(ref, 'text')) return place === 'response' || place === 'response-stream' ? undefined : { message: TEXT, span: ref.span };
  return nested(ref);
}

/** A special name inside another type is never allowed. */
function nested(ref: TypeRef): { message: string; span: RefSpan } | undefined {
  if (ref.kind === 'primitive') {
    const message = { text: TEXT, bytes: BYTES, file: FILE }[ref.name];
    return message ? { message, span: ref.span } : undefined;
  }
  if (ref.kind !== 'container') return undefined;
  for (const a of ref.args) {
    const found = nested(a);
    if (found) return found;
  }
  return undefined;
}

/** `file`, `optional<file>`, `list<file>` or `optional<list<file>>` (Fern's parseRawFileType). */
function fileShape(ref: TypeRef): { optional: boolean } | undefined {
  const optional = isOptional(ref);
  const inner = optional ? ref.args[0] : ref;
  if (is(inner, 'file')) return { optional };
  if (inner.kind === 'container' && inner.name === 'list' && is(inner.args[0], 'file')) return { optional };
  return undefined;
}

function isOptional(ref: TypeRef): ref is Extract<TypeRef, { kind: 'container' }> {
  return ref.kind === 'container' && ref.name === 'optional';
}

function is(ref: TypeRef | undefined, name: string): boolean {
  return ref?.kind === 'primitive' && ref.name === name;
}
