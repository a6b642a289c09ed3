import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidOptionError, InvalidSampleError, rateRatio, type Alternative, type Counts } from 'canary-judge';
import { readGolden, relativeError } from '../golden.js';
import { thrown } from '../thrown.js';

interface RateRatioGolden {
  rVersion: string;
  cases: {
    note: string;
    baseline: Counts;
    canary: Counts;
    alternative: Alternative;
    confidenceLevel: number;
    pValue: number;
    estimate: number;
    confidenceInterval: [number, number];
  }[];
}

const golden = readGolden<RateRatioGolden>('rate-ratio');
const TOLERANCE = 1e-9;


const counts = (events: number, total: number): Counts => Object.freeze({ events, total });

describe('rateRatio: agreement with R poisson.test (golden fixtures)', () => {
  golden.cases.forEach((goldenCase, index) => {
    const { baseline, canary, alternative, confidenceLevel } = goldenCase;
    it(`#${index} ${goldenCase.note}: canary ${canary.events}/${canary.total} vs baseline ${baseline.events}/${baseline.total}, ${alternative}, ${confidenceLevel}`, () => {
      const result = rateRatio(Object.freeze(baseline), Object.freeze(canary), Object.freeze({ alternative, confidenceLevel }));
      const expectNear = (label: string, actual: number, expected: number): void => {
        expect(relativeError(actual, expected), `${label}: got ${actual}, R ${expected}`).toBeLessThanOrEqual(TOLERANCE);
      };
      expectNear('pValue', result.pValue, goldenCase.pValue);
      expectNear('estimate', result.estimate as number, goldenCase.estimate);
      expectNear('lower', result.confidenceInterval[0], goldenCase.confidenceInterval[0]);
      expectNear('upper', result.confidenceInterval[1], goldenCase.confidenceInterval[1]);
      expect(result.alternative).toBe(alternative);
      expect(result.confidenceLevel).toBe(confidenceLevel);
    });
  });

  it('covers the required regimes', () => {
    const notes = new Set(golden.cases.map((goldenCase) => goldenCase.note));
    for (const note of ['zero canary events', 'zero baseline events', 'huge totals', 'millions of events', 'far tail, canary worse']) {
      expect(notes).toContain(note);
    }
    const pValues = golden.cases.map((goldenCase) => goldenCase.pValue).filter((p) => p > 0);
    expect(Math.min(...pValues)).toBeLessThan(1e-250);
    expect(new Set(golden.cases.map((goldenCase) => goldenCase.alternative)).size).toBe(3);
    expect(golden.cases.length).toBeGreaterThan(150);
  });
});

describe('rateRatio: edge cases', () => {
  it('matches the documented example', () => {
    const result = rateRatio(counts(10, 1000), counts(25, 1000));
    expect(result.estimate).toBe(2.5);
    expect(result.pValue).toBeCloseTo(0.0166738478, 9);
    expect(result.baselineRate).toBe(0.01);
    expect(result.canaryRate).toBe(0.025);
    expect(result.warnings).toEqual([]);
  });

  it('no events on either side: p-value 1, estimate null, interval [0, Infinity], a warning', () => {
    for (const alternative of ['two-sided', 'greater', 'less'] as const) {
      const result = rateRatio(counts(0, 1000), counts(0, 50), { alternative });
      expect(result.pValue).toBe(1);
      expect(result.estimate).toBeNull();
      expect(result.confidenceInterval).toEqual([0, Number.POSITIVE_INFINITY]);
      expect(result.warnings).toHaveLength(1);
    }
  });

  it('no baseline events: infinite estimate and upper bound, finite lower bound', () => {
    const result = rateRatio(counts(0, 1e9), counts(5, 1e9));
    expect(result.estimate).toBe(Number.POSITIVE_INFINITY);
    expect(result.confidenceInterval[1]).toBe(Number.POSITIVE_INFINITY);
    expect(result.confidenceInterval[0]).toBeGreaterThan(0);
    expect(result.pValue).toBe(0.0625);
    expect(result.warnings.join(' ')).toMatch(/baseline has no events/);
  });

  it('no canary events: estimate 0 and lower bound 0', () => {
    const result = rateRatio(counts(7, 1000), counts(0, 1000));
    expect(result.estimate).toBe(0);
    expect(result.confidenceInterval[0]).toBe(0);
    expect(Number.isFinite(result.confidenceInterval[1])).toBe(true);
  });

  it('one-sided alternatives leave the other end open', () => {
    const greater = rateRatio(counts(10, 1000), counts(25, 1000), { alternative: 'greater' });
    expect(greater.confidenceInterval[1]).toBe(Number.POSITIVE_INFINITY);
    expect(greater.confidenceInterval[0]).toBeGreaterThan(1);
    const less = rateRatio(counts(10, 1000), counts(25, 1000), { alternative: 'less' });
    expect(less.confidenceInterval[0]).toBe(0);
    expect(less.pValue).toBeGreaterThan(0.99);
  });

  it('keeps relative precision in the far tail (no 1 − p)', () => {
    // P(X ≥ 1030 | n = 1060, p = ½) = Σ C(1060, i)/2^1060, about 1e-262.
    const result = rateRatio(counts(30, 1e6), counts(1030, 1e6), { alternative: 'greater' });
    expect(result.pValue).toBeGreaterThan(1e-280);
    expect(result.pValue).toBeLessThan(1e-240);
  });

  it('does not overflow with totals near the largest double', () => {
    const result = rateRatio(counts(10, 1.5e308), counts(10, 1.5e308));
    expect(result.pValue).toBe(1);
    expect(result.estimate).toBe(1);
    expect(result.confidenceInterval[0]).toBeGreaterThan(0.3);
    expect(result.confidenceInterval[1]).toBeLessThan(3);
  });

  it('handles a billion events (its speed is bench/ matter, not a unit-test limit)', () => {
    const result = rateRatio(counts(5e8, 2e9), counts(5.0001e8, 2e9));
    expect(result.pValue).toBeGreaterThan(0.5);
    expect(result.confidenceInterval[0]).toBeLessThan(1);
    expect(result.confidenceInterval[1]).toBeGreaterThan(1);
  });
});

const sideArbitrary = fc
  .record({ events: fc.integer({ min: 0, max: 3000 }), extra: fc.integer({ min: 0, max: 10_000_000 }) })
  .map(({ events, extra }) => counts(events, events + extra + 1));
const levelArbitrary = fc.double({ min: 0.5, max: 0.999, noNaN: true });

/** |a − b| ≤ tolerance·max(|a|, |b|), with equal infinities (and zeros) agreeing. */
function near(actual: number, expected: number, tolerance = 1e-9): boolean {
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= tolerance * Math.max(Math.abs(actual), Math.abs(expected));
}

describe('rateRatio: properties', () => {
  it('swapping the sides inverts the estimate and the interval', () => {
    fc.assert(
      fc.property(sideArbitrary, sideArbitrary, levelArbitrary, (baseline, canary, confidenceLevel) => {
        fc.pre(baseline.events + canary.events > 0);
        const forward = rateRatio(baseline, canary, { confidenceLevel });
        const backward = rateRatio(canary, baseline, { confidenceLevel });
        expect(near(1 / (forward.estimate as number), backward.estimate as number, 1e-12)).toBe(true);
        expect(near(1 / forward.confidenceInterval[1], backward.confidenceInterval[0])).toBe(true);
        expect(near(1 / forward.confidenceInterval[0], backward.confidenceInterval[1])).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("swapping the sides turns 'greater' into 'less' with the same p-value", () => {
    fc.assert(
      fc.property(sideArbitrary, sideArbitrary, (baseline, canary) => {
        fc.pre(baseline.events + canary.events > 0);
        const greater = rateRatio(baseline, canary, { alternative: 'greater' });
        const less = rateRatio(canary, baseline, { alternative: 'less' });
        expect(near(greater.pValue, less.pValue)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('p-value in [0, 1]; the interval contains the estimate and widens with the level', () => {
    fc.assert(
      fc.property(
        sideArbitrary,
        sideArbitrary,
        levelArbitrary,
        levelArbitrary,
        fc.constantFrom<Alternative>('two-sided', 'greater', 'less'),
        (baseline, canary, levelA, levelB, alternative) => {
          fc.pre(baseline.events + canary.events > 0);
          const [low, high] = levelA <= levelB ? [levelA, levelB] : [levelB, levelA];
          const narrow = rateRatio(baseline, canary, { confidenceLevel: low, alternative });
          const wide = rateRatio(baseline, canary, { confidenceLevel: high, alternative });
          expect(narrow.pValue).toBeGreaterThanOrEqual(0);
          expect(narrow.pValue).toBeLessThanOrEqual(1);
          const estimate = narrow.estimate as number;
          expect(narrow.confidenceInterval[0]).toBeLessThanOrEqual(estimate);
          expect(narrow.confidenceInterval[1]).toBeGreaterThanOrEqual(estimate);
          expect(wide.confidenceInterval[0]).toBeLessThanOrEqual(narrow.confidenceInterval[0] * (1 + 1e-12));
          expect(wide.confidenceInterval[1]).toBeGreaterThanOrEqual(narrow.confidenceInterval[1] * (1 - 1e-12));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('rateRatio: validation', () => {
  const good = counts(3, 100);
  const badCounts: [string, unknown][] = [
    ['null', null],
    ['a number', 5],
    ['NaN events', { events: Number.NaN, total: 10 }],
    ['negative events', { events: -1, total: 10 }],
    ['infinite events', { events: Number.POSITIVE_INFINITY, total: 10 }],
    ['non-integer events', { events: 1.5, total: 10 }],
    ['string events', { events: '3', total: 10 }],
    ['zero total', { events: 0, total: 0 }],
    ['negative total', { events: 0, total: -5 }],
    ['NaN total', { events: 1, total: Number.NaN }],
    ['infinite total', { events: 1, total: Number.POSITIVE_INFINITY }],
    ['more events than total', { events: 11, total: 10 }],
  ];

  for (const side of ['baseline', 'canary'] as const) {
    it.each(badCounts)(`rejects ${side} with %s (InvalidSampleError, side ${side})`, (_label, bad) => {
      const frozen = (typeof bad === 'object' && bad !== null ? Object.freeze(bad) : bad) as Counts;
      const error = thrown(() => (side === 'baseline' ? rateRatio(frozen, good) : rateRatio(good, frozen)));
      expect(error).toBeInstanceOf(InvalidSampleError);
      expect((error as InvalidSampleError).side).toBe(side);
      expect((error as Error).message).toContain(side);
    });
  }

  it.each([0, 1, 1.5, -0.1, Number.NaN, '0.95'])('rejects confidenceLevel %s', (confidenceLevel) => {
    const error = thrown(() => rateRatio(good, good, Object.freeze({ confidenceLevel: confidenceLevel as number })));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('confidenceLevel');
  });

  it.each(['two.sided', 'both', ''])('rejects alternative %j', (alternative) => {
    const error = thrown(() => rateRatio(good, good, Object.freeze({ alternative: alternative as Alternative })));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('alternative');
  });
});
