/**
 * The one YAML parse every spec text goes through (whole documents and the incremental parse's blocks).
 * yaml's own duplicate-key check compares each key with every earlier key of its mapping: 30,000 keys in one
 * mapping took 7 s. Here it is off in the parser and done after it, one hash lookup per key.
 */
import { Composer, Document, Parser, isMap, isPair, isScalar, isSeq, YAMLParseError, type ErrorCode, type Node } from 'yaml';
import { MAX_DIAGNOSTICS } from './diagnosticCap';
import type { ParseOpts } from './incrementalParse';

/**
 * yaml's problems kept per parse: no more can be shown (diagnosticCap.ts), and a badly broken text makes
 * hundreds of thousands (60,000 lines of `- x`: 180,000), whose objects were half of its parse (≈ 0.85 → 0.43 s).
 * The ones past it are counted, in one last error that says how many.
 */
const MAX_PROBLEMS = MAX_DIAGNOSTICS;

export function parseYaml(text: string, options: ParseOpts): Document {
  // Each problem yaml finds is an Error, and capturing its stack was most of the parse of a broken document
  // (60,000 lines of `- x`: 180,000 errors, 3 s of 3.6 s). Their stacks are never read: positions are.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let doc: Document;
  try {
    doc = compose(text, options);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    doc = unreadable(text);
  } finally {
    Error.stackTraceLimit = limit;
  }
  if (options.uniqueKeys !== false) addDuplicateKeyErrors(doc);
  return doc;
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

/** yaml's parseDocument (its first document, as parseDocument keeps it), with problems past MAX_PROBLEMS counted, not built. */
function compose(text: string, options: ParseOpts): Document {
  const composer = new Composer({ ...options, uniqueKeys: false });
  // onError is private in yaml's types, but compose() reads it as it goes: the replacement sees every problem.
  const hook = composer as unknown as { onError: (source: unknown, code: ErrorCode, message: string, warning?: boolean) => void };
  const report = hook.onError;
  let kept = 0;
  let dropped: { at: number; count: number } | undefined;
  hook.onError = (source, code, message, warning) => {
    if (kept++ < MAX_PROBLEMS) return report(source, code, message, warning);
    dropped ??= { at: problemStart(source, text.length), count: 0 };
    dropped.count++;
  };
  let doc: Document | undefined;
  // As parseDocument does, but without its prettified messages (only their first line is shown: syntaxDiagnostics).
  for (const d of composer.compose(new Parser().parse(text), true, text.length)) {
    if (!doc) doc = d as Document;
    else if (doc.options.logLevel !== 'silent') {
      doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  doc ??= new Document(null);
  if (dropped) {
    const at = Math.min(dropped.at, text.length);
    doc.errors.push(new MoreProblems([at, Math.min(at + 1, text.length)], dropped.count));
  }
  return doc;
}

/** Where a problem yaml reports starts: its source is an offset, a range (`[start, end]`) or a token. */
function problemStart(source: unknown, fallback: number): number {
  if (typeof source === 'number') return source;
  if (Array.isArray(source) && typeof source[0] === 'number') return source[0];
  return (source as { offset?: number } | undefined)?.offset ?? fallback;
}

/**
 * A DUPLICATE_KEY error on every key equal to an earlier one of its mapping, as yaml reports them (scalars with
 * the same value), but spanning the whole key. Errors stay in text order, as the incremental parse expects.
 */
function addDuplicateKeyErrors(doc: Document): void {
  const found: [number, number][] = [];
  // An explicit stack: a 1,000-deep document must not overflow the call stack here.
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isPair(node)) stack.push(node.value, node.key);
    else if (isSeq(node)) for (let i = node.items.length; i--;) stack.push(node.items[i]);
    else if (isMap(node)) {
      duplicatesIn(node.items as { key: unknown }[], found);
      for (let i = node.items.length; i--;) stack.push(node.items[i]);
    }
  }
  if (!found.length) return;
  // Only the first MAX_PROBLEMS become errors (60,000 duplicate keys: their error objects were most of the cost).
  found.sort((a, b) => a[0] - b[0]);
  const errors = found.slice(0, MAX_PROBLEMS).map((pos) => new YAMLParseError(pos, 'DUPLICATE_KEY', 'Map keys must be unique'));
  if (found.length > MAX_PROBLEMS) errors.push(new MoreProblems(found[MAX_PROBLEMS], found.length - MAX_PROBLEMS, 'duplicate keys'));
  doc.errors = [...doc.errors, ...errors].sort((a, b) => a.pos[0] - b.pos[0]);
}

function duplicatesIn(pairs: { key: unknown }[], found: [number, number][]): void {
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
