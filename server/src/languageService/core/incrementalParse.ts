/**
 * Incremental re-parsing for the typing path. A full `yaml` parse costs ~180 ms at 10k lines, far over the
 * 30 ms edit → diagnostics budget, so on an edit we re-parse only the smallest block-mapping entry whose lines
 * contain the change, splice the new pair into the previous AST and shift the ranges of everything after it.
 *
 * The splice is only taken when it provably gives what a full parse would (test/unit/incrementalParse.test.ts
 * checks values, every node's range and the errors against full parses over random edits). Anything we can't
 * vouch for returns `undefined` and the caller parses in full: a document with errors or warnings (error
 * recovery is not local), anchors or aliases (an edit may change what an alias elsewhere means), a root that
 * isn't a block mapping, a re-parsed block that doesn't come back as exactly one pair at the same column ending
 * at the same line boundary, or a renamed key that now collides with a sibling.
 *
 * A large document with errors that are not local goes by top-level sections instead (incrementalSections.ts).
 *
 * The previous Document is updated in place (copying the nodes after the edit would cost as much as the shift):
 * once a new version is derived from it, the previous version's AST belongs to the new one.
 */
import {
  isMap,
  isSeq,
  isPair,
  isScalar,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
} from 'yaml';
import { keyText } from './yamlAst';
import { detached, hasAnchorsOrAliases, shiftAfter, shiftNode, shiftRange, type Range } from './astShift';
import { reparseFlowMember } from './incrementalFlow';
import { parseYaml } from './yamlParse';
import { hasSections, reparseBySections } from './incrementalSections';

export type ParseOpts = ParseOptions & DocumentOptions & SchemaOptions;

/** An edit found by diffing two texts: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** What a successful splice changed, so the plain value can be patched instead of rebuilt. */
export interface Splice {
  /** Keys (object keys, or array indices) of the collections from the root down to the one holding the spliced node. */
  ancestorKeys: (string | number)[] | undefined;
  /** The spliced member's key before and after the edit (its index when it is an element of a sequence). */
  oldKey: string | number | undefined;
  newKey: string | number | undefined;
  /** The spliced node whose plain value replaces the old one (a pair's value, or a sequence element). */
  value: Node | null;
}

/** The smallest change turning `a` into `b` (common prefix and suffix); undefined when they are equal. */
export function diffTexts(a: string, b: string): TextChange | undefined {
  if (a === b) return undefined;
  const max = Math.min(a.length, b.length);
  let start = 0;
  // Compare in chunks first: native string equality is much faster than a per-character loop.
  for (let step = 65536; step >= 1; step >>= 4) {
    while (start + step <= max && a.slice(start, start + step) === b.slice(start, start + step)) start += step;
  }
  let aEnd = a.length;
  let bEnd = b.length;
  for (let step = 65536; step >= 1; step >>= 4) {
    while (aEnd - step >= start && bEnd - step >= start && a.slice(aEnd - step, aEnd) === b.slice(bEnd - step, bEnd)) {
      aEnd -= step;
      bEnd -= step;
    }
  }
  return { start, oldEnd: aEnd, newEnd: bEnd };
}

/** Documents already checked for anchors and aliases (the check walks every node once per full parse). */
const aliasFree = new WeakMap<Document, boolean>();

/**
 * Errors whose recovery stays on their own lines, so a block containing them re-parses alone just as it does
 * in the whole document (the differential test holds us to that). An unclosed quote or flow collection
 * (MISSING_CHAR, BAD_INDENT of a flow) runs on into the following text: those always take a full parse.
 */
const LOCAL_ERRORS = new Set(['MULTILINE_IMPLICIT_KEY', 'BLOCK_AS_IMPLICIT_KEY', 'TAB_AS_INDENT', 'BAD_DQ_ESCAPE', 'DUPLICATE_KEY', 'TAG_RESOLVE_FAILED']);

function localProblems(doc: Document): boolean {
  return doc.errors.every((e) => LOCAL_ERRORS.has(e.code) || isBareKey(e)) && doc.warnings.every((e) => LOCAL_ERRORS.has(e.code));
}

/**
 * A key being typed on a line of its own (`  na`, no colon yet). yaml reports it as a MISSING_CHAR and reads
 * the word as a key with no value, recovering on that line: when the line holds just the word and a sibling
 * line follows inside the block (see isLocalBareKey), the block re-parses alone exactly as in the whole
 * document. Without this, every keystroke of a new key until its `:` was a full parse.
 */
const BARE_KEY_MESSAGE = 'Implicit map keys need to be followed by map values';
const BARE_KEY_LINE = /^( *)[A-Za-z0-9_$][\w$.-]*$/;

function isBareKey(e: { code: string; message: string }): boolean {
  return e.code === 'MISSING_CHAR' && e.message.startsWith(BARE_KEY_MESSAGE);
}

/**
 * Whether a problem of the re-parsed slice is a bare key whose recovery stays within the slice (see isBareKey).
 * A word with a `-` or `.` is read with the next line as one multi-line key instead (`x-n` + `c: 2` is the key
 * `x-n c`): that recovery spans the next line, which must then be inside the slice too.
 */
function isLocalBareKey(e: { code: string; message: string; pos: [number, number] }, slice: string): boolean {
  if (!isBareKey(e) && e.code !== 'MULTILINE_IMPLICIT_KEY') return false;
  const ls = slice.lastIndexOf('\n', e.pos[0] - 1) + 1;
  const le = slice.indexOf('\n', e.pos[0]);
  if (le < 0) return false;
  const m = BARE_KEY_LINE.exec(slice.slice(ls, le));
  if (!m || ls + m[1].length !== e.pos[0]) return false;
  // A sibling line (same indentation) must follow inside the block: yaml's recovery stretches the enclosing
  // nodes' ends to that next token, and with a shallower one it reads on into the outer levels (the
  // differential test caught both: a bare key on the block's last line, and one before a top-level key).
  const next = /\n( *)(\S)/g;
  next.lastIndex = le;
  const n = next.exec(slice);
  if (!n || n[1].length !== m[1].length || n[2] === '#') return false;
  const nextEnd = slice.indexOf('\n', n.index + 1);
  return e.pos[1] <= (nextEnd < 0 ? slice.length : nextEnd);
}

function isFlowRoot(doc: Document): boolean {
  return (isMap(doc.contents) || isSeq(doc.contents)) && doc.contents.flow === true;
}

function isSpliceable(doc: Document): boolean {
  if (!localProblems(doc) || !isMap(doc.contents) || doc.contents.flow) return false;
  let ok = aliasFree.get(doc);
  if (ok === undefined) {
    ok = !hasAnchorsOrAliases(doc);
    aliasFree.set(doc, ok);
  }
  return ok;
}

interface Block {
  map: YAMLMap;
  index: number;
  /** Line start of the pair's key. */
  start: number;
  /** End of the pair's value including its line break (a line boundary). */
  end: number;
  ancestors: Pair[];
}

/** The block-mapping pairs whose lines contain the change, outermost first. */
function enclosingBlocks(doc: Document, text: string, change: TextChange): Block[] {
  const out: Block[] = [];
  const ancestors: Pair[] = [];
  let node: unknown = doc.contents;
  while (isMap(node) && !node.flow) {
    let found: Block | undefined;
    for (let i = 0; i < node.items.length; i++) {
      const b = pairBlock(node.items[i] as Pair, text);
      if (!b) continue;
      if (b.start > change.start) break;
      if (change.oldEnd <= b.end && change.start < b.end) {
        found = { map: node, index: i, start: b.start, end: b.end, ancestors: [...ancestors] };
        break;
      }
    }
    if (!found) break;
    out.push(found);
    const pair = node.items[found.index] as Pair;
    ancestors.push(pair);
    node = pair.value;
  }
  return out;
}

function pairBlock(pair: Pair, text: string): { start: number; end: number } | undefined {
  const key = pair.key as Node | null;
  if (!isScalar(key) || !key.range) return undefined;
  const value = pair.value as Node | null;
  const end = (value?.range ?? key.range)[2];
  if (end !== text.length && text.charCodeAt(end - 1) !== 10) return undefined;
  let start = key.range[0];
  while (start > 0 && text.charCodeAt(start - 1) === 32) start--;
  if (start > 0 && text.charCodeAt(start - 1) !== 10) return undefined; // key not first on its line
  return { start, end };
}

/**
 * Re-parses only the innermost block around `change` and splices it into `doc` (mutated in place).
 * Returns undefined, leaving `doc` untouched, when only a full parse can be trusted.
 */
export function reparseIncrementally(
  doc: Document,
  oldText: string,
  newText: string,
  change: TextChange,
  options: ParseOpts,
  maxTries = 3,
): Splice | undefined {
  if (isFlowRoot(doc)) return reparseFlowMember(doc, oldText, newText, change, options, maxTries);
  // A document assembled from sections (a large one with errors) goes on by sections; any other, the block
  // splice first, then the sections when it has errors (incrementalSections.ts).
  if (!hasSections(doc)) {
    const splice = spliceBlocks(doc, oldText, newText, change, options, maxTries);
    if (splice) return splice;
  }
  return reparseBySections(doc, oldText, newText, change, options);
}

function spliceBlocks(doc: Document, oldText: string, newText: string, change: TextChange, options: ParseOpts, maxTries: number): Splice | undefined {
  if (!isSpliceable(doc)) return undefined;
  const blocks = enclosingBlocks(doc, oldText, change);
  for (let i = blocks.length - 1, tries = 0; i >= 0 && tries < maxTries; i--, tries++) {
    // A slice of most of the text costs what the full parse does, and the full parse follows if it fails (a
    // pasted block of thousands of errors then cost two or more parses of them: seconds at 0.5 MB).
    if (blocks[i].end + (change.newEnd - change.oldEnd) - blocks[i].start > newText.length / 2) break;
    const splice = trySplice(doc, oldText, newText, change, blocks[i], options);
    if (splice) return splice;
  }
  return undefined;
}

function trySplice(doc: Document, oldText: string, newText: string, change: TextChange, block: Block, options: ParseOpts): Splice | undefined {
  const delta = change.newEnd - change.oldEnd;
  const newEnd = block.end + delta;
  if (newEnd <= block.start) return undefined;
  if (newEnd !== newText.length && newText.charCodeAt(newEnd - 1) !== 10) return undefined;
  if (block.end === oldText.length && newEnd !== newText.length) return undefined;
  const slice = detached(newText.slice(block.start, newEnd));
  const sub = parseYaml(slice, options);
  // The block itself must come back clean (recovery from an error made here can run on past the block), but
  // for a key being typed on its own line.
  if (sub.warnings.length || sub.errors.length > 1 || !sub.errors.every((e) => isLocalBareKey(e, slice))) return undefined;
  // Problems already in the document must lie wholly inside the block (replaced) or outside it (kept); a bare
  // key outside it is only known to be local for the text it was checked on, so it takes a full parse.
  const old = [...doc.errors, ...doc.warnings];
  if (old.some((e) => side(e, block) === 'across' || (isBareKey(e) && side(e, block) !== 'inside'))) return undefined;
  const root = sub.contents;
  if (!isMap(root) || root.flow || root.items.length !== 1) return undefined;
  const pair = root.items[0] as Pair;
  const key = pair.key as Node | null;
  const oldPair = block.map.items[block.index] as Pair;
  const oldKeyNode = oldPair.key as Node;
  if (!isScalar(key) || !key.range || key.range[0] !== oldKeyNode.range![0] - block.start) return undefined;
  const value = pair.value as Node | null;
  if ((value?.range ?? key.range)[2] !== slice.length || endsOpen(pair, slice, newText, newEnd)) return undefined;
  if (hasAnchorsOrAliases(sub)) return undefined;
  const oldKey = keyText(oldPair);
  const newKey = keyText(pair);
  if (newKey === undefined) return undefined;
  if (newKey !== oldKey && block.map.items.some((p, i) => i !== block.index && keyText(p as Pair) === newKey)) return undefined;
  // A renamed key may also end a duplicate reported on a sibling.
  if (newKey !== oldKey && old.some((e) => e.code === 'DUPLICATE_KEY')) return undefined;
  // The block's own key is a duplicate of a sibling outside it: the slice alone would lose that error.
  if (old.some((e) => e.code === 'DUPLICATE_KEY' && e.pos[0] === oldKeyNode.range![0])) return undefined;

  // Accepted: from here on the previous AST is rewritten into the new one.
  shiftNode(pair, block.start, 0, doc);
  if (oldKeyNode.commentBefore && !key.commentBefore) key.commentBefore = oldKeyNode.commentBefore;
  if (oldKeyNode.spaceBefore) key.spaceBefore = true;
  block.map.items[block.index] = pair;
  doc.errors = spliceProblems(doc.errors, sub.errors, block, delta);
  doc.warnings = spliceProblems(doc.warnings, sub.warnings, block, delta);
  if (delta) {
    shiftAfter(doc.contents as Node, block.end, delta, pair);
    if (doc.range) shiftRange(doc.range as Range, block.end, delta);
  }
  const ancestorKeys = block.ancestors.map((p) => (isScalar(p.key) && typeof p.key.value === 'string' ? p.key.value : undefined));
  // With a duplicate key anywhere, the plain value holds the last of the pair's twins, not necessarily this one:
  // patching it by key could write the wrong one (found by a longer differential run), so it is rebuilt.
  const plainKeys =
    ancestorKeys.every((k) => k !== undefined) &&
    isScalar(oldKeyNode) &&
    typeof oldKeyNode.value === 'string' &&
    typeof key.value === 'string' &&
    !doc.errors.some((e) => e.code === 'DUPLICATE_KEY');
  return { ancestorKeys: plainKeys ? (ancestorKeys as string[]) : undefined, oldKey, newKey, value: pair.value as Node | null };
}

/**
 * Whether the block's end depends on what follows it, which lies outside the slice (only a full parse knows):
 * - an empty node (`key:` with nothing after it) and trailing comment lines run on up to the next token;
 * - a block scalar (`|`, `>`) may take in the blank lines that follow it (keep chomping, indentation detection).
 */
function endsOpen(pair: Pair, slice: string, text: string, end: number): boolean {
  if (lastContentLineIsComment(slice)) return true;
  let n: unknown = pair.value ?? pair.key;
  for (let depth = 0; n && depth < 1000; depth++) {
    if (isPair(n)) n = n.value ?? n.key;
    else if (isMap(n) || isSeq(n)) {
      if (!n.items.length) return !n.flow;
      n = n.items[n.items.length - 1];
    } else {
      const r = (n as Node).range;
      if (!r || r[0] === r[1]) return true;
      const type = (n as { type?: string }).type;
      return (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') && /^[ \t]*\r?(\n|$)/.test(text.slice(end, end + 200));
    }
  }
  return false;
}

function lastContentLineIsComment(slice: string): boolean {
  let i = slice.length;
  while (i > 0) {
    const ls = slice.lastIndexOf('\n', i - 2) + 1;
    const line = slice.slice(ls, i).trim();
    if (line) return line.startsWith('#');
    i = ls;
  }
  return false;
}

function side(e: { pos: [number, number] }, block: Block): 'before' | 'inside' | 'after' | 'across' {
  const [s, t] = e.pos;
  if (t <= block.start && s < block.start) return 'before';
  if (s >= block.end) return 'after';
  return s >= block.start && t <= block.end ? 'inside' : 'across';
}

/** The document's problems outside the block (those after it shifted) around the block's own, in order. */
function spliceProblems<E extends { pos: [number, number] }>(old: E[], fresh: E[], block: Block, delta: number): E[] {
  if (!old.length && !fresh.length) return old;
  const before = old.filter((e) => side(e, block) === 'before');
  const after = old.filter((e) => side(e, block) === 'after');
  for (const e of fresh) shiftPos(e.pos, block.start);
  for (const e of after) shiftPos(e.pos, delta);
  return [...before, ...fresh, ...after];
}

/**
 * The previous plain value with the spliced node's value replaced (copying only the objects and arrays on its
 * path), or undefined when the path can't be followed through plain values (then convert the whole document).
 */
export function patchValue(prev: unknown, splice: Splice, newValue: unknown): unknown {
  const { ancestorKeys, oldKey, newKey } = splice;
  if (!ancestorKeys || oldKey === undefined || newKey === undefined) return undefined;
  if ([...ancestorKeys, oldKey, newKey].includes('__proto__')) return undefined;
  const rebuild = (obj: unknown, depth: number): unknown => {
    if (depth === ancestorKeys.length) return replaceMember(obj, oldKey, newKey, newValue);
    const k = ancestorKeys[depth];
    const child = hasMember(obj, k) ? rebuild((obj as Record<string | number, unknown>)[k], depth + 1) : undefined;
    return child === undefined ? undefined : withMember(obj, k, child);
  };
  return rebuild(prev, 0);
}

/** Whether `obj` is an array with index `k` (a number) or a plain object with own key `k` (a string). */
function hasMember(obj: unknown, k: string | number): boolean {
  if (!obj || typeof obj !== 'object') return false;
  if (typeof k === 'number') return Array.isArray(obj) && k < obj.length;
  return !Array.isArray(obj) && Object.prototype.hasOwnProperty.call(obj, k);
}

function withMember(obj: unknown, k: string | number, v: unknown): unknown {
  if (Array.isArray(obj)) {
    const copy = obj.slice();
    copy[k as number] = v;
    return copy;
  }
  return { ...(obj as Record<string, unknown>), [k]: v };
}

/** `obj` with member `oldKey` renamed to `newKey` (keeping its place) and set to `v`. */
function replaceMember(obj: unknown, oldKey: string | number, newKey: string | number, v: unknown): unknown {
  if (!hasMember(obj, oldKey) || typeof oldKey !== typeof newKey) return undefined;
  if (oldKey === newKey) return withMember(obj, newKey, v);
  const out: Record<string, unknown> = {};
  for (const [k, old] of Object.entries(obj as Record<string, unknown>)) out[k === oldKey ? newKey : k] = k === oldKey ? v : old;
  return out;
}

/** Moves an error's position in place (the error objects are the parser's own, shared with its document). */
function shiftPos(pos: [number, number], by: number): void {
  pos[0] += by;
  pos[1] += by;
}
