/**
 * The plain value of a YAML tree, with the two shapes that break everything downstream set aside first and
 * reported once, as the parts of the text they are:
 * - an alias inside the node it names (`Bomb: &B {properties: {self: *B}}`) makes a value that contains itself:
 *   schema validation ran out of stack and every other check of the pass was lost. It is read as null.
 * - a key that is a list or mapping is stringified by yaml, in time quadratic in its nesting (2.4 s for a
 *   2.4 KB `[[[…]]]`). A long one is read as the start of its text instead.
 * The tree is only changed for the duration of the conversion and restored after it.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node } from 'yaml';
import type { Span } from './types';

export interface ValueProblem extends Span {
  kind: 'circular-alias' | 'collection-key';
  /** The alias's anchor name, or the key's kind ('list' or 'mapping'). */
  name: string;
}

/** Collection keys longer than this are not stringified by yaml (shorter ones cost nothing measurable). */
const LONG_KEY = 64;

interface Swap {
  holder: Record<string | number, unknown>;
  field: string | number;
  original: unknown;
  replacement: Node;
}

/**
 * What converting `root` (a whole document's contents or one node of it) must set aside, and `run`, which
 * converts with circular aliases read as null and long collection keys as the start of their text.
 */
export function guardedConversion(root: unknown, text: string, whole = false): { problems: ValueProblem[]; run<T>(convert: () => T): T } {
  const { swaps, problems, unresolved } = inspect(root, text);
  const run = <T>(convert: () => T): T => {
    // `whole`: `root` is the document's contents, so no anchor outside it. Its first alias naming no anchor before
    // it is where yaml's conversion throws; it first walks the whole tree with `visit` to find anchors, 0.25-0.4 s of
    // CPU for one `*a` typed into 800 KB (fuzz seed 26). The same error, without the walk.
    if (whole && unresolved !== undefined) throw new ReferenceError(`Unresolved alias (the anchor must be set before the alias): ${unresolved}`);
    for (const s of swaps) s.holder[s.field] = s.replacement;
    try {
      return convert();
    } finally {
      for (const s of swaps) s.holder[s.field] = s.original;
    }
  };
  return { problems, run };
}

/** The problems of a whole document, without converting it. */
export function valueProblems(doc: Document, text: string): ValueProblem[] {
  return inspect(doc.contents, text).problems;
}

/**
 * One walk in document order (yaml resolves an alias to the last anchor of its name before it), with the nodes
 * being walked kept open: an alias naming an open node is inside it. An explicit stack: nesting may be deep.
 */
function inspect(root: unknown, text: string): { swaps: Swap[]; problems: ValueProblem[]; unresolved: string | undefined } {
  const swaps: Swap[] = [];
  const problems: ValueProblem[] = [];
  const anchors = new Map<string, unknown>();
  /** The first alias in document order, when it names no anchor before it: the conversion fails there. */
  let unresolved: string | undefined;
  let aliases = 0;
  const open = new Set<unknown>();
  type Step = { node: unknown; holder?: Swap['holder']; field?: string | number } | { close: unknown };
  const stack: Step[] = [{ node: root }];
  const push = (node: unknown, holder: Swap['holder'], field: string | number) => stack.push({ node, holder, field });
  while (stack.length) {
    const step = stack.pop()!;
    if ('close' in step) {
      open.delete(step.close);
      continue;
    }
    const { node, holder, field } = step;
    if (isAlias(node)) {
      if (aliases++ === 0 && !anchors.has(node.source)) unresolved = node.source;
      if (open.has(anchors.get(node.source)) && holder && field !== undefined) {
        swaps.push({ holder, field, original: node, replacement: new Scalar(null) });
        problems.push({ ...span(node), kind: 'circular-alias', name: node.source });
      }
      continue;
    }
    if (isPair(node)) {
      const pair = node as unknown as Swap['holder'];
      push(node.value, pair, 'value');
      push(node.key, pair, 'key');
      if (isMap(node.key) || isSeq(node.key)) collectionKey(node.key, pair, text, swaps, problems);
      continue;
    }
    if (!isMap(node) && !isSeq(node) && !isScalar(node)) continue;
    if (node.anchor) anchors.set(node.anchor, node);
    if (isScalar(node)) continue;
    open.add(node);
    stack.push({ close: node });
    const items = node.items as unknown as Swap['holder'];
    for (let i = node.items.length; i--;) push(node.items[i], items, i);
  }
  return { swaps, problems, unresolved };
}

function collectionKey(key: Node, pair: Swap['holder'], text: string, swaps: Swap[], problems: ValueProblem[]): void {
  const at = span(key);
  problems.push({ ...at, kind: 'collection-key', name: isMap(key) ? 'mapping' : 'list' });
  if (at.end - at.start <= LONG_KEY) return;
  const short = text.slice(at.start, at.start + LONG_KEY).replace(/\s+/g, ' ') + '…';
  swaps.push({ holder: pair, field: 'key', original: key, replacement: new Scalar(short) });
}

function span(node: Node): Span {
  const [start, end] = node.range ?? [0, 0];
  return { start, end: Math.max(end, start) };
}
