/**
 * Sample quantiles, exactly as R's `quantile(x, probs, type)` computes them (R 4.2 `quantile.default`,
 * including its floating-point fuzz), for the nine definitions of Hyndman & Fan (1996),
 * "Sample quantiles in statistical packages", The American Statistician 50(4), 361–365.
 *
 * Types 1–3 are discontinuous (an order statistic), types 4–9 interpolate linearly between the order
 * statistics x(j) and x(j+1) at position m = a + p·(n + 1 − a − b):
 *
 * | type | a, b     | position of p       |
 * | ---- | -------- | ------------------- |
 * | 4    | 0, 1     | n·p                 |
 * | 5    | ½, ½     | n·p + ½             |
 * | 6    | 0, 0     | (n + 1)·p           |
 * | 7    | 1, 1     | (n − 1)·p + 1 (R's default) |
 * | 8    | ⅓, ⅓     | (n + ⅓)·p + ⅓ (median-unbiased) |
 * | 9    | ⅜, ⅜     | (n + ¼)·p + ⅜ (unbiased for normal data) |
 */
import { InvalidOptionError } from '../shared/errors.js';
import { assertOneOf, assertSample } from '../shared/argument-checks.js';
import { sortedCopy } from './sort.js';

export type QuantileType = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export interface QuantileOptions {
  /** R's quantile type. @default 7 */
  type?: QuantileType;
}

const QUANTILE_TYPES: readonly QuantileType[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];
/** R's `4 * .Machine$double.eps`, absorbing rounding in the position of types 4–9. */
const FUZZ = 4 * Number.EPSILON;

/**
 * The p-th sample quantile of `values`, as R's `quantile(values, p, type = type, names = FALSE)`.
 * `p` may be one probability or an array of them (all in [0, 1]); the result has the same shape.
 * The input is not modified (it is copied into a Float64Array and sorted).
 *
 * Reference: R `stats::quantile`, Hyndman & Fan (1996). Cost: O(n log n) for the sort, then O(1) per p.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5);                  // => 2.5
 * quantile([1, 2, 3, 4], [0, 0.25, 1]);         // => [1, 1.75, 4]
 * quantile([1, 2, 3, 4], 0.5, { type: 1 });     // => 2
 */
export function quantile(values: readonly number[], p: number, options?: QuantileOptions): number;
export function quantile(values: readonly number[], p: readonly number[], options?: QuantileOptions): number[];
export function quantile(
  values: readonly number[],
  p: number | readonly number[],
  options: QuantileOptions = {},
): number | number[] {
  assertSample(values, 'values');
  const type = options.type === undefined ? 7 : options.type;
  assertOneOf(type, QUANTILE_TYPES, 'type');
  const probabilities = Array.isArray(p) ? (p as readonly unknown[]) : [p as unknown];
  if (!Array.isArray(p) && typeof p !== 'number') {
    throw new InvalidOptionError('p', 'a probability from 0 to 1 or an array of them', p);
  }
  for (const probability of probabilities) assertProbabilityClosed(probability, 'p');

  const sorted = sortedCopy(values);
  if (!Array.isArray(p)) return quantileSorted(sorted, p as number, type);
  return (probabilities as number[]).map((probability) => quantileSorted(sorted, probability, type));
}

/**
 * The p-th quantile of data that is already sorted ascending. Internal (not exported from the
 * package): no validation, no copy. `sorted` must be non-empty and finite, `p` in [0, 1].
 *
 * Reference: R 4.2 `stats:::quantile.default`, reproduced operation by operation so that results
 * agree to the last bit. Cost: O(1).
 *
 * @example
 * quantileSorted(new Float64Array([10, 20, 30]), 0.75, 7); // => 25
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number, type: QuantileType = 7): number {
  const size = sorted.length;
  /** The j-th order statistic (1-based), clamped to x(1) and x(n) outside 1..n as R's padding does. */
  const orderStatistic = (rank: number): number =>
    sorted[rank < 1 ? 0 : rank > size ? size - 1 : rank - 1] as number;

  if (type === 7) {
    const index = 1 + Math.max(size - 1, 0) * p;
    const lower = Math.floor(index);
    const upper = Math.ceil(index);
    const lowerValue = orderStatistic(lower);
    const upperValue = orderStatistic(upper);
    if (index > lower && upperValue !== lowerValue) {
      const fraction = index - lower;
      return (1 - fraction) * lowerValue + fraction * upperValue;
    }
    return lowerValue;
  }

  let rank: number;
  let fraction: number;
  if (type <= 3) {
    const position = type === 3 ? size * p - 0.5 : size * p;
    rank = Math.floor(position);
    if (type === 1) fraction = position > rank ? 1 : 0;
    else if (type === 2) fraction = ((position > rank ? 1 : 0) + 1) / 2;
    else fraction = position !== rank || rank % 2 === 1 || rank % 2 === -1 ? 1 : 0;
  } else {
    const offset = PLOTTING_POSITIONS[type - 4] as readonly [number, number];
    const [a, b] = offset;
    const position = a + p * (size + 1 - a - b);
    rank = Math.floor(position + FUZZ);
    fraction = position - rank;
    if (Math.abs(fraction) < FUZZ) fraction = 0;
  }

  const lowerValue = orderStatistic(rank);
  if (fraction === 1) return orderStatistic(rank + 1);
  const upperValue = orderStatistic(rank + 1);
  if (fraction > 0 && fraction < 1 && lowerValue !== upperValue) {
    return (1 - fraction) * lowerValue + fraction * upperValue;
  }
  return lowerValue;
}

/** Hyndman & Fan's (a, b) for types 4 to 9, as in R. */
const PLOTTING_POSITIONS: readonly (readonly [number, number])[] = [
  [0, 1],
  [0.5, 0.5],
  [0, 0],
  [1, 1],
  [1 / 3, 1 / 3],
  [3 / 8, 3 / 8],
];

/** Throws unless `value` is a number within [0, 1]. Internal. */
export function assertProbabilityClosed(value: unknown, option: string): asserts value is number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidOptionError(option, 'a probability from 0 to 1', value);
  }
}
