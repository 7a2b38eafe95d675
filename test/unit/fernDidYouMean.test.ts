/**
 * Fern's "did you mean" (fern/didYouMean.ts) cuts each distance short once it cannot beat the best so far: the
 * answer must be the one the full distance to every candidate gives (the first nearest, within a third of the
 * word), over random words and candidate lists, and it must cut: a broken 1 MB Fern file looked thousands of
 * unknown names up among thousands of types on every keystroke.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { closest, distanceWithin } from '../../server/src/languageService/fern/didYouMean';

/** The whole-matrix version this replaced. */
function fullDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function reference(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = fullDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) && bestDistance < word.length ? best : undefined;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', 'd', 'e', '_'), maxLength: 12 });

test('closest gives what the full distance to every candidate gives', () => {
  fc.assert(
    fc.property(word, fc.array(word, { maxLength: 30 }), (w, cs) => assert.equal(closest(w, cs), reference(w, cs))),
    { numRuns: 3000, seed: 17 },
  );
});

test('distanceWithin is the distance up to its bound, and bound + 1 past it', () => {
  fc.assert(
    fc.property(word, word, fc.nat(8), (a, b, bound) => assert.equal(distanceWithin(a, b, bound), Math.min(fullDistance(a, b), bound + 1))),
    { numRuns: 3000, seed: 18 },
  );
});

test('thousands of unknown names among thousands of types: the distances are cut short', () => {
  const types = Array.from({ length: 3000 }, (_, i) => `GeneratedTypeName${i}Response`);
  const unknown = Array.from({ length: 3000 }, (_, i) => `MissingThing${i}`);
  const t0 = process.cpuUsage();
  for (const u of unknown) closest(u, types);
  const cpu = process.cpuUsage(t0);
  const ms = (cpu.user + cpu.system) / 1000;
  // The full distances take seconds here (9 million of them); the cut ones a small fraction of that.
  assert.ok(ms < 1500, `${ms.toFixed(0)} ms of CPU`);
});
