/**
 * Histogram quantiles and the histogram Mann-Whitney: interpolation as Prometheus'
 * histogram_quantile, binomial quantiles against R's qbinom (exact integers), the two intervals
 * (the bucket interval always contains the modelled one and the estimate), and their coverage on
 * seeded simulations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/shared/random.js';
import { bucketOfRank, checkHistogram, histogramQuantile, type Histogram } from '../../src/stats/histogram.js';
import { binomialQuantile, orderStatisticRanks, quantileWithIntervals } from '../../src/stats/histogram-quantile.js';
import { histogramShift, probabilityDifferenceAbove } from '../../src/stats/histogram-shift.js';
import { bucketProbabilities, drawHistogram } from '../../bench/calibration/histograms/simulate.js';

const h = (upperBounds: number[], cumulative: number[]): Histogram => ({ upperBounds: [...upperBounds, Infinity], cumulative });

describe('histogramQuantile (as Prometheus histogram_quantile)', () => {
  it('interpolates linearly inside the bucket holding rank p·N; the lowest bucket starts at 0', () => {
    const histogram = h([0.1, 0.5, 1], [10, 90, 100, 100]);
    expect(histogramQuantile(histogram, 0.5)).toBeCloseTo(0.3, 15);
    expect(histogramQuantile(histogram, 0.05)).toBeCloseTo(0.05, 15);
    expect(histogramQuantile(histogram, 0.95)).toBeCloseTo(0.75, 15);
  });

  it('gives the largest finite bound for a rank in the +Inf bucket', () => {
    expect(histogramQuantile(h([0.1, 0.5], [10, 50, 100]), 0.99)).toBe(0.5);
  });

  it('checkHistogram refuses bad shapes with the side named', () => {
    expect(() => checkHistogram(h([0.1, 0.5], [10, 5, 100]), 'canary')).toThrow(/canary histogram counts must not decrease/);
    expect(() => checkHistogram(h([0.5, 0.1], [1, 2, 3]), 'baseline')).toThrow(/bounds must increase/);
    expect(() => checkHistogram({ upperBounds: [0.1, 1], cumulative: [1, 2] }, 'baseline')).toThrow(/last bound must be \+Inf/);
    expect(() => checkHistogram(h([0.1], [1.5, 2]), 'baseline')).toThrow(/whole/);
  });
});

describe('binomialQuantile (R qbinom, exact integers)', () => {
  it.each([
    [0.025, 200_000, 0.99, 197_912],
    [0.975, 200_000, 0.99, 198_087],
    [0.0125, 20_000, 0.99, 19_768],
    [0.9875, 20_000, 0.99, 19_831],
    [0.025, 1000, 0.5, 469],
    [0.975, 1000, 0.5, 531],
    [0.005, 37, 0.9, 28],
    [0.995, 37, 0.9, 37],
  ])('qbinom(%f, %i, %f) = %i', (probability, n, p, expected) => {
    expect(binomialQuantile(probability, n, p)).toBe(expected);
  });

  it('orderStatisticRanks brackets with the R ranks (lower = qbinom(α/2), upper = qbinom(1 − α/2) + 1)', () => {
    expect(orderStatisticRanks(200_000, 0.99, 0.95)).toEqual({ lower: 197_912, upper: 198_088 });
  });
});

describe('quantileWithIntervals', () => {
  const arbitraryHistogram = fc
    .array(fc.integer({ min: 0, max: 2000 }), { minLength: 2, maxLength: 12 })
    .filter((counts) => counts.reduce((sum, count) => sum + count, 0) >= 1)
    .map((counts) => {
      const cumulative: number[] = [];
      counts.reduce((sum, count) => {
        cumulative.push(sum + count);
        return sum + count;
      }, 0);
      return Object.freeze(h(counts.slice(0, -1).map((_, index) => 0.01 * 2 ** index), cumulative));
    });

  it('the bucket interval contains the modelled interval, which contains the estimate, inside the estimate bucket span', () => {
    fc.assert(
      fc.property(arbitraryHistogram, fc.double({ min: 0.01, max: 0.99, noNaN: true }), (histogram, p) => {
        const q = quantileWithIntervals(histogram, p, { modelledLevel: 0.95, bucketLevel: 0.975 });
        expect(q.modelled[0]).toBeLessThanOrEqual(q.estimate);
        expect(q.estimate).toBeLessThanOrEqual(q.modelled[1]);
        expect(q.buckets[0]).toBeLessThanOrEqual(q.modelled[0]);
        expect(q.modelled[1]).toBeLessThanOrEqual(q.buckets[1]);
        expect(q.buckets[0]).toBeLessThanOrEqual(q.bucket.lower);
        expect(q.bucket.upper).toBeLessThanOrEqual(q.buckets[1]);
        expect(bucketOfRank(histogram, p * q.total).index).toBe(q.bucket.index);
      }),
    );
  });

  it('on seeded log-normal requests the bucket interval covers the true p99 at least at its level', () => {
    const random = createRandom('histogram bucket coverage');
    const bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    // True p99 0.5 s sits on a bound: the hardest case for a bucket interval.
    const median = 0.5 / Math.exp(0.5 * 2.3263478740408408);
    const shares = bucketProbabilities(median, bounds);
    let covered = 0;
    const reps = 300;
    for (let rep = 0; rep < reps; rep++) {
      const histogram = h(bounds, drawHistogram(2000, shares, random));
      const q = quantileWithIntervals(histogram, 0.99, { modelledLevel: 0.9, bucketLevel: 0.9 });
      if (q.buckets[0] <= 0.5 && 0.5 <= q.buckets[1]) covered++;
    }
    expect(covered / reps).toBeGreaterThanOrEqual(0.9 - 2 * Math.sqrt((0.9 * 0.1) / reps));
  });
});

describe('histogramShift', () => {
  it('P(V − W > δ) of two uniforms matches a direct computation', () => {
    // V ~ U(0, 1), W ~ U(0, 1): V − W is triangular on [−1, 1]; P(V − W > 0.5) = 0.125.
    expect(probabilityDifferenceAbove({ lower: 0, upper: 1 }, { lower: 0, upper: 1 }, 0.5)).toBeCloseTo(0.125, 12);
    expect(probabilityDifferenceAbove({ lower: 2, upper: 3 }, { lower: 0, upper: 1 }, 0.5)).toBe(1);
    expect(probabilityDifferenceAbove({ lower: 1, upper: 1 }, { lower: 0, upper: 2 }, 0)).toBeCloseTo(0.5, 12);
  });

  it('A/A gives a shift near 0 with p-value 1 and intervals around it; the bucket interval contains the modelled one', () => {
    const histogram = h([1, 2, 3], [30, 70, 100, 100]);
    const result = histogramShift(histogram, histogram, { confidenceLevel: 0.95, bucketLevel: 0.95 });
    expect(result.estimate).toBeCloseTo(0, 6);
    expect(result.pValue).toBe(1);
    expect(result.modelled[0]).toBeLessThan(0);
    expect(result.modelled[1]).toBeGreaterThan(0);
    expect(result.buckets[0]).toBeLessThanOrEqual(result.modelled[0]);
    expect(result.buckets[1]).toBeGreaterThanOrEqual(result.modelled[1]);
  });

  it('a canary one bucket higher everywhere: shift 1, ordinal test significant, bucket interval wholly above 0', () => {
    const baseline = h([1, 2, 3], [500, 1000, 1000, 1000]);
    const canary = h([1, 2, 3], [0, 500, 1000, 1000]);
    const result = histogramShift(baseline, canary, { confidenceLevel: 0.95, bucketLevel: 0.95 });
    expect(result.estimate).toBeCloseTo(1, 6);
    expect(result.pValue).toBeLessThan(1e-10);
    expect(result.probabilityGreater).toBeGreaterThan(0.5);
    expect(result.buckets[0]).toBeGreaterThanOrEqual(0);
  });
});
