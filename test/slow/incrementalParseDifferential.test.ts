/**
 * Differential test of the incremental parse (YAML blocks and JSON members): after random single- and multi-character edits (and typing runs
 * that chain versions) over corpus files and generated specs, a document derived from the previous version must
 * equal a full parse of the same text: plain value, every node's range, scalar styles, errors and warnings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpecDocument } from '../../server/src/languageService/core/specDocument';
import { CORPUS as CORPUS_ROOT, walk } from '../helpers/fixtures';
import { generateAsyncApi, generateAsyncApiJson, rng } from '../helpers/generate';
import { assertSame, breakDocument, breakInside, fuzz } from '../helpers/parseOracle';
import { sectionSettings, sectionStats } from '../../server/src/languageService/core/incrementalSections';

const CORPUS = join(CORPUS_ROOT, 'asyncapi');

/** The corpus's YAML files (the helper's walk; a missing corpus fails the run rather than passing silently). */
const corpusFiles = (dir: string): string[] => walk(dir, /\.ya?ml$/i);

/** Runs `fn` with the sections' size thresholds at 0, so that the corpus's files go by sections (restored after). */
function withSmallSections(fn: () => void): void {
  const saved = { ...sectionSettings };
  sectionSettings.minChars = 0;
  sectionSettings.minSection = 0;
  try {
    fn();
  } finally {
    Object.assign(sectionSettings, saved);
  }
}

test('random edits over generated specs equal full parses', () => {
  for (const [i, flavour] of (['2.6', '3.0'] as const).entries()) {
    const { spliced, total } = fuzz(`gen-${flavour}.yaml`, generateAsyncApi(flavour, 1000), 30, 100 + i);
    assert.ok(spliced > total / 6, `many edits should be spliced (${spliced}/${total})`);
  }
});

test('random edits over the corpus equal full parses', () => {
  const files = corpusFiles(CORPUS);
  assert.ok(files.length > 10, 'corpus found');
  let spliced = 0;
  let total = 0;
  files.forEach((f, i) => {
    const r = fuzz(f.slice(CORPUS.length + 1), readFileSync(f, 'utf8'), 6, 1000 + i);
    spliced += r.spliced;
    total += r.total;
  });
  assert.ok(spliced > total / 6, `many corpus edits should be spliced (${spliced}/${total})`);
});

/**
 * Typing a new key on a line of its own, one character at a time (`x-note: hi`): before the `:` the block has
 * a bare-key error, which is spliced when its recovery is provably local. Every keystroke must still equal a
 * full parse, whatever indentation the new line has; at a sibling's indentation the keystrokes are spliced.
 */
test('typing a new key line character by character equals full parses, and is spliced at a sibling indent', () => {
  const r = rng(77);
  const files = [
    ...corpusFiles(CORPUS)
      .slice(0, 25)
      .map((f) => [f, readFileSync(f, 'utf8')] as const),
    ['generated 2.6', generateAsyncApi('2.6', 1000)] as const,
    ['generated 3.0', generateAsyncApi('3.0', 1000)] as const,
  ];
  let siblingKeystrokes = 0;
  let siblingSpliced = 0;
  for (const [name, text] of files) {
    const keyLines = [...text.matchAll(/^( +)[A-Za-z$][\w$-]*:/gm)];
    for (let t = 0; t < 6 && keyLines.length; t++) {
      const m = keyLines[Math.floor(r() * keyLines.length)];
      const shift = [0, 0, 0, 2, -2, 1][t];
      const indent = ' '.repeat(Math.max(0, m[1].length + shift));
      let cur = text.slice(0, m.index) + indent + '\n' + text.slice(m.index);
      let prev = new SpecDocument('file:///' + name, cur, 1);
      void prev.value;
      const typed = 'x-note: hi';
      for (let i = 0; i < typed.length; i++) {
        const at = m.index! + indent.length + i;
        cur = cur.slice(0, at) + typed[i] + cur.slice(at);
        const prevAst = prev.ast;
        const inc = new SpecDocument(prev.uri, cur, prev.version + 1, prev);
        assertSame(inc, cur, `in ${name} typing ${JSON.stringify(typed.slice(0, i + 1))} at indent ${indent.length} before line ${JSON.stringify(m[0])}`);
        if (shift === 0 && i < typed.indexOf(':')) {
          siblingKeystrokes++;
          if (inc.ast === prevAst) siblingSpliced++;
        }
        prev = inc;
      }
    }
  }
  // Most sibling-indent keystrokes are spliced (not all: anchors, flow maps or other errors in the file force full parses).
  assert.ok(siblingSpliced > siblingKeystrokes / 2, `${siblingSpliced} of ${siblingKeystrokes} keystrokes before the colon were spliced`);
});

/** The corpus's JSON files (AsyncAPI specs and examples). */
const corpusJson = (): string[] => walk(CORPUS, /\.json$/i);

test('random edits over generated JSON specs and the JSON corpus equal full parses', () => {
  for (const [i, flavour] of (['2.6', '3.0'] as const).entries()) {
    const { spliced, total } = fuzz(`gen-${flavour}.json`, generateAsyncApiJson(flavour, 1000), 30, 200 + i);
    assert.ok(spliced > total / 6, `many JSON edits should be spliced (${spliced}/${total})`);
  }
  const files = corpusJson();
  assert.ok(files.length >= 5, 'JSON corpus found');
  let spliced = 0;
  let total = 0;
  files.forEach((f, i) => {
    const r = fuzz(f.slice(CORPUS.length + 1), readFileSync(f, 'utf8'), 12, 3000 + i);
    spliced += r.spliced;
    total += r.total;
  });
  assert.ok(spliced > total / 6, `many JSON corpus edits should be spliced (${spliced}/${total})`);
});

/**
 * Whole members inserted and deleted, as a user pastes or cuts lines of a JSON spec: a member line (ending in
 * `,`) copied, under a new key, before another one, or deleted. Each must equal a full parse; most are spliced (the enclosing
 * member re-parsed).
 */
test('whole JSON members inserted and deleted equal full parses, and are spliced', () => {
  const r = rng(99);
  const files = [...corpusJson().map((f) => [f, readFileSync(f, 'utf8')] as const), ['generated 3.0', generateAsyncApiJson('3.0', 1000)] as const];
  let spliced = 0;
  let total = 0;
  for (const [name, text] of files) {
    let prev = new SpecDocument('file:///' + name + '.json', text, 1);
    void prev.value;
    let cur = text;
    for (let t = 0; t < 40; t++) {
      const members = [...cur.matchAll(/^[ \t]*"[^"\n]*": [^\n]*,\n/gm)];
      const m = members[Math.floor(r() * members.length)];
      const to = members[Math.floor(r() * members.length)];
      // A pasted member gets a key of its own (a duplicate is an error, and errors take full parses).
      const pasted = m[0].replace(/"[^"]*"/, `"x-copy${t}"`);
      const next = r() < 0.5 ? cur.slice(0, m.index) + cur.slice(m.index! + m[0].length) : cur.slice(0, to.index) + pasted + cur.slice(to.index);
      const prevAst = prev.ast;
      const inc = new SpecDocument(prev.uri, next, prev.version + 1, prev);
      assertSame(inc, next, `in ${name}, step ${t}`);
      total++;
      if (inc.ast === prevAst) spliced++;
      prev = inc;
      cur = next;
    }
  }
  assert.ok(spliced > total / 2, `most member edits should be spliced (${spliced}/${total})`);
});

/**
 * Broken documents (issue 13, the fuzz suite's over-budget class): corpus specs, AsyncAPI and Fern, with pasted
 * broken text (see breakDocument), edited at random. A large document with errors is re-parsed by top-level
 * sections (incrementalSections.ts); here the size threshold is lowered so the corpus's small files take that
 * path too. Each version must equal a full parse: AST, values, ranges, and the problems (yaml's in the order it
 * reports them, capped as a full parse caps them, and the duplicate keys, top-level ones across sections).
 */
test('random edits over broken corpus documents equal full parses, and many go by sections', () => {
  withSmallSections(() => {
    const r = rng(4242);
    const files = [...corpusFiles(CORPUS).filter((_, i) => i % 2 === 0), ...corpusFiles(join(CORPUS_ROOT, 'fern')).filter((_, i) => i % 9 === 0)];
    assert.ok(files.length > 30, 'corpus found');
    let bySections = 0;
    let total = 0;
    files.forEach((f, i) => {
      const text = breakDocument(readFileSync(f, 'utf8'), r);
      const run = fuzz(f.slice(CORPUS_ROOT.length + 1), text, 5, 5000 + i);
      bySections += run.bySections;
      total += run.total;
    });
    // Not most: small files have few top-level keys (a section over half the text is not worth it), and the
    // random edits bring in anchors, quotes and flow brackets, which take full parses.
    assert.ok(bySections > total / 8, `many edits of broken documents should go by sections (${bySections}/${total})`);
  });
});

/**
 * A text that has to be parsed whole is parsed by sections when it is large (parseWhole: an open, a paste), and
 * its table kept only when it has problems; a clean one goes on by the block splice. Here the size threshold is
 * lowered so the corpus's files, clean (AsyncAPI and Fern) and broken, are opened by sections: each open and each
 * edit after it must equal a full parse.
 */
test('documents opened by sections, clean or broken, equal full parses, and so do their edits', () => {
  withSmallSections(() => {
    const r = rng(2626);
    const files = [...corpusFiles(CORPUS).filter((_, i) => i % 2 === 1), ...corpusFiles(join(CORPUS_ROOT, 'fern')).filter((_, i) => i % 9 === 4)];
    let opened = 0;
    let spliced = 0;
    let total = 0;
    files.forEach((f, i) => {
      const clean = readFileSync(f, 'utf8');
      for (const text of [clean, breakDocument(clean, r)]) {
        const before = sectionStats.parses;
        new SpecDocument('file:///probe.yaml', text, 1);
        if (sectionStats.parses > before) opened++;
        const run = fuzz(f.slice(CORPUS_ROOT.length + 1), text, 3, 7000 + i);
        spliced += run.spliced;
        total += run.total;
      }
    });
    assert.ok(opened > files.length / 2, `many opens should go by sections (${opened} of ${2 * files.length})`);
    assert.ok(spliced > total / 6, `many edits after them should be spliced or go by sections (${spliced}/${total})`);
  });
});

/**
 * Damage under one top-level key that holds most of the text (issue 13, fuzz seed 25: a Fern `types:` grown to
 * ~1 MB): the section is cut one level down, at its mapping's keys (incrementalSections.ts, parseLong), and an
 * edit inside it re-parses the parts around it. Corpus documents broken inside their longest section
 * (breakInside: junk lines at the mapping's indentation, some running into the next key past 1,024 characters),
 * edited at random, the size thresholds lowered: each version must equal a full parse.
 */
test('random edits inside a long section of broken documents equal full parses, and many go by its parts', () => {
  withSmallSections(() => {
    const r = rng(2727);
    const files = [...corpusFiles(CORPUS).filter((_, i) => i % 6 === 0), ...corpusFiles(join(CORPUS_ROOT, 'fern')).filter((_, i) => i % 14 === 2)];
    let bySections = 0;
    let total = 0;
    const joined = sectionStats.longSections;
    const deepJoined = sectionStats.deepSections;
    let broken = 0;
    files.forEach((f, i) => {
      const text = breakInside(readFileSync(f, 'utf8'), r, i % 2 === 1);
      if (!text) return;
      broken++;
      const run = fuzz(f.slice(CORPUS_ROOT.length + 1), text, 3, 9000 + i);
      bySections += run.bySections;
      total += run.total;
    });
    assert.ok(broken > 15, `${broken} documents broken inside a long section`);
    const long = sectionStats.longSections - joined;
    const deep = sectionStats.deepSections - deepJoined;
    assert.ok(deep > total / 16, `mappings below the top level should be cut too (${deep} joined from parts)`);
    assert.ok(long > total / 8, `long sections should be cut one level down (${long} joined from parts over ${total} versions)`);
    // Not many: the junk at the mapping's indentation leaves parts open (parsed again with the next ones, up to an
    // eighth of a small text), random edits break the structure above the mapping, and after a failed try the
    // next versions are full parses; equality is the point (the joins above count opens and edits).
    assert.ok(bySections > total / 32, `edits should go by sections (${bySections}/${total})`);
  });
});
