/**
 * Autocorrelation: the estimates, the variance inflation and how the judge widens intervals with
 * them (statistics.md §2a).
 */
import { describe, expect, it } from 'vitest';
import { createRandom, judge } from 'canary-judge';
import {
  ar1VarianceInflation,
  estimateRateDependence,
  estimateValueDependence,
  lag1Autocorrelation,
  winsorize,
  wideningFactor,
} from '../../src/judge/dependence.js';

/** A stationary AR(1) series around `level` with standard deviation `spread`. */
function ar1(count: number, rho: number, level: number, spread: number, seed: number | string): number[] {
  const uniform = createRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const values: number[] = [];
  let state = normal();
  for (let t = 0; t < count; t++) {
    if (t > 0) state = rho * state + Math.sqrt(1 - rho * rho) * normal();
    values.push(level + spread * state);
  }
  return values;
}

const side = (values: number[]) => ({ ordered: Float64Array.from(values), sorted: Float64Array.from(values).sort() });

describe('building blocks', () => {
  it('AR(1) variance inflation: 1 without dependence, (1 + ρ)/(1 − ρ) for long series, less for short ones', () => {
    expect(ar1VarianceInflation(100, 0)).toBe(1);
    expect(ar1VarianceInflation(100, -0.5)).toBe(1);
    expect(ar1VarianceInflation(100_000, 0.8)).toBeCloseTo(9, 2);
    expect(ar1VarianceInflation(10, 0.8)).toBeLessThan(ar1VarianceInflation(100, 0.8));
    // Exact for n = 2: Var(mean of two) = σ²(1 + ρ)/2.
    expect(ar1VarianceInflation(2, 0.5)).toBeCloseTo(1.5, 12);
  });

  it('lag-1 autocorrelation: null for short or constant series', () => {
    expect(lag1Autocorrelation([1, 2, 3, 4, 5, 6])).toBeCloseTo(0.5, 12);
    expect(lag1Autocorrelation([1, 2, 3, 4])).toBeNull();
    expect(lag1Autocorrelation([7, 7, 7, 7, 7, 7])).toBeNull();
    expect(lag1Autocorrelation([1, 9, 1, 9, 1, 9, 1, 9])).toBeLessThan(-0.8);
  });

  it('winsorizing pulls each tail in to the own order statistics of the side and keeps the order', () => {
    const series = [5, 100, 1, 2, 3, 4, 6, 7, 8, 9];
    const sorted = Float64Array.from(series).sort();
    expect(Array.from(winsorize(series, sorted, 0.1))).toEqual([5, 9, 2, 2, 3, 4, 6, 7, 8, 9]);
    expect(Array.from(winsorize(series, sorted, 0))).toEqual(series);
  });

  it('a single huge outlier does not hide the dependence of a heavy-tailed series', () => {
    const series = ar1(400, 0.8, 100, 10, 'heavy');
    series[200] = 1e9;
    const estimate = estimateValueDependence(side(series), side(ar1(400, 0.8, 100, 10, 'heavy-2')), 0.95);
    expect(lag1Autocorrelation(series)).toBeLessThan(0.05);
    expect(estimate.baseline).toBeGreaterThan(0.7);
  });

  it('the widening is 1 without inflation and grows with it', () => {
    expect(wideningFactor({ baseline: 50, canary: 50 }, { baseline: 1, canary: 1 }, 0.95)).toBe(1);
    const four = wideningFactor({ baseline: 1000, canary: 1000 }, { baseline: 4, canary: 4 }, 0.95);
    expect(four).toBeGreaterThan(2);
    expect(four).toBeLessThan(2.01);
    // Few effective points: the t quantile adds to the √inflation.
    expect(wideningFactor({ baseline: 20, canary: 20 }, { baseline: 4, canary: 4 }, 0.95)).toBeGreaterThan(2.1);
  });
});

describe('estimates', () => {
  it('finds strong autocorrelation in an AR(1) series with ρ = 0.8', () => {
    const estimate = estimateValueDependence(side(ar1(500, 0.8, 100, 10, 'b')), side(ar1(500, 0.8, 100, 10, 'c')), 0.95);
    expect(estimate.used).toBeGreaterThan(0.7);
    expect(estimate.used).toBeLessThan(0.9);
    expect(estimate.widening).toBeGreaterThan(2.3);
    expect(estimate.effectiveSizes.baseline).toBeLessThan(100);
  });

  it('finds little in independent points, and none in a zig-zag', () => {
    const independent = estimateValueDependence(side(ar1(500, 0, 100, 10, 'b')), side(ar1(500, 0, 100, 10, 'c')), 0.95);
    expect(independent.used).toBeLessThan(0.1);
    expect(independent.widening).toBeLessThan(1.1);
    const zigzag = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? i : 100 - i));
    const none = estimateValueDependence(side(zigzag), side(zigzag), 0.95);
    expect(none.used).toBe(0);
    expect(none.widening).toBe(1);
  });

  it('rates: Poisson counts show no extra dispersion, zero-inflated counts do', () => {
    const uniform = createRandom(5);
    const points = (zeroShare: number) => {
      const events: number[] = [];
      const total: number[] = [];
      for (let i = 0; i < 400; i++) {
        total.push(20);
        let count = 0;
        if (uniform() >= zeroShare) for (let r = 0; r < 20; r++) if (uniform() < 0.05 / (1 - zeroShare)) count++;
        events.push(count);
      }
      return { events: Float64Array.from(events), total: Float64Array.from(total) };
    };
    const plain = estimateRateDependence(points(0), points(0));
    expect(plain.dispersion).toBeGreaterThan(0.8);
    expect(plain.dispersion).toBeLessThan(1.2);
    const inflated = estimateRateDependence(points(0.7), points(0.7));
    expect(inflated.dispersion).toBeGreaterThan(1.3);
    expect(inflated.effectiveSizes.baseline).toBeLessThan(8000 / 1.3);
  });
});

describe('in the judge', () => {
  const config = (autocorrelation: 'adjust' | 'ignore', test: 'mann-whitney' | 'mean-ratio' | 'percentile' = 'mean-ratio') => ({
    autocorrelation,
    metrics: [{ name: 'cpu', test, margin: { relative: 0.05 }, ...(test === 'percentile' ? { percentile: 50 } : {}) }],
  });
  const data = { metrics: { cpu: { baseline: ar1(300, 0.8, 100, 10, 'x'), canary: ar1(300, 0.8, 100, 10, 'y') } } };

  for (const test of ['mann-whitney', 'mean-ratio', 'percentile'] as const) {
    it(`${test}: widens the interval about the estimate by the reported factor`, () => {
      const adjusted = judge(config('adjust', test), data).metrics[0]!;
      const ignored = judge(config('ignore', test), data).metrics[0]!;
      const factor = adjusted.autocorrelation!.widening!;
      expect(factor).toBeGreaterThan(2);
      expect(adjusted.autocorrelation!.adjusted).toBe(true);
      expect(ignored.autocorrelation!.adjusted).toBe(false);
      expect(ignored.autocorrelation!.widening).toBe(1);
      expect(adjusted.estimate).toEqual(ignored.estimate);
      const [low, high] = ignored.interval.absolute! as [number, number];
      const [wideLow, wideHigh] = adjusted.interval.absolute! as [number, number];
      const estimate = ignored.estimate.absolute!;
      expect(estimate - wideLow).toBeCloseTo((estimate - low) * factor, 2);
      expect(wideHigh - estimate).toBeCloseTo((high - estimate) * factor, 2);
    });
  }

  it('reports the dependence and explains an inconclusive result with the effective size', () => {
    const metric = judge(config('adjust'), data).metrics[0]!;
    expect(metric.outcome).toBe('inconclusive');
    expect(metric.autocorrelation!.baseline).toBeGreaterThan(0.6);
    expect(metric.autocorrelation!.canary).toBeGreaterThan(0.6);
    expect(metric.explanation).toMatch(/with 300 values per side \(worth about \d+ independent values: lag-1 autocorrelation 0\.\d+\), changes under ±/);
  });

  it('rates run on effective counts but keep the estimate of the real counts', () => {
    const uniform = createRandom(11);
    const side = () => {
      const events: number[] = [];
      const total: number[] = [];
      for (let i = 0; i < 200; i++) {
        total.push(20);
        let count = 0;
        if (uniform() >= 0.7) for (let r = 0; r < 20; r++) if (uniform() < 0.1) count++;
        events.push(count);
      }
      return { events, total };
    };
    const rateData = { metrics: { errors: { baseline: side(), canary: side() } } };
    const rateConfig = (autocorrelation: 'adjust' | 'ignore') => ({ autocorrelation, metrics: [{ name: 'errors', test: 'rate' as const, margin: { relative: 0.25 } }] });
    const adjusted = judge(rateConfig('adjust'), rateData).metrics[0]!;
    const ignored = judge(rateConfig('ignore'), rateData).metrics[0]!;
    expect(adjusted.autocorrelation!.dispersion).toBeGreaterThan(1.2);
    expect(adjusted.estimate).toEqual(ignored.estimate);
    const width = (interval: readonly (number | null)[]) => (interval[1] as number) - (interval[0] as number);
    expect(width(adjusted.interval.relative!)).toBeGreaterThan(width(ignored.interval.relative!) * 1.1);
    expect(adjusted.interval.relative![0]! <= adjusted.estimate.relative!).toBe(true);
    expect(adjusted.interval.relative![1]! >= adjusted.estimate.relative!).toBe(true);
  });
});

describe('the minimum detectable effect in the explanation', () => {
  it('is the half-width of the interval: Welch-sized for a mean ratio with 12 points per side', () => {
    const baseline = ar1(12, 0, 100, 25, 'mde-b');
    const canary = ar1(12, 0, 104, 25, 'mde-c');
    const metric = judge(
      { autocorrelation: 'ignore', metrics: [{ name: 'latency', test: 'mean-ratio', margin: { relative: 0.1 } }] },
      { metrics: { latency: { baseline, canary } } },
    ).metrics[0]!;
    expect(metric.outcome).toBe('inconclusive');
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const variance = (values: number[]) => values.reduce((sum, value) => sum + (value - mean(values)) ** 2, 0) / (values.length - 1);
    // Welch half-width relative to the baseline mean; Fieller's relative interval is close to it.
    const welch = (2.07 * Math.sqrt(variance(baseline) / 12 + variance(canary) / 12)) / mean(baseline);
    const halfWidth = metric.decisionSize!.halfWidth!;
    expect(halfWidth / welch).toBeGreaterThan(0.85);
    expect(halfWidth / welch).toBeLessThan(1.2);
    const [low, high] = metric.interval.relative! as [number, number];
    expect(halfWidth).toBeCloseTo((high - low) / 2, 12);
    const shown = `±${Number((halfWidth * 100).toPrecision(3))}%`;
    expect(metric.explanation).toContain(`with 12 values per side, changes under ${shown} cannot be told apart`);
  });
});
