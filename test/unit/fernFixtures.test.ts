/**
 * Every Fern fixture under test/fixtures/fern/<case>/definition/ states its own mistakes: a line comment
 * `# expect: code @text ; code2` says which diagnostics land on that line (and, after `@`, the exact text the
 * range covers). The test demands each expected diagnostic and refuses any error or warning not expected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, diskService, fileUri, lineCol, readText, walk } from '../helpers/fixtures';
import { Severity } from '../../server/src/languageService/core/types';

const ROOT = join(FIXTURES, 'fern');

interface Expectation {
  line: number;
  code: string;
  text?: string;
}

function expectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((l, i) => {
    const m = /#\s*expect:\s*(.*)$/.exec(l);
    if (!m) return;
    for (const item of m[1].split(';')) {
      const [code, ...rest] = item.trim().split(/\s+@/);
      out.push({ line: i + 1, code: code.trim(), text: rest.length ? rest.join(' @').trim() : undefined });
    }
  });
  return out;
}

const cases = readdirSync(ROOT)
  .filter((n) => !n.startsWith('.'))
  .sort();

test('there are at least 20 Fern fixture cases', () => {
  assert.ok(cases.length >= 20, `${cases.length} cases`);
});

for (const name of cases) {
  test(`fixture ${name}: every mistake reported at its line, nothing else`, () => {
    const service = diskService();
    for (const path of walk(join(ROOT, name))) {
      const uri = fileUri(path);
      const text = readText(path);
      const diags = service.diagnostics(uri).filter((d) => d.severity <= Severity.Warning);
      const got = diags.map((d) => ({
        line: Number(lineCol(text, d.start).split(':')[0]),
        code: d.code,
        text: text.slice(d.start, d.end),
        message: d.message,
      }));
      const rel = path.slice(ROOT.length + 1);
      for (const e of expectations(text)) {
        const hit = got.find((g) => g.line === e.line && g.code === e.code && (e.text === undefined || g.text === e.text));
        assert.ok(
          hit,
          `${rel}:${e.line} expected ${e.code}${e.text ? ' on `' + e.text + '`' : ''}; got ${JSON.stringify(got.filter((g) => g.line === e.line))}`,
        );
      }
      for (const g of got) {
        const wanted = expectations(text).some((e) => e.line === g.line && e.code === g.code);
        assert.ok(wanted, `${rel}:${g.line} unexpected ${g.code} on \`${g.text}\`: ${g.message}`);
        assert.ok(g.message.length > 20, 'messages say what to do');
      }
    }
  });
}
