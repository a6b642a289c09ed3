/**
 * `kendallTrend` (the climb check's τ) counts discordant pairs by merging, O(n log n); it must give
 * exactly the pair-by-pair Σ sign(x_j − x_i) / C(n, 2), ties included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kendallTrend } from '../../src/judge/data-quality.js';

function pairByPair(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  let score = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) score += Math.sign(values[j]! - values[i]!);
  return score / ((n * (n - 1)) / 2);
}

describe('kendallTrend', () => {
  it('equals the pair-by-pair τ exactly, with and without ties', () => {
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (values) => {
        expect(kendallTrend(values)).toBe(pairByPair(values));
      }),
      { seed: 13, numRuns: 500 },
    );
  });

  it('keeps the pair-by-pair answer for values that are not all finite', () => {
    expect(kendallTrend([1, Number.NaN, 3])).toBe(pairByPair([1, Number.NaN, 3]));
    expect(kendallTrend([1, Number.POSITIVE_INFINITY, 3, 2])).toBe(pairByPair([1, Number.POSITIVE_INFINITY, 3, 2]));
  });

  it('is +1 for a rising series, -1 for a falling one, 0 for a constant one', () => {
    expect(kendallTrend([1, 2, 3, 4])).toBe(1);
    expect(kendallTrend([4, 3, 2, 1])).toBe(-1);
    expect(kendallTrend([5, 5, 5])).toBe(0);
    expect(kendallTrend([1, 2, 3, 5, 4])).toBe(0.8);
  });
});
