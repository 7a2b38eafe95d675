/**
 * Mutations of a spec, as an editor sends them: each edit is one replacement, resolved against the text it
 * applies to (positions are taken modulo its length, so every generated edit applies and shrinks toward the
 * start). The vocabulary is what breaks YAML and specs: indentation, flow collections, anchors and aliases,
 * line breaks of every kind, surrogates, spec keys, and `$ref`s (and Fern imports) naming the secret.
 */
import fc from 'fast-check';

/** Documents are grown up to the size the budget is promised for (issue 13: up to 1 MB). */
export const MAX_DOC_CHARS = 1_000_000;

export type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  /** A slice copied elsewhere: duplicate keys, a block at the wrong depth. */
  | { kind: 'copy'; from: number; length: number; to: number }
  /** A slice repeated in place: large documents. */
  | { kind: 'grow'; at: number; length: number; times: number }
  /** A line indented more or less. */
  | { kind: 'indent'; line: number; by: number }
  /** An existing `$ref` (or the first mapping) pointed at the secret outside the workspace. */
  | { kind: 'secretRef'; nth: number; target: number; fern: boolean };

export interface Replacement {
  start: number;
  end: number;
  text: string;
}

const TOKENS = [
  ':',
  ': ',
  '-',
  '- ',
  '{',
  '}',
  '[',
  ']',
  ',',
  "'",
  '"',
  '#',
  '&a ',
  '*a',
  '<<: *a',
  '!!binary ',
  '!!map',
  '? ',
  '|',
  '>-',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '  ',
  '    ',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '\u2028',
  '\uFEFF',
  '\0',
  '\uD83D\uDE00',
  '\uD800',
  '\uDC00',
  'asyncapi: 3.0.0\n',
  'asyncapi: 2.6.0\n',
  '$ref: ',
  "$ref: '#/components/schemas/'",
  '$ref: #',
  'channels:',
  'operations:',
  'messages:',
  'payload:',
  'type: object',
  'properties:',
  'enum: [',
  'x-',
  'servers:',
  'url: ws://',
  'protocol: ws',
  'address: ',
  'bindings:',
  'types:',
  'channel:',
  'imports:',
  'path: /',
  'auth: ',
  'messages:\n',
  'body: ',
  'extends: ',
  'null',
  '~',
  '1e999',
  '-0',
  '0x1F',
  'true',
  '{{',
  '}}',
  '$',
  '€',
  'é',
];

const at = fc.nat({ max: MAX_DOC_CHARS });
const insertText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...TOKENS), minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) },
);

export const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, text: insertText }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('copy' as const), from: at, length: fc.integer({ min: 1, max: 400 }), to: at }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('grow' as const), at, length: fc.integer({ min: 1, max: 2000 }), times: fc.integer({ min: 2, max: 2000 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('indent' as const), line: fc.nat({ max: 100_000 }), by: fc.integer({ min: -4, max: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('secretRef' as const), nth: fc.nat({ max: 50 }), target: fc.nat({ max: 20 }), fern: fc.boolean() }) },
);

/** The replacement an edit makes in `text`; `targets` are the secret's names as this document would write them. */
export function resolveEdit(edit: Edit, text: string, targets: string[]): Replacement {
  const r = resolveRaw(edit, text, targets);
  // An offset between `\r` and `\n` has no LSP position (a client puts it before the `\r`): the edit could not be
  // sent as a ranged change that means the same, so it starts (or ends) before the `\r`.
  const snap = (x: number) => (x > 0 && text[x - 1] === '\r' && text[x] === '\n' ? x - 1 : x);
  return { ...r, start: snap(r.start), end: snap(r.end) };
}

function resolveRaw(edit: Edit, text: string, targets: string[]): Replacement {
  const n = text.length;
  const pos = (x: number) => x % (n + 1);
  switch (edit.kind) {
    case 'insert':
      return { start: pos(edit.at), end: pos(edit.at), text: edit.text };
    case 'delete': {
      const start = pos(edit.at);
      return { start, end: Math.min(n, start + edit.length), text: '' };
    }
    case 'copy': {
      const from = pos(edit.from);
      const to = pos(edit.to);
      return { start: to, end: to, text: text.slice(from, from + edit.length) };
    }
    case 'grow': {
      const start = pos(edit.at);
      const slice = text.slice(start, start + edit.length);
      const times = slice ? Math.min(edit.times, Math.floor((MAX_DOC_CHARS - n) / slice.length)) : 0;
      return { start, end: start, text: slice.repeat(Math.max(0, times)) };
    }
    case 'indent':
      return indent(text, edit.line, edit.by);
    case 'secretRef':
      return secretRef(text, edit, targets);
  }
}

function indent(text: string, line: number, by: number): Replacement {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const start = starts[line % starts.length];
  if (by >= 0) return { start, end: start, text: ' '.repeat(by) };
  let end = start;
  while (end < text.length && end - start < -by && text[end] === ' ') end++;
  return { start, end, text: '' };
}

/** The nth `$ref`'s value replaced by a secret target; without one, a ref (or a Fern import) added at the top. */
function secretRef(text: string, edit: { nth: number; target: number; fern: boolean }, targets: string[]): Replacement {
  const target = targets[edit.target % targets.length];
  const refs = [...text.matchAll(/(["']?\$ref["']?\s*:\s*)("[^"\n]*"|'[^'\n]*'|[^\s,}\n]+)/g)];
  if (refs.length) {
    const m = refs[edit.nth % refs.length];
    const start = m.index + m[1].length;
    return { start, end: start + m[2].length, text: JSON.stringify(target) };
  }
  const brace = text.indexOf('{');
  if (brace >= 0 && !text.slice(0, brace).trim()) return { start: brace + 1, end: brace + 1, text: `"x-leak": {"$ref": ${JSON.stringify(target)}},` };
  const added = edit.fern ? `imports:\n  leak: ${JSON.stringify(target.replace(/#.*/, ''))}\n` : `x-leak:\n  $ref: ${JSON.stringify(target)}\n`;
  return { start: 0, end: 0, text: added };
}
