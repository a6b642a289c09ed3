/**
 * "Did you mean …?": the closest known spelling of a mistyped key, flag or name.
 */

/**
 * Edit distance between two words, ignoring letter case, where swapping two neighbouring letters
 * counts as one edit (optimal string alignment).
 *
 * @example
 * editDistance('tresholds', 'thresholds') // => 1
 */
export function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  const rows: number[][] = [];
  for (let i = 0; i <= left.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= right.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const previous = rows[i - 1] as number[];
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[left.length] as number[])[right.length] as number;
}

/**
 * The closest of `candidates` to `word` when it is close enough to be a likely typo: at most
 * max(1, ⌊length / 3⌋) edits away (the first closest wins), or else a candidate that `word`
 * (two letters or more) begins. Undefined when nothing is close.
 *
 * @example
 * suggest('confidenceLvel', ['confidenceLevel', 'seed']) // => 'confidenceLevel'
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance || (best === undefined && candidate.startsWith(word) && word.length >= 2)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
