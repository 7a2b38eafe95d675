/** "Did you mean …?": the closest candidate to a misspelt word, or undefined when nothing is close enough. */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions, the usual typo). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (!m) return n;
  if (!n) return m;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  return nearest(word, candidates, 1)[0];
}

/**
 * The candidates close enough to a misspelt word, nearest first (a difference of case only is nearest of all),
 * at most `max` of them. Ties keep the candidates' order.
 */
export function nearest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = word.toLowerCase();
  // Short words tolerate one edit, longer ones about a third of their length.
  const limit = Math.max(1, Math.floor(word.length / 3));
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d <= limit) scored.push({ c, d });
  }
  return scored
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .map((x) => x.c);
}
