/**
 * Multiple-comparison adjustment of p-values, exactly as R's `p.adjust`.
 */
import { InvalidSampleError } from '../shared/errors.js';
import { assertOneOf } from '../shared/argument-checks.js';

/**
 * - `bonferroni`: n·p (family-wise error rate).
 * - `holm`: step-down Bonferroni, uniformly more powerful (Holm 1979).
 * - `hochberg`: step-up, valid under independence or positive dependence (Hochberg 1988).
 * - `bh`: Benjamini–Hochberg false discovery rate (Benjamini & Hochberg 1995), R's "BH".
 */
export type PAdjustMethod = 'holm' | 'hochberg' | 'bh' | 'bonferroni';

const METHODS: readonly PAdjustMethod[] = ['holm', 'hochberg', 'bh', 'bonferroni'];

/**
 * Adjusts a family of p-values for multiple comparisons; the result is in the input order and
 * every adjusted value is capped at 1. Same numbers as R's `p.adjust(p, method)` (`bh` is R's
 * `"BH"`), including its `n ≤ 1` shortcut (a single p-value is returned unchanged).
 *
 * Unlike R, which drops `NA` from the family size, every entry must be a finite number in [0, 1]:
 * a missing p-value is a bug upstream, not something to adjust around. An empty array gives `[]`.
 *
 * O(n log n) (one sort).
 *
 * @example
 * adjustPValues([0.01, 0.04, 0.03], 'holm') // => [0.03, 0.06, 0.06]
 * @throws InvalidSampleError (side `pValues`) for a non-array, a non-finite value or one outside [0, 1].
 * @throws InvalidOptionError (option `method`) for an unknown method.
 */
export function adjustPValues(pValues: readonly number[], method: PAdjustMethod): number[] {
  assertPValues(pValues);
  assertOneOf(method, METHODS, 'method');
  const n = pValues.length;
  if (n <= 1) return [...pValues];
  if (method === 'bonferroni') return pValues.map((p) => Math.min(1, n * p));

  const adjusted = new Array<number>(n);
  if (method === 'holm') {
    // Ascending p; rank i (1-based) gets (n − i + 1)·p, then a running maximum.
    const order = sortedIndices(pValues, 'ascending');
    let runningMax = 0;
    order.forEach((index, position) => {
      runningMax = Math.max(runningMax, (n - position) * (pValues[index] as number));
      adjusted[index] = Math.min(1, runningMax);
    });
    return adjusted;
  }

  // hochberg and bh: descending p; the k-th largest (i = n − k + 1) gets a factor, then a running minimum.
  const order = sortedIndices(pValues, 'descending');
  let runningMin = Number.POSITIVE_INFINITY;
  order.forEach((index, position) => {
    const rank = n - position; // R's i = lp:1
    const p = pValues[index] as number;
    const candidate = method === 'hochberg' ? (n + 1 - rank) * p : (n / rank) * p;
    runningMin = Math.min(runningMin, candidate);
    adjusted[index] = Math.min(1, runningMin);
  });
  return adjusted;
}

function assertPValues(pValues: readonly number[]): void {
  if (!Array.isArray(pValues)) {
    throw new InvalidSampleError('pValues', `pValues must be an array of numbers in [0, 1], received ${typeof pValues}`);
  }
  pValues.forEach((value: unknown, index) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new InvalidSampleError(
        'pValues',
        `pValues[${index}] must be a p-value, a finite number in [0, 1]; received ${String(value)}`,
        index,
        value,
      );
    }
  });
}

/** Indices sorted by value; stable, like R's `order`. */
function sortedIndices(values: readonly number[], direction: 'ascending' | 'descending'): number[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return values
    .map((_value, index) => index)
    .sort((left, right) => sign * ((values[left] as number) - (values[right] as number)) || left - right);
}
