/**
 * Incremental parsing of large documents with errors, by top-level sections. The block splice
 * (incrementalParse.ts) takes no document whose errors are not provably local, so a broken 1 MB spec (a paste
 * gone wrong: hundreds of bad indentations and multi-line keys, a thousand duplicate keys) was parsed in full on
 * every keystroke: 220–390 ms of CPU for the parse alone, over the 500 ms edit budget of issue 13 with the rest.
 *
 * Here the document is cut at lines that start a top-level key (see `isBoundary`), each section is parsed alone
 * and kept (its root pairs with absolute ranges, its problems), and an edit re-parses only the sections around
 * it; the document is then assembled: one root mapping of every section's pairs, the problems of every section
 * in order. What "equal to a full parse" means for the problems, and why the assembly gives it:
 * - yaml's own problems are the full parse's when each section's problems are those the full parse reports for
 *   its text, in the same order (yaml reports them as it goes, section after section), and the cap is applied as
 *   yamlParse.ts applies it: the first MAX_PROBLEMS in that order kept, the rest counted from where the first of
 *   them starts (a section keeps its own first MAX_PROBLEMS and counts the rest, which is enough to know both);
 * - duplicate keys are found over the assembled tree exactly as over a full parse's (the root's across sections).
 * A section is only kept when it is provably parsed alone as in the whole document (see `parseSection`): it is
 * parsed followed by a probe key at column 0, standing for the next section's key, and must come back with the
 * probe as a root pair and no problem on it; else it runs on into the next section (an unclosed quote or flow
 * collection, a mapping begun on a column-0 line, an empty value or a bare key at its end) and is parsed again
 * together with the next ones. Anything else is a full parse: anchors or aliases, directives, document markers,
 * byte-order marks or lone CRs anywhere, a problem yaml adds outside its report hook. A section over half the
 * text (a `key:` holding most of it: Fern's `types:`) is cut at its mapping's keys the same way, and a part of it
 * over half the text one level further, and so on (`parseLong`); where that cannot be, a full parse. The
 * differential test (test/slow/incrementalParseDifferential.test.ts) holds both paths to equal results
 * over random edits of broken documents.
 *
 * As in the block splice, the previous Document is rewritten in place: the untouched sections' pairs are the
 * same objects, moved by the edit's length change.
 */
import { isMap, isPair, isScalar, isSeq, Pair, type Document, type YAMLMap, type YAMLParseError, type YAMLWarning } from 'yaml';
import { detached, hasAnchorsOrAliases, shiftNode, shiftRange, type Range } from './astShift';
import type { ParseOpts, Splice, TextChange } from './incrementalParse';
import { addDuplicateKeyErrors, duplicatesIn, moreProblems, parsePiece, parseYaml, MAX_PROBLEMS, type Reported } from './yamlParse';

/**
 * Documents shorter than this are parsed in full (a few ms at 64 KB: not worth the risk); the tests lower it to
 * run the sections over the corpus.
 */
export const sectionSettings = {
  minChars: 64 * 1024,
  /**
   * A section spans at least this much text: a document of one-line top-level keys (a paste of many short
   * `key: value` lines, 50,000 of them at 1 MB in the fuzz suite's seed 24) made as many sections, each a parse of
   * its own, and building them cost three full parses (1.4 s of CPU).
   */
  minSection: 1024,
  /**
   * A text to be parsed whole is parsed by sections only below this size: the budget sections serve (an edit of a
   * broken document up to 1 MB, issue 13) ends there, and above it they cost an open more than one parse does: a
   * clean 100k-line spec (2.6 MB), which keeps no table, reached its first diagnostics 0.2–0.3 s later
   * (docs/performance.md, "The corpus check").
   */
  maxWholeChars: 2 ** 20,
};

/**
 * How much text sections have parsed (probes not counted), in how many parses (of them, parts of long sections),
 * and how many long sections were joined from their parts (below the top level's): the tests bound an edit's work by it.
 */
export const sectionStats = { parsedChars: 0, parses: 0, partParses: 0, longSections: 0, deepSections: 0 };

interface Section {
  /** Where the section starts and ends (a line start) in the current text. */
  start: number;
  end: number;
  /** Its root mapping as parsed alone (the first section's becomes the document's root). */
  map: YAMLMap;
  pairs: Pair[];
  mapRange: Range;
  docRange: Range;
  docCommentBefore: string | null;
  docComment: string | null;
  /** yaml's problems in the order it reported them (capped at MAX_PROBLEMS), and the count past the cap. */
  reported: Reported;
  dropped: { at: number; count: number } | undefined;
  /** Duplicate keys below the root mapping. */
  nested: [number, number][];
  /**
   * A long section (a `key:` holding over half the text: Fern's `types:`, AsyncAPI's `components:`) cut at its
   * mapping's keys (see `parseLong`), a long part of it cut again, and so on: its parts, and where and how they
   * are parsed. A part's own `map` and `pairs` are its piece of the mapping it was cut from; `levels`, the
   * mappings and key pairs above that one as its parse made them (of a long section's parts, the first and last
   * one's are used).
   */
  parts?: Section[];
  frame?: Frame;
  levels?: Level[];
}

/** A mapping above a part (the root first) as the part's parse made it: the one key pair it holds, its range. */
interface Level {
  map: YAMLMap;
  pair: Pair;
  range: Range;
}

/**
 * Where sections are cut and how each is parsed alone: at the top level (depth 0: the whole text), or inside a
 * long `key:` section `[start, end)`, `depth` levels down, at the keys of its mapping (at `indent`). A part is
 * parsed after `outer`, the key lines of the levels above (the first part, which starts with the section's own
 * key line), or after `header`, those and the section's own key line (every other part), so yaml reads it
 * inside the same mapping; `keys`: where each of those lines' key is in `header`. Every part but the last is
 * followed by a probe key at `indent`; the last by `endProbe` (at level `endLevel`), the probe the whole section
 * would have been parsed with, or nothing at the text's end.
 */
interface Frame {
  depth: number;
  indent: number;
  start: number;
  end: number;
  /** Where the section's own key line starts: at `start`, or after the key lines of the levels above when it is their mappings' first key. */
  key: number;
  outer: string;
  header: string;
  keys: number[];
  /** Where the keys of the levels above and the section's own are in the first part as parsed (after `outer`). */
  firstKeys: number[];
  endProbe: string;
  endLevel: number;
}

const tables = new WeakMap<Document, Section[]>();

/** What the caller gets for a document assembled from sections: no path to patch the plain value along. */
const SECTIONS_SPLICE: Splice = { ancestorKeys: undefined, oldKey: undefined, newKey: undefined, value: null };

/** Whether `doc` was assembled from sections (its next edit goes through them, not the block splice). */
export function hasSections(doc: Document): boolean {
  return tables.has(doc);
}

/**
 * Re-parses `doc` (mutated in place) for `newText` by sections: the ones the edit touches when it was assembled
 * from sections, else all of them when it is large and has errors. Undefined (doc untouched) when only a full
 * parse can be trusted.
 */
export function reparseBySections(doc: Document, oldText: string, newText: string, change: TextChange, options: ParseOpts): Splice | undefined {
  const table = tables.get(doc);
  tables.delete(doc);
  let sections: Section[] | undefined;
  // A paste of most of the new text leaves nothing of the old sections worth keeping: all of them anew.
  if (table && change.newEnd - change.start <= newText.length / 2) sections = reparseSections(doc, table, newText, change, options);
  else if (newText.length >= sectionSettings.minChars && (doc.errors.length || doc.warnings.length) && !recentlyFailed(oldText, newText)) {
    sections = allSections(doc, newText, options);
  } else return undefined;
  if (!sections) {
    failed(newText);
    return undefined;
  }
  assemble(doc, sections, newText.length, options);
  tables.set(doc, sections);
  return SECTIONS_SPLICE;
}

/**
 * A text that has to be parsed whole (an open, a paste, an edit nothing of the previous version could be kept
 * for): by sections when it is large, so the next edit re-parses one section instead of building them all (that
 * first edit cost a full parse again: the budget twice over with the fast checks). Costs about what a full parse
 * does (sections of the same text are parsed once). The table is kept only when the text has problems: a clean
 * one goes on by the block splice, which re-parses less and patches the plain value. Falls back to the full
 * parse wherever the sections refuse; a text that may hold anchors or aliases is not tried (a section holding one
 * refuses after the parse, and the full parse after it would cost an open of such a spec twice).
 */
export function parseWhole(text: string, options: ParseOpts): Document {
  const sized = text.length >= sectionSettings.minChars && text.length < sectionSettings.maxWholeChars;
  if (sized && !MAYBE_ANCHORS.test(text) && !failures.some((f) => f.text === text)) {
    // An empty document as the parse makes it (options, schema, directives): the sections are assembled into it.
    const doc = parseYaml('', options);
    const sections = allSections(doc, text, options);
    if (sections) {
      assemble(doc, sections, text.length, options);
      if (doc.errors.length || doc.warnings.length) tables.set(doc, sections);
      return doc;
    }
    failed(text);
  }
  return parseYaml(text, options);
}

/** An anchor or alias could start here (`&a`, `*a` after a space, a line start, a flow indicator or `:`): a superset. */
const MAYBE_ANCHORS = /(?:^|[\s,[{:-])[&*][^\s,[\]{}]/m;

/**
 * Texts whose sections failed lately: their next few versions are parsed in full without trying the sections
 * again (a failed try costs about what the full parse after it does). Keyed by the text object the next edit
 * starts from.
 */
const failures: { text: string; left: number }[] = [];

function failed(text: string): void {
  failures.unshift({ text, left: 4 });
  failures.length = Math.min(failures.length, 4);
}

function recentlyFailed(oldText: string, newText: string): boolean {
  const i = failures.findIndex((f) => f.text === oldText);
  if (i < 0) return false;
  const f = failures[i];
  if (--f.left <= 0) failures.splice(i, 1);
  else f.text = newText;
  return true;
}

/** Text that makes sections depend on each other wherever it is: directives, document markers, a BOM, a lone CR. */
const NOT_SECTIONABLE = /^(?:---|\.\.\.|%)|\r(?!\n)|\uFEFF/m;

function allSections(doc: Document, text: string, options: ParseOpts): Section[] | undefined {
  if (NOT_SECTIONABLE.test(text)) return undefined;
  const top = topFrame(text);
  // Sections only pay when an edit re-parses a small part of the text.
  return cutAtKeys(doc, text, top, options, 4, (from, to) => parseLong(doc, text, from, from, to, options, top, to < text.length ? PROBE : '', 0));
}

/**
 * `frame`'s span cut into sections at its keys (at its indentation): a key over half the text is its own section,
 * made by `long(from, to, index)` (cut further down), and the keys before and after it make sections of at least
 * `minSection` (at most one key is over half). Undefined where a section refuses, or, with no key over half, when
 * there are fewer than `min` sections.
 */
function cutAtKeys(
  doc: Document,
  text: string,
  frame: Frame,
  options: ParseOpts,
  min: number,
  long: (from: number, to: number, index: number) => Section | undefined,
): Section[] | undefined {
  const { start, end, indent } = frame;
  const run = (a: number, b: number) => parseSections(doc, text, boundaries(text, a, b, indent), b, options, undefined, frame);
  const keys = boundaries(text, start, end, indent, 0);
  const i = keys.findIndex((k, j) => (keys[j + 1] ?? end) - k > text.length / 2);
  if (i < 0) {
    const starts = boundaries(text, start, end, indent);
    return starts.length < min ? undefined : parseSections(doc, text, starts, end, options, undefined, frame);
  }
  const from = keys[i];
  const to = keys[i + 1] ?? end;
  const before = i > 0 ? run(start, from) : [];
  const inner = before && long(from, to, i);
  const after = inner && (to < end ? run(to, end) : []);
  return after ? [...before!, inner!, ...after] : undefined;
}

function topFrame(text: string): Frame {
  return { depth: 0, indent: 0, start: 0, end: text.length, key: 0, outer: '', header: '', keys: [], firstKeys: [], endProbe: '', endLevel: 0 };
}

/** A key line with nothing after its `:` (a long section's, whose mapping is cut at its keys). */
const BARE_KEY_LINE = /^[A-Za-z_$][\w$./-]*: *\n$/;

/**
 * A long section `[start, end)` of `parent` (a `key:` line at the parent's indentation and a block mapping under
 * it) cut at that mapping's keys: each part is parsed alone, after the key lines above it (see `Frame`), followed
 * by a probe key at the mapping's indentation (the last part by `probe`, at level `probeLevel`: the one the
 * whole section would have been parsed with), and kept only under the rules of the top level (see `parsePart`).
 * A part over half the text (not the first) is cut the same way one level further down.
 */
function parseLong(
  doc: Document,
  text: string,
  start: number,
  key: number,
  end: number,
  options: ParseOpts,
  parent: Frame,
  probe: string,
  probeLevel: number,
): Section | undefined {
  const nl = text.indexOf('\n', key);
  // The mapping's first key starts where the mapping's section does (`key` after its key lines); any other, at `key`.
  const first = key > start;
  if (nl < 0 || nl + 1 >= end || (first ? start !== parent.start || !parent.depth : start !== key || (parent.depth && start === parent.start)))
    return undefined;
  const line = text.slice(key, nl + 1);
  if (line.slice(0, parent.indent).trim() || !BARE_KEY_LINE.test(line.slice(parent.indent))) return undefined;
  // The mapping's indentation: its first key's, on the first non-blank line after the key line.
  let ls = nl + 1;
  while (ls < end && /^[ ]*\n/y.test(text.slice(ls, ls + 200))) ls = text.indexOf('\n', ls) + 1;
  let indent = 0;
  while (text.charCodeAt(ls + indent) === 32) indent++;
  KEY_LINE.lastIndex = ls + indent;
  if (indent <= parent.indent || ls >= end || !KEY_LINE.test(text)) return undefined;
  const outer = first ? parent.outer : parent.header;
  const frame: Frame = {
    depth: parent.depth + 1,
    indent,
    start,
    end,
    key,
    outer,
    header: parent.header + line,
    keys: [...parent.keys, parent.header.length + parent.indent],
    firstKeys: first ? [...parent.firstKeys, outer.length + (key - start) + parent.indent] : [...parent.keys, parent.header.length + parent.indent],
    endProbe: probe,
    endLevel: probeLevel,
  };
  // A key over half the text is cut again, one level down (index 0: the part holding the key line, from the
  // mapping's start).
  const parts = cutAtKeys(doc, text, frame, options, 2, (from, to, index) => {
    const deeper = to < end ? { probe: ' '.repeat(indent) + PROBE, level: frame.depth } : { probe, level: probeLevel };
    return parseLong(doc, text, from, index > 0 ? from : ls, to, options, frame, deeper.probe, deeper.level);
  });
  return parts && joinParts(frame, parts, options);
}

/**
 * The long section its parts make, as a section (a part) of the level above: the key pair of the first part,
 * its mapping holding every part's pairs.
 */
function joinParts(frame: Frame, parts: Section[], options: ParseOpts): Section | undefined {
  const first = parts[0];
  const last = parts[parts.length - 1];
  const d = frame.depth;
  if (!first.levels || !last.levels) return undefined;
  const map = first.map;
  const items: Pair[] = [];
  for (const p of parts) for (const q of p.pairs) items.push(q);
  map.items = items;
  map.range = [first.mapRange[0], last.mapRange[1], last.mapRange[2]];
  map.comment = last.map === map ? map.comment : last.map.comment;
  const { map: up, pair } = first.levels[d - 1];
  const upLast = last.levels[d - 1];
  pair.value = map;
  up.items = [pair];
  up.comment = upLast.map === up ? up.comment : upLast.map.comment;
  const reported: Reported = [];
  const nested: [number, number][] = [];
  for (const p of parts) {
    for (const e of p.reported) reported.push(e);
    for (const n of p.nested) nested.push(n);
  }
  // The mapping's own duplicate keys, across parts (a part's own list leaves them out).
  if (options.uniqueKeys !== false) duplicatesIn(items, nested);
  sectionStats.longSections++;
  if (d > 1) sectionStats.deepSections++;
  const span = (a: Range, b: Range): Range => [a[0], b[1], b[2]];
  return {
    start: first.start,
    end: last.end,
    map: up,
    pairs: [pair],
    mapRange: span(first.levels[d - 1].range, upLast.range),
    docRange: span(first.docRange, last.docRange),
    docCommentBefore: first.docCommentBefore,
    docComment: last.docComment,
    reported,
    dropped: last.dropped && { ...last.dropped },
    nested,
    parts,
    frame,
    levels: d > 1 ? first.levels.slice(0, d - 1).map((l, i) => ({ map: l.map, pair: l.pair, range: span(l.range, last.levels![i].range) })) : undefined,
  };
}

function reparseSections(doc: Document, table: Section[], text: string, change: TextChange, options: ParseOpts): Section[] | undefined {
  // The edited lines must not bring in what makes sections depend on each other (the rest of the text had none).
  const ls = text.lastIndexOf('\n', change.start - 1) + 1;
  const le = text.indexOf('\n', change.newEnd);
  if (NOT_SECTIONABLE.test(text.slice(ls, le < 0 ? text.length : le + 1))) return undefined;
  return reparseRun(doc, table, text, change, options, topFrame(text));
}

/**
 * `sections` (the top level's, or a long section's parts, of `frame`) after an edit: the ones holding it re-parsed,
 * and the one before (after) them when the edit reaches the key line of the first (the last non-blank line of
 * the last), as a boundary depends on its own line and the last non-blank one before; a section turning out open
 * takes in the kept ones after it. An edit inside one long section's mapping goes to its parts, the same way.
 * The others are kept and moved.
 */
function reparseRun(doc: Document, sections: Section[], text: string, change: TextChange, options: ParseOpts, frame: Frame): Section[] | undefined {
  const delta = change.newEnd - change.oldEnd;
  const i0 = sectionAt(sections, change.start);
  const i1 = sectionAt(sections, change.oldEnd);
  const a = i0 > 0 && text.indexOf('\n', sections[i0].start) >= change.start ? i0 - 1 : i0;
  const b = i1 < sections.length - 1 && lastContentLine(text, sections[i1].end + delta) < change.newEnd ? i1 + 1 : i1;
  let fresh: Section[] | undefined;
  let kept = b + 1;
  if (a === b && insideLong(sections[a], text, change.start)) {
    const long = reparseLong(doc, sections[a], text, change, options);
    fresh = long && [long];
  } else {
    const from = sections[a].start;
    const to = sections[b].end + delta;
    if (to <= from || to - from > text.length / 2) return undefined;
    const more = () => (kept < sections.length ? sections[kept++].end + delta : undefined);
    fresh = parseSections(doc, text, boundaries(text, from, to, frame.indent), to, options, more, frame);
  }
  if (!fresh) return undefined;
  const after = sections.slice(kept);
  if (delta) for (const x of after) shiftSection(x, delta, doc);
  return [...sections.slice(0, a), ...fresh, ...after];
}

/** Where the last non-blank line before `end` (a line start) starts. */
function lastContentLine(text: string, end: number): number {
  let i = end;
  while (i > 0) {
    const ls = text.lastIndexOf('\n', i - 2) + 1;
    if (text.slice(ls, i).trim()) return ls;
    i = ls;
  }
  return 0;
}

/** The last section starting at or before `offset`. */
function sectionAt(table: Section[], offset: number): number {
  let lo = 0;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (table[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The sections starting at `starts` (the last ending at `to`), each parsed alone. A section whose end is open
 * (see `parseSection`) is merged with the next ones (one, two, four, … more) until it closes; past `to`, `more`
 * gives the next boundary (the start of the following kept section, which the caller then drops), or undefined.
 */
function parseSections(
  doc: Document,
  text: string,
  starts: number[],
  to: number,
  options: ParseOpts,
  more: () => number | undefined = () => undefined,
  frame: Frame = topFrame(text),
): Section[] | undefined {
  const out: Section[] = [];
  // Sections of the same text (a block pasted many times: the fuzz suite's "grow") are parsed once and copied.
  const seen = new Map<string, Section>();
  for (let i = 0; i < starts.length;) {
    let j = i + 1;
    for (let step = 1; ; step *= 2) {
      const end = j < starts.length ? starts[j] : to;
      const s = parseSection(doc, text, starts[i], end, options, seen, frame);
      if (!s) return undefined;
      if (s !== OPEN) {
        out.push(s);
        break;
      }
      // Each try parses the whole merged text again (twice the final size in all): past an eighth of the text
      // a full parse is the cheaper way (an unclosed quote near the top of 1 MB would cost 1.5 full parses).
      if (end - starts[i] > Math.max(text.length / 8, MERGE_MIN)) return undefined;
      if (j < starts.length) j = Math.min(starts.length, j + step);
      else {
        // The kept sections after the region are taken in as many at a time, doubling too: one at a time, a
        // section left open by an edit near the top of a text of many small sections (a block pasted hundreds
        // of times) was parsed again with each next one, up to an eighth of the text each time: seconds.
        let next: number | undefined;
        for (let k = 0; k < step; k++) next = more() ?? next;
        if (next === undefined) return undefined;
        to = next;
      }
    }
    i = j;
  }
  return out;
}

/** A line starting a top-level key: a plain word key, then `:` and a space or the line's end. */
const KEY_LINE = /[A-Za-z_$][\w$./-]*:(?: |\r?\n|$)/y;
/** After a `key: ` at column 0, something that is a value on this line (not a comment, nor nothing). */
const INLINE_VALUE = /[A-Za-z_$][\w$./-]*: +[^\s#]/y;

/** The line starts in `[from, to)` where a section begins: `from` itself, and every boundary after it (keys at `indent`). */
function boundaries(text: string, from: number, to: number, indent: number, minSection = sectionSettings.minSection): number[] {
  const out = [from];
  for (let i = text.indexOf('\n', from); i >= 0 && i + 1 < to; i = text.indexOf('\n', i + 1)) {
    if (i + 1 - out[out.length - 1] >= minSection && isBoundary(text, i + 1, indent)) out.push(i + 1);
  }
  return out;
}

/**
 * Whether a section may start at line start `s`: a top-level key whose line the text before cannot run into.
 * The last non-blank line before it must not be a comment (yaml gives it to the key after it), and at column 0
 * must itself be a `key: value` line (a plain word there is read with the next line as one multi-line key).
 */
function isBoundary(text: string, s: number, indent: number): boolean {
  // One level down (see `parseLong`) the same at the mapping's indentation: `indent` spaces, then the key; the
  // line before indented deeper, or at that indentation a `key: value` line. A line at it that is not (a plain
  // word, a tag alone) makes the key after it, blank lines between, one multi-line key with it: yaml then
  // reports MULTILINE_IMPLICIT_KEY, and KEY_OVER_1024_CHARS past 1,024 characters, which a part begun at the
  // key would lose (the likely way a first try of parts, last session, lost a KEY_OVER_1024_CHARS in the
  // differential test; test/helpers/parseOracle.ts breakInside plants such lines).
  for (let k = 0; k < indent; k++) if (text.charCodeAt(s + k) !== 32) return false;
  KEY_LINE.lastIndex = s + indent;
  if (!KEY_LINE.test(text)) return false;
  let end = s - 1; // the '\n' ending the line before
  while (end > 0) {
    const ls = text.lastIndexOf('\n', end - 1) + 1;
    let i = ls;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 13)) i++;
    if (i === end) {
      end = ls - 1; // a blank line: look further up
      continue;
    }
    if (text.charCodeAt(i) === 35 /* # */) return false;
    for (let k = 0; k < indent; k++) if (text.charCodeAt(ls + k) !== 32) return false;
    if (i > ls + indent) return text.charCodeAt(ls + indent) === 32 && text.charCodeAt(ls + indent + 1) !== 9;
    INLINE_VALUE.lastIndex = ls + indent;
    return INLINE_VALUE.test(text) && INLINE_VALUE.lastIndex <= end;
  }
  return false;
}

/** Sections are merged up to this size whatever the document's (small documents: the tests). */
const MERGE_MIN = 16 * 1024;

/** A section whose end depends on what follows it: parsed again with the next section. */
const OPEN = Symbol('open');

/**
 * What a section is parsed with after it (but for the document's last one): a top-level key, standing for the
 * next section's first line. yaml closes (or not) the nodes still open at the section's end on the next key's
 * token, at the same offset as the real one, so when the probe comes back as a pair of the root mapping with no
 * problem on it, the section's nodes, ranges and problems are those of the whole document; else the section
 * runs on into the next one (an unclosed quote, a mapping that started on a line at column 0, …): OPEN.
 */
const PROBE_KEY = 'zz-section-probe';
const PROBE = `${PROBE_KEY}: 0\n`;

/**
 * The section `[start, end)` of `text` parsed alone, its offsets made absolute; undefined unless it is provably
 * as in the whole document, OPEN when it would be with the text after it.
 */
function parseSection(
  doc: Document,
  text: string,
  start: number,
  end: number,
  options: ParseOpts,
  seen: Map<string, Section>,
  frame: Frame,
): Section | typeof OPEN | undefined {
  const last = end === frame.end;
  // Only a section of the same text, parsed with the probe after it (not the last) and not the first, is parsed
  // as this one would be: copied, not parsed again.
  const same = start > frame.start && !last && end - start >= MIN_SHARED ? text.slice(start, end) : undefined;
  const twin = same === undefined ? undefined : seen.get(same);
  if (twin) return copySection(twin, start, end, doc);
  const section = frame.depth ? parsePart(doc, text, start, end, options, frame) : parseNew(doc, text, start, end, options, last);
  if (same !== undefined && section && section !== OPEN) seen.set(same, section);
  return section;
}

/** Sections shorter than this are parsed rather than looked up (a short text is cheap to parse). */
const MIN_SHARED = 256;

/** A copy of `twin` (a section of the same text) at `start`: its own nodes and problems, moved there. */
function copySection(twin: Section, start: number, end: number, doc: Document): Section {
  const by = start - twin.start;
  const pairs = twin.pairs.map((p) => copyNode(p, doc) as Pair);
  for (const p of pairs) shiftNode(p, by, 0, doc);
  // As in the parse (yamlParse.ts): an error's stack is never read, and capturing it was most of the copy.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let reported: Reported;
  try {
    reported = twin.reported.map((e) => {
      const Ctor = e.constructor as new (pos: [number, number], code: typeof e.code, message: string) => typeof e;
      return new Ctor([e.pos[0] + by, e.pos[1] + by], e.code, e.message);
    });
  } finally {
    Error.stackTraceLimit = limit;
  }
  return {
    start,
    end,
    map: twin.map,
    pairs,
    mapRange: shiftRange([...twin.mapRange], 0, by),
    docRange: shiftRange([...twin.docRange], 0, by),
    docCommentBefore: twin.docCommentBefore,
    docComment: twin.docComment,
    reported,
    dropped: undefined,
    nested: twin.nested.map(([a, b]) => [a + by, b + by]),
  };
}

const NODE_TYPE = Symbol.for('yaml.node.type');

/**
 * A deep copy of a parsed node, as yaml's `clone` makes it (same prototype, own fields, ranges and items
 * copied) but without its per-node `getOwnPropertyDescriptors`, which made copying sections cost half a parse.
 */
function copyNode(n: unknown, doc: Document): unknown {
  if (isPair(n)) return new Pair(copyNode(n.key, doc), copyNode(n.value, doc));
  if (!n || typeof n !== 'object') return n;
  const src = n as Record<string | symbol, unknown>;
  const copy = Object.create(Object.getPrototypeOf(n) as object) as Record<string | symbol, unknown>;
  Object.defineProperty(copy, NODE_TYPE, { value: src[NODE_TYPE] });
  for (const k of Object.keys(src)) copy[k] = src[k];
  if (Array.isArray(src.range)) copy.range = src.range.slice();
  if (isMap(n) || isSeq(n)) {
    Object.defineProperty(copy, 'schema', { value: doc.schema, configurable: true, enumerable: false, writable: true });
    copy.items = (n.items as unknown[]).map((it) => copyNode(it, doc));
  }
  return copy;
}

function parseNew(doc: Document, text: string, start: number, end: number, options: ParseOpts, last: boolean): Section | typeof OPEN | undefined {
  const slice = detached(text.slice(start, end));
  const len = slice.length;
  sectionStats.parsedChars += len;
  sectionStats.parses++;
  const piece = parsePiece(last ? slice : slice + PROBE, options);
  if (!piece?.reported) return undefined;
  const sub = piece.doc;
  const root = sub.contents;
  if (!isMap(root) || root.flow || !root.range || !sub.range) return undefined;
  const pairs = root.items as Pair[];
  if (!last) {
    const probe = pairs[pairs.length - 1] as Pair | undefined;
    if (pairs.length < 2 || !isScalar(probe?.key) || probe.key.value !== PROBE_KEY || probe.key.range?.[0] !== len) return OPEN;
    pairs.pop();
    // The count past the cap may hide a problem on the probe: no telling, so a full parse.
    if (piece.dropped) return undefined;
    for (const e of piece.reported) if (e.pos[1] > len) return OPEN;
  } else if (!pairs.length) return undefined;
  // The root mapping is at column 0 (yaml reads the next section's key as its own only then), and every section
  // after the first starts with its key.
  const first = pairs[0];
  const keyAt = isScalar(first.key) ? first.key.range?.[0] : undefined;
  if (keyAt === undefined || (start > 0 ? keyAt !== 0 : keyAt > 0 && slice.charCodeAt(keyAt - 1) !== 10)) return undefined;
  if (hasAnchorsOrAliases(sub)) return undefined;
  for (const p of pairs) shiftNode(p, start, 0, doc);
  for (const e of piece.reported) shiftPos(e.pos, start);
  for (const d of piece.nestedDuplicates) shiftPos(d, start);
  return {
    start,
    end,
    map: root,
    pairs,
    mapRange: shiftRange([...root.range], 0, start),
    docRange: shiftRange([...sub.range], 0, start),
    docCommentBefore: sub.commentBefore,
    docComment: sub.comment,
    reported: piece.reported,
    dropped: piece.dropped && { at: piece.dropped.at + start, count: piece.dropped.count },
    nested: piece.nestedDuplicates,
  };
}

/** A probe pair, its key at `at`. */
function isProbe(p: Pair | undefined, at: number): boolean {
  return !!p && isScalar(p.key) && p.key.value === PROBE_KEY && p.key.range?.[0] === at;
}

/**
 * A part `[start, end)` of a long section (see `parseLong`, `Frame`) parsed alone: after the key lines above it,
 * followed by a probe key at the mapping's indentation (the last part: the section's own probe, or nothing at
 * the text's end). As at the top level, it is kept when the probe comes back as a pair of its mapping with no
 * problem on it, else OPEN; and only when each mapping above holds nothing but the key line's pair and no problem
 * lies on the copied key lines.
 */
function parsePart(doc: Document, text: string, start: number, end: number, options: ParseOpts, frame: Frame): Section | typeof OPEN | undefined {
  const last = end === frame.end;
  const firstPart = start === frame.start;
  const head = firstPart ? frame.outer : frame.header;
  const hl = head.length;
  const slice = detached(text.slice(start, end));
  const len = slice.length;
  const probe = last ? frame.endProbe : ' '.repeat(frame.indent) + PROBE;
  const probeLevel = last ? frame.endLevel : frame.depth;
  const probeAt = hl + len + probe.length - probe.trimStart().length;
  sectionStats.parsedChars += len;
  sectionStats.parses++;
  sectionStats.partParses++;
  const piece = parsePiece(head + slice + probe, options);
  if (!piece?.reported) return undefined;
  const sub = piece.doc;
  if (!sub.range) return undefined;
  const levels: Level[] = [];
  let node: unknown = sub.contents;
  for (let level = 0; ; level++) {
    if (!isMap(node) || node.flow || !node.range) return undefined;
    const items = node.items as Pair[];
    if (probe && level === probeLevel) {
      if (items.length < 2 || !isProbe(items[items.length - 1], probeAt)) return OPEN;
      items.pop();
    }
    if (level === frame.depth) break;
    const pair = items[0];
    if (items.length !== 1 || !isScalar(pair.key) || pair.key.range?.[0] !== (firstPart ? frame.firstKeys : frame.keys)[level]) return undefined;
    levels.push({ map: node, pair, range: node.range as Range });
    node = pair.value;
  }
  const map = node as YAMLMap; // checked in the loop
  const pairs = map.items as Pair[];
  if (!pairs.length) return undefined;
  // The count past the cap may hide a problem on the probe: no telling, so a full parse.
  if (piece.dropped && end < text.length) return undefined;
  for (const e of piece.reported) {
    if (probe && e.pos[1] > hl + len) return OPEN;
    if (e.pos[0] < hl) return undefined;
  }
  // Every part but the first starts with its key, at the mapping's indentation.
  const keyAt = isScalar(pairs[0].key) ? pairs[0].key.range?.[0] : undefined;
  if (keyAt === undefined || (!firstPart && keyAt !== hl + frame.indent)) return undefined;
  if (hasAnchorsOrAliases(sub)) return undefined;
  // The mapping's own duplicate keys are found across the parts (joinParts).
  const own = new Set(pairs.map((p) => (p.key as { range?: Range } | null)?.range?.[0]));
  const nested = piece.nestedDuplicates.filter((d) => !own.has(d[0]));
  const by = start - hl;
  const mapRange = shiftRange([...(map.range as Range)], 0, by);
  const docRange = shiftRange([...sub.range], 0, by);
  const placed = levels.map((l) => ({ map: l.map, pair: l.pair, range: shiftRange([...l.range], 0, by) }));
  // The first part's key pairs from the text (its own, and those of the mappings it is the first key of) are the
  // sections' (moved whole, from the outermost); of the other parts, only the mapping's pairs are kept.
  if (firstPart) shiftNode(levels[frame.firstKeys.findIndex((k) => k >= hl)].pair, by, 0, doc);
  else for (const p of pairs) shiftNode(p, by, 0, doc);
  for (const e of piece.reported) shiftPos(e.pos, by);
  for (const d of nested) shiftPos(d, by);
  return {
    start,
    end,
    map,
    pairs,
    mapRange,
    docRange,
    docCommentBefore: sub.commentBefore,
    docComment: sub.comment,
    reported: piece.reported,
    dropped: piece.dropped && { at: piece.dropped.at + by, count: piece.dropped.count },
    nested,
    levels: placed,
  };
}

/** Whether an edit from `start` lies inside long section `s` below its key line (its parts can take it). */
function insideLong(s: Section, text: string, start: number): boolean {
  return !!s.parts && text.indexOf('\n', s.frame!.key) < start;
}

/**
 * An edit inside a long section's mapping (not on its key line, not reaching its last line): its parts re-parsed
 * as the top level's sections are (the parts holding the edit, a neighbour when the edit reaches the line their
 * boundary depends on, later ones taken in when open; a long part holding it, the same way inside it), the
 * others kept and moved.
 */
function reparseLong(doc: Document, s: Section, text: string, change: TextChange, options: ParseOpts): Section | undefined {
  const frame: Frame = { ...s.frame!, end: s.frame!.end + change.newEnd - change.oldEnd };
  const parts = reparseRun(doc, s.parts!, text, change, options, frame);
  return parts && joinParts(frame, parts, options);
}

function shiftSection(s: Section, delta: number, doc: Document): void {
  s.start += delta;
  s.end += delta;
  for (const p of s.pairs) shiftNode(p, delta, 0, doc);
  shiftRange(s.mapRange, 0, delta);
  shiftRange(s.docRange, 0, delta);
  for (const e of s.reported) shiftPos(e.pos, delta);
  if (s.dropped) s.dropped.at += delta;
  for (const d of s.nested) shiftPos(d, delta);
  shiftPlaces(s, delta);
}

/** `doc` (in place) as the sections make it: one root mapping of their pairs, and their problems as a full parse reports them. */
function assemble(doc: Document, sections: Section[], textLength: number, options: ParseOpts): void {
  const first = sections[0];
  const last = sections[sections.length - 1];
  const root = first.map;
  root.schema = doc.schema;
  const items: Pair[] = [];
  for (const s of sections) for (const p of s.pairs) items.push(p);
  root.items = items;
  root.range = [first.mapRange[0], last.mapRange[1], last.mapRange[2]];
  root.comment = last.map === root ? root.comment : last.map.comment;
  doc.contents = root;
  doc.range = [first.docRange[0], last.docRange[1], last.docRange[2]];
  doc.commentBefore = first.docCommentBefore;
  doc.comment = last.docComment;

  // yaml's problems: the first MAX_PROBLEMS in report order, then the count of the rest from where they start.
  const errors: YAMLParseError[] = [];
  const warnings: YAMLWarning[] = [];
  let kept = 0;
  let dropped: { at: number; count: number } | undefined;
  for (const s of sections) {
    for (const e of s.reported) {
      if (kept++ < MAX_PROBLEMS) {
        if (e.name === 'YAMLWarning') warnings.push(e as YAMLWarning);
        else errors.push(e as YAMLParseError);
      } else {
        dropped ??= { at: e.pos[0], count: 0 };
        dropped.count++;
      }
    }
    if (s.dropped) {
      dropped ??= { at: s.dropped.at, count: 0 };
      dropped.count += s.dropped.count;
    }
  }
  if (dropped) errors.push(moreProblems(dropped, textLength));
  doc.errors = errors;
  doc.warnings = warnings;
  if (options.uniqueKeys !== false) {
    const found: [number, number][] = [];
    duplicatesIn(items, found);
    for (const s of sections) for (const d of s.nested) found.push(d);
    addDuplicateKeyErrors(doc, found);
  }
}

/**
 * A long section's own places (its levels' ranges, its frame) and its parts', all the way down: their nodes,
 * problems and duplicate keys are the section's own, moved with it.
 */
function shiftPlaces(s: Section, delta: number): void {
  if (s.levels) for (const l of s.levels) shiftRange(l.range, 0, delta);
  if (!s.frame || !s.parts) return;
  s.frame = { ...s.frame, start: s.frame.start + delta, end: s.frame.end + delta, key: s.frame.key + delta };
  for (const p of s.parts) {
    p.start += delta;
    p.end += delta;
    shiftRange(p.mapRange, 0, delta);
    shiftRange(p.docRange, 0, delta);
    if (p.dropped) p.dropped.at += delta;
    shiftPlaces(p, delta);
  }
}

function shiftPos(pos: [number, number], by: number): void {
  pos[0] += by;
  pos[1] += by;
}
