/**
 * `isRegular` (is a series scraped at a regular step?) finds the median step without sorting when
 * the steps never shrink; it must answer exactly as the definition: at least 80% of the steps
 * within 1% of the median step, which must be positive.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRegular, REGULAR_STEP_SHARE } from '../../src/judge/data-shape.js';

function definition(timestamps: readonly number[]): boolean {
  if (timestamps.length < 2) return false;
  const steps = timestamps.slice(1).map((time, index) => time - timestamps[index]!);
  const typical = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)]!;
  if (!(typical > 0)) return false;
  return steps.filter((step) => Math.abs(step - typical) <= 0.01 * typical).length >= REGULAR_STEP_SHARE * steps.length;
}

describe('isRegular', () => {
  it('answers as the definition, for even, jittered, gappy and unordered timestamps', () => {
    const step = fc.oneof(fc.constant(60), fc.integer({ min: 58, max: 62 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: -60, max: 60 }));
    const timestamps = fc
      .tuple(fc.integer({ min: 0, max: 2e9 }), fc.array(step, { maxLength: 50 }))
      .map(([start, steps]) => steps.reduce((times, size) => [...times, times[times.length - 1]! + size], [start]));
    fc.assert(
      fc.property(timestamps, (times) => {
        expect(isRegular(times)).toBe(definition(times));
      }),
      { seed: 16, numRuns: 2000 },
    );
  });

  it('tells a scraped series from per-request times', () => {
    expect(isRegular([0, 60, 120, 180, 240])).toBe(true);
    expect(isRegular([0, 60, 120, 180, 240, 900])).toBe(true);
    expect(isRegular([0, 1, 5, 6, 20, 21])).toBe(false);
    expect(isRegular([5, 5, 5])).toBe(false);
  });
});
