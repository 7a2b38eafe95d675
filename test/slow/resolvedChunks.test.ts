/**
 * The resolved-document check validates its document in chunks (short steps for the server's one thread). The
 * chunks must give exactly the errors of one whole validation, in the same order, but for root-level ones.
 * The documents as written, checked against the resolved schema, make a demanding case: every `$ref` there
 * is an error with alternatives (oneOf), all over the document.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isSupportedVersion } from '../../server/src/languageService/asyncapi/officialSchemas';
import { validateValue } from '../../server/src/languageService/asyncapi/schemas';
import { chunksOf } from '../../server/src/languageService/asyncapi/semantic/resolvedDocument';
import { generateAsyncApi } from '../helpers/generate';
import { CORPUS as CORPUS_ROOT, walk } from '../helpers/fixtures';

const CORPUS = join(CORPUS_ROOT, 'asyncapi');
const key = (e: { instancePath: string; schemaPath: string; keyword: string; message?: string }) =>
  `${e.instancePath} ${e.schemaPath} ${e.keyword} ${e.message}`;

test('chunked validation gives the whole validation errors in the same order (root-level aside)', () => {
  const docs: [string, unknown][] = [
    ['generated 2.6', parse(generateAsyncApi('2.6', 3000))],
    ['generated 3.0', parse(generateAsyncApi('3.0', 3000))],
    ...walk(CORPUS, /\.ya?ml$/i).map((f): [string, unknown] => {
      try {
        return [f, parse(readFileSync(f, 'utf8'))];
      } catch {
        return [f, undefined];
      }
    }),
  ];
  let compared = 0;
  let withErrors = 0;
  for (const [name, value] of docs) {
    const version = (value as { asyncapi?: unknown } | undefined)?.asyncapi;
    if (!value || typeof value !== 'object' || !isSupportedVersion(version)) continue;
    const whole = validateValue(version, value, 'resolved')
      .filter((e) => e.instancePath !== '')
      .map(key);
    const chunked = chunksOf(version, value as Record<string, unknown>).flatMap((c) =>
      validateValue(version, c, 'resolved')
        .filter((e) => e.instancePath !== '')
        .map(key),
    );
    assert.deepEqual(chunked, whole, name);
    compared++;
    if (whole.length) withErrors++;
  }
  assert.ok(compared > 40 && withErrors > 20, `${compared} documents, ${withErrors} with errors`);
});
