/**
 * Structure diagnostics for one Fern file against `fernSchema.ts`: unknown keys (with did-you-mean), missing
 * required keys, wrong kinds of values, and `origin` values. Per file, no other file read: a fast diagnostic.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { SpecDocument } from '../core/specDocument';
import { Severity, type Span, type SpecDiagnostic } from '../core/types';
import { nodeSpan } from '../core/yamlAst';
import { MAX_DIAGNOSTICS } from '../core/diagnosticCap';
import { deref, entries, entry, fernRoot } from './ast';
import { closest } from './didYouMean';
import { inlinedBodyShape, inlinedRequestBodyShape, referencedBodyShape, referencedRequestBodyShape, rootShapeFor, type Shape } from './schema';

/** An object missing required keys, for the quick fix that adds them. */
export interface MissingKeys {
  diagnostic: SpecDiagnostic;
  map: YAMLMap;
}

export function structureDiagnostics(doc: SpecDocument, missing?: MissingKeys[]): SpecDiagnostic[] {
  const out: SpecDiagnostic[] = [];
  const root = fernRoot(doc);
  if (root === null || root === undefined || (isScalar(root) && (root.value === null || root.value === ''))) return out;
  collector = missing;
  skipped = undefined;
  try {
    check(root as Node, rootShapeFor(doc.uri), undefined, out);
  } finally {
    collector = undefined;
  }
  const kept = unique(out);
  // Set by the walk (TypeScript cannot see that through the calls).
  const more = skipped as { at: Span; count: number } | undefined;
  if (more) {
    const { at, count } = more;
    kept.push({
      ...at,
      severity: Severity.Error,
      code: 'fern-more-unknown-keys',
      hidden: count,
      message: `And ${count} more unknown keys from here on, not listed: fix the ones before them first.`,
    });
  }
  return kept;
}

let collector: MissingKeys[] | undefined;

/**
 * Unknown keys past what a document can show (MAX_DIAGNOSTICS) are counted, not described: a broken 1 MB paste
 * had 50,000 of them, and building each message with its did-you-mean was most of a keystroke's 0.5 s (fuzz
 * seed 24). The walk is in the document's order, so the ones described are the first, as the cap would keep.
 */
let skipped: { at: Span; count: number } | undefined;

function check(written: Node | undefined, shape: Shape, keySpan: Span | undefined, out: SpecDiagnostic[], required = false): void {
  // `*name` is checked as the anchored node, against the shape of the place the alias stands.
  const node = deref(written);
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) {
    // Fern reads an empty optional key as absent (a warning); an empty required one is an error.
    if (shape.t !== 'any' && keySpan) {
      out.push({
        ...keySpan,
        severity: required ? Severity.Error : Severity.Warning,
        code: 'fern-missing-value',
        message: `This key has no value: ${required ? 'write one' : 'write one or remove the key'}.`,
      });
    }
    return;
  }
  switch (shape.t) {
    case 'any':
      return;
    case 'string':
    case 'typeRef':
      if (!isScalar(node) || typeof node.value !== 'string')
        wrong(node, shape.t === 'typeRef' ? 'a type reference (a string such as `string` or `optional<MyType>`)' : 'a string', out);
      return;
    case 'boolean':
      if (!isScalar(node) || typeof node.value !== 'boolean') wrong(node, '`true` or `false`', out);
      return;
    case 'number':
      if (!isScalar(node) || typeof node.value !== 'number') wrong(node, 'a number', out);
      return;
    case 'enum':
      if (!isScalar(node) || !shape.values.includes(String(node.value))) {
        const got = isScalar(node) ? String(node.value) : '';
        const suggestion = closest(got, shape.values);
        out.push({
          ...span(node),
          severity: Severity.Error,
          code: 'fern-invalid-origin',
          message: `\`${got}\` is not allowed here: use one of ${shape.values.map((v) => '`' + v + '`').join(', ')}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
          ...(suggestion ? { data: { kind: 'replaceValue' as const, replacement: suggestion } } : {}),
        });
      }
      return;
    case 'stringOr':
      if (isScalar(node)) check(node, shape.string, keySpan, out);
      else check(node, shape.object, keySpan, out);
      return;
    case 'stringOrList':
      if (isSeq(node)) for (const it of node.items) check(it as Node, { t: 'typeRef' }, undefined, out);
      else check(node, { t: 'typeRef' }, keySpan, out);
      return;
    case 'body':
      if (isScalar(node)) check(node, { t: 'typeRef' }, keySpan, out);
      else check(node, entry(node, 'name') && !entry(node, 'type') ? inlinedBodyShape : referencedBodyShape, keySpan, out);
      return;
    case 'requestBody':
      // Fern tries the string, `{type}` and inlined forms in turn; an object with `type` means the referenced one.
      if (isScalar(node)) check(node, { t: 'typeRef' }, keySpan, out);
      else check(node, entry(node, 'type') ? referencedRequestBodyShape : inlinedRequestBodyShape, keySpan, out);
      return;
    case 'union':
      if (isSeq(node)) check(node, shape.list, keySpan, out);
      else if (isMap(node)) check(node, shape.map, keySpan, out);
      else wrong(node, 'a list of members or a mapping of variants', out);
      return;
    case 'list':
      if (!isSeq(node)) return wrong(node, 'a list (items written `- …`)', out);
      for (const it of node.items) check(it as Node, shape.items, undefined, out);
      return;
    case 'map':
      if (!isMap(node)) return wrong(node, 'a mapping of names to values', out);
      for (const e of entries(node)) check(e.value, shape.values, e.keySpan, out);
      return;
    case 'object':
      return checkObject(node, shape, keySpan, out);
  }
}

function checkObject(node: Node, shape: Extract<Shape, { t: 'object' }>, keySpan: Span | undefined, out: SpecDiagnostic[]): void {
  if (!isMap(node)) return wrong(node, `a mapping (the ${shape.name})`, out);
  const known = Object.keys(shape.props);
  const es = entries(node);
  // Once per map, not per unknown key: a pasted map of thousands of unknown keys was quadratic (fuzz, seed 5).
  const present = new Set(es.map((e) => e.key));
  const unused = known.filter((k) => !present.has(k));
  for (const e of es) {
    const child = shape.props[e.key];
    if (child) {
      check(e.value, child, e.keySpan, out, shape.required?.includes(e.key));
      continue;
    }
    if (out.length >= MAX_DIAGNOSTICS) {
      skipped ??= { at: e.keySpan, count: 0 };
      skipped.count++;
      continue;
    }
    const suggestion = closest(e.key, unused);
    out.push({
      ...e.keySpan,
      severity: Severity.Error,
      code: 'fern-unknown-key',
      message: `Unknown key \`${e.key}\` in the ${shape.name}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ` Allowed: ${known.join(', ')}.`}`,
      ...(suggestion ? { data: { kind: 'replaceKey' as const, replacement: suggestion } } : {}),
    });
  }
  const missing = (shape.required ?? []).filter((k) => !present.has(k));
  if (missing.length) {
    // On the key that owns the object (what the user looks at), else on the object's first line.
    const at = keySpan ?? firstKeySpan(node) ?? span(node);
    const d: SpecDiagnostic = {
      ...at,
      severity: Severity.Error,
      code: 'fern-missing-key',
      message: `The ${shape.name} needs ${missing.map((k) => '`' + k + '`').join(' and ')}: add ${missing.length > 1 ? 'them' : 'it'}.`,
      data: { kind: 'addProperties', properties: missing },
    };
    out.push(d);
    collector?.push({ diagnostic: d, map: node });
  }
}

/** An anchored node used again through an alias is checked twice; the same problem is reported once. */
function unique(ds: SpecDiagnostic[]): SpecDiagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.start}:${d.end}:${d.code}:${d.message}`;
    return !seen.has(k) && seen.add(k);
  });
}

function firstKeySpan(node: Node): Span | undefined {
  return entries(node)[0]?.keySpan;
}

function span(node: Node): Span {
  return nodeSpan(node) ?? { start: 0, end: 0 };
}

function wrong(node: Node, expected: string, out: SpecDiagnostic[]): void {
  const got = isMap(node)
    ? 'a mapping'
    : isSeq(node)
      ? 'a list'
      : isScalar(node)
        ? typeof node.value === 'string'
          ? 'a string'
          : `\`${String(node.value)}\``
        : 'something else';
  out.push({ ...span(node), severity: Severity.Error, code: 'fern-wrong-value-type', message: `Expected ${expected}, found ${got}.` });
}
