/**
 * The store parses an editor's text only when asked for it: a burst of updates is parsed once, from the last
 * parsed version straight to the newest (the superseded ones are never parsed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentStore } from '../../server/src/languageService/core/documentStore';
import type { SpecDocument } from '../../server/src/languageService/core/specDocument';
import { generateAsyncApiJson } from '../helpers/generate';
import { assertSame } from '../helpers/parseOracle';

const fs = { readFile: () => undefined, readDirectory: () => undefined };

test('a burst of updates parses only the newest version, derived from the last parsed one', () => {
  const store = new DocumentStore(fs);
  const parsed: number[] = [];
  store.whenParsed((d: SpecDocument) => parsed.push(d.version));
  const uri = 'file:///burst.json';
  let text = generateAsyncApiJson('3.0', 300);
  store.update(uri, text, 1);
  assert.deepEqual(parsed, [], 'nothing parsed before it is asked for');
  assert.ok(store.isOpen(uri));
  assert.deepEqual(store.openUris(), [uri]);
  assert.equal(store.get(uri)?.version, 1);
  const at = text.indexOf('"summary": "') + '"summary": "'.length;
  for (let v = 2; v <= 6; v++) {
    text = text.slice(0, at) + 'x' + text.slice(at);
    store.update(uri, text, v);
  }
  const doc = store.get(uri)!;
  assert.equal(doc.version, 6);
  assert.equal(doc.editFrom?.version, 1, 'derived from version 1: versions 2 to 5 were never parsed');
  assert.deepEqual(parsed, [1, 6]);
  assert.equal(store.get(uri), doc, 'parsed once');
  assertSame(doc, text, 'after the burst');
});

test('an update back to the parsed text and version is no change; close forgets a pending text', () => {
  const store = new DocumentStore(fs);
  const uri = 'file:///same.json';
  const v1 = store.setOpen(uri, '{"a": 1}', 1);
  store.update(uri, '{"a": 2}', 2);
  store.update(uri, '{"a": 1}', 1);
  assert.equal(store.get(uri), v1);
  store.update(uri, '{"a": 3}', 3);
  store.close(uri);
  assert.equal(store.isOpen(uri), false);
  assert.equal(store.get(uri), undefined, 'not on disk either');
});
