import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sortedCopy } from '../../src/stats/sort.js';

describe('sortedCopy (internal radix sort)', () => {
  it('orders any finite doubles exactly as Float64Array.prototype.sort, -0 before +0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 5e-324, -5e-324, 1e308, -1e308)), {
          minLength: 4_000,
          maxLength: 6_000,
        }),
        (values) => {
          const expected = Float64Array.from(values).sort();
          const actual = sortedCopy(Object.freeze(values));
          expect(actual.length).toBe(expected.length);
          for (let index = 0; index < expected.length; index++) expect(Object.is(actual[index], expected[index])).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('handles all-equal keys (passes that move nothing) and small inputs', () => {
    expect(Array.from(sortedCopy(new Array(5000).fill(2.5)))).toEqual(new Array(5000).fill(2.5));
    expect(Array.from(sortedCopy([3, -1, 2]))).toEqual([-1, 2, 3]);
    const integers = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_007);
    expect(Array.from(sortedCopy(integers))).toEqual([...integers].sort((a, b) => a - b));
  });
});
