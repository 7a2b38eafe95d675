/** Formatting every YAML file of the corpus keeps its data (and comments' text) and is idempotent (issue 16.11). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lexer, parse } from 'yaml';
import { CORPUS, readText, serviceWith, walk } from '../helpers/fixtures';
import type { TextEdit } from '../../server/src/languageService/core/types';

function apply(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

function formatted(text: string): string {
  const { service, uri } = serviceWith({ 'a.yaml': text });
  return apply(text, service.format(uri('a.yaml'), { tabSize: 2 }));
}

/** The comment tokens of yaml's own lexer (a `#` inside a block scalar or a quoted string is not one). */
const comments = (text: string) =>
  [...new Lexer().lex(text)]
    .filter((t) => t.startsWith('#'))
    .map((t) => t.trim())
    .sort();

test('formatting the corpus: the same data, the same comments, idempotent', () => {
  let changed = 0;
  for (const f of walk(CORPUS, /\.ya?ml$/i)) {
    const text = readText(f);
    const out = formatted(text);
    if (out === text) continue;
    changed++;
    assert.deepEqual(parse(out, { maxAliasCount: -1 }), parse(text, { maxAliasCount: -1 }), f);
    assert.deepEqual(comments(out), comments(text), `${f}: comments`);
    assert.equal(formatted(out), out, `${f}: idempotent`);
  }
  assert.ok(changed > 10, `formatted ${changed} files`);
});
