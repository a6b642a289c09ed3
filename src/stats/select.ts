/**
 * In-place selection of order statistics in a Float64Array (introselect: quickselect with a
 * median-of-three pivot, falling back to a full sort of the remaining range if partitioning
 * degrades), O(n) expected and O(n log n) worst case.
 */

/**
 * Reorders `values` so that `values[k]` holds the k-th smallest (0-based) within [from, to), every
 * value before it is ≤ it and every value after it is ≥ it; returns that value.
 *
 * @example
 * selectInPlace(Float64Array.of(5, 1, 4, 2, 3), 1) // => 2
 */
export function selectInPlace(values: Float64Array, k: number, from = 0, to = values.length): number {
  let low = from;
  let high = to - 1;
  let budget = 2 * Math.ceil(Math.log2(to - from + 1)) + 4;
  while (high > low) {
    if (budget-- === 0) {
      values.subarray(low, high + 1).sort();
      break;
    }
    const pivot = medianOfThree(values[low] as number, values[(low + high) >>> 1] as number, values[high] as number);
    let left = low;
    let right = high;
    while (left <= right) {
      while ((values[left] as number) < pivot) left++;
      while ((values[right] as number) > pivot) right--;
      if (left <= right) {
        const swap = values[left] as number;
        values[left] = values[right] as number;
        values[right] = swap;
        left++;
        right--;
      }
    }
    // Now [low, right] ≤ pivot ≤ [left, high], and anything strictly between equals the pivot.
    if (k <= right) high = right;
    else if (k >= left) low = left;
    else break;
  }
  return values[k] as number;
}

/**
 * The smallest value in [from, to).
 *
 * @example
 * minimumOf(Float64Array.of(3, 1, 2), 1) // => 1
 */
export function minimumOf(values: Float64Array, from = 0, to = values.length): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let index = from; index < to; index++) if ((values[index] as number) < smallest) smallest = values[index] as number;
  return smallest;
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) {
    if (b < c) return b;
    return a < c ? c : a;
  }
  if (a < c) return a;
  return b < c ? c : b;
}
