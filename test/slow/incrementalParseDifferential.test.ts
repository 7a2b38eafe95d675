/**
 * Differential test of the incremental parse: after random single- and multi-character edits (and typing runs
 * that chain versions) over corpus files and generated specs, a document derived from the previous version must
 * equal a full parse of the same text: plain value, every node's range, scalar styles, errors and warnings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpecDocument } from '../../server/src/languageService/core/specDocument';
import { CORPUS as CORPUS_ROOT, walk } from '../helpers/fixtures';
import { generateAsyncApi, rng } from '../helpers/generate';
import { assertSame, fuzz } from '../helpers/parseOracle';

const CORPUS = join(CORPUS_ROOT, 'asyncapi');

/** The corpus's YAML files (the helper's walk; a missing corpus fails the run rather than passing silently). */
const corpusFiles = (dir: string): string[] => walk(dir, /\.ya?ml$/i);

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
