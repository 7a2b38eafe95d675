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
import { chunksOf, reachesRef } from '../../server/src/languageService/asyncapi/semantic/resolvedDocument';
import { documentRefs } from '../../server/src/languageService/asyncapi/semantic/walk';
import { pointerToPath } from '../../server/src/languageService/core/refs';
import { generateAsyncApi } from '../helpers/generate';
import { CORPUS as CORPUS_ROOT, walk } from '../helpers/fixtures';

const CORPUS = join(CORPUS_ROOT, 'asyncapi');
const key = (e: { instancePath: string; schemaPath: string; keyword: string; message?: string }) =>
  `${e.instancePath} ${e.schemaPath} ${e.keyword} ${e.message}`;

function documents(): [string, unknown][] {
  return [
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
}

test('chunked validation gives the whole validation errors in the same order (root-level aside)', () => {
  const docs = documents();
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

/** Whether `sub` is `all` with some items left out, the rest in the same order. */
function subsequence(sub: string[], all: string[]): boolean {
  let i = 0;
  for (const x of all) if (i < sub.length && sub[i] === x) i++;
  return i === sub.length;
}

test('chunks of only the entries that reach a $ref keep every error a reference is on the way to, in order', () => {
  // Written documents checked as resolved ones: in 3.x every `$ref` object is an error, at its holder. Two made-up ones
  // add a map that is itself a reference and a document whose root is one.
  const docs: [string, unknown][] = [
    ...documents(),
    [
      'map is a $ref',
      {
        asyncapi: '2.6.0',
        info: { title: 't', version: '1' },
        channels: { a: { subscribe: { message: { payload: 1 } } } },
        components: { schemas: { $ref: 'other.yaml#/schemas' } },
      },
    ],
    ['root is a $ref', { $ref: 'other.yaml', asyncapi: '3.0.0', info: { title: 't', version: '1' }, channels: { a: { address: 1 } } }],
  ];
  let size = 0;
  let left = 0;
  let crossing = 0;
  for (const [name, value] of docs) {
    const version = (value as { asyncapi?: unknown } | undefined)?.asyncapi;
    if (!value || typeof value !== 'object' || !isSupportedVersion(version)) continue;
    const refs = documentRefs(value as Record<string, unknown>);
    if (!refs.length) continue;
    const holders = new Set(refs.map((r) => r.holder.join('/')));
    const crossesRef = (instancePath: string) => {
      const path = pointerToPath(instancePath);
      return path.some((_, i) => holders.has(path.slice(0, i + 1).join('/'))) || holders.has('');
    };
    const errorsOf = (chunks: Record<string, unknown>[]) => chunks.flatMap((c) => validateValue(version, c, 'resolved').filter((e) => e.instancePath !== ''));
    const [allChunks, someChunks] = [
      chunksOf(version, value as Record<string, unknown>),
      chunksOf(version, value as Record<string, unknown>, reachesRef(refs)),
    ];
    const [all, some] = [errorsOf(allChunks), errorsOf(someChunks)];
    size += JSON.stringify(allChunks).length;
    left += JSON.stringify(allChunks).length - JSON.stringify(someChunks).length;
    assert.ok(subsequence(some.map(key), all.map(key)), `${name}: the kept chunks' errors are the whole's, in order`);
    const needed = all.filter((e) => crossesRef(e.instancePath)).map(key);
    assert.ok(subsequence(needed, some.map(key)), `${name}: every error a reference is on the way to is kept`);
    crossing += needed.length;
  }
  // 3.x's resolved schema refuses a `$ref` where 2.x's (its raw one) accepts it: those are the errors crossing one.
  // And the point of it: much of the documents' text is not validated again.
  assert.ok(crossing > 100 && left > size / 4, `${crossing} errors crossing a reference; ${left} of ${size} characters left out`);
});
