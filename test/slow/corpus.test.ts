/**
 * The AsyncAPI corpus (test/corpus/asyncapi) against what @asyncapi/parser 3.6.3 says (SOURCES.tsv, and
 * the parser itself, run here on the invalid files to learn its error paths):
 * - no error-severity diagnostic on any file the parser finds valid;
 * - on each invalid file, every parser error code is reported by us (the schema pass's `schema-*` codes count
 *   as `asyncapi-document-resolved`), at the parser's path: on the node there, or on the `$ref` that brings in
 *   the content the parser complains about. Errors that only exist for lack of network are documented, not
 *   required. Prints an agreement table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { corpusWorkspaceFolders, diskService, fileUri, CORPUS } from '../helpers/fixtures';
import { dereference } from '../../server/src/languageService/asyncapi/dereference';
import { parseRef, valueAtPath } from '../../server/src/languageService/core/refs';
import { Severity, type SpecDiagnostic } from '../../server/src/languageService/core/types';
import { nodeAtPath, type JsonPath } from '../../server/src/languageService/core/yamlAst';
import type { LanguageService } from '../../server/src/languageService/languageService';

const SOURCES = join(CORPUS, 'SOURCES.tsv');

interface Row {
  file: string;
  valid: boolean;
  codes: string[];
}

function rows(): Row[] {
  const [header, ...lines] = readFileSync(SOURCES, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t').map((c) => c.trim()));
  const col = (name: string) => header.indexOf(name);
  return lines
    .filter((r) => r[col('file')].startsWith('asyncapi/') && /^[23]\./.test(r[col('version')]))
    .map((r) => ({
      file: r[col('file')],
      valid: r[col('parser_valid')] === 'yes',
      codes: (r[col('parser_error_codes')] ?? '')
        .split(';')
        .filter(Boolean)
        .map((c) => c.split(':')[0]),
    }));
}

const ourCode = (d: SpecDiagnostic) => (d.code.startsWith('schema-') ? 'asyncapi-document-resolved' : d.code);

interface ParserError {
  code: string;
  path: JsonPath;
  message: string;
  source?: string;
}

async function parserErrors(file: string): Promise<ParserError[]> {
  // Loaded only here: requiring the parser costs most of a second.
  const { Parser, fromFile } = await import('@asyncapi/parser');
  const parser = new Parser();
  const { diagnostics } = await fromFile(parser, file).parse();
  return diagnostics
    .filter((d) => d.severity === 0)
    .map((d) => ({ code: String(d.code), path: d.path.map((s) => (typeof s === 'number' ? s : String(s))), message: d.message, source: d.source }));
}

const NETWORK = /FetchError|ENOTFOUND|ECONNREFUSED|getaddrinfo|EAI_AGAIN/;

/** Follows a parser path through the written documents (crossing `$ref`s); the value there and its file. */
function follow(service: LanguageService, uri: string, path: JsonPath): { value: unknown; uri: string } | undefined {
  let value: unknown = service.store.get(uri)?.value;
  const cross = () => {
    for (let i = 0; i < 32 && value && typeof value === 'object' && typeof (value as { $ref?: unknown }).$ref === 'string'; i++) {
      const ref = parseRef((value as { $ref: string }).$ref, uri);
      if (!ref || ref.remote) return;
      uri = ref.uri;
      value = valueAtPath(service.store.get(uri)?.value, ref.path);
    }
  };
  for (const seg of path) {
    cross();
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[String(seg)];
  }
  return { value, uri };
}

/** A parser error caused by a reference we cannot fetch here (the content at its path reaches an http(s) ref). */
function networkOnly(service: LanguageService, uri: string, e: ParserError): boolean {
  if (NETWORK.test(e.message)) return true;
  const at = follow(service, uri, e.path);
  if (!at) return false;
  return dereference(service.store, at.uri, at.value).unresolved.some((r) => /^https?:/i.test(r));
}

/** Whether one of our diagnostics with the parser's code sits at the parser's path (see the file comment). */
function landsAtPath(service: LanguageService, uri: string, e: ParserError, ours: SpecDiagnostic[]): boolean {
  const same = ours.filter((d) => ourCode(d) === e.code);
  const doc = service.store.get(uri)!;
  if (e.source && e.source !== doc.uri && !e.source.endsWith(decodeURIComponent(new URL(uri).pathname))) {
    // Reported inside a referenced file: we report on the `$ref` here that brings that file in.
    const name = basename(e.source);
    return same.some((d) => doc.text.slice(d.start, d.end).includes(name) || d.message.includes(name));
  }
  const t = nodeAtPath(doc.ast, e.path);
  // The deepest node that exists on the path: the node itself, or the `$ref` holder the content came through.
  const key = t.key?.range;
  const value = t.value?.range;
  const start = Math.min(key?.[0] ?? Infinity, value?.[0] ?? Infinity);
  const end = Math.max(key?.[1] ?? -1, value?.[1] ?? -1);
  return same.some((d) => d.start >= start && d.end <= end);
}

const EXAMPLE_CODES = /-message-examples$|-schema-(default|examples)$/;

/** The example (a message example's payload or headers) or default a parser error lies in. */
function exampleOf(path: JsonPath): JsonPath {
  const i = path.lastIndexOf('examples');
  if (i >= 0) return path.slice(0, ['payload', 'headers'].includes(String(path[i + 2])) ? i + 3 : i + 2);
  const d = path.lastIndexOf('default');
  return d >= 0 ? path.slice(0, d + 1) : path;
}

test('corpus: agreement with @asyncapi/parser 3.6.3', async () => {
  const service = diskService({}, corpusWorkspaceFolders());
  const table: string[][] = [['file', 'parser', 'ours', 'paths', 'agree']];
  const failures: string[] = [];
  for (const row of rows()) {
    const path = join(CORPUS, row.file);
    const uri = fileUri(path);
    const diags = service.diagnostics(uri);
    const errors = diags.filter((d) => d.severity === Severity.Error);
    const ourCodes = [...new Set(errors.map(ourCode))].sort();
    const short = row.file.replace(/^asyncapi\//, '');
    if (row.valid) {
      const agree = errors.length === 0;
      if (!agree) failures.push(`${short}: parser-valid but we report ${errors.map((d) => `${d.code} "${d.message}"`).join('; ')}`);
      table.push([short, '-', ourCodes.join(',') || '-', '', agree ? 'yes' : 'NO']);
      continue;
    }
    const parser = await parserErrors(path);
    const parserCodes = [...new Set(parser.map((e) => e.code))];
    assert.deepEqual(parserCodes.sort(), [...new Set(row.codes)].sort(), `${short}: the parser here agrees with SOURCES.tsv`);
    const required = parser.filter((e) => !networkOnly(service, uri, e));
    let matched = 0;
    const missingCodes = new Set<string>();
    for (const code of new Set(required.map((e) => e.code))) {
      const ofCode = required.filter((e) => e.code === code);
      // Example checks narrow a failed oneOf to one branch too: the parser's errors on the other branches'
      // values are met by one of ours inside the same example.
      const narrowed = EXAMPLE_CODES.test(code);
      const hits = ofCode.filter((e) => landsAtPath(service, uri, narrowed ? { ...e, path: exampleOf(e.path) } : e, errors));
      matched += hits.length;
      // Our own rules must hit every path; the schema pass narrows a failed oneOf to one branch where the
      // parser lists every alternative, so for it one hit per code proves the same problem is found.
      const enough = code === 'asyncapi-document-resolved' ? hits.length > 0 : hits.length === ofCode.length;
      if (!enough) {
        missingCodes.add(code);
        for (const e of ofCode.filter((x) => !hits.includes(x))) failures.push(`${short}: ${code} not reported at ${JSON.stringify(e.path)} (${e.message})`);
      }
    }
    const documented = required.length === 0 ? ' (network only)' : '';
    table.push([short, parserCodes.join(','), ourCodes.join(',') || '-', `${matched}/${required.length}${documented}`, missingCodes.size ? 'NO' : 'yes']);
  }
  const widths = table[0].map((_, i) => Math.min(90, Math.max(...table.map((r) => r[i].length))));
  console.log(table.map((r) => r.map((c, i) => (c.length > widths[i] ? '…' + c.slice(-widths[i] + 1) : c.padEnd(widths[i]))).join(' | ')).join('\n'));
  assert.deepEqual(failures, []);
});
