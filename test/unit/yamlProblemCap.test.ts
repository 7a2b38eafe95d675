/** Issue 13 (budget): a badly broken text keeps the first yaml problems and counts the rest, instead of building them all. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { MoreProblems, parseYaml } from '../../server/src/languageService/core/yamlParse';
import { MAX_DIAGNOSTICS, capDiagnostics } from '../../server/src/languageService/core/diagnosticCap';
import { serviceWith } from '../helpers/fixtures';

const head = "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\n";

test('yaml problems past the cap are counted in one error at the first of them, the kept ones are yaml’s own', () => {
  const text = `${head}${'- x\n'.repeat(2000)}`;
  const theirs = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  const ours = parseYaml(text, { uniqueKeys: false });
  assert.equal(theirs.errors.length, 6000);
  assert.equal(ours.errors.length, MAX_DIAGNOSTICS + 1);
  assert.deepEqual(
    ours.errors.slice(0, MAX_DIAGNOSTICS).map((e) => [e.code, e.pos, e.message]),
    theirs.errors.slice(0, MAX_DIAGNOSTICS).map((e) => [e.code, e.pos, e.message]),
  );
  const last = ours.errors[MAX_DIAGNOSTICS];
  assert.deepEqual(last.pos[0], theirs.errors[MAX_DIAGNOSTICS].pos[0]);
  assert.match(last.message, /And 5000 more YAML problems/);
});

test('the parser’s own error tokens past the cap are counted too (they reach the document without the composer’s onError)', () => {
  // A JSON text pasted after itself: each stray `}` or `]` after the first document is a top-level error token.
  const json = '{"asyncapi": "3.0.0", "info": {"title": "t", "version": "1"}}\n';
  const text = json + '}]\n'.repeat(1500);
  const theirs = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  const ours = parseYaml(text, { uniqueKeys: false });
  assert.equal(theirs.errors.length, 3000);
  assert.equal(ours.errors.length, MAX_DIAGNOSTICS + 1);
  assert.deepEqual(
    ours.errors.slice(0, MAX_DIAGNOSTICS).map((e) => [e.code, e.pos, e.message]),
    theirs.errors.slice(0, MAX_DIAGNOSTICS).map((e) => [e.code, e.pos, e.message]),
  );
  const last = ours.errors[MAX_DIAGNOSTICS];
  assert.equal(last.pos[0], theirs.errors[MAX_DIAGNOSTICS].pos[0]);
  assert.match(last.message, /And 2000 more YAML problems/);
  assert.deepEqual(ours.toJS(), theirs.toJS());
});

test('below the cap, the errors and warnings are exactly yaml’s parseDocument’s, multiple documents included', () => {
  for (const text of [head + 'a: [1, 2\nb: {\n', head + '---\nsecond: doc\n', head + 'x: !!weird 1\n\tt: 1\n', '']) {
    const theirs = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
    const ours = parseYaml(text, { uniqueKeys: false });
    assert.deepEqual(
      ours.errors.map((e) => [e.code, e.pos, e.message]),
      theirs.errors.map((e) => [e.code, e.pos, e.message]),
      text,
    );
    assert.deepEqual(
      ours.warnings.map((e) => [e.code, e.pos, e.message]),
      theirs.warnings.map((e) => [e.code, e.pos, e.message]),
    );
    assert.deepEqual(ours.toJS(), theirs.toJS());
  }
});

test('the count is a diagnostic of its own kind, not an unreadable document', () => {
  const { service, uri } = serviceWith({ 'a.yaml': `${head}${'- x\n'.repeat(2000)}` });
  const d = service.fastDiagnostics(uri('a.yaml'));
  // One for yaml's own problems, one for the duplicate keys (each `- x` there is a key-less pair).
  assert.deepEqual(
    d.filter((x) => x.code === 'syntax-more-problems').map((x) => x.message.replace(/ from.*/, '')),
    ['And 5000 more YAML problems', 'And 999 more duplicate keys'],
  );
  assert.equal(d.filter((x) => x.code === 'syntax-unreadable').length, 0);
});

test('duplicate keys past the cap are counted too, and the diagnostic cap says how many problems in all are not shown', () => {
  const text = `${head}x-dup:\n${'  a: 1\n'.repeat(3000)}`;
  const doc = parseYaml(text, {});
  const dups = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
  assert.equal(dups.length, MAX_DIAGNOSTICS);
  const more = doc.errors.filter((e) => e instanceof MoreProblems);
  assert.equal(more.length, 1);
  assert.match(more[0].message, /And 1999 more duplicate keys/);
  // The first counted one is where the listed ones stop.
  assert.ok(more[0].pos[0] > dups[dups.length - 1].pos[0]);
  const { service, uri } = serviceWith({ 'd.yaml': text });
  const capped = capDiagnostics(service.fastDiagnostics(uri('d.yaml')));
  assert.equal(capped.length, MAX_DIAGNOSTICS + 1);
  assert.match(capped[MAX_DIAGNOSTICS].message, /^And 1999 more problems not shown/);
});
