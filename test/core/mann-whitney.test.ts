import { thrown } from '../thrown.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidOptionError, InvalidSampleError, mannWhitney, type Alternative } from 'canary-judge';
import { readGolden, relativeError } from '../golden.js';

interface GoldenCase {
  name: string;
  baseline: number[];
  canary: number[];
  alternative: Alternative;
  confidenceLevel: number;
  exact: 'auto' | boolean;
  continuityCorrection: boolean;
  statistic: number;
  pValue: number;
  method: 'exact' | 'normal';
  estimate: number;
  confidenceInterval: [number, number];
  achievedConfidenceLevel: number;
}

const golden = readGolden<{ source: string; cases: GoldenCase[] }>('mann-whitney');

/** Brute force: all pairwise differences, sorted. Only for moderate sizes. */
function sortedDifferences(baseline: readonly number[], canary: readonly number[]): Float64Array {
  const differences = new Float64Array(baseline.length * canary.length);
  let index = 0;
  for (const c of canary) for (const b of baseline) differences[index++] = c - b;
  return differences.sort();
}

function bruteMedian(differences: Float64Array): number {
  const n = differences.length;
  return n % 2 === 1 ? differences[(n - 1) / 2]! : (differences[n / 2 - 1]! + differences[n / 2]!) / 2;
}

describe('mannWhitney agrees with R wilcox.test(canary, baseline, conf.int = TRUE)', () => {
  it(`has golden cases from ${golden.source}`, () => {
    expect(golden.cases.length).toBeGreaterThan(60);
  });

  for (const testCase of golden.cases) {
    it(testCase.name, () => {
      const result = mannWhitney(Object.freeze(testCase.baseline), Object.freeze(testCase.canary), {
        alternative: testCase.alternative,
        confidenceLevel: testCase.confidenceLevel,
        exact: testCase.exact,
        continuityCorrection: testCase.continuityCorrection,
      });
      expect(result.method).toBe(testCase.method);
      expect(relativeError(result.statistic, testCase.statistic)).toBeLessThanOrEqual(1e-9);
      expect(relativeError(result.pValue, testCase.pValue)).toBeLessThanOrEqual(1e-9);
      if (testCase.method === 'exact') {
        // R takes the same order statistics of the same subtractions: equal to the last bit.
        expect(result.estimate).toBe(testCase.estimate);
        expect(result.confidenceInterval).toEqual(testCase.confidenceInterval);
        expect(result.confidenceLevel).toBeCloseTo(testCase.achievedConfidenceLevel, 12);
      } else {
        // R finds these by root search (absolute tolerance 1e-4 on its own scale); ours are the
        // order-statistic definitions, so compare loosely with R and exactly with brute force.
        // R's absolute tolerance of 1e-4 makes its own answer unreliable on data of scale 1e-6.
        const pooled = [...testCase.canary, ...testCase.baseline];
        const spread = pooled.reduce((a, b) => Math.max(a, b)) - pooled.reduce((a, b) => Math.min(a, b));
        const tolerance = 0.02 * spread + 2e-4;
        expect(Math.abs(result.estimate - testCase.estimate)).toBeLessThanOrEqual(tolerance);
        testCase.confidenceInterval.forEach((bound, side) => {
          const ours = result.confidenceInterval[side]!;
          if (!Number.isFinite(bound)) expect(ours).toBe(bound);
          else expect(Math.abs(ours - bound)).toBeLessThanOrEqual(tolerance);
        });
      }
    });
  }
});

describe('normal-path estimate and interval are the order statistics of the pairwise differences', () => {
  for (const testCase of golden.cases.filter((c) => c.method === 'normal' && c.baseline.length * c.canary.length <= 2_000_000)) {
    it(testCase.name, () => {
      const result = mannWhitney(testCase.baseline, testCase.canary, {
        alternative: testCase.alternative,
        confidenceLevel: testCase.confidenceLevel,
      });
      const differences = sortedDifferences(testCase.baseline, testCase.canary);
      expect(result.estimate).toBe(bruteMedian(differences));
      const pairs = differences.length;
      const alpha = 1 - testCase.confidenceLevel;
      const z = normalQuantileReference(1 - (testCase.alternative === 'two-sided' ? alpha / 2 : alpha));
      const k = Math.min(pairs, Math.max(1, Math.round(pairs / 2 - z * result.standardDeviation)));
      if (testCase.alternative !== 'less') expect(result.confidenceInterval[0]).toBe(differences[k - 1]);
      if (testCase.alternative !== 'greater') expect(result.confidenceInterval[1]).toBe(differences[pairs - k]);
    });
  }
});

/** Acklam-free reference: bisection on R-quality tail from the golden-tested implementation is circular, so use erf inversion by bisection on Math-only erfc. */
function normalQuantileReference(p: number): number {
  let low = -40;
  let high = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (standardNormalCdf(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

function standardNormalCdf(x: number): number {
  // Simpson integration of the density from 0: slow but independent of the library.
  const steps = 2000;
  const h = Math.abs(x) / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const t = i * h;
    const weight = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    sum += weight * Math.exp(-0.5 * t * t);
  }
  const area = (sum * h) / 3 / Math.sqrt(2 * Math.PI);
  return x >= 0 ? 0.5 + area : 0.5 - area;
}

describe('exact distribution with ties matches a brute-force permutation enumeration', () => {
  function subsets(size: number, choose: number): number[][] {
    const all: number[][] = [];
    const current: number[] = [];
    const walk = (start: number): void => {
      if (current.length === choose) {
        all.push([...current]);
        return;
      }
      for (let i = start; i < size; i++) {
        current.push(i);
        walk(i + 1);
        current.pop();
      }
    };
    walk(0);
    return all;
  }

  function uOf(baseline: readonly number[], canary: readonly number[]): number {
    let u = 0;
    for (const c of canary) for (const b of baseline) u += c > b ? 1 : c === b ? 0.5 : 0;
    return u;
  }

  const scenarios: Array<[number[], number[]]> = [
    [[1, 2, 2, 3, 4, 5], [2, 3, 3, 4, 6, 7, 8]],
    [[0, 0, 0, 1], [0, 1, 1, 2, 2]],
    [[5, 5, 6], [4, 5, 5, 5, 7, 7, 8, 9]],
    [[1, 1, 2, 2, 3, 3, 4], [2, 2, 3]],
  ];
  for (const [baseline, canary] of scenarios) {
    it(`baseline ${JSON.stringify(baseline)} canary ${JSON.stringify(canary)}`, () => {
      const pooled = [...baseline, ...canary];
      const observed = uOf(baseline, canary);
      let lower = 0;
      let upper = 0;
      const all = subsets(pooled.length, canary.length);
      for (const chosen of all) {
        const set = new Set(chosen);
        const c = chosen.map((i) => pooled[i]!);
        const b = pooled.filter((_, i) => !set.has(i));
        const u = uOf(b, c);
        if (u <= observed + 1e-9) lower++;
        if (u >= observed - 1e-9) upper++;
      }
      const expectations: Record<Alternative, number> = {
        less: lower / all.length,
        greater: upper / all.length,
        'two-sided': Math.min(1, 2 * Math.min(observed > (baseline.length * canary.length) / 2 ? upper : lower) / all.length),
      };
      for (const alternative of ['less', 'greater', 'two-sided'] as const) {
        const result = mannWhitney(baseline, canary, { exact: true, alternative });
        expect(result.method).toBe('exact');
        expect(result.ties).toBe(true);
        expect(relativeError(result.pValue, expectations[alternative])).toBeLessThan(1e-12);
      }
    });
  }

  it('falls back to the normal approximation past the size limit and says so', () => {
    const baseline = Array.from({ length: 400 }, (_, i) => i % 7);
    const canary = Array.from({ length: 400 }, (_, i) => (i % 5) + 1);
    const result = mannWhitney(baseline, canary, { exact: true });
    expect(result.method).toBe('normal');
    expect(result.warnings.join(' ')).toMatch(/too costly/);
  });

  it('exact without ties on sizes R would not use it for agrees with the normal path closely', () => {
    const baseline = Array.from({ length: 120 }, (_, i) => Math.sin(i * 1.7) * 10 + i / 50);
    const canary = Array.from({ length: 90 }, (_, i) => Math.cos(i * 2.3) * 10 + 1 + i / 70);
    const exact = mannWhitney(baseline, canary, { exact: true });
    const normal = mannWhitney(baseline, canary, { exact: false });
    expect(exact.method).toBe('exact');
    expect(Math.abs(exact.pValue - normal.pValue)).toBeLessThan(0.01);
  });
});

describe('edge cases', () => {
  it('all values tied: p = 1, estimate 0, interval [0, 0]', () => {
    const result = mannWhitney([3, 3, 3], [3, 3]);
    expect(result.pValue).toBe(1);
    expect(result.estimate).toBe(0);
    expect(result.confidenceInterval).toEqual([0, 0]);
    expect(result.warnings[0]).toMatch(/tied/);
  });

  it('one value per side', () => {
    const result = mannWhitney([1], [2]);
    expect(result.statistic).toBe(1);
    expect(result.pValue).toBe(1);
    expect(result.estimate).toBe(1);
  });

  it.each([
    [[], [1], 'baseline', undefined],
    [[1], [], 'canary', undefined],
    [[1, Number.NaN], [1], 'baseline', 1],
    [[1], [2, 3, Number.POSITIVE_INFINITY], 'canary', 2],
    [[1], [Number.NEGATIVE_INFINITY], 'canary', 0],
  ])('rejects %j vs %j naming %s at index %s', (baseline, canary, side, index) => {
    try {
      mannWhitney(baseline, canary);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSampleError);
      expect((error as InvalidSampleError).side).toBe(side);
      expect((error as InvalidSampleError).index).toBe(index);
      expect((error as InvalidSampleError).code).toBe('INVALID_SAMPLE');
    }
  });

  it.each([
    [{ confidenceLevel: 1 }, 'confidenceLevel'],
    [{ confidenceLevel: 0 }, 'confidenceLevel'],
    [{ confidenceLevel: Number.NaN }, 'confidenceLevel'],
    [{ alternative: 'bigger' }, 'alternative'],
    [{ exact: 'yes' }, 'exact'],
    [{ continuityCorrection: 1 }, 'continuityCorrection'],
  ])('rejects option %j', (options, option) => {
    const error = thrown(() => mannWhitney([1, 2], [3, 4], options as never));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
  });

  it('handles 100,000 values per side', () => {
    const baseline = Array.from({ length: 100_000 }, (_, i) => Math.sin(i) * 50 + 100);
    const canary = Array.from({ length: 100_000 }, (_, i) => Math.sin(i * 1.0001) * 50 + 101);
    const result = mannWhitney(baseline, canary);
    expect(result.method).toBe('normal');
    expect(result.confidenceInterval[0]).toBeLessThanOrEqual(result.estimate);
    expect(result.confidenceInterval[1]).toBeGreaterThanOrEqual(result.estimate);
  });
});

describe('properties', () => {
  const sample = fc.array(fc.integer({ min: -1000, max: 1000 }).map((v) => v / 8), { minLength: 1, maxLength: 40 });
  const continuous = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 60 });
  const alternative = fc.constantFrom<Alternative>('two-sided', 'greater', 'less');

  it('p-value lies in [0, 1] and the interval contains the estimate', () => {
    fc.assert(
      fc.property(sample, sample, alternative, (baseline, canary, alt) => {
        const result = mannWhitney(baseline, canary, { alternative: alt });
        expect(result.pValue).toBeGreaterThanOrEqual(0);
        expect(result.pValue).toBeLessThanOrEqual(1);
        const [lower, upper] = result.confidenceInterval;
        expect(lower).toBeLessThanOrEqual(upper);
        if (result.confidenceLevel >= 0.5) {
          expect(lower).toBeLessThanOrEqual(result.estimate);
          expect(upper).toBeGreaterThanOrEqual(result.estimate);
        }
      }),
    );
  });

  it('swapping baseline and canary mirrors statistic, estimate and interval', () => {
    fc.assert(
      fc.property(sample, sample, (baseline, canary) => {
        const forward = mannWhitney(baseline, canary);
        const backward = mannWhitney(canary, baseline);
        const pairs = baseline.length * canary.length;
        expect(backward.statistic).toBeCloseTo(pairs - forward.statistic, 9);
        expect(backward.estimate).toBeCloseTo(-forward.estimate, 9);
        expect(backward.confidenceInterval[0]).toBeCloseTo(-forward.confidenceInterval[1], 9);
        expect(backward.confidenceInterval[1]).toBeCloseTo(-forward.confidenceInterval[0], 9);
        expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
      }),
    );
  });

  it('shifting the canary by c shifts estimate and interval by c (when the shift keeps the tie pattern)', () => {
    // Values are multiples of 1/8 and shifts whole numbers, so every subtraction is exact; odd
    // eighths against even ones can never tie, so the rank structure survives every shift.
    const odd = fc.array(fc.integer({ min: -500, max: 500 }).map((v) => (2 * v + 1) / 8), { minLength: 1, maxLength: 40 });
    const even = fc.array(fc.integer({ min: -500, max: 500 }).map((v) => (2 * v) / 8), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(even, odd, fc.integer({ min: -100, max: 100 }), (baseline, canary, shift) => {
        const before = mannWhitney(baseline, canary);
        const after = mannWhitney(baseline, canary.map((v) => v + shift));
        expect(after.method).toBe(before.method);
        expect(after.estimate).toBeCloseTo(before.estimate + shift, 9);
        expect(after.confidenceInterval[0]).toBeCloseTo(before.confidenceInterval[0] + shift, 9);
        expect(after.confidenceInterval[1]).toBeCloseTo(before.confidenceInterval[1] + shift, 9);
      }),
    );
  });

  it('scaling both samples by a positive factor scales estimate and interval and keeps the p-value', () => {
    fc.assert(
      fc.property(sample, sample, fc.constantFrom(0.5, 2, 4, 1024), (baseline, canary, factor) => {
        const before = mannWhitney(baseline, canary);
        const after = mannWhitney(baseline.map((v) => v * factor), canary.map((v) => v * factor));
        expect(after.pValue).toBe(before.pValue);
        expect(after.estimate).toBe(before.estimate * factor);
        expect(after.confidenceInterval[0]).toBe(before.confidenceInterval[0] * factor);
        expect(after.confidenceInterval[1]).toBe(before.confidenceInterval[1] * factor);
      }),
    );
  });

  it('the interval widens with the confidence level', () => {
    fc.assert(
      fc.property(continuous, continuous, fc.double({ min: 0.5, max: 0.9, noNaN: true }), (baseline, canary, level) => {
        const narrow = mannWhitney(baseline, canary, { confidenceLevel: level });
        const wide = mannWhitney(baseline, canary, { confidenceLevel: level + 0.09 });
        expect(wide.confidenceInterval[0]).toBeLessThanOrEqual(narrow.confidenceInterval[0]);
        expect(wide.confidenceInterval[1]).toBeGreaterThanOrEqual(narrow.confidenceInterval[1]);
      }),
    );
  });

  it('the estimate is the median of all pairwise differences', () => {
    fc.assert(
      fc.property(continuous, continuous, (baseline, canary) => {
        const result = mannWhitney(baseline, canary);
        if (result.standardDeviation === 0) return;
        expect(result.estimate).toBe(bruteMedian(sortedDifferences(baseline, canary)));
      }),
    );
  });
});
