/**
 * The per-side statistics Kayenta reports in `experimentMetadata.stats` and `controlMetadata.stats`,
 * computed after NaN handling and outlier removal (so `count` is the number of usable points).
 *
 * Kayenta port: a deliberate copy of Kayenta's own arithmetic, kept apart from `src/stats/` so the
 * Kayenta-compatible judge matches Kayenta bit for bit. Do not merge it with the native statistics
 * (see src/kayenta/port/README.md).
 */

/** `{ min, max, mean, std, count }` of one side; `std` is the sample standard deviation (n − 1). */
export interface KayentaSummaryStatistics {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
  readonly count: number;
}

/**
 * Summarises one side. An empty side is all zeros with count 0; a single value has std 0.
 *
 * @example
 * kayentaSummaryStatistics([1, 1, 1, 10, 10, 10]) // => { min: 1, max: 10, mean: 5.5, std: 4.929503017546495, count: 6 }
 */
export function kayentaSummaryStatistics(values: readonly number[]): KayentaSummaryStatistics {
  const count = values.length;
  if (count === 0) return { min: 0, max: 0, mean: 0, std: 0, count: 0 };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
    sum += value;
  }
  const mean = sum / count;
  let sumOfSquares = 0;
  for (const value of values) sumOfSquares += (value - mean) * (value - mean);
  const std = count < 2 ? 0 : Math.sqrt(sumOfSquares / (count - 1));
  return { min, max, mean, std, count };
}
