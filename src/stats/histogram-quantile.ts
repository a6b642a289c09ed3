/**
 * A quantile of a histogram with two intervals (internal: used by the judge's histogram tests):
 *
 * - the **modelled** interval: the distribution-free order-statistic interval for the p-quantile
 *   (ranks from Bin(N, p)), with each order statistic interpolated inside its bucket as the
 *   estimate is: it covers the sampling uncertainty under the interpolation assumption;
 * - the **bucket** interval: the same order statistics known only to their buckets, so the
 *   interval runs from the lower bound of the bucket holding the lower rank to the upper bound of
 *   the bucket holding the upper rank. It needs no assumption about how requests spread inside a
 *   bucket (only Prometheus' lower bound 0 for the lowest bucket), and always contains the modelled
 *   one.
 */
import { InvalidOptionError } from '../shared/errors.js';
import { logBinomialLowerTail } from './binomial.js';
import { bucketOfRank, histogramQuantile, interpolateRank, totalCount, type Bucket, type Histogram } from './histogram.js';
import { normalQuantile } from './normal-distribution.js';

/** Above this n·p·(1 − p) the binomial quantile is taken from the normal approximation (error well under one rank). */
const NORMAL_APPROXIMATION_VARIANCE = 1e7;

/**
 * The smallest k with P(X ≤ k) ≥ probability for X ~ Bin(n, p) (R's `qbinom`).
 *
 * @example
 * binomialQuantile(0.025, 1000, 0.99) // => 983 (R: qbinom(0.025, 1000, 0.99))
 */
export function binomialQuantile(probability: number, n: number, p: number): number {
  if (probability <= 0) return 0;
  if (probability >= 1 || p >= 1) return n;
  if (p <= 0) return 0;
  const q = 1 - p;
  const variance = n * p * q;
  if (variance > NORMAL_APPROXIMATION_VARIANCE) {
    return Math.min(n, Math.max(0, Math.ceil(n * p + normalQuantile(probability) * Math.sqrt(variance) - 0.5)));
  }
  const logTarget = Math.log(probability);
  const reach = 10 * Math.sqrt(variance) + 10;
  let low = Math.max(0, Math.floor(n * p - reach));
  let high = Math.min(n, Math.ceil(n * p + reach));
  if (logBinomialLowerTail(low, n, p, q) >= logTarget) low = 0;
  if (logBinomialLowerTail(high, n, p, q) < logTarget) high = n;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (logBinomialLowerTail(middle, n, p, q) >= logTarget) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Ranks (1-based) of the order statistics X(lower) ≤ ξp ≤ X(upper) that bracket the p-quantile
 * with probability at least `level`: lower = qbinom(α/2, N, p), upper = qbinom(1 − α/2, N, p) + 1.
 * lower may be 0 (no bound below) and upper N + 1 (no bound above).
 *
 * @example
 * orderStatisticRanks(1000, 0.5, 0.95) // => { lower: 469, upper: 532 }
 */
export function orderStatisticRanks(total: number, p: number, level: number): { lower: number; upper: number } {
  const alpha = 1 - level;
  return { lower: binomialQuantile(alpha / 2, total, p), upper: binomialQuantile(1 - alpha / 2, total, p) + 1 };
}

/** A histogram quantile with its modelled and bucket intervals. */
export interface HistogramQuantile {
  readonly p: number;
  /** Requests in the histogram. */
  readonly total: number;
  /** The interpolated quantile (as `histogram_quantile`). */
  readonly estimate: number;
  /** The bucket holding the quantile's rank. */
  readonly bucket: Bucket;
  /** Order-statistic interval with interpolated ends, at `modelledLevel` (ends may be ±Infinity). */
  readonly modelled: readonly [number, number];
  readonly modelledLevel: number;
  /** Assumption-free interval from the buckets of the same order statistics, at `bucketLevel`. */
  readonly buckets: readonly [number, number];
  readonly bucketLevel: number;
  /** True when the quantile lies in the +Inf bucket: the estimate is then only a lower bound. */
  readonly aboveLargestBound: boolean;
}

function modelledEnd(histogram: Histogram, rank: number, total: number, side: 'lower' | 'upper'): number {
  if (side === 'lower' && rank < 1) {
    const lowest = bucketOfRank(histogram, 1);
    return lowest.lower;
  }
  if (side === 'upper' && rank > total) return Number.POSITIVE_INFINITY;
  const bucket = bucketOfRank(histogram, rank);
  if (bucket.upper === Number.POSITIVE_INFINITY) {
    // Past the largest finite bound nothing is known about where the request lies.
    return side === 'upper' ? Number.POSITIVE_INFINITY : bucket.lower;
  }
  // The order statistic of rank r sits at r − ½ of the requests spread evenly in its bucket.
  return interpolateRank(histogram, rank - 0.5);
}

function bucketEnd(histogram: Histogram, rank: number, total: number, side: 'lower' | 'upper'): number {
  if (side === 'lower') return rank < 1 ? bucketOfRank(histogram, 1).lower : bucketOfRank(histogram, rank).lower;
  return rank > total ? Number.POSITIVE_INFINITY : bucketOfRank(histogram, rank).upper;
}

/**
 * The p-quantile of a histogram, interpolated inside its bucket, with its modelled interval at
 * `modelledLevel` and its assumption-free bucket interval at `bucketLevel`.
 *
 * @example
 * const h = { upperBounds: [0.1, 0.25, 0.5, 1, Infinity], cumulative: [4000, 8000, 9500, 9950, 10000] };
 * const q = quantileWithIntervals(h, 0.99, { modelledLevel: 0.95, bucketLevel: 0.975 });
 * [q.estimate, q.bucket.lower, q.bucket.upper, q.buckets] // => [0.9444444444444444, 0.5, 1, [0.5, 1]]
 */
export function quantileWithIntervals(
  histogram: Histogram,
  p: number,
  levels: { readonly modelledLevel: number; readonly bucketLevel: number },
): HistogramQuantile {
  if (!(p > 0 && p < 1)) throw new InvalidOptionError('p', 'a probability strictly between 0 and 1', p);
  const total = totalCount(histogram);
  if (total < 1) throw new InvalidOptionError('histogram', 'a histogram with at least one request', total);
  const estimate = histogramQuantile(histogram, p);
  const bucket = bucketOfRank(histogram, p * total);
  const modelledRanks = orderStatisticRanks(total, p, levels.modelledLevel);
  const bucketRanks = orderStatisticRanks(total, p, levels.bucketLevel);
  const modelled: [number, number] = [
    modelledEnd(histogram, modelledRanks.lower, total, 'lower'),
    modelledEnd(histogram, modelledRanks.upper, total, 'upper'),
  ];
  // The estimate is interpolated at p·N, the ends at r − ½: keep the interval around the estimate.
  modelled[0] = Math.min(modelled[0], estimate);
  modelled[1] = Math.max(modelled[1], estimate);
  const buckets: readonly [number, number] = [
    Math.min(bucketEnd(histogram, bucketRanks.lower, total, 'lower'), bucket.lower),
    Math.max(bucketEnd(histogram, bucketRanks.upper, total, 'upper'), bucket.upper),
  ];
  return {
    p,
    total,
    estimate,
    bucket,
    modelled,
    modelledLevel: levels.modelledLevel,
    buckets,
    bucketLevel: levels.bucketLevel,
    aboveLargestBound: bucket.upper === Number.POSITIVE_INFINITY,
  };
}
