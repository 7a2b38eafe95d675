/**
 * The one YAML parse every spec text goes through (whole documents and the incremental parse's blocks).
 * yaml's own duplicate-key check compares each key with every earlier key of its mapping: 30,000 keys in one
 * mapping took 7 s. Here it is off in the parser and done after it, one hash lookup per key.
 */
import { Composer, Document, Parser, isMap, isPair, isScalar, isSeq, YAMLParseError, type YAMLWarning, type ErrorCode, type Node } from 'yaml';
import type { CST } from 'yaml';
import { MAX_DIAGNOSTICS } from './diagnosticCap';
import type { ParseOpts } from './incrementalParse';

/**
 * yaml's problems kept per parse: no more can be shown (diagnosticCap.ts), and a badly broken text makes
 * hundreds of thousands (60,000 lines of `- x`: 180,000), whose objects were half of its parse (≈ 0.85 → 0.43 s).
 * The ones past it are counted, in one last error that says how many.
 */
export const MAX_PROBLEMS = MAX_DIAGNOSTICS;

export function parseYaml(text: string, options: ParseOpts): Document {
  const doc = composeGuarded(text, options) ?? unreadable(text);
  if (options.uniqueKeys !== false) addDuplicateKeyErrors(doc, duplicateKeys(doc.contents, true));
  return doc;
}

/** yaml's problems, errors and warnings together, in the order yaml reported them (the order the cap counts). */
export type Reported = (YAMLParseError | YAMLWarning)[];

/**
 * One piece of a document parsed alone, as the incremental parse by sections needs it (incrementalSections.ts):
 * yaml's problems in the order they were reported (undefined when yaml also added some another way, which the
 * sections cannot re-order), the count past the cap and where it starts, and the duplicate keys below the root
 * mapping; the root's own duplicates are found over the assembled document. Undefined when yaml overflowed.
 */
export interface ParsedPiece {
  doc: Document;
  reported: Reported | undefined;
  dropped: { at: number; count: number } | undefined;
  nestedDuplicates: [number, number][];
}

export function parsePiece(text: string, options: ParseOpts): ParsedPiece | undefined {
  const reported: Reported = [];
  const state: ComposeState = { reported };
  const doc = composeGuarded(text, options, state);
  if (!doc) return undefined;
  const more = state.dropped ? 1 : 0;
  const complete = doc.errors.length + doc.warnings.length === reported.length + more;
  return {
    doc,
    reported: complete ? reported : undefined,
    dropped: state.dropped,
    nestedDuplicates: options.uniqueKeys !== false ? duplicateKeys(doc.contents, false) : [],
  };
}

function composeGuarded(text: string, options: ParseOpts, state?: ComposeState): Document | undefined {
  // Each problem yaml finds is an Error, and capturing its stack was most of the parse of a broken document
  // (60,000 lines of `- x`: 180,000 errors, 3 s of 3.6 s). Their stacks are never read: positions are.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return compose(text, options, state);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return undefined;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The count of yaml's problems past MAX_PROBLEMS, where the first of them is (a problem itself: never spliced). */
export class MoreProblems extends YAMLParseError {
  constructor(
    pos: [number, number],
    readonly count: number,
    what = 'YAML problems',
  ) {
    super(pos, 'IMPOSSIBLE', `And ${count} more ${what} from here on, not listed: fix the ones before them first.`);
  }
}

interface ComposeState {
  /** When set, receives each problem yaml builds, in the order it reports them. */
  reported?: Reported;
  dropped?: { at: number; count: number };
}

/** yaml's parseDocument (its first document, as parseDocument keeps it), with problems past MAX_PROBLEMS counted, not built. */
function compose(text: string, options: ParseOpts, state: ComposeState = {}): Document {
  const composer = new Composer({ ...options, uniqueKeys: false });
  // onError is private in yaml's types, but compose() reads it as it goes: the replacement sees every problem.
  const hook = composer as unknown as {
    onError: (source: unknown, code: ErrorCode, message: string, warning?: boolean) => void;
    errors: YAMLParseError[];
    warnings: YAMLWarning[];
  };
  const report = hook.onError;
  let kept = 0;
  hook.onError = (source, code, message, warning) => {
    if (kept++ < MAX_PROBLEMS) {
      report(source, code, message, warning);
      state.reported?.push(warning ? hook.warnings[hook.warnings.length - 1] : hook.errors[hook.errors.length - 1]);
      return;
    }
    state.dropped ??= { at: problemStart(source, text.length), count: 0 };
    state.dropped.count++;
  };
  let doc: Document | undefined;
  // As parseDocument does, but without its prettified messages (only their first line is shown: syntaxDiagnostics).
  // The parser's top-level error tokens (a stray `}` or `]` after the document: a JSON text pasted into itself) are
  // turned into errors by the composer without its onError: past the cap they are counted here instead, or a
  // 1 MB paste built 167,000 errors and published them all (fuzz seed 24, 0.6–0.8 s a keystroke).
  function* capped(tokens: Generator<CST.Token>): Generator<CST.Token> {
    for (const t of tokens) {
      if (t.type === 'error' && kept++ >= MAX_PROBLEMS) {
        state.dropped ??= { at: t.offset, count: 0 };
        state.dropped.count++;
        continue;
      }
      yield t;
    }
  }
  for (const d of composer.compose(capped(new Parser().parse(text)), true, text.length)) {
    if (!doc) doc = d as Document;
    else if (doc.options.logLevel !== 'silent') {
      doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  doc ??= new Document(null);
  if (state.dropped) doc.errors.push(moreProblems(state.dropped, text.length));
  return doc;
}

/** The error counting yaml's problems past the cap, the first of them at `dropped.at`. */
export function moreProblems(dropped: { at: number; count: number }, textLength: number): MoreProblems {
  const at = Math.min(dropped.at, textLength);
  return new MoreProblems([at, Math.min(at + 1, textLength)], dropped.count);
}

/** Where a problem yaml reports starts: its source is an offset, a range (`[start, end]`) or a token. */
function problemStart(source: unknown, fallback: number): number {
  if (typeof source === 'number') return source;
  if (Array.isArray(source) && typeof source[0] === 'number') return source[0];
  return (source as { offset?: number } | undefined)?.offset ?? fallback;
}

/** Where the keys equal to an earlier one of their mapping are (`withRoot`: the root mapping's too). */
function duplicateKeys(contents: unknown, withRoot: boolean): [number, number][] {
  const found: [number, number][] = [];
  // An explicit stack: a 1,000-deep document must not overflow the call stack here.
  const stack: unknown[] = [contents];
  while (stack.length) {
    const node = stack.pop();
    if (isPair(node)) stack.push(node.value, node.key);
    else if (isSeq(node)) for (let i = node.items.length; i--;) stack.push(node.items[i]);
    else if (isMap(node)) {
      if (withRoot || node !== contents) duplicatesIn(node.items as { key: unknown }[], found);
      for (let i = node.items.length; i--;) stack.push(node.items[i]);
    }
  }
  return found;
}

/**
 * A DUPLICATE_KEY error on every key `found` (equal to an earlier one of its mapping, as yaml reports them:
 * scalars with the same value), spanning the whole key. Errors stay in text order, as the incremental parse expects.
 */
export function addDuplicateKeyErrors(doc: Document, found: [number, number][]): void {
  if (!found.length) return;
  // Only the first MAX_PROBLEMS become errors (60,000 duplicate keys: their error objects were most of the cost).
  found.sort((a, b) => a[0] - b[0]);
  const errors = found.slice(0, MAX_PROBLEMS).map((pos) => new YAMLParseError(pos, 'DUPLICATE_KEY', 'Map keys must be unique'));
  if (found.length > MAX_PROBLEMS) errors.push(new MoreProblems(found[MAX_PROBLEMS], found.length - MAX_PROBLEMS, 'duplicate keys'));
  doc.errors = [...doc.errors, ...errors].sort((a, b) => a.pos[0] - b.pos[0]);
}

export function duplicatesIn(pairs: { key: unknown }[], found: [number, number][]): void {
  if (pairs.length < 2) return;
  const seen = new Set<unknown>();
  for (const { key } of pairs) {
    if (!isScalar(key)) continue;
    // yaml compares with ===, under which NaN equals nothing; a Set would call two NaNs equal.
    if (Number.isNaN(key.value)) continue;
    if (!seen.has(key.value)) {
      seen.add(key.value);
      continue;
    }
    const range = (key as Node).range;
    if (range) found.push([range[0], Math.max(range[1], range[0] + 1)]);
  }
}

/**
 * yaml's parser recurses once per collection it holds open, and some broken texts (found by the fuzz suite: a
 * large spec with blocks pasted into it) take it past the call stack. Such a text gets one error at its start, read
 * as an empty document, instead of an exception on every request (and a slow pass that never ends).
 */
function unreadable(text: string): Document {
  const doc = new Document(null);
  const message = 'This document is too deeply nested or broken for the YAML parser to read: undo the last paste or edit, or split the file.';
  doc.errors = [new YAMLParseError([0, Math.min(1, text.length)], 'IMPOSSIBLE', message)];
  return doc;
}
