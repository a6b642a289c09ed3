/**
 * Kayenta's percentile: linear interpolation between order statistics (R's type 7, numpy's default),
 * with p given in percent.
 *
 * Kayenta port: a deliberate copy of Kayenta's own arithmetic, kept apart from `src/stats/` so the
 * Kayenta-compatible judge matches Kayenta bit for bit. Do not merge it with the native statistics
 * (see src/kayenta/port/README.md).
 */

/**
 * The p-th percentile (0 ≤ p ≤ 100) of `values` by R-7 interpolation: rank r = (p/100)·(n − 1) in the
 * sorted values, interpolated between ⌊r⌋ and ⌈r⌉. `values` must not be empty.
 *
 * @example
 * kayentaPercentile([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5], 50) // => 1.75
 */
export function kayentaPercentile(values: readonly number[], p: number): number {
  const sorted = Float64Array.from(values).sort();
  return percentileOfSorted(sorted, p);
}

/** As `kayentaPercentile`, for values already sorted ascending. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const lowerIndex = Math.floor(rank);
  const lowerValue = sorted[lowerIndex] as number;
  if (lowerIndex >= sorted.length - 1 || rank === lowerIndex) return lowerValue;
  const upperValue = sorted[lowerIndex + 1] as number;
  return lowerValue + (rank - lowerIndex) * (upperValue - lowerValue);
}
