import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidOptionError, InvalidSampleError, meanRatio, type MeanRatioResult } from 'canary-judge';
import { readGolden, relativeError } from '../golden.js';
import { thrown } from '../thrown.js';

interface MeanRatioGolden {
  rVersion: string;
  cases: {
    note: string;
    baseline: number[];
    canary: number[];
    confidenceLevel: number;
    estimate: number | null;
    confidenceInterval: [number, number];
    fiellerSet: MeanRatioResult['fiellerSet'];
    excludedInterval: [number, number] | null;
    ratioDegreesOfFreedom: number;
    pValue: number;
    tStatistic: number;
    difference: number;
    differenceInterval: [number, number];
    differenceDegreesOfFreedom: number;
  }[];
}

const golden = readGolden<MeanRatioGolden>('mean-ratio');
const TOLERANCE = 1e-9;


describe('meanRatio: agreement with R (Fieller by formula, t.test for the Welch parts)', () => {
  golden.cases.forEach((goldenCase, index) => {
    it(`#${index} ${goldenCase.note} (n = ${goldenCase.baseline.length}/${goldenCase.canary.length}, level ${goldenCase.confidenceLevel})`, () => {
      const result = meanRatio(Object.freeze([...goldenCase.baseline]), Object.freeze([...goldenCase.canary]), {
        confidenceLevel: goldenCase.confidenceLevel,
      });
      const expectNear = (label: string, actual: number, expected: number): void => {
        expect(relativeError(actual, expected), `${label}: got ${actual}, R ${expected}`).toBeLessThanOrEqual(TOLERANCE);
      };
      if (goldenCase.estimate === null) expect(result.estimate).toBeNull();
      else expectNear('estimate', result.estimate as number, goldenCase.estimate);
      expect(result.fiellerSet).toBe(goldenCase.fiellerSet);
      expectNear('lower', result.confidenceInterval[0], goldenCase.confidenceInterval[0]);
      expectNear('upper', result.confidenceInterval[1], goldenCase.confidenceInterval[1]);
      if (goldenCase.excludedInterval === null) expect(result.excludedInterval).toBeNull();
      else {
        expectNear('excluded lower', result.excludedInterval?.[0] as number, goldenCase.excludedInterval[0]);
        expectNear('excluded upper', result.excludedInterval?.[1] as number, goldenCase.excludedInterval[1]);
      }
      expectNear('ratio df', result.ratioDegreesOfFreedom, goldenCase.ratioDegreesOfFreedom);
      expectNear('pValue', result.pValue, goldenCase.pValue);
      expectNear('tStatistic', result.tStatistic, goldenCase.tStatistic);
      expectNear('difference', result.difference, goldenCase.difference);
      expectNear('difference lower', result.differenceInterval[0], goldenCase.differenceInterval[0]);
      expectNear('difference upper', result.differenceInterval[1], goldenCase.differenceInterval[1]);
      expectNear('difference df', result.differenceDegreesOfFreedom, goldenCase.differenceDegreesOfFreedom);
      if (goldenCase.fiellerSet !== 'bounded') expect(result.warnings.length).toBeGreaterThan(0);
    });
  });

  it('covers the required regimes', () => {
    const kinds = new Set(golden.cases.map((goldenCase) => goldenCase.fiellerSet));
    expect(kinds).toEqual(new Set(['bounded', 'exclusive', 'unbounded']));
    const notes = new Set(golden.cases.map((goldenCase) => goldenCase.note));
    for (const note of ['1e6 scale', '1e-6 scale', 'negative data', 'baseline mean exactly zero', 'two points each']) {
      expect(notes).toContain(note);
    }
    expect(Math.min(...golden.cases.map((goldenCase) => goldenCase.pValue))).toBeLessThan(1e-150);
  });
});

describe('meanRatio: edge cases', () => {
  it('matches the documented example', () => {
    const result = meanRatio([10, 12, 11, 13], [20, 22, 21, 25]);
    expect(result.estimate).toBeCloseTo(22 / 11.5, 14);
    expect(result.fiellerSet).toBe('bounded');
    expect(result.warnings).toEqual([]);
  });

  it('constant data on both sides: intervals collapse, p-value 0 or 1', () => {
    const different = meanRatio(Object.freeze([4, 4, 4]), Object.freeze([5, 5]));
    expect(different.estimate).toBe(1.25);
    expect(different.confidenceInterval).toEqual([1.25, 1.25]);
    expect(different.differenceInterval).toEqual([1, 1]);
    expect(different.pValue).toBe(0);
    const equal = meanRatio([4, 4, 4], [4, 4]);
    expect(equal.estimate).toBe(1);
    expect(equal.confidenceInterval).toEqual([1, 1]);
    expect(equal.pValue).toBe(1);
    expect(equal.warnings.length).toBeGreaterThan(0);
  });

  it('a zero baseline mean gives a null estimate, the whole line and a warning', () => {
    const result = meanRatio([-1, 1, -2, 2], [3, 4, 5]);
    expect(result.estimate).toBeNull();
    expect(result.confidenceInterval).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(result.warnings.join(' ')).toMatch(/baseline mean is 0/);
    expect(Number.isFinite(result.pValue)).toBe(true);
  });

  it('explains an unbounded Fieller set', () => {
    const result = meanRatio([-3, 4, -2, 5, 0.5], [10, 11, 9, 10]);
    expect(result.fiellerSet).not.toBe('bounded');
    expect(result.confidenceInterval).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(result.warnings.join(' ')).toMatch(/not significantly different from 0/);
  });

  it('a baseline mean that is tiny but not zero gives an unbounded set, not NaN', () => {
    const result = meanRatio([1e-200, -1e-200, 3e-200], [5, 6, 7]);
    expect(result.estimate).toBeCloseTo(6 / 1e-200, -190);
    expect(result.fiellerSet).not.toBe('bounded');
    expect(Number.isNaN(result.ratioDegreesOfFreedom)).toBe(false);
    expect(result.warnings.join(' ')).not.toMatch(/NaN/);
  });

  it('accepts negative data', () => {
    const result = meanRatio([-10, -11, -9, -10.5], [-20, -21, -19, -22]);
    expect(result.estimate).toBeCloseTo(20.5 / 10.125, 12);
    expect(result.fiellerSet).toBe('bounded');
    const [lower, upper] = result.confidenceInterval;
    expect(lower).toBeLessThan(result.estimate as number);
    expect(upper).toBeGreaterThan(result.estimate as number);
  });
});

/** Values on a grid of 1/1000 so that scaling by a power of two is exact. */
const sampleArbitrary = fc.array(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((value) => value / 1000),
  { minLength: 2, maxLength: 30 },
);
const positiveSampleArbitrary = fc.array(
  fc.integer({ min: 1, max: 1_000_000 }).map((value) => value / 1000),
  { minLength: 2, maxLength: 30 },
);
const levelArbitrary = fc.double({ min: 0.5, max: 0.999, noNaN: true });

function near(actual: number, expected: number, scale: number, tolerance = 1e-9): boolean {
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= tolerance * Math.max(Math.abs(actual), Math.abs(expected), scale);
}

describe('meanRatio: properties', () => {
  it('scaling both sides by a power of two leaves every ratio output unchanged (exactly)', () => {
    fc.assert(
      fc.property(sampleArbitrary, sampleArbitrary, fc.integer({ min: -30, max: 30 }), levelArbitrary, (baseline, canary, power, confidenceLevel) => {
        const scale = 2 ** power;
        const original = meanRatio(baseline, canary, { confidenceLevel });
        const scaled = meanRatio(
          baseline.map((value) => value * scale),
          canary.map((value) => value * scale),
          { confidenceLevel },
        );
        expect(scaled.estimate).toBe(original.estimate);
        expect(scaled.confidenceInterval).toEqual(original.confidenceInterval);
        expect(scaled.fiellerSet).toBe(original.fiellerSet);
        expect(scaled.pValue).toBe(original.pValue);
      }),
    );
  });

  it('scaling both sides by any c > 0 leaves the ratio and its interval unchanged (to 1e-9)', () => {
    fc.assert(
      fc.property(
        positiveSampleArbitrary,
        positiveSampleArbitrary,
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        (baseline, canary, scale) => {
          const original = meanRatio(baseline, canary);
          const scaled = meanRatio(
            baseline.map((value) => value * scale),
            canary.map((value) => value * scale),
          );
          expect(near(scaled.estimate as number, original.estimate as number, 0, 1e-12)).toBe(true);
          expect(scaled.fiellerSet).toBe(original.fiellerSet);
          if (original.fiellerSet === 'bounded') {
            const [lower, upper] = original.confidenceInterval;
            const width = upper - lower;
            expect(near(scaled.confidenceInterval[0], lower, width)).toBe(true);
            expect(near(scaled.confidenceInterval[1], upper, width)).toBe(true);
          }
          expect(near(scaled.pValue, original.pValue, 0)).toBe(true);
        },
      ),
    );
  });

  it('intervals contain their estimates, p-value in [0, 1], wider at a higher level', () => {
    fc.assert(
      fc.property(sampleArbitrary, sampleArbitrary, levelArbitrary, levelArbitrary, (baseline, canary, levelA, levelB) => {
        const [low, high] = levelA <= levelB ? [levelA, levelB] : [levelB, levelA];
        const narrow = meanRatio(baseline, canary, { confidenceLevel: low });
        const wide = meanRatio(baseline, canary, { confidenceLevel: high });
        expect(narrow.pValue).toBeGreaterThanOrEqual(0);
        expect(narrow.pValue).toBeLessThanOrEqual(1);
        expect(narrow.differenceInterval[0]).toBeLessThanOrEqual(narrow.difference);
        expect(narrow.differenceInterval[1]).toBeGreaterThanOrEqual(narrow.difference);
        // Levels a few ulps apart give intervals equal up to rounding: allow 1e-12 of the width.
        const slack = 1e-12 * (narrow.differenceInterval[1] - narrow.differenceInterval[0]);
        expect(wide.differenceInterval[0]).toBeLessThanOrEqual(narrow.differenceInterval[0] + slack);
        expect(wide.differenceInterval[1]).toBeGreaterThanOrEqual(narrow.differenceInterval[1] - slack);
        if (narrow.fiellerSet === 'bounded' && wide.fiellerSet === 'bounded') {
          const ratioSlack = 1e-12 * (narrow.confidenceInterval[1] - narrow.confidenceInterval[0]);
          expect(wide.confidenceInterval[0]).toBeLessThanOrEqual(narrow.confidenceInterval[0] + ratioSlack);
          expect(wide.confidenceInterval[1]).toBeGreaterThanOrEqual(narrow.confidenceInterval[1] - ratioSlack);
        }
        if (narrow.estimate !== null) {
          const scale = Math.abs(narrow.estimate) * 1e-12;
          expect(narrow.confidenceInterval[0]).toBeLessThanOrEqual(narrow.estimate + scale);
          expect(narrow.confidenceInterval[1]).toBeGreaterThanOrEqual(narrow.estimate - scale);
        }
        if (wide.fiellerSet === 'bounded') expect(narrow.fiellerSet).toBe('bounded');
      }),
    );
  });
});

describe('meanRatio: validation', () => {
  const good = Object.freeze([1, 2, 3]);

  for (const side of ['baseline', 'canary'] as const) {
    const call = (bad: readonly number[]) => (side === 'baseline' ? meanRatio(bad, good) : meanRatio(good, bad));

    it(`rejects a one-point ${side} with InvalidSampleError`, () => {
      const error = thrown(() => call(Object.freeze([5])));
      expect(error).toBeInstanceOf(InvalidSampleError);
      expect((error as InvalidSampleError).side).toBe(side);
      expect((error as Error).message).toBe(`meanRatio requires at least two values in ${side}, received 1`);
    });

    it.each([
      ['empty', [], undefined],
      ['NaN', [1, Number.NaN], 1],
      ['Infinity', [Number.NEGATIVE_INFINITY, 2], 0],
      ['a string', [1, 2, '3' as unknown as number], 2],
    ])(`rejects a ${side} with %s`, (_label, bad, index) => {
      const error = thrown(() => call(Object.freeze(bad)));
      expect(error).toBeInstanceOf(InvalidSampleError);
      expect((error as InvalidSampleError).side).toBe(side);
      expect((error as InvalidSampleError).index).toBe(index);
    });

    it(`rejects a ${side} that is not an array`, () => {
      const error = thrown(() => call(null as unknown as number[]));
      expect(error).toBeInstanceOf(InvalidSampleError);
      expect((error as InvalidSampleError).side).toBe(side);
    });
  }

  it.each([0, 1, 2, -1, Number.NaN, '0.9'])('rejects confidenceLevel %s', (confidenceLevel) => {
    const error = thrown(() => meanRatio(good, good, Object.freeze({ confidenceLevel: confidenceLevel as number })));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('confidenceLevel');
  });
});
