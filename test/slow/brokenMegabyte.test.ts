/**
 * The incremental parse by sections on ~1 MB broken documents, the fuzz suite's over-budget class (issue 13): each
 * derived document equals a full parse of the same text. Moved from test/unit/incrementalParse.test.ts: each takes
 * 1.5–3.7 s, a third of the unit layer's budget together.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { YAMLMap } from 'yaml';
import { SpecDocument } from '../../server/src/languageService/core/specDocument';
import { MoreProblems } from '../../server/src/languageService/core/yamlParse';
import { hasSections, sectionStats } from '../../server/src/languageService/core/incrementalSections';
import { assertSame } from '../helpers/parseOracle';
import { CORPUS } from '../helpers/fixtures';
import { resolveEdit, type Edit } from '../fuzz/edits';

/**
 * The fuzz suite's over-budget class (issue 13): a Fern file grown to ~1 MB by pasting itself after a line of
 * plain words at column 0 (read with the next line as one multi-line key), hundreds of problems of several kinds
 * and over 1,000 duplicate keys, top-level ones across sections. Each edit was a full parse (the problems are
 * not local): now the sections around it are re-parsed, the others keep their AST objects, and the result still
 * equals a full parse, the problem caps included.
 */
test('an edit of a ~1 MB broken document re-parses the sections around it and keeps the others', () => {
  const plans = readFileSync(join(CORPUS, 'fern/webflow__js-webflow-api/.mock/definition/sites/plans.yml'), 'utf8');
  const body = plans.slice(plans.indexOf('imports:'));
  let text = plans;
  while (text.length < 1_000_000) text += './junk pasted here"\n' + body;
  const open = new SpecDocument('file:///plans.yml', text, 1);
  assert.ok(open.ast.errors.some((e) => e.code === 'MULTILINE_IMPLICIT_KEY'));
  assert.ok(
    open.ast.errors.some((e) => e instanceof MoreProblems),
    'over 1,000 problems: the cap applies',
  );
  // The first edit builds the sections (a full parse's worth of work), the next ones re-parse a few of them.
  const at1 = text.indexOf('Business Hosting', 200_000);
  const v2 = text.slice(0, at1) + 'X' + text.slice(at1);
  const doc2 = new SpecDocument(open.uri, v2, 2, open);
  assertSame(doc2, v2, 'after the first edit');
  const before = [...(doc2.ast.contents as YAMLMap).items];
  const at2 = v2.indexOf('Get site plan details', 600_000);
  const v3 = v2.slice(0, at2) + 'typed ' + v2.slice(at2);
  const prevAst = doc2.ast;
  const doc3 = new SpecDocument(open.uri, v3, 3, doc2);
  assert.equal(doc3.ast, prevAst, 'the previous AST was re-used');
  const after = (doc3.ast.contents as YAMLMap).items;
  assert.equal(after.length, before.length);
  const changed = after.filter((p, i) => p !== before[i]).length;
  assert.ok(changed > 0 && changed <= 8, `only the pairs of the sections around the edit are new (${changed} of ${after.length})`);
  assertSame(doc3, v3, 'after an edit by sections');
});

/**
 * Damage under one top-level key (fuzz seed 25): a Fern file that is one `types:` mapping, grown to ~1 MB by a
 * slice of it pasted 1,534 times from inside its first key (each copy's last line runs into the next copy's first:
 * empty keys, BAD_INDENT, over 1,000 duplicate keys). A section over half the text was a full parse on every
 * edit (0.3-0.6 s of CPU): now `types:` is cut at its mapping's keys, the paste is parsed by those parts (copies
 * of the same text once) and an edit re-parses the part around it, all equal to a full parse.
 */
test('an edit inside a top-level key that holds most of a ~1 MB broken document re-parses a part of it', () => {
  const common = readFileSync(join(CORPUS, 'fern/Method-Security__networkscan/fern/definition/common.yml'), 'utf8');
  assert.ok(common.startsWith('types:\n  TransportType:'));
  const pasted = common.slice(0, 2) + common.slice(2, 653).repeat(1534) + common.slice(2);
  const small = new SpecDocument('file:///common.yml', common, 1);
  const v2 = new SpecDocument(small.uri, pasted, 2, small);
  assert.ok(v2.parsedWhole && hasSections(v2.ast), 'the paste is parsed by parts of `types:`');
  assert.ok(v2.ast.errors.some((e) => e instanceof MoreProblems) && v2.ast.errors.some((e) => e.code === 'DUPLICATE_KEY'));
  assertSame(v2, pasted, 'the paste');
  let doc = v2;
  for (const [i, at] of [0.2, 0.5, 0.85].entries()) {
    const offset = doc.text.indexOf('\n      - ', Math.floor(doc.text.length * at)) + 9;
    const next = doc.text.slice(0, offset) + 'X' + doc.text.slice(offset);
    const before = sectionStats.parsedChars;
    const edited = new SpecDocument(doc.uri, next, 3 + i, doc);
    const parsed = sectionStats.parsedChars - before;
    assert.ok(!edited.parsedWhole && parsed < 10_000, `the edit at ${offset} re-parsed ${parsed} chars of ${next.length}`);
    assertSame(edited, next, `after an edit at ${offset}`);
    doc = edited;
  }
});

/**
 * Damage several levels down (fuzz seed 25): a 668-character slice pasted 1,518 times inside one endpoint's
 * example of a Fern `service:` (annotations.yml, after the case's two earlier edits), ~1 MB. The mapping that
 * holds the paste is cut at its keys, and so is each one above it (`service:`, `endpoints:`): the paste goes by
 * those parts, and an edit inside it re-parses the part around it, all equal to a full parse.
 */
test('a paste several mappings down in a ~1 MB broken document goes by their parts, and so do the edits after it', () => {
  let text = readFileSync(join(CORPUS, 'fern/HumanSignal__label-studio-sdk/.mock/definition/annotations.yml'), 'utf8');
  const edits: Edit[] = [
    { kind: 'delete', at: 924762, length: 154 },
    { kind: 'copy', from: 184078, length: 316, to: 90182 },
  ];
  for (const e of edits) {
    const r = resolveEdit(e, text, []);
    text = text.slice(0, r.start) + r.text + text.slice(r.end);
  }
  const before = new SpecDocument('file:///annotations.yml', text, 3);
  const r = resolveEdit({ kind: 'grow', at: 896252, length: 668, times: 1518 }, text, []);
  const pasted = text.slice(0, r.start) + r.text + text.slice(r.end);
  assert.ok(pasted.length > 990_000, `${pasted.length} chars`);
  const deep = sectionStats.deepSections;
  const v4 = new SpecDocument(before.uri, pasted, 4, before);
  assert.ok(hasSections(v4.ast) && sectionStats.deepSections > deep, 'the paste went by the parts of the mappings holding it');
  assertSame(v4, pasted, 'the paste');
  let doc = v4;
  for (const [i, at] of [0.3, 0.6].entries()) {
    const offset = doc.text.indexOf('x: 20', Math.floor(doc.text.length * at)) + 4;
    const next = doc.text.slice(0, offset) + '7' + doc.text.slice(offset);
    const parsed = sectionStats.parsedChars;
    const edited = new SpecDocument(doc.uri, next, 5 + i, doc);
    assert.ok(!edited.parsedWhole && sectionStats.parsedChars - parsed < 10_000, `the edit at ${offset} re-parsed ${sectionStats.parsedChars - parsed} chars`);
    assertSame(edited, next, `after an edit at ${offset}`);
    doc = edited;
  }
});
