import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adjustPValues, InvalidOptionError, InvalidSampleError, type PAdjustMethod } from 'canary-judge';
import { readGolden, relativeError } from '../golden.js';
import { thrown } from '../thrown.js';

interface PAdjustGolden {
  rVersion: string;
  cases: ({ pValues: number[] } & Record<PAdjustMethod, number[]>)[];
}

const golden = readGolden<PAdjustGolden>('p-adjust');
const METHODS: PAdjustMethod[] = ['holm', 'hochberg', 'bh', 'bonferroni'];


describe('adjustPValues: agreement with R p.adjust (golden fixtures)', () => {
  golden.cases.forEach((goldenCase, caseIndex) => {
    for (const method of METHODS) {
      it(`case ${caseIndex} (n = ${goldenCase.pValues.length}), ${method}`, () => {
        const pValues = Object.freeze([...goldenCase.pValues]);
        const actual = adjustPValues(pValues, method);
        const expected = goldenCase[method];
        expect(actual).toHaveLength(expected.length);
        actual.forEach((value, index) => {
          expect(relativeError(value, expected[index] as number), `index ${index}`).toBeLessThanOrEqual(1e-12);
        });
      });
    }
  });
});

describe('adjustPValues: examples and edge cases', () => {
  it('matches the documented example', () => {
    expect(adjustPValues([0.01, 0.04, 0.03], 'holm')).toEqual([0.03, 0.06, 0.06]);
  });

  it('returns [] for an empty family and a single p-value unchanged', () => {
    for (const method of METHODS) {
      expect(adjustPValues([], method)).toEqual([]);
      expect(adjustPValues([0.3], method)).toEqual([0.3]);
    }
  });

  it('caps at 1 and does not modify its (frozen) input', () => {
    const pValues = Object.freeze([0.4, 0.6, 0.9]);
    expect(adjustPValues(pValues, 'bonferroni')).toEqual([1, 1, 1]);
    expect(pValues).toEqual([0.4, 0.6, 0.9]);
  });
});

const pValueFamily = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 0, maxLength: 40 });

describe('adjustPValues: properties', () => {
  it('adjusted p ≥ raw p and stays within [0, 1]', () => {
    fc.assert(
      fc.property(pValueFamily, fc.constantFrom(...METHODS), (pValues, method) => {
        const adjusted = adjustPValues(pValues, method);
        expect(adjusted).toHaveLength(pValues.length);
        adjusted.forEach((value, index) => {
          expect(value).toBeGreaterThanOrEqual(pValues[index] as number);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        });
      }),
    );
  });

  it('preserves the order of the raw p-values (every method)', () => {
    fc.assert(
      fc.property(pValueFamily, fc.constantFrom(...METHODS), (pValues, method) => {
        const adjusted = adjustPValues(pValues, method);
        for (let i = 0; i < pValues.length; i++) {
          for (let j = 0; j < pValues.length; j++) {
            if ((pValues[i] as number) <= (pValues[j] as number)) {
              expect(adjusted[i] as number).toBeLessThanOrEqual(adjusted[j] as number);
            }
          }
        }
      }),
    );
  });

  it('orders the methods: BH ≤ Hochberg ≤ Holm ≤ Bonferroni', () => {
    fc.assert(
      fc.property(pValueFamily, (pValues) => {
        const [holm, hochberg, bh, bonferroni] = METHODS.map((method) => adjustPValues(pValues, method));
        pValues.forEach((_p, index) => {
          expect(bh?.[index] as number).toBeLessThanOrEqual(hochberg?.[index] as number);
          expect(hochberg?.[index] as number).toBeLessThanOrEqual(holm?.[index] as number);
          expect(holm?.[index] as number).toBeLessThanOrEqual(bonferroni?.[index] as number);
        });
      }),
    );
  });

  it('is invariant to permuting the family', () => {
    fc.assert(
      fc.property(pValueFamily, fc.constantFrom(...METHODS), (pValues, method) => {
        const reversed = [...pValues].reverse();
        expect(adjustPValues(reversed, method)).toEqual(adjustPValues(pValues, method).reverse());
      }),
    );
  });
});

describe('adjustPValues: validation', () => {
  it.each([
    ['NaN', [0.1, Number.NaN], 1],
    ['Infinity', [Number.POSITIVE_INFINITY], 0],
    ['negative', [0.2, 0.3, -0.01], 2],
    ['above 1', [1.5], 0],
    ['a string', [0.1, '0.2' as unknown as number], 1],
  ])('rejects %s with InvalidSampleError naming pValues and the index', (_label, pValues, index) => {
    const error = thrown(() => adjustPValues(Object.freeze(pValues), 'holm'));
    expect(error).toBeInstanceOf(InvalidSampleError);
    expect((error as InvalidSampleError).side).toBe('pValues');
    expect((error as InvalidSampleError).index).toBe(index);
  });

  it('rejects a non-array', () => {
    const error = thrown(() => adjustPValues('0.1' as unknown as number[], 'holm'));
    expect(error).toBeInstanceOf(InvalidSampleError);
    expect((error as InvalidSampleError).side).toBe('pValues');
  });

  it('rejects an unknown method (R spells BH "BH"; here it is "bh")', () => {
    for (const method of ['BH', 'fdr', 'none', undefined]) {
      const error = thrown(() => adjustPValues(Object.freeze([0.1, 0.2]), method as PAdjustMethod));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe('method');
    }
  });
});
