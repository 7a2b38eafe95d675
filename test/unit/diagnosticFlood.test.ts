/** Issue 13.12: a document with thousands of problems gets at most 1,000 diagnostics and one that counts the rest. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { serviceWith } from '../helpers/fixtures';
import { parseYaml } from '../../server/src/languageService/core/yamlParse';
import { MAX_DIAGNOSTICS } from '../../server/src/languageService/core/diagnosticCap';
import { Severity } from '../../server/src/languageService/core/types';

test('thousands of `- x` lines: the first 1,000 problems, errors first, then one saying how many more', () => {
  const lines = 2000;
  const { service, uri } = serviceWith({ 'list.yaml': `asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\n${'- x\n'.repeat(lines)}` });
  const all = service.fastDiagnostics(uri('list.yaml'));
  assert.ok(all.length > MAX_DIAGNOSTICS, `the case floods: ${all.length}`);
  const shown = service.diagnostics(uri('list.yaml'));
  assert.equal(shown.length, MAX_DIAGNOSTICS + 1);
  assert.ok(shown.slice(0, MAX_DIAGNOSTICS).every((d) => d.severity === Severity.Error));
  const last = shown[MAX_DIAGNOSTICS];
  assert.equal(last.code, 'too-many-diagnostics');
  assert.equal(last.severity, Severity.Information);
  // Problems the parser counted without listing them count as what they stand for (yamlParse.ts, MAX_PROBLEMS).
  const problems = all.reduce((n, d) => n + (d.hidden ?? 1), 0);
  assert.ok(problems >= 3 * lines, `${problems}`);
  assert.match(last.message, new RegExp(`And ${problems - MAX_DIAGNOSTICS} more problems`));
});

test('duplicate keys are the ones yaml itself reports, each spanning the whole key', () => {
  const texts = [
    'a: 1\nb: 2\na: 3\nlong key: 1\nlong key: 2\n',
    '{x: 1, "x": 2, y: [ {z: 1, z: 2} ]}\n',
    "'1': a\n1: b\n1.0: c\n? [k]\n: 1\n? [k]\n: 2\n",
    'm:\n  &a k: 1\n  !!str k: 2\n  .nan: 1\n  .nan: 2\n',
    `${Array.from({ length: 300 }, (_, i) => `k${i % 100}: ${i}`).join('\n')}\n`,
  ];
  for (const text of texts) {
    const ours = parseYaml(text, { uniqueKeys: true }).errors.filter((e) => e.code === 'DUPLICATE_KEY');
    const theirs = parseDocument(text, { uniqueKeys: true }).errors.filter((e) => e.code === 'DUPLICATE_KEY');
    assert.deepEqual(
      ours.map((e) => e.pos[0]),
      theirs.map((e) => e.pos[0]),
      text,
    );
  }
  const { service, uri, marks } = serviceWith({ 'a.yaml': 'asyncapi: 3.0.0\nx-a:\n  long key: 1\n  «long key»: 2\n' });
  const dup = service.fastDiagnostics(uri('a.yaml')).find((d) => d.code === 'duplicate-key');
  assert.deepEqual(dup && { start: dup.start, end: dup.end }, marks['a.yaml'].spans[0]);
});
