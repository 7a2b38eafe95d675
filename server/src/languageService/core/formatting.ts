/**
 * Document and range formatting that never changes what a document says: YAML is re-printed by the `yaml`
 * package's stringifier (comments, blank lines, quoting styles, block scalars and flow collections are kept;
 * only indentation and spacing become regular), JSON by JSON.stringify. The result is parsed again and must give
 * the same data, or nothing is changed. The edits are the changed line hunks (jsdiff), so the cursor and
 * unchanged lines stay put; range formatting keeps the hunks inside the range.
 */
import { isDeepStrictEqual } from 'node:util';
import { diffLines } from 'diff';
import type { Document } from 'yaml';
import type { SpecDocument } from './specDocument';
import type { Span, TextEdit } from './types';
import { parseYaml } from './yamlParse';

export interface FormatOptions {
  tabSize: number;
}

/** Edits that format the document (or only the lines `range` touches); none for a document with errors. */
export function formatEdits(doc: SpecDocument, options: FormatOptions, range?: Span): TextEdit[] {
  const formatted = format(doc.text, doc.isJson, Math.max(1, Math.min(8, options.tabSize || 2)));
  if (formatted === undefined || formatted === doc.text) return [];
  const edits = hunks(doc.text, formatted);
  // Too many changes to diff in time: the whole document, or (for a range) nothing rather than a guess.
  if (!edits) return range ? [] : [{ start: 0, end: doc.text.length, newText: formatted }];
  if (!range) return edits;
  const from = doc.text.lastIndexOf('\n', range.start - 1) + 1;
  return edits.filter((e) => e.start >= from && e.end <= range.end + (e.start === e.end ? 0 : 1));
}

/** The formatted text, or undefined when the text cannot be formatted without risk (errors, changed data). */
function format(text: string, json: boolean, indent: number): string | undefined {
  const parsed = parseYaml(text, {});
  const before = dataOf(parsed);
  if (before === undefined) return undefined;
  let out: string;
  try {
    out = json
      ? JSON.stringify(before.value, null, indent) + '\n'
      : parsed.toString({ indent, indentSeq: !unindentedSequences(text), lineWidth: 0, minContentWidth: 0, flowCollectionPadding: flowPadding(text) });
  } catch {
    return undefined;
  }
  // The stringifiers write \n: a CRLF document keeps its line ends.
  if (text.includes('\r\n')) out = out.replace(/\r?\n/g, '\r\n');
  const after = dataOf(parseYaml(out, {}));
  return after && isDeepStrictEqual(after.value, before.value) ? out : undefined;
}

function dataOf(d: Document): { value: unknown } | undefined {
  if (d.errors.length) return undefined;
  try {
    // yaml's alias limit (maxAliasCount) makes a billion-laughs document throw here rather than expand.
    return { value: d.toJS() };
  } catch {
    return undefined;
  }
}

/** Whether the document writes block sequences at their key's indentation (`key:\n- a`), a common style kept. */
function unindentedSequences(text: string): boolean {
  return /^( *)[^\s#-][^\n]*:[ \t]*\n\1- /m.test(text);
}

/** Whether flow collections are written `{ a: 1 }` (the yaml default) rather than `{a: 1}`. */
function flowPadding(text: string): boolean {
  return !/[{[][^\s{}[\]\n]/.test(text.replace(/(["'])(?:(?!\1)[^\n])*\1/g, '""').replace(/#[^\n]*/g, ''));
}

/**
 * A diff where most lines of a big document change is quadratic (Myers' O(ND)): past this many changed lines
 * the diff gives up (work bounded by the count, the same on every machine) and the whole text is replaced; the
 * timeout is a second bound for pathological inputs.
 */
const MAX_CHANGED_LINES = 2000;
const DIFF_TIMEOUT_MS = 1000;

/** The changed line hunks of `before` → `after` as edits on `before`; undefined when the diff took too long. */
function hunks(before: string, after: string): TextEdit[] | undefined {
  const parts = diffLines(before, after, { maxEditLength: MAX_CHANGED_LINES, timeout: DIFF_TIMEOUT_MS });
  if (!parts) return undefined;
  const edits: TextEdit[] = [];
  let offset = 0;
  for (const part of parts) {
    const last = edits[edits.length - 1];
    const adjacent = last && last.end === offset;
    if (part.added) {
      if (adjacent) last.newText += part.value;
      else edits.push({ start: offset, end: offset, newText: part.value });
    } else if (part.removed) {
      if (adjacent) last.end += part.value.length;
      else edits.push({ start: offset, end: offset + part.value.length, newText: '' });
      offset += part.value.length;
    } else offset += part.value.length;
  }
  return edits;
}
