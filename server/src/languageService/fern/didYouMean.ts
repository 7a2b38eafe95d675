/** "Did you mean" suggestions: the closest candidate by edit distance, if it is close enough to be a typo. */

export function closest(word: string, candidates: Iterable<string>): string | undefined {
  // A third of the word (at least 2 edits for short words) separates a typo from a different name.
  const limit = Math.min(Math.max(2, Math.floor(word.length / 3)), word.length - 1);
  if (limit < 0) return undefined;
  const w = word.toLowerCase();
  let best: string | undefined;
  // Only a candidate nearer than the best so far (and within the limit) can change the answer: the distance to
  // anything else is cut short. A broken 1 MB Fern file has thousands of unknown names, each looked up among
  // thousands of types; the full distance to each was 0.7 s of one keystroke (fuzz seed 23).
  let bound = limit;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    // The distance is at least the difference in length.
    if (Math.abs(lc.length - w.length) > bound) continue;
    const d = distanceWithin(w, lc, bound);
    if (d <= bound) {
      best = c;
      if (d === 0) break;
      bound = d - 1;
    }
  }
  return best;
}

/** Levenshtein distance of `a` and `b`, or `bound + 1` as soon as it is certain to be over `bound`. */
export function distanceWithin(a: string, b: string, bound: number): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    // A row's least value never decreases below it: past the bound here, the distance is too.
    if (rowMin > bound) return bound + 1;
    prev = cur;
  }
  return Math.min(prev[b.length], bound + 1);
}
