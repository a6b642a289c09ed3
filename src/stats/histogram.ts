/**
 * A Prometheus-style classic histogram of requests: bucket upper bounds (the last one +Inf) and
 * cumulative counts, and what can be read from it: the bucket holding a rank, and a quantile
 * interpolated inside its bucket the way Prometheus' `histogram_quantile` does.
 *
 * The interpolation assumes the requests of a bucket are spread evenly between its bounds (a
 * piecewise-linear CDF). The lowest bucket starts at 0 when its upper bound is positive; a rank in
 * the +Inf bucket gives the largest finite bound (a lower bound of the real value).
 */
import { InvalidSampleError } from '../shared/errors.js';

/** A checked histogram: `upperBounds` ends with +Infinity; `cumulative[i]` counts requests ≤ upperBounds[i]. */
export interface Histogram {
  readonly upperBounds: readonly number[];
  readonly cumulative: readonly number[];
}

/** A bucket by its bounds: requests in (lower, upper]; `lower` is -Infinity or 0 for the lowest bucket, `upper` may be +Infinity. */
export interface Bucket {
  readonly index: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Checks a histogram: at least one bucket, bounds strictly increasing and ending with +Infinity,
 * counts whole, non-negative and non-decreasing, one count per bound.
 *
 * @throws InvalidSampleError naming the side and the first bad entry.
 * @example
 * checkHistogram({ upperBounds: [0.1, Infinity], cumulative: [3, 5] }, 'baseline').cumulative // => [3, 5]
 */
export function checkHistogram(histogram: Histogram, side: string): Histogram {
  const { upperBounds, cumulative } = histogram;
  if (upperBounds.length === 0) throw new InvalidSampleError(side, `${side} histogram has no buckets`);
  if (upperBounds.length !== cumulative.length) {
    throw new InvalidSampleError(side, `${side} histogram has ${upperBounds.length} bounds but ${cumulative.length} counts`);
  }
  if (upperBounds[upperBounds.length - 1] !== Number.POSITIVE_INFINITY) {
    throw new InvalidSampleError(side, `${side} histogram's last bound must be +Inf`);
  }
  for (let index = 0; index < upperBounds.length; index++) {
    const bound = upperBounds[index] as number;
    const count = cumulative[index] as number;
    if (Number.isNaN(bound) || (index < upperBounds.length - 1 && !Number.isFinite(bound))) {
      throw new InvalidSampleError(side, `${side} histogram bound ${index} is ${bound}: bounds before +Inf must be finite`, index, bound);
    }
    if (index > 0 && !(bound > (upperBounds[index - 1] as number))) {
      throw new InvalidSampleError(side, `${side} histogram bounds must increase: ${bound} after ${upperBounds[index - 1]}`, index, bound);
    }
    if (!Number.isInteger(count) || count < 0) {
      throw new InvalidSampleError(side, `${side} histogram count ${index} is ${count}: counts must be whole and non-negative`, index, count);
    }
    if (index > 0 && count < (cumulative[index - 1] as number)) {
      throw new InvalidSampleError(side, `${side} histogram counts must not decrease (they are cumulative): ${count} after ${cumulative[index - 1]}`, index, count);
    }
  }
  return histogram;
}

/** Total number of requests (the +Inf bucket's count). */
export function totalCount(histogram: Histogram): number {
  return histogram.cumulative[histogram.cumulative.length - 1] as number;
}

/**
 * The bounds of bucket `index`: (previous bound, own bound]. The lowest bucket starts at 0 when its
 * upper bound is positive (Prometheus' assumption), else at -Infinity.
 *
 * @example
 * bucketAt({ upperBounds: [0.1, 0.5, Infinity], cumulative: [1, 2, 3] }, 0) // => { index: 0, lower: 0, upper: 0.1 }
 */
export function bucketAt(histogram: Histogram, index: number): Bucket {
  const upper = histogram.upperBounds[index] as number;
  if (index > 0) return { index, lower: histogram.upperBounds[index - 1] as number, upper };
  return { index, lower: upper > 0 ? 0 : Number.NEGATIVE_INFINITY, upper };
}

/**
 * The bucket holding the request of a (real, 1-based) rank: the first bucket whose cumulative
 * count reaches it (as `histogram_quantile` picks it). Ranks above the total give the +Inf bucket.
 *
 * @example
 * bucketOfRank({ upperBounds: [0.1, 0.5, Infinity], cumulative: [10, 90, 100] }, 50).upper // => 0.5
 */
export function bucketOfRank(histogram: Histogram, rank: number): Bucket {
  const { cumulative } = histogram;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((cumulative[middle] as number) >= rank) high = middle;
    else low = middle + 1;
  }
  return bucketAt(histogram, low);
}

/**
 * The value at a (real) rank, interpolated linearly inside its bucket: lower + (upper − lower) ×
 * (rank − requests below the bucket) / (requests in the bucket). A rank in the +Inf bucket gives the
 * largest finite bound; in a lowest bucket without a lower bound, its upper bound (as Prometheus).
 *
 * @example
 * interpolateRank({ upperBounds: [0.1, 0.5, Infinity], cumulative: [10, 90, 100] }, 50) // => 0.3
 */
export function interpolateRank(histogram: Histogram, rank: number): number {
  const bucket = bucketOfRank(histogram, rank);
  if (bucket.upper === Number.POSITIVE_INFINITY) {
    return histogram.upperBounds.length > 1 ? (histogram.upperBounds[histogram.upperBounds.length - 2] as number) : Number.POSITIVE_INFINITY;
  }
  if (bucket.lower === Number.NEGATIVE_INFINITY) return bucket.upper;
  const below = bucket.index > 0 ? (histogram.cumulative[bucket.index - 1] as number) : 0;
  const inside = (histogram.cumulative[bucket.index] as number) - below;
  if (inside <= 0) return bucket.upper;
  const share = Math.min(1, Math.max(0, (rank - below) / inside));
  return bucket.lower + (bucket.upper - bucket.lower) * share;
}

/**
 * The p-quantile as Prometheus' `histogram_quantile(p, …)` computes it: the value at rank p × total,
 * interpolated inside its bucket.
 *
 * @example
 * histogramQuantile({ upperBounds: [0.1, 0.5, Infinity], cumulative: [10, 90, 100] }, 0.5) // => 0.3
 */
export function histogramQuantile(histogram: Histogram, p: number): number {
  return interpolateRank(histogram, p * totalCount(histogram));
}

/** True when both histograms have the same bucket bounds. */
export function sameBounds(a: Histogram, b: Histogram): boolean {
  return a.upperBounds.length === b.upperBounds.length && a.upperBounds.every((bound, index) => bound === b.upperBounds[index]);
}
