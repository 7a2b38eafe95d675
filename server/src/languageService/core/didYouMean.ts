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
  return guesses(word, candidates)[0];
}

/**
 * Words that mean another allowed word without being spelt like it: AsyncAPI 2.x wording in a 3.x document
 * (and back), and type names from programming languages. The first listed is the likelier intent.
 */
const SYNONYMS: Record<string, string[]> = {
  // 2.x `publish`: others publish, the application receives; `subscribe`: the application sends.
  publish: ['receive', 'send'],
  subscribe: ['send', 'receive'],
  host: ['url'],
  url: ['host'],
  bool: ['boolean'],
  float: ['number'],
  double: ['number'],
  dict: ['object'],
  map: ['object'],
  list: ['array'],
};

/** Notes that say why a synonym is offered, where that is not obvious. */
export const SYNONYM_NOTES: Record<string, string> = {
  publish: 'In AsyncAPI 2.x `publish` meant the application receives; 3.x says `receive` (or `send` for what it sends).',
  subscribe: 'In AsyncAPI 2.x `subscribe` meant the application sends; 3.x says `send` (or `receive` for what it receives).',
};

/**
 * Everything a misspelt word may have meant, likeliest first: a known synonym among the candidates, else the
 * nearest spellings, else a candidate it abbreviates (`str` → `string`) or extends (`querystring` → `query`).
 */
export function guesses(word: string, candidates: Iterable<string>): string[] {
  const list = [...candidates];
  const synonyms = (SYNONYMS[word.toLowerCase()] ?? []).filter((s) => list.includes(s));
  if (synonyms.length) return synonyms;
  const near = nearest(word, list);
  if (near.length) return near.slice(0, 1);
  return prefixed(word.toLowerCase(), list);
}

/** Candidates sharing a prefix of at least three letters with the word, covering all of the shorter one. */
function prefixed(word: string, list: string[]): string[] {
  const out = list.filter((c) => {
    const lc = c.toLowerCase();
    return Math.min(lc.length, word.length) >= 3 && (lc.startsWith(word) || word.startsWith(lc));
  });
  return out.length === 1 ? out : [];
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
