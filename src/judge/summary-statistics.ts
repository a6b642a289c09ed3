/**
 * Descriptive statistics of one side of a metric, reported next to the test result so a reader can
 * see the compared values.
 */
import { quantileSorted } from '../stats/quantile.js';

/** count, mean, median, p95, p99, min, max and stddev of a series; null fields when empty. */
export interface SummaryStatistics {
  readonly count: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** Sample standard deviation (n − 1 in the denominator); null below 2 values. */
  readonly stddev: number | null;
}

/** Summed counts of a `rate` metric's side. */
export interface CountSummary {
  readonly events: number;
  readonly total: number;
  /** events / total; null when total is 0. */
  readonly rate: number | null;
}

/** The summary of one side: statistics of the values (for rates: of the per-point rates), plus counts for rates. */
export interface SideSummary extends SummaryStatistics {
  readonly counts: CountSummary | null;
}

/**
 * Summarises values that are already sorted ascending and finite (quantiles are R type 7).
 *
 * @example
 * summarizeSorted(Float64Array.from([1, 2, 3, 4])).median // => 2.5
 */
export function summarizeSorted(sorted: ArrayLike<number>): SummaryStatistics {
  const count = sorted.length;
  if (count === 0) {
    return { count, mean: null, median: null, p95: null, p99: null, min: null, max: null, stddev: null };
  }
  const mean = meanOf(sorted);
  let squares = 0;
  for (let index = 0; index < count; index++) {
    const deviation = (sorted[index] as number) - mean;
    squares += deviation * deviation;
  }
  return {
    count,
    mean,
    median: quantileSorted(sorted, 0.5, 7),
    p95: quantileSorted(sorted, 0.95, 7),
    p99: quantileSorted(sorted, 0.99, 7),
    min: sorted[0] as number,
    max: sorted[count - 1] as number,
    stddev: count < 2 ? null : Math.sqrt(squares / (count - 1)),
  };
}

/**
 * Arithmetic mean, computed with a running update that cannot overflow for large finite values.
 *
 * @example
 * meanOf([1, 2, 6]) // => 3
 */
export function meanOf(values: ArrayLike<number>): number {
  let mean = 0;
  for (let index = 0; index < values.length; index++) mean += ((values[index] as number) - mean) / (index + 1);
  return mean;
}
