import { thrown } from '../thrown.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createRandom,
  InvalidOptionError,
  InvalidSampleError,
  percentileDelta,
  quantile,
  type PercentileDeltaOptions,
} from 'canary-judge';
import { createQuantileResampler } from '../../src/stats/percentile-delta.js';
import { quantileSorted } from '../../src/stats/quantile.js';

/** Seeded log-normal-ish latencies. */
function latencies(seed: number | string, size: number, scale = 100): number[] {
  const random = createRandom(seed);
  return Array.from({ length: size }, () => {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return scale * Math.exp(0.5 * normal);
  });
}

function frozen(values: number[]): readonly number[] {
  return Object.freeze(values);
}

/** A naive bootstrap replicate: draw n indices, sort the resample, take the type-7 quantile. */
function naiveReplicates(values: readonly number[], p: number, count: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const size = values.length;
  const replicates = new Float64Array(count);
  const resample = new Float64Array(size);
  for (let index = 0; index < count; index++) {
    for (let slot = 0; slot < size; slot++) resample[slot] = values[Math.floor(random() * size)] as number;
    resample.sort();
    replicates[index] = quantileSorted(resample, p, 7);
  }
  return replicates.sort();
}

function samplerReplicates(values: readonly number[], p: number, count: number, seed: number): Float64Array {
  const draw = createQuantileResampler(Float64Array.from(values).sort(), p, createRandom(seed));
  return Float64Array.from({ length: count }, draw).sort();
}

/** Kolmogorov–Smirnov distance between two sorted samples. */
function ksDistance(first: Float64Array, second: Float64Array): number {
  let i = 0;
  let j = 0;
  let distance = 0;
  while (i < first.length && j < second.length) {
    const value = Math.min(first[i]!, second[j]!);
    while (i < first.length && first[i] === value) i++;
    while (j < second.length && second[j] === value) j++;
    distance = Math.max(distance, Math.abs(i / first.length - j / second.length));
  }
  return distance;
}

function binomialUpperTail(size: number, probability: number, atLeast: number): number {
  let total = 0;
  let coefficient = 1;
  for (let successes = 0; successes <= size; successes++) {
    if (successes > 0) coefficient = (coefficient * (size - successes + 1)) / successes;
    if (successes >= atLeast) total += coefficient * probability ** successes * (1 - probability) ** (size - successes);
  }
  return total;
}

describe('percentileDelta: estimates and intervals', () => {
  it('matches the documented example', () => {
    const result = percentileDelta([100, 110, 120, 130, 140], [120, 132, 144, 156, 168], { p: 0.5, seed: 1 });
    expect(result.baselineQuantile).toBe(120);
    expect(result.canaryQuantile).toBe(144);
    expect(result.difference).toBe(24);
    expect(result.estimate).toBeCloseTo(0.2, 15);
    expect(result.p).toBe(0.5);
    expect(result.confidenceLevel).toBe(0.95);
    expect(result.resamples).toBe(10_000);
    expect(result.sizes).toEqual({ baseline: 5, canary: 5 });
    expect(result.method).toMatch(/bootstrap/);
  });

  it('reports the R type-7 quantiles of each side', () => {
    const baseline = frozen(latencies(1, 301));
    const canary = frozen(latencies(2, 257, 120));
    for (const p of [0, 0.01, 0.5, 0.9, 0.99, 0.999, 1]) {
      const result = percentileDelta(baseline, canary, { p, resamples: 200 });
      expect(result.baselineQuantile).toBe(quantile(baseline, p));
      expect(result.canaryQuantile).toBe(quantile(canary, p));
      expect(result.difference).toBe(result.canaryQuantile - result.baselineQuantile);
      expect(result.estimate).toBe(result.difference / result.baselineQuantile);
    }
  });

  it('is deterministic for a seed (identical results) and changes with the seed', () => {
    const baseline = frozen(latencies('b', 500));
    const canary = frozen(latencies('c', 500, 105));
    const options: PercentileDeltaOptions = { p: 0.99, resamples: 2000, seed: 'release-42' };
    const first = percentileDelta(baseline, canary, options);
    const second = percentileDelta(baseline, canary, { ...options });
    expect(second).toStrictEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    const other = percentileDelta(baseline, canary, { ...options, seed: 'release-43' });
    expect(other.differenceInterval).not.toEqual(first.differenceInterval);
    expect(other.difference).toBe(first.difference);
    expect(percentileDelta(baseline, canary, { p: 0.99, resamples: 2000 })).toStrictEqual(
      percentileDelta(baseline, canary, { p: 0.99, resamples: 2000, seed: 0 }),
    );
  });

  it('has intervals containing the point estimates on typical data', () => {
    for (const [index, p] of [0.5, 0.9, 0.95, 0.99].entries()) {
      const baseline = frozen(latencies(10 + index, 2000));
      const canary = frozen(latencies(20 + index, 1500, 110));
      const result = percentileDelta(baseline, canary, { p, resamples: 2000, seed: index });
      const [lowerDifference, upperDifference] = result.differenceInterval;
      expect(lowerDifference).toBeLessThanOrEqual(result.difference);
      expect(upperDifference).toBeGreaterThanOrEqual(result.difference);
      const [lowerRelative, upperRelative] = result.confidenceInterval!;
      expect(lowerRelative).toBeLessThanOrEqual(result.estimate!);
      expect(upperRelative).toBeGreaterThanOrEqual(result.estimate!);
      expect(result.warnings).toEqual([]);
    }
  });

  it('narrows when the confidence level drops', () => {
    const baseline = frozen(latencies(3, 400));
    const canary = frozen(latencies(4, 400));
    const wide = percentileDelta(baseline, canary, { p: 0.9, confidenceLevel: 0.99, resamples: 3000, seed: 5 });
    const narrow = percentileDelta(baseline, canary, { p: 0.9, confidenceLevel: 0.8, resamples: 3000, seed: 5 });
    const width = (interval: readonly [number, number]): number => interval[1] - interval[0];
    expect(width(narrow.differenceInterval)).toBeLessThan(width(wide.differenceInterval));
    expect(narrow.confidenceLevel).toBe(0.8);
  });

  it('covers a true difference of 0 at roughly the nominal rate (seeded simulation)', () => {
    for (const p of [0.5, 0.9]) {
      let covered = 0;
      const trials = 200;
      for (let trial = 0; trial < trials; trial++) {
        const baseline = latencies(`coverage-b-${p}-${trial}`, 150);
        const canary = latencies(`coverage-c-${p}-${trial}`, 150);
        const [lower, upper] = percentileDelta(baseline, canary, { p, resamples: 500, seed: trial }).differenceInterval;
        if (lower <= 0 && 0 <= upper) covered++;
      }
      const coverage = covered / trials;
      expect(coverage, `p = ${p}`).toBeGreaterThan(0.87);
      expect(coverage, `p = ${p}`).toBeLessThanOrEqual(1);
    }
  });

  it('is unchanged by a common shift and scales with a common positive factor', () => {
    const baseline = latencies(30, 300);
    const canary = latencies(31, 300, 130);
    const options = { p: 0.95, resamples: 1000, seed: 9 };
    const original = percentileDelta(baseline, canary, options);

    const shift = 1000;
    const shifted = percentileDelta(
      baseline.map((value) => value + shift),
      canary.map((value) => value + shift),
      options,
    );
    expect(shifted.difference).toBeCloseTo(original.difference, 9);
    expect(shifted.differenceInterval[0]).toBeCloseTo(original.differenceInterval[0], 9);
    expect(shifted.differenceInterval[1]).toBeCloseTo(original.differenceInterval[1], 9);

    const factor = 3;
    const scaled = percentileDelta(
      baseline.map((value) => value * factor),
      canary.map((value) => value * factor),
      options,
    );
    expect(scaled.difference).toBeCloseTo(original.difference * factor, 9);
    expect(scaled.differenceInterval[0]).toBeCloseTo(original.differenceInterval[0] * factor, 9);
    expect(scaled.differenceInterval[1]).toBeCloseTo(original.differenceInterval[1] * factor, 9);
    expect(scaled.estimate!).toBeCloseTo(original.estimate!, 12);
    expect(scaled.confidenceInterval![0]).toBeCloseTo(original.confidenceInterval![0], 12);
    expect(scaled.confidenceInterval![1]).toBeCloseTo(original.confidenceInterval![1], 12);

    const canaryShifted = percentileDelta(
      baseline,
      canary.map((value) => value + 50),
      options,
    );
    expect(canaryShifted.difference).toBeCloseTo(original.difference + 50, 9);
  });

  it('reports no change for identical samples', () => {
    const values = frozen(latencies(40, 100));
    const result = percentileDelta(values, values, { p: 0.5, resamples: 500 });
    expect(result.difference).toBe(0);
    expect(result.estimate).toBe(0);
    expect(result.differenceInterval[0]).toBeLessThan(0);
    expect(result.differenceInterval[1]).toBeGreaterThan(0);
  });

  it('has ordered intervals for arbitrary data (fast-check)', () => {
    const sample = fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(
        sample,
        sample,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        fc.integer(),
        (baseline, canary, p, confidenceLevel, seed) => {
          const result = percentileDelta(frozen(baseline), frozen(canary), { p, confidenceLevel, resamples: 50, seed });
          expect(result.differenceInterval[0]).toBeLessThanOrEqual(result.differenceInterval[1]);
          const minimum = Math.min(...canary) - Math.max(...baseline);
          const maximum = Math.max(...canary) - Math.min(...baseline);
          expect(result.differenceInterval[0]).toBeGreaterThanOrEqual(minimum - 1e-9);
          expect(result.differenceInterval[1]).toBeLessThanOrEqual(maximum + 1e-9);
          if (result.confidenceInterval === null) {
            expect(result.baselineQuantile === 0).toBe(true); // +0 or −0
            expect(result.estimate).toBeNull();
          } else {
            expect(Number.isNaN(result.confidenceInterval[0])).toBe(false);
            expect(result.confidenceInterval[0]).toBeLessThanOrEqual(result.confidenceInterval[1]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('percentileDelta: the order-statistic sampler', () => {
  const values = Object.freeze([3, 1, 4, 15, 9, 2.6, 5, 35, 8.9, 7.93]);

  it('matches the exact bootstrap distribution of an order statistic', () => {
    // P(k-th order statistic of a resample ≤ x(j)) = P(Binomial(n, j/n) ≥ k), for distinct values.
    const size = values.length;
    const sorted = [...values].sort((a, b) => a - b);
    const count = 100_000;
    for (const p of [0, 1 / 9, 0.5 + 1 / 18, 1]) {
      const rank = Math.round(1 + (size - 1) * p);
      const replicates = samplerReplicates(values, p, count, 77);
      sorted.forEach((value, index) => {
        const below = replicates.filter((replicate) => replicate <= value).length / count;
        const exact = binomialUpperTail(size, (index + 1) / size, rank);
        expect(Math.abs(below - exact), `p = ${p}, x(${index + 1})`).toBeLessThan(0.006);
      });
    }
  });

  it('agrees in distribution with a naive resample-and-sort bootstrap when interpolating', () => {
    const count = 60_000;
    for (const p of [0.25, 0.5, 0.9, 0.99]) {
      const fast = samplerReplicates(values, p, count, 1);
      const naive = naiveReplicates(values, p, count, 2);
      expect(ksDistance(fast, naive), `p = ${p}`).toBeLessThan(0.015);
      const range = Math.max(...values) - Math.min(...values);
      for (const level of [0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975]) {
        const difference = Math.abs(quantileSorted(fast, level, 7) - quantileSorted(naive, level, 7));
        expect(difference, `p = ${p}, level = ${level}`).toBeLessThan(0.1 * range);
      }
      const mean = (array: Float64Array): number => array.reduce((sum, value) => sum + value, 0) / array.length;
      expect(Math.abs(mean(fast) - mean(naive))).toBeLessThan(0.01 * range);
    }
  });

  it('agrees with the naive bootstrap on a larger skewed sample', () => {
    const data = latencies('skewed', 200);
    for (const p of [0.5, 0.95]) {
      const fast = samplerReplicates(data, p, 20_000, 3);
      const naive = naiveReplicates(data, p, 20_000, 4);
      expect(ksDistance(fast, naive), `p = ${p}`).toBeLessThan(0.025);
    }
  });
});

describe('percentileDelta: degenerate inputs', () => {
  it('handles one value per side', () => {
    const result = percentileDelta(frozen([10]), frozen([12]), { p: 0.99, resamples: 100 });
    expect(result.difference).toBe(2);
    expect(result.differenceInterval).toEqual([2, 2]);
    expect(result.estimate).toBeCloseTo(0.2, 15);
    expect(result.confidenceInterval![0]).toBeCloseTo(0.2, 15);
    expect(result.confidenceInterval![1]).toBeCloseTo(0.2, 15);
    expect(result.warnings.some((warning) => warning.includes('baseline') && warning.includes('unreliable'))).toBe(true);
  });

  it('handles constant data', () => {
    const result = percentileDelta(frozen(Array(50).fill(5)), frozen(Array(40).fill(7)), { p: 0.5, resamples: 200 });
    expect(result.differenceInterval).toEqual([2, 2]);
    expect(result.estimate).toBeCloseTo(0.4, 15);
  });

  it('handles p = 0 and p = 1 (minimum and maximum)', () => {
    const baseline = frozen(latencies(50, 200));
    const canary = frozen(latencies(51, 200));
    for (const p of [0, 1]) {
      const result = percentileDelta(baseline, canary, { p, resamples: 500 });
      expect(result.baselineQuantile).toBe(p === 0 ? Math.min(...baseline) : Math.max(...baseline));
      expect(result.differenceInterval[0]).toBeLessThanOrEqual(result.differenceInterval[1]);
      expect(result.warnings.some((warning) => warning.includes('unreliable'))).toBe(true);
    }
  });

  it('divides by |baseline| for a negative baseline quantile, and says so', () => {
    const result = percentileDelta(frozen([-10, -10, -10]), frozen([-5, -5, -5]), { p: 0.5, resamples: 100 });
    expect(result.difference).toBe(5);
    expect(result.estimate).toBe(0.5); // the canary is larger (less negative): a positive change
    expect(result.confidenceInterval).toEqual([0.5, 0.5]);
    expect(result.warnings.some((warning) => warning.includes('negative'))).toBe(true);
  });

  it('returns a null relative change when the baseline quantile is 0', () => {
    const result = percentileDelta(frozen([0, 0, 0, 0, 1]), frozen([0, 1, 2, 3, 4]), { p: 0.5, resamples: 200 });
    expect(result.baselineQuantile).toBe(0);
    expect(result.difference).toBe(2);
    expect(result.estimate).toBeNull();
    expect(result.confidenceInterval).toBeNull();
    expect(result.warnings.some((warning) => warning.includes('is 0'))).toBe(true);
  });

  it('warns when some bootstrap baselines are 0 (unbounded relative interval)', () => {
    const result = percentileDelta(frozen([0, 0, 1, 1, 1]), frozen([2, 2, 2, 2, 2]), { p: 0.5, resamples: 500 });
    expect(result.estimate).toBe(1);
    expect(result.confidenceInterval![1]).toBe(Infinity);
    expect(result.warnings.some((warning) => warning.includes('Infinity'))).toBe(true);
  });

  it('accepts a single resample and very small or large scales', () => {
    expect(percentileDelta([1, 2, 3], [2, 3, 4], { p: 0.5, resamples: 1 }).resamples).toBe(1);
    const micro = percentileDelta(latencies(60, 100, 1e-6), latencies(61, 100, 2e-6), { p: 0.9, resamples: 300 });
    expect(micro.estimate!).toBeGreaterThan(0);
    const mega = percentileDelta(latencies(60, 100, 1e6), latencies(61, 100, 2e6), { p: 0.9, resamples: 300 });
    expect(mega.estimate!).toBeCloseTo(micro.estimate!, 9);
  });

  it('does not mutate its inputs', () => {
    const baseline = frozen([5, 1, 4, 2, 3]);
    const canary = frozen([9, 7, 8, 6, 10]);
    percentileDelta(baseline, canary, { p: 0.5, resamples: 50 });
    expect(baseline).toEqual([5, 1, 4, 2, 3]);
    expect(canary).toEqual([9, 7, 8, 6, 10]);
  });
});

describe('percentileDelta: validation', () => {
  const expectOptionError = (options: unknown, option: string): void => {
    let caught: unknown;
    try {
      percentileDelta([1, 2, 3], [1, 2, 3], options as PercentileDeltaOptions);
    } catch (error) {
      caught = error;
    }
    expect(caught, JSON.stringify(options)).toBeInstanceOf(InvalidOptionError);
    expect((caught as InvalidOptionError).option).toBe(option);
  };

  it('rejects bad samples naming the side', () => {
    expect(() => percentileDelta([], [1], { p: 0.5 })).toThrow(InvalidSampleError);
    const error = thrown(() => percentileDelta([1], [2, Number.NaN], { p: 0.5 }));
    expect(error).toBeInstanceOf(InvalidSampleError);
    expect((error as InvalidSampleError).side).toBe('canary');
    expect((error as InvalidSampleError).index).toBe(1);
  });

  it('rejects bad p, confidenceLevel, resamples and seed', () => {
    for (const p of [-0.1, 1.1, Number.NaN, '0.5', undefined]) expectOptionError({ p }, 'p');
    for (const confidenceLevel of [0, 1, 1.5, -0.5, Number.NaN, '0.95', null]) {
      expectOptionError({ p: 0.5, confidenceLevel }, 'confidenceLevel');
    }
    for (const resamples of [0, -1, 1.5, 10_000_001, Number.NaN, '100']) {
      expectOptionError({ p: 0.5, resamples }, 'resamples');
    }
    for (const seed of [Number.NaN, Infinity, {}, null]) expectOptionError({ p: 0.5, seed }, 'seed');
    expectOptionError(undefined, 'options');
  });
});
