/**
 * Incremental re-parsing of flow documents (JSON): on an edit we re-parse only the innermost member of a flow
 * mapping (`"key": value`) or element of a flow sequence whose extent contains the change, splice it into the
 * previous AST and shift the ranges after it, as incrementalParse.ts does for block mappings.
 *
 * A member's extent runs from its key (or element) start to its value's range end, which in a flow collection
 * is the next `,` or closing bracket, or the line break before it (trailing spaces included; a plain scalar's
 * also takes in the next line's indentation). The member is re-parsed alone, followed by the same white space,
 * inside a collection of the same kind, at its own column; that is what a full parse sees, because flow content
 * does not depend on what surrounds it but for the indicators around it (the differential test holds us to it).
 * Anything else takes a full parse: a document with errors or warnings, anchors or aliases, a sequence with an
 * element written `key: value` (see isImplicitPair), a member followed by
 * something other than `,` or the closing bracket (a comment), a re-parse that isn't exactly one clean member at
 * the same start with the same end, or a renamed key that collides with a sibling.
 */
import { isMap, isSeq, isPair, isScalar, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { keyText } from './yamlAst';
import { detached, hasAnchorsOrAliases, shiftAfter, shiftNode, shiftRange, type Range } from './astShift';
import { parseYaml } from './yamlParse';
import type { ParseOpts, Splice, TextChange } from './incrementalParse';

type FlowCollection = YAMLMap | YAMLSeq;

interface Member {
  parent: FlowCollection;
  index: number;
  start: number;
  /** Its value's range end: the offset of the `,` or closing bracket after it. */
  end: number;
  /** Keys and indices from the root to `parent` (undefined: a non-string key on the way). */
  path: (string | number)[] | undefined;
}

/** Documents already checked for anchors and aliases (the check walks every node once per full parse). */
const aliasFree = new WeakMap<Document, boolean>();

function isClean(doc: Document): boolean {
  if (doc.errors.length || doc.warnings.length) return false;
  let ok = aliasFree.get(doc);
  if (ok === undefined) {
    ok = !hasAnchorsOrAliases(doc);
    aliasFree.set(doc, ok);
  }
  return ok;
}

/**
 * Re-parses only the innermost flow member around `change` and splices it into `doc` (mutated in place).
 * Returns undefined, leaving `doc` untouched, when only a full parse can be trusted.
 */
export function reparseFlowMember(
  doc: Document,
  oldText: string,
  newText: string,
  change: TextChange,
  options: ParseOpts,
  maxTries: number,
): Splice | undefined {
  if (!isClean(doc)) return undefined;
  const members = enclosingMembers(doc, oldText, change);
  for (let i = members.length - 1, tries = 0; i >= 0 && tries < maxTries; i--, tries++) {
    const splice = trySplice(doc, newText, change, members[i], options);
    if (splice) return splice;
  }
  return undefined;
}

function isFlow(node: unknown): node is FlowCollection {
  return (isMap(node) || isSeq(node)) && node.flow === true;
}

/** The flow members whose extents contain the change, outermost first. */
function enclosingMembers(doc: Document, text: string, change: TextChange): Member[] {
  const out: Member[] = [];
  let path: (string | number)[] | undefined = [];
  let node: unknown = doc.contents;
  while (isFlow(node)) {
    const index = memberAround(node, text, change);
    if (index < 0) break;
    const item = node.items[index];
    const extent = memberExtent(item, text)!;
    out.push({ parent: node, index, start: extent.start, end: extent.end, path });
    const segment = isMap(node) ? stringKey(item as Pair) : index;
    path = path && segment !== undefined ? [...path, segment] : undefined;
    node = isPair(item) ? item.value : item;
  }
  return out;
}

function memberAround(node: FlowCollection, text: string, change: TextChange): number {
  if (isSeq(node) && node.items.some((item) => isImplicitPair(item, text))) return -1;
  for (let i = 0; i < node.items.length; i++) {
    const e = memberExtent(node.items[i], text);
    if (!e) continue;
    if (e.start > change.start) break;
    if (change.oldEnd <= e.end) return i;
  }
  return -1;
}

/**
 * A sequence element written `key: value` (a one-pair map without braces; never in JSON). What such an element
 * and its neighbours parse as depends on what surrounds them (the differential test found a plain scalar
 * re-parsed alone as a pair): sequences holding one take a full parse.
 */
function isImplicitPair(item: unknown, text: string): boolean {
  return isMap(item) && text.charCodeAt((item.range ?? [0])[0]) !== 123; // {
}

function stringKey(pair: Pair): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
}

function memberExtent(item: unknown, text: string): { start: number; end: number } | undefined {
  let first: Node | null;
  let last: Node | null;
  if (isPair(item)) {
    if (!isScalar(item.key)) return undefined;
    first = item.key;
    last = (item.value as Node | null) ?? item.key;
  } else first = last = item as Node | null;
  if (!first?.range || !last?.range) return undefined;
  const end = last.range[2];
  const next = text.charCodeAt(end + spaceAt(text, end));
  return next === 44 || next === 93 || next === 125 ? { start: first.range[0], end } : undefined; // , ] }
}

/** The length of the run of spaces, tabs and line breaks at `at`. */
function spaceAt(text: string, at: number): number {
  let k = at;
  while (k < text.length && ' \t\n\r'.includes(text[k])) k++;
  return k - at;
}

function trySplice(doc: Document, newText: string, change: TextChange, m: Member, options: ParseOpts): Splice | undefined {
  const delta = change.newEnd - change.oldEnd;
  const newEnd = m.end + delta;
  if (newEnd <= m.start) return undefined;
  const isMapMember = isMap(m.parent);
  // The member alone in a collection of its kind, at its own column (the text before it on its line is unchanged).
  const column = m.start - (newText.lastIndexOf('\n', m.start - 1) + 1);
  const prefix = (isMapMember ? '{' : '[') + '\n' + ' '.repeat(column);
  // Followed by the same white space as in the document: a plain scalar's range takes in the next line's indent.
  const slice = newText.slice(m.start, newEnd);
  // As for blocks: a member over half the text is left to the full parse rather than parsed twice.
  if (slice.length > newText.length / 2) return undefined;
  const source = detached(prefix + slice + newText.slice(newEnd, newEnd + spaceAt(newText, newEnd)) + (isMapMember ? '}' : ']'));
  const sub = parseYaml(source, options);
  const item = singleItem(sub, isMapMember, prefix.length, prefix.length + slice.length);
  if (!item || hasAnchorsOrAliases(sub) || isImplicitPair(item, source)) return undefined;
  const oldItem = m.parent.items[m.index];
  const oldKey = isMapMember ? keyText(oldItem as Pair) : m.index;
  const newKey = isMapMember ? keyText(item as Pair) : m.index;
  if (newKey === undefined || (newKey !== oldKey && m.parent.items.some((p, i) => i !== m.index && keyText(p as Pair) === newKey))) return undefined;

  // Accepted: from here on the previous AST is rewritten into the new one.
  shiftNode(item, m.start - prefix.length, 0, doc);
  m.parent.items[m.index] = item as never;
  if (delta) {
    shiftAfter(doc.contents, m.end, delta, item);
    if (doc.range) shiftRange(doc.range as Range, m.end, delta);
  }
  // The plain value is keyed by strings only: another key (`1`, `null`) converts differently, so it is rebuilt.
  const plainKeys = !isMapMember || (stringKey(item as Pair) !== undefined && stringKey(oldItem as Pair) !== undefined);
  return { ancestorKeys: plainKeys ? m.path : undefined, oldKey, newKey, value: isPair(item) ? (item.value as Node | null) : (item as Node) };
}

/** The re-parse's one member, when it came back clean, starting at `start` and ending at `end` (where the old one did). */
function singleItem(sub: Document, isMapMember: boolean, start: number, end: number): unknown {
  const root = sub.contents;
  if (sub.errors.length || sub.warnings.length || !isFlow(root) || isMap(root) !== isMapMember || root.items.length !== 1) return undefined;
  const item = root.items[0];
  if (isPair(item) !== isMapMember) return undefined;
  const first = isPair(item) ? (item.key as Node | null) : (item as Node | null);
  const last = isPair(item) ? ((item.value as Node | null) ?? (item.key as Node | null)) : first;
  if (isPair(item) && !isScalar(item.key)) return undefined;
  return first?.range?.[0] === start && last?.range?.[2] === end ? item : undefined;
}
