/**
 * "Did you mean" for a mistyped command, option or profile name: the closest
 * known word by optimal-string-alignment distance (Damerau 1964, Levenshtein 1966: insertions,
 * deletions, substitutions, and transpositions of two adjacent letters, each costing 1).
 */

/** Edit distance between a and b counting adjacent transpositions as one edit. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  // d[i][j]: distance between a[0, i) and b[0, j); three rows are enough for the transposition.
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = new Array<number>(n + 1);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

/**
 * The known word closest to `word`, if it is close enough to be what was meant: at most a third
 * of the word's length in edits (at least 1, at most 3), or `word` is a prefix of exactly one
 * known word. Ties go to the first in `known`.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(w.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(w, k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  if (bestD <= limit) return best;
  const prefixed = known.filter((k) => w.length >= 2 && k.toLowerCase().startsWith(w));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** " (did you mean 'x'?)" when something is close, else ''. */
export const didYouMean = (word: string, known: readonly string[], quote = (s: string) => `'${s}'`): string => {
  const c = closest(word, known);
  return c === undefined ? '' : ` (did you mean ${quote(c)}?)`;
};
