/**
 * Ranks of a pooled sample with ties sharing their average rank, as Kayenta ranks values (commons-math
 * `NaturalRanking` with `TiesStrategy.AVERAGE` and `NaNStrategy.MAXIMAL`).
 *
 * Kayenta port: a deliberate copy of Kayenta's own arithmetic, kept apart from `src/stats/` so the
 * Kayenta-compatible judge matches Kayenta bit for bit. Do not merge it with the native statistics
 * (see src/kayenta/port/README.md).
 */

/** The ranks (1-based, ties averaged) and the size of every group of tied values. */
export interface AverageRanks {
  /** `ranks[i]` is the rank of `values[i]`. */
  readonly ranks: Float64Array;
  /** The size of each group of equal values, in ascending order of value (groups of one included). */
  readonly tieGroupSizes: readonly number[];
}

/**
 * Ranks `values` from 1 (smallest) to n, giving tied values the mean of the ranks they span. NaN ranks
 * as the largest value (tied with +Infinity), as commons-math's `NaNStrategy.MAXIMAL` does.
 *
 * Cost: O(n log n).
 *
 * @example
 * Array.from(averageRanks([10, 20, 10, 30]).ranks) // => [1.5, 3, 1.5, 4]
 */
export function averageRanks(values: ArrayLike<number>): AverageRanks {
  const size = values.length;
  const keys = new Float64Array(size);
  for (let index = 0; index < size; index++) {
    const value = values[index] as number;
    keys[index] = Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  }
  const order = Array.from({ length: size }, (_, index) => index);
  order.sort((left, right) => (keys[left] as number) - (keys[right] as number) || left - right);

  const ranks = new Float64Array(size);
  const tieGroupSizes: number[] = [];
  let start = 0;
  while (start < size) {
    const startKey = keys[order[start] as number] as number;
    let end = start + 1;
    while (end < size && keys[order[end] as number] === startKey) end++;
    // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const sharedRank = (start + 1 + end) / 2;
    for (let position = start; position < end; position++) ranks[order[position] as number] = sharedRank;
    tieGroupSizes.push(end - start);
    start = end;
  }
  return { ranks, tieGroupSizes };
}
