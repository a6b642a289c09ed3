/**
 * Kayenta's outlier detectors (`IQRDetector`, `KSigmaDetector`): each returns, for every value,
 * whether it is an outlier. The judge uses only the IQR detector, with reduced sensitivity.
 *
 * Kayenta port: a deliberate copy of Kayenta's own arithmetic, kept apart from `src/stats/` so the
 * Kayenta-compatible judge matches Kayenta bit for bit. Do not merge it with the native statistics
 * (see src/kayenta/port/README.md).
 */
import { percentileOfSorted } from './percentile.js';

/** Options of the IQR detector. */
export interface IqrDetectorOptions {
  /** Fences sit `factor` interquartile ranges beyond the quartiles. Must be > 0. @default 1.5 */
  readonly factor?: number;
  /**
   * Widen the fences to at least the 1st and 99th percentiles, so at most the extreme ~1% on each side
   * can go (the judge always sets this). @default false
   */
  readonly reduceSensitivity?: boolean;
}

/**
 * Marks values strictly outside [Q1 − f·IQR, Q3 + f·IQR] (R-7 quartiles). With `reduceSensitivity`,
 * the fences become [min(P1, Q1 − f·IQR), max(P99, Q3 + f·IQR)].
 *
 * @throws RangeError when `factor` is not > 0 (Kayenta's `require`).
 *
 * @example
 * iqrOutliers([21, 23, 24, 25, 50, 29, 23, 21]) // => [false, false, false, false, true, false, false, false]
 */
export function iqrOutliers(values: readonly number[], options: IqrDetectorOptions = {}): boolean[] {
  const factor = options.factor ?? 1.5;
  if (!(factor > 0)) throw new RangeError(`outlier factor must be greater than zero, received ${factor}`);
  if (values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const firstQuartile = percentileOfSorted(sorted, 25);
  const thirdQuartile = percentileOfSorted(sorted, 75);
  const interquartileRange = thirdQuartile - firstQuartile;
  let lowerFence = firstQuartile - factor * interquartileRange;
  let upperFence = thirdQuartile + factor * interquartileRange;
  if (options.reduceSensitivity === true) {
    lowerFence = Math.min(percentileOfSorted(sorted, 1), lowerFence);
    upperFence = Math.max(percentileOfSorted(sorted, 99), upperFence);
  }
  return values.map((value) => value < lowerFence || value > upperFence);
}

/**
 * Marks values more than `k` sample standard deviations (n − 1) from the mean.
 *
 * @example
 * kSigmaOutliers([1, 1, 1, 5, -1, -1, -1, -5], 1) // => [false, false, false, true, false, false, false, true]
 */
export function kSigmaOutliers(values: readonly number[], k = 3): boolean[] {
  if (values.length === 0) return [];
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / values.length;
  let sumOfSquares = 0;
  for (const value of values) sumOfSquares += (value - mean) * (value - mean);
  const standardDeviation = values.length < 2 ? 0 : Math.sqrt(sumOfSquares / (values.length - 1));
  return values.map((value) => Math.abs(value - mean) > k * standardDeviation);
}
