/**
 * The smallest and largest of a list in one loop. `Math.min(...values)` passes every value as an
 * argument and throws `RangeError` past about 100,000 of them; this takes any length.
 */

/**
 * `[min, max]` of `values`; `[Infinity, -Infinity]` for none (as `Math.min()` / `Math.max()` give).
 *
 * @example
 * extentOf([3, -1, 7]) // => [-1, 7]
 */
export function extentOf(values: readonly number[]): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < low || Number.isNaN(value)) low = value;
    if (value > high || Number.isNaN(value)) high = value;
    if (Number.isNaN(value)) break;
  }
  return [low, high];
}
