import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/shared/random.js';
import { lag1Autocorrelation, longRunVariance } from '../../src/stats/long-run-variance.js';
import { mantelHaenszel } from '../../src/stats/mantel-haenszel.js';
import { pairedMean } from '../../src/stats/paired-mean.js';
import { pairedRatio } from '../../src/stats/paired-ratio.js';

function normals(seed: string): () => number {
  const uniform = createRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

function ar1(normal: () => number, n: number, rho: number): Float64Array {
  const series = new Float64Array(n);
  let previous = normal();
  for (let t = 0; t < n; t++) {
    if (t > 0) previous = rho * previous + Math.sqrt(1 - rho * rho) * normal();
    series[t] = previous;
  }
  return series;
}

describe('longRunVariance', () => {
  it('is the sample variance for a series without positive dependence', () => {
    const alternating = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : -1) + i * 0.001);
    const result = longRunVariance(alternating);
    expect(result.longRun).toBe(result.variance);
    expect(result.effectiveSize).toBe(40);
    expect(result.lag1).toBeLessThan(-0.9);
  });

  it('grows with positive autocorrelation and never shrinks below the variance', () => {
    const normal = normals('lrv');
    const strong = longRunVariance(ar1(normal, 200, 0.8));
    expect(strong.longRun / strong.variance).toBeGreaterThan(4);
    expect(strong.effectiveSize).toBeLessThan(50);
    const ignored = longRunVariance(ar1(normal, 200, 0.8), { dependence: false });
    expect(ignored.longRun).toBe(ignored.variance);
  });

  it('refuses fewer than 2 points and non-finite values', () => {
    expect(() => longRunVariance([1])).toThrow(/at least 2/);
    expect(() => longRunVariance([1, Number.NaN, 2])).toThrow(/finite/);
  });
});

describe('lag1Autocorrelation', () => {
  /** The definition: Σ c_i·c_{i−1} / Σ c_i² over the centred values c, summed in index order. */
  function definition(series: readonly number[]): number | null {
    const n = series.length;
    if (n < 3 || !series.every(Number.isFinite)) return null;
    const mean = series.reduce((sum, value) => sum + value, 0) / n;
    const centred = series.map((value) => value - mean);
    const squares = centred.reduce((sum, value) => sum + value * value, 0);
    if (!(squares > 0)) return null;
    let products = 0;
    for (let i = 1; i < n; i++) products += centred[i]! * centred[i - 1]!;
    return products / squares;
  }

  it("is exactly the definition and longRunVariance's lag1, constant, short and non-finite series included", () => {
    const value = fc.oneof(
      { weight: 20, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) },
      { weight: 3, arbitrary: fc.integer({ min: -2, max: 2 }) },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY) },
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), (series) => {
        const lag1 = lag1Autocorrelation(Float64Array.from(series));
        expect(lag1).toBe(definition(series));
        if (series.length >= 3 && series.every(Number.isFinite)) {
          expect(lag1).toBe(longRunVariance(series, { dependence: false }).lag1);
          expect(lag1).toBe(longRunVariance(series).lag1);
        }
      }),
      { seed: 15, numRuns: 1000 },
    );
  });
});

describe('pairedMean', () => {
  // Seeded coverage check of the autocorrelation-robust interval (statistics.md §2b): the miss rate of
  // a 95% interval on AR(1) series stays near or below 5% from 30 points, where an interval that
  // ignores the dependence misses far more often.
  it.each([
    [30, 0.6],
    [60, 0.8],
    [120, 0.3],
  ])('covers the mean of AR(1) series (n = %i, ρ = %f)', (n, rho) => {
    const normal = normals(`coverage ${n} ${rho}`);
    const reps = 600;
    let missed = 0;
    let missedIgnoring = 0;
    for (let rep = 0; rep < reps; rep++) {
      const series = ar1(normal, n, rho);
      const robust = pairedMean(series, { confidenceLevel: 0.95 });
      if (robust.interval[0] > 0 || robust.interval[1] < 0) missed++;
      const naive = pairedMean(series, { confidenceLevel: 0.95, dependence: false });
      if (naive.interval[0] > 0 || naive.interval[1] < 0) missedIgnoring++;
    }
    // 5% nominal; two Monte Carlo standard errors at 600 repetitions are 1.8 points.
    expect(missed / reps).toBeLessThanOrEqual(0.068);
    expect(missedIgnoring / reps).toBeGreaterThan(missed / reps);
  });

  it('gives the mean and a p-value of 1 for a constant zero series', () => {
    const result = pairedMean([0, 0, 0, 0], { confidenceLevel: 0.95 });
    expect(result.estimate).toBe(0);
    expect(result.pValue).toBe(1);
  });
});

describe('pairedRatio', () => {
  it('is the ratio of the means and is narrow when both sides move together', () => {
    const normal = normals('ratio');
    const load = Array.from({ length: 60 }, () => 100 * Math.exp(0.5 * normal()));
    const baseline = load.map((value) => value * (1 + 0.01 * normal()));
    const canary = load.map((value) => 1.05 * value * (1 + 0.01 * normal()));
    const result = pairedRatio(baseline, canary, { confidenceLevel: 0.95 });
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(result.estimate).toBeCloseTo(mean(canary) / mean(baseline), 12);
    expect(result.bounded).toBe(true);
    expect(result.interval[0]).toBeGreaterThan(1.04);
    expect(result.interval[1]).toBeLessThan(1.06);
  });

  it('is unbounded when the baseline mean is not clearly different from 0', () => {
    const result = pairedRatio([-1, 1, -1, 1, -1, 1.2], [1, 2, 1, 2, 1, 2], { confidenceLevel: 0.95 });
    expect(result.bounded).toBe(false);
    expect(result.interval).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
  });
});

describe('mantelHaenszel', () => {
  it('matches the Mantel–Haenszel formulas on two strata (hand computed)', () => {
    // Stratum 1: canary 10/100, baseline 5/100; stratum 2: canary 2/400, baseline 20/1600.
    const result = mantelHaenszel({ events: [5, 20], total: [100, 1600] }, { events: [10, 2], total: [100, 400] }, { confidenceLevel: 0.95 });
    const numerator = (10 * 100) / 200 + (2 * 1600) / 2000;
    const denominator = (5 * 100) / 200 + (20 * 400) / 2000;
    expect(result.ratio).toBeCloseTo(numerator / denominator, 12);
    const difference = ((10 * 100 - 5 * 100) / 200 + (2 * 1600 - 20 * 400) / 2000) / ((100 * 100) / 200 + (100 * 1600 * 4) / 2000);
    expect(result.difference).toBeCloseTo(difference, 12);
  });

  it('removes a traffic mix that moves both sides at once (Simpson)', () => {
    // The error rate doubles at busy steps on both sides; the canary got more of the busy steps' traffic.
    const baseline = { events: [10, 40], total: [1000, 2000] };
    const canary = { events: [10, 160], total: [1000, 8000] };
    const result = mantelHaenszel(baseline, canary, { confidenceLevel: 0.95 });
    expect(result.ratio).toBeCloseTo(1, 12);
    expect(result.ratioInterval[0]).toBeLessThan(1);
    expect(result.ratioInterval[1]).toBeGreaterThan(1);
    // Unstratified, the canary's rate looks 1.7× the baseline's.
    expect(170 / 9000 / (50 / 3000)).toBeGreaterThan(1.1);
  });

  it('refuses a ratio without events on one side', () => {
    expect(() => mantelHaenszel({ events: [0, 0], total: [10, 10] }, { events: [1, 0], total: [10, 10] }, { confidenceLevel: 0.95 })).toThrow(/events on both sides/);
  });
});
