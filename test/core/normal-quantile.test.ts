import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalLowerTail, normalQuantile } from '../../src/stats/normal-distribution.js';
import { readGolden, relativeError } from '../golden.js';

interface NormalQuantileGolden {
  rVersion: string;
  p: number[];
  quantile: number[];
}

const golden = readGolden<NormalQuantileGolden>('normal-quantile');

describe('normalQuantile: agreement with R qnorm (golden fixtures)', () => {
  it('has cases in every branch of AS 241', () => {
    const central = golden.p.filter((p) => Math.abs(p - 0.5) <= 0.425).length;
    const tail = golden.p.filter((p) => Math.abs(p - 0.5) > 0.425 && Math.sqrt(-Math.log(Math.min(p, 1 - p))) <= 5).length;
    const farTail = golden.p.filter((p) => Math.sqrt(-Math.log(Math.min(p, 1 - p))) > 5).length;
    expect(Math.min(central, tail, farTail)).toBeGreaterThanOrEqual(10);
  });

  golden.p.forEach((p, index) => {
    const expected = golden.quantile[index] as number;
    // 1e-15 relative: the same algorithm and coefficients as R; only the last bit of a rounding may differ.
    it(`p = ${p}`, () => {
      expect(relativeError(normalQuantile(p), expected)).toBeLessThanOrEqual(1e-15);
    });
  });
});

describe('normalQuantile: edges and invariants', () => {
  it('is ±∞ at 0 and 1 (and beyond), NaN for NaN', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(-1)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(2)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });

  it('is antisymmetric around 0.5 (on probabilities whose complement is exact)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (k) => {
        const p = k / 2 ** 31;
        expect(normalQuantile(p) + normalQuantile(1 - p)).toBe(0);
      }),
    );
  });

  it('is increasing', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1, noNaN: true, maxExcluded: true }), fc.double({ min: 1e-300, max: 1, noNaN: true, maxExcluded: true }), (a, b) => {
        if (a < b) expect(normalQuantile(a)).toBeLessThanOrEqual(normalQuantile(b));
      }),
    );
  });

  it('inverts the lower tail to about 1e-13 relative in p', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-250, max: 1 - 1e-12, noNaN: true }), (p) => {
        expect(relativeError(normalLowerTail(normalQuantile(p)), p)).toBeLessThanOrEqual(1e-12);
      }),
    );
  });
});
