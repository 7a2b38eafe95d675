/**
 * Agreement with @asyncapi/parser 3.6.3 (as recorded in SOURCES.tsv): a file the parser finds valid gets no
 * schema error from us. Schema errors the parser does report (`asyncapi-document-resolved`) on invalid files
 * are checked by the corpus agreement test of the whole service.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CORPUS, readText } from '../helpers/fixtures';
import { SpecDocument } from '../../server/src/languageService/core/specDocument';
import { schemaDiagnostics } from '../../server/src/languageService/asyncapi/schemaValidation';
import { Severity } from '../../server/src/languageService/core/types';

const SOURCES = join(CORPUS, 'SOURCES.tsv');

interface Row {
  file: string;
  version: string;
  valid: string;
}

function rows(): Row[] {
  const [head, ...lines] = readText(SOURCES).trim().split('\n');
  const cols = head.split('\t');
  const at = (name: string) => cols.indexOf(name);
  return lines.map((l) => l.split('\t')).map((c) => ({ file: c[at('file')], version: c[at('version')], valid: c[at('parser_valid')] }));
}

test('schema corpus: no schema error on any AsyncAPI file the parser finds valid', () => {
  const valid = rows().filter((r) => r.valid === 'yes' && /^[23]\./.test(r.version));
  assert.ok(valid.length >= 40, `corpus has ${valid.length} valid AsyncAPI files`);
  const failures: string[] = [];
  for (const r of valid) {
    const path = join(CORPUS, r.file);
    const doc = new SpecDocument('file://' + path, readText(path), 1);
    for (const d of schemaDiagnostics(doc).filter((x) => x.severity === Severity.Error)) {
      failures.push(`${r.file} @${d.start}: ${d.code} ${d.message}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('schema corpus: the parser-invalid fixture with an unknown info key is reported on that key', () => {
  const path = join(CORPUS, 'asyncapi/asyncapi__spec-json-schemas/test/fixtures/asyncapi.yml');
  const text = readText(path);
  const diags = schemaDiagnostics(new SpecDocument('file://' + path, text, 1));
  assert.deepEqual(
    diags.map((d) => [d.code, text.slice(d.start, d.end)]),
    [['schema-unknown-key', 'dupa']],
  );
});

test('schema corpus: typos injected into every corpus file give pinpointed diagnostics, never an exception', () => {
  let reported = 0;
  for (const r of rows().filter((x) => /^[23]\./.test(x.version))) {
    const path = join(CORPUS, r.file);
    const typo = readText(path)
      .replace(/\n(\s+)(description|summary|title):/g, (m, ind: string, k: string, off: number) => (off % 3 === 0 ? `\n${ind}${k}x:` : m))
      .replace(/type: string/g, (m, off: number) => (off % 2 ? 'type: strin' : m));
    const diags = schemaDiagnostics(new SpecDocument('file://' + path, typo, 1));
    for (const d of diags) assert.ok(!['schema-no-match', 'schema-ambiguous'].includes(d.code), `${r.file}: ${d.message}`);
    reported += diags.length;
  }
  assert.ok(reported > 50, `typos reported: ${reported}`);
});
