/** Kept semantic diagnostics move through each edit (server/src/movedDiagnostics.ts); those it touched go. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keptFor, moveThrough } from '../../server/src/movedDiagnostics';
import { SpecDocument } from '../../server/src/languageService/core/specDocument';
import { Severity, type SpecDiagnostic } from '../../server/src/languageService/core/types';

const diag = (start: number, end: number): SpecDiagnostic => ({ start, end, severity: Severity.Error, code: 'x', message: 'm' });
const spans = (ds: SpecDiagnostic[]) => ds.map((d) => [d.start, d.end]);

test('before the edit stays, after it moves by the length change, overlapping it is dropped', () => {
  const ds = [diag(0, 4), diag(4, 6), diag(10, 12), diag(20, 25)];
  assert.deepEqual(spans(moveThrough(ds, { start: 6, oldEnd: 11, newEnd: 8 })), [
    [0, 4],
    [4, 6],
    [17, 22],
  ]);
  // A pure insertion: what starts at it moves, what ends at it stays, what holds it is dropped.
  assert.deepEqual(spans(moveThrough(ds, { start: 10, oldEnd: 10, newEnd: 13 })), [
    [0, 4],
    [4, 6],
    [13, 15],
    [23, 28],
  ]);
  assert.deepEqual(spans(moveThrough(ds, { start: 5, oldEnd: 5, newEnd: 6 })), [
    [0, 4],
    [11, 13],
    [21, 26],
  ]);
});

test('kept diagnostics follow a document from version to version, and are dropped over a version gap', () => {
  const v1 = new SpecDocument('file:///a.yaml', 'a: 1\nb: 2\n', 1);
  const kept = { version: 1, diagnostics: [diag(5, 9)] };
  const v2 = new SpecDocument('file:///a.yaml', '# x\na: 1\nb: 2\n', 2, v1);
  assert.deepEqual(keptFor(kept, v2), { version: 2, diagnostics: [diag(9, 13)] });
  const v3 = new SpecDocument('file:///a.yaml', '# y\na: 1\nb: 2\n', 3, v2);
  assert.equal(keptFor(kept, v3), undefined);
  assert.equal(keptFor(kept, new SpecDocument('file:///a.yaml', 'a: 1\n', 7)), undefined);
});
