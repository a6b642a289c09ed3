import { thrown } from '../thrown.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidOptionError, InvalidSampleError, quantile, type QuantileType } from 'canary-judge';
import { quantileSorted } from '../../src/stats/quantile.js';
import { readGolden, relativeError } from '../golden.js';

interface QuantileGolden {
  r_version: string;
  probs: number[];
  cases: { name: string; values: number[]; quantiles: Record<string, number[]> }[];
}

const golden = readGolden<QuantileGolden>('quantile');
const TYPES: QuantileType[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('quantile: agreement with R (golden fixtures)', () => {
  for (const goldenCase of golden.cases) {
    for (const type of TYPES) {
      it(`${goldenCase.name}, type ${type}`, () => {
        const values = Object.freeze([...goldenCase.values]);
        const expected = goldenCase.quantiles[`type${type}`];
        expect(expected).toHaveLength(golden.probs.length);
        const actual = quantile(values, golden.probs, { type });
        golden.probs.forEach((p, index) => {
          const error = relativeError(actual[index] as number, expected?.[index] as number);
          expect(error, `p = ${p}: got ${actual[index]}, R ${expected?.[index]}`).toBeLessThanOrEqual(1e-12);
          // The scalar form gives the same number as the array form.
          expect(quantile(values, p, { type })).toBe(actual[index]);
        });
      });
    }
  }

  it('covers the required shapes of data', () => {
    const sizes = golden.cases.map((goldenCase) => goldenCase.values.length);
    for (const size of [1, 2, 3, 10]) expect(sizes).toContain(size);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(1000);
    expect(golden.probs).toEqual(expect.arrayContaining([0, 1, 0.5, 0.99, 0.999, 1e-12]));
  });
});

describe('quantile: behaviour', () => {
  it('defaults to type 7 and matches the documented examples', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], [0, 0.25, 1])).toEqual([1, 1.75, 4]);
    expect(quantile([1, 2, 3, 4], 0.5, { type: 1 })).toBe(2);
    expect(quantile([4, 1, 3, 2], 0.3)).toBe(quantile([1, 2, 3, 4], 0.3, { type: 7 }));
    expect(quantileSorted(new Float64Array([10, 20, 30]), 0.75, 7)).toBe(25);
  });

  it('does not mutate its input (frozen arrays, order preserved)', () => {
    const values = Object.freeze([5, 3, 9, 1, 7]);
    expect(quantile(values, [0.1, 0.9], { type: 6 })).toHaveLength(2);
    expect(values).toEqual([5, 3, 9, 1, 7]);
  });

  it('returns an empty array for an empty array of probabilities', () => {
    expect(quantile([1, 2], [])).toEqual([]);
  });

  it('accepts typed arrays', () => {
    expect(quantile(new Float64Array([3, 1, 2]) as unknown as number[], 0.5)).toBe(2);
  });

  it('quantileSorted agrees with quantile on sorted data for every type', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(...TYPES),
        (values, p, type) => {
          const sorted = Float64Array.from(values).sort();
          expect(Object.is(quantileSorted(sorted, p, type), quantile(values, p, { type }))).toBe(true);
        },
      ),
    );
  });
});

describe('quantile: invariants (fast-check)', () => {
  const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 });
  const probability = fc.double({ min: 0, max: 1, noNaN: true });

  it('is non-decreasing in p', () => {
    fc.assert(
      fc.property(sample, probability, probability, fc.constantFrom(...TYPES), (values, p1, p2, type) => {
        const [low, high] = p1 <= p2 ? [p1, p2] : [p2, p1];
        const scale = Math.max(1, ...values.map(Math.abs));
        expect(quantile(values, low, { type })).toBeLessThanOrEqual(quantile(values, high, { type }) + 1e-12 * scale);
      }),
    );
  });

  it('lies within [min, max], with the extremes at p = 0 (types 1–4, 7) and p = 1', () => {
    fc.assert(
      fc.property(sample, probability, fc.constantFrom(...TYPES), (values, p, type) => {
        const minimum = Math.min(...values);
        const maximum = Math.max(...values);
        const scale = Math.max(1, Math.abs(minimum), Math.abs(maximum));
        const result = quantile(values, p, { type });
        expect(result).toBeGreaterThanOrEqual(minimum - 1e-12 * scale);
        expect(result).toBeLessThanOrEqual(maximum + 1e-12 * scale);
        expect(quantile(values, 1, { type })).toBe(maximum);
        if ([1, 2, 4, 7].includes(type)) expect(quantile(values, 0, { type })).toBe(minimum);
      }),
    );
  });

  it('type 7 equals the definition x(⌊h⌋) + (h − ⌊h⌋)(x(⌊h⌋+1) − x(⌊h⌋)), h = (n − 1)p + 1', () => {
    fc.assert(
      fc.property(sample, probability, (values, p) => {
        const sorted = [...values].sort((a, b) => a - b);
        const position = (sorted.length - 1) * p + 1;
        const lower = Math.floor(position);
        const lowerValue = sorted[lower - 1] as number;
        const upperValue = sorted[Math.min(lower, sorted.length - 1)] as number;
        const expected = lowerValue + (position - lower) * (upperValue - lowerValue);
        const scale = Math.max(1, Math.abs(lowerValue), Math.abs(upperValue));
        expect(Math.abs(quantile(values, p) - expected)).toBeLessThanOrEqual(1e-12 * scale);
      }),
    );
  });

  it('does not depend on the order of the values', () => {
    fc.assert(
      fc.property(sample, probability, fc.constantFrom(...TYPES), (values, p, type) => {
        const reversed = [...values].reverse();
        expect(quantile(reversed, p, { type })).toBe(quantile(values, p, { type }));
      }),
    );
  });

  it('commutes with increasing affine maps for the interpolating types, up to rounding', () => {
    fc.assert(
      fc.property(sample, probability, fc.constantFrom(...TYPES), (values, p, type) => {
        const shifted = values.map((value) => 2 * value + 10);
        const scale = Math.max(1, ...shifted.map(Math.abs));
        expect(Math.abs(quantile(shifted, p, { type }) - (2 * quantile(values, p, { type }) + 10))).toBeLessThanOrEqual(
          1e-9 * scale,
        );
      }),
    );
  });
});

describe('quantile: validation', () => {
  it('rejects empty and non-finite samples with side "values"', () => {
    for (const bad of [[], [1, Number.NaN], [Number.POSITIVE_INFINITY], [1, '2' as unknown as number]]) {
      const error = thrown(() => quantile(bad, 0.5));
      expect(error).toBeInstanceOf(InvalidSampleError);
      expect((error as InvalidSampleError).side).toBe('values');
    }
    expect(() => quantile(null as unknown as number[], 0.5)).toThrow(InvalidSampleError);
  });

  it('rejects p outside [0, 1] or not a number with option "p"', () => {
    const bad: unknown[] = [-0.01, 1.0000001, Number.NaN, Infinity, '0.5', null, undefined, [0.5, 2], [Number.NaN]];
    for (const p of bad) {
      let caught: unknown;
      try {
        quantile([1, 2, 3], p as number);
      } catch (error) {
        caught = error;
      }
      expect(caught, `p = ${String(p)}`).toBeInstanceOf(InvalidOptionError);
      expect((caught as InvalidOptionError).option).toBe('p');
    }
  });

  it('rejects an unknown type with option "type"', () => {
    for (const type of [0, 10, 7.5, '7', null]) {
      let caught: unknown;
      try {
        quantile([1, 2, 3], 0.5, { type: type as QuantileType });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidOptionError);
      expect((caught as InvalidOptionError).option).toBe('type');
    }
  });
});
