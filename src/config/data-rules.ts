/**
 * The data rules that need no schema library: the limits on series and histograms, the timestamp
 * rule and how a histogram count is rounded. The zod schemas (data-schema.ts), the measurement scan
 * and the data fast paths all read them from here, so the fast paths load no zod.
 */

/** The longest series accepted (points per side). */
export const MAX_SERIES_LENGTH = 10_000_000;

/**
 * The most buckets a histogram side may have. Classic Prometheus histograms have tens (the client
 * libraries' default has 11, + Inf included); a thousand leaves room for fine custom layouts while
 * keeping a hostile input from costing a walk of millions of bounds.
 */
export const MAX_HISTOGRAM_BUCKETS = 1000;

/**
 * The timestamp rules as a yes/no, for the fast paths that skip the schema on valid data: an array
 * of finite numbers (as the schema's timestamps accept them), one per point, never decreasing.
 *
 * @example
 * fitsTimestamps([0, 60, 60, 120], 4) // => true
 */
export function fitsTimestamps(timestamps: unknown, length: number): timestamps is number[] {
  if (!Array.isArray(timestamps) || timestamps.length !== length) return false;
  let previous = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < timestamps.length; index++) {
    const time: unknown = timestamps[index];
    if (typeof time !== 'number' || !Number.isFinite(time) || time < previous) return false;
    previous = time;
  }
  return true;
}

/**
 * The whole number a histogram count is taken as: Prometheus' `increase()` extrapolates to the
 * window's edges, so counts it returns are rarely whole; they are rounded to the nearest request.
 *
 * @example
 * wholeCount(1234.4) // => 1234
 */
export function wholeCount(count: number): number {
  return Math.round(count);
}
