/**
 * The Mann-Whitney relative change Δ/|M| (Hodges-Lehmann shift over the baseline median): its
 * Fieller-type interval carries the baseline median's uncertainty (statistics.md §2), so it covers
 * at its nominal rate on each side, composes with the autocorrelation widening, and survives
 * degenerate data.
 */
import { describe, expect, it } from 'vitest';
import { createRandom, judge, mannWhitney } from 'canary-judge';
import { measureEffect } from '../../src/judge/effect.js';
import { parseConfig } from '../../src/config/parse.js';
import { medianIntervalOfSorted, shiftRatio } from '../../src/stats/shift-ratio.js';

const LEVEL = 0.95;

function normals(seed: string): () => number {
  const uniform = createRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

function sortedMedian(sorted: Float64Array): number {
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

interface Coverage {
  /** Share of simulations whose lower end lies above the true ratio (a harmful rise "shown"). */
  readonly aboveTruth: number;
  /** Share whose upper end lies below the true ratio. */
  readonly belowTruth: number;
  /** The same two shares for the old interval: the shift's interval divided by |median|. */
  readonly oldAboveTruth: number;
  readonly oldBelowTruth: number;
}

/**
 * `simulations` seeded two-sample draws of `size` log-normal values 100·exp(0.6·Z) per side, the
 * canary shifted by `relative` × 100 (the population median), so the true Δ/M is `relative`.
 */
function logNormalCoverage(simulations: number, size: number, relative: number, seed: string): Coverage {
  const normal = normals(seed);
  let above = 0;
  let below = 0;
  let oldAbove = 0;
  let oldBelow = 0;
  for (let simulation = 0; simulation < simulations; simulation++) {
    const baseline = Array.from({ length: size }, () => 100 * Math.exp(0.6 * normal()));
    const canary = Array.from({ length: size }, () => 100 * Math.exp(0.6 * normal()) + relative * 100);
    const test = mannWhitney(baseline, canary, { confidenceLevel: LEVEL });
    const sorted = Float64Array.from(baseline).sort();
    const ratio = shiftRatio(test.estimate, test.confidenceInterval, sorted, size, { confidenceLevel: LEVEL })!;
    const median = Math.abs(sortedMedian(sorted));
    if (ratio.interval[0] > relative) above++;
    if (ratio.interval[1] < relative) below++;
    if (test.confidenceInterval[0] / median > relative) oldAbove++;
    if (test.confidenceInterval[1] / median < relative) oldBelow++;
  }
  return {
    aboveTruth: above / simulations,
    belowTruth: below / simulations,
    oldAboveTruth: oldAbove / simulations,
    oldBelowTruth: oldBelow / simulations,
  };
}

describe('coverage of the relative interval (log-normal, n = 100 per side, 95%)', () => {
  // Each side of a 95% interval should miss 2.5% of the time. The runs are seeded, so the shares
  // are fixed numbers; the bands are about ±3 Monte Carlo standard errors around 2.5%, and each
  // test checks that the old interval (shift interval ÷ |median|) falls outside its band.
  it('true change +10% (the margin): the lower end lies above the truth about 2.5% of the time', () => {
    const coverage = logNormalCoverage(20_000, 100, 0.1, 'mw-relative +10%');
    expect(coverage.aboveTruth).toBeGreaterThan(0.021);
    expect(coverage.aboveTruth).toBeLessThan(0.029);
    expect(coverage.belowTruth).toBeGreaterThan(0.021);
    expect(coverage.belowTruth).toBeLessThan(0.029);
    // Both sides together: 5% nominal.
    expect(coverage.aboveTruth + coverage.belowTruth).toBeGreaterThan(0.044);
    expect(coverage.aboveTruth + coverage.belowTruth).toBeLessThan(0.056);
    // The old interval ignored the median's uncertainty and missed too often on both sides.
    expect(coverage.oldAboveTruth).toBeGreaterThan(0.029);
    expect(coverage.oldAboveTruth + coverage.oldBelowTruth).toBeGreaterThan(0.06);
  });

  it('true change +50%: the correlation of shift and median matters more, and is accounted for', () => {
    const coverage = logNormalCoverage(2000, 100, 0.5, 'mw-relative +50%');
    expect(coverage.aboveTruth).toBeGreaterThan(0.012);
    expect(coverage.aboveTruth).toBeLessThan(0.04);
    expect(coverage.belowTruth).toBeGreaterThan(0.012);
    expect(coverage.belowTruth).toBeLessThan(0.04);
    expect(coverage.oldAboveTruth).toBeGreaterThan(0.05);
    expect(coverage.oldBelowTruth).toBeGreaterThan(0.05);
  });

  it('true change −10%: a fall keeps its nominal rate too (the old interval was conservative here)', () => {
    const coverage = logNormalCoverage(4000, 100, -0.1, 'mw-relative -10%');
    expect(coverage.aboveTruth).toBeGreaterThan(0.015);
    expect(coverage.aboveTruth).toBeLessThan(0.035);
    expect(coverage.belowTruth).toBeGreaterThan(0.015);
    expect(coverage.belowTruth).toBeLessThan(0.035);
    expect(coverage.aboveTruth + coverage.belowTruth).toBeGreaterThan(0.042);
    expect(coverage.aboveTruth + coverage.belowTruth).toBeLessThan(0.062);
    // The old interval missed less than nominal here (the errors of shift and median cancel in part).
    expect(coverage.oldAboveTruth + coverage.oldBelowTruth).toBeLessThan(0.042);
  });

  it('at n = 30 (exact rank test) as well', () => {
    const coverage = logNormalCoverage(4000, 30, 0.1, 'mw-relative n=30');
    expect(coverage.aboveTruth).toBeGreaterThan(0.015);
    expect(coverage.aboveTruth).toBeLessThan(0.035);
    expect(coverage.belowTruth).toBeGreaterThan(0.015);
    expect(coverage.belowTruth).toBeLessThan(0.035);
  });
});

describe('shape of the relative interval', () => {
  it('holds the estimate and the old interval’s midpoint, and contains the old interval for a clear shift away from 0', () => {
    const normal = normals('shape');
    for (let simulation = 0; simulation < 300; simulation++) {
      const size = 5 + (simulation % 60);
      const level = simulation % 3 === 0 ? -50 : 100;
      const shift = (simulation % 7) * 4 - 8;
      const baseline = Array.from({ length: size }, () => level + 20 * normal());
      const canary = Array.from({ length: size + (simulation % 5) }, () => level + shift + 20 * normal());
      const test = mannWhitney(baseline, canary, { confidenceLevel: LEVEL });
      const sorted = Float64Array.from(baseline).sort();
      const median = Math.abs(sortedMedian(sorted));
      const ratio = shiftRatio(test.estimate, test.confidenceInterval, sorted, canary.length, { confidenceLevel: LEVEL });
      expect(ratio).not.toBeNull();
      const [low, high] = ratio!.interval;
      expect(ratio!.estimate).toBe(test.estimate / median);
      expect(low).toBeLessThanOrEqual(ratio!.estimate);
      expect(high).toBeGreaterThanOrEqual(ratio!.estimate);
      const oldLow = test.confidenceInterval[0] / median;
      const oldHigh = test.confidenceInterval[1] / median;
      expect(low).toBeLessThanOrEqual((oldLow + oldHigh) / 2);
      expect(high).toBeGreaterThanOrEqual((oldLow + oldHigh) / 2);
      // The sign of each end is that of the shift's interval: 0 is inside exactly when it is there.
      expect(Math.sign(low)).toBe(Math.sign(oldLow));
      expect(Math.sign(high)).toBe(Math.sign(oldHigh));
      // A shift away from 0 (a rise of a positive level, a fall of a negative one): the shift and
      // the median's errors add up, and the interval contains the old one.
      if (level > 0 ? oldLow > 0 : oldHigh < 0) {
        expect(low).toBeLessThanOrEqual(oldLow);
        expect(high).toBeGreaterThanOrEqual(oldHigh);
      }
      // Never much narrower than the old interval (it may be slightly, for a fall: see shiftRatio).
      expect(high - low).toBeGreaterThan(0.8 * (oldHigh - oldLow));
    }
  });

  it('is the old interval when the median is known exactly (a constant baseline)', () => {
    const baseline = Float64Array.from(Array(40).fill(100));
    const ratio = shiftRatio(12, [8, 15], baseline, 40, { confidenceLevel: LEVEL })!;
    expect(ratio.estimate).toBe(0.12);
    expect(ratio.interval[0]).toBeCloseTo(0.08, 14);
    expect(ratio.interval[1]).toBeCloseTo(0.15, 14);
  });

  it('mirrors for a negative baseline median (the ratio is to |median|)', () => {
    const values = [90, 95, 98, 100, 101, 104, 110, 120];
    const positive = shiftRatio(10, [4, 17], Float64Array.from(values), 8, { confidenceLevel: LEVEL })!;
    const negative = shiftRatio(-10, [-17, -4], Float64Array.from(values.map((v) => -v).sort((a, b) => a - b)), 8, { confidenceLevel: LEVEL })!;
    expect(negative.estimate).toBe(-positive.estimate);
    expect(negative.interval[0]).toBeCloseTo(-positive.interval[1], 12);
    expect(negative.interval[1]).toBeCloseTo(-positive.interval[0], 12);
  });

  it('the median interval uses the order statistics at (n + 1)/2 ∓ z·√n/2', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    const [low, high] = medianIntervalOfSorted(sorted, 1.959963984540054);
    expect(low).toBeCloseTo(50.5 - 9.79981992270027, 10);
    expect(high).toBeCloseTo(50.5 + 9.79981992270027, 10);
  });

  it('is unbounded when the baseline median is not clearly away from 0', () => {
    const ratio = shiftRatio(1, [0.2, 1.8], Float64Array.from([-3, -1, 0.5, 2, 4]), 5, { confidenceLevel: LEVEL })!;
    expect(ratio.bounded).toBe(false);
    expect(ratio.interval).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(ratio.estimate).toBe(2);
  });

  it('is null when the baseline median is 0', () => {
    expect(shiftRatio(1, [0, 2], Float64Array.from([-1, 0, 1]), 3, { confidenceLevel: LEVEL })).toBeNull();
  });
});

describe('composition with the autocorrelation widening', () => {
  function ar1(count: number, rho: number, level: number, spread: number, seed: string): number[] {
    const normal = normals(seed);
    const values: number[] = [];
    let state = normal();
    for (let i = 0; i < count; i++) {
      values.push(level + spread * state);
      state = rho * state + Math.sqrt(1 - rho * rho) * normal();
    }
    return values;
  }

  it('the relative interval is rebuilt from the widened shift and median intervals', () => {
    const baseline = ar1(300, 0.8, 100, 10, 'ar-b');
    const canary = ar1(300, 0.8, 103, 10, 'ar-c');
    const config = (autocorrelation: 'adjust' | 'ignore') => ({
      autocorrelation,
      metrics: [{ name: 'cpu', test: 'mann-whitney' as const, margin: { relative: 0.1 } }],
    });
    const adjusted = judge(config('adjust'), { metrics: { cpu: { baseline, canary } } }).metrics[0]!;
    const ignored = judge(config('ignore'), { metrics: { cpu: { baseline, canary } } }).metrics[0]!;
    const factor = adjusted.autocorrelation!.widening!;
    expect(factor).toBeGreaterThan(2);
    expect(adjusted.estimate).toEqual(ignored.estimate);
    const test = mannWhitney(baseline, canary, { confidenceLevel: LEVEL });
    const sorted = Float64Array.from(baseline).sort();
    const estimate = test.estimate;
    const expected = shiftRatio(estimate, test.confidenceInterval, sorted, canary.length, { confidenceLevel: LEVEL, widening: factor })!;
    expect(adjusted.interval.relative![0]).toBeCloseTo(expected.interval[0], 3);
    expect(adjusted.interval.relative![1]).toBeCloseTo(expected.interval[1], 3);
    const unwidened = shiftRatio(estimate, test.confidenceInterval, sorted, canary.length, { confidenceLevel: LEVEL })!;
    expect(ignored.interval.relative![0]).toBeCloseTo(unwidened.interval[0], 6);
    expect(ignored.interval.relative![1]).toBeCloseTo(unwidened.interval[1], 6);
    // Wider than the unwidened interval by about the factor (more: Fieller's 1/(1 − g) grows too).
    const width = (interval: readonly (number | null)[]) => (interval[1] as number) - (interval[0] as number);
    expect(width(adjusted.interval.relative!)).toBeGreaterThan(0.95 * factor * width(ignored.interval.relative!));
    expect(width(adjusted.interval.relative!)).toBeLessThan(1.2 * factor * width(ignored.interval.relative!));
  });

  it('widens each part once: with an exactly known median it is the widened shift interval ÷ |median|', () => {
    const baseline = Float64Array.from(Array(40).fill(100));
    const ratio = shiftRatio(12, [8, 15], baseline, 40, { confidenceLevel: LEVEL, widening: 2 })!;
    expect(ratio.interval[0]).toBeCloseTo(0.04, 14);
    expect(ratio.interval[1]).toBeCloseTo(0.18, 14);
  });

  it('an infinite widening leaves no bound, without NaN', () => {
    const sorted = Float64Array.from([90, 95, 100, 105, 110]);
    const ratio = shiftRatio(10, [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY], sorted, 5, {
      confidenceLevel: LEVEL,
      widening: Number.POSITIVE_INFINITY,
    })!;
    expect(ratio.interval).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(ratio.bounded).toBe(false);
  });
});

describe('degenerate data never throws and never gives NaN', () => {
  const metric = parseConfig({ metrics: [{ name: 'm', test: 'mann-whitney' }] }).metrics[0]!;
  const side = (values: number[]) => {
    const sorted = Float64Array.from(values).sort();
    return { before: values.length, after: values.length, sorted, ordered: Float64Array.from(values), points: null, events: 0, total: 0 };
  };
  const effectOf = (baseline: number[], canary: number[], widening = 1) =>
    measureEffect(
      metric,
      { kind: 'values', problem: null, warnings: [], dataQuality: [], baseline: side(baseline), canary: side(canary) },
      { confidenceLevel: LEVEL, resamples: 100, seed: 1, widening },
    );
  const cases: [string, number[], number[]][] = [
    ['one value each', [5], [7]],
    ['two values each', [5, 6], [7, 9]],
    ['three and five values', [1, 2, 3], [2, 3, 4, 5, 6]],
    ['five values each', [10, 11, 12, 13, 14], [12, 13, 14, 15, 16]],
    ['constant baseline', [100, 100, 100, 100], [110, 120, 130]],
    ['constant, equal series', [7, 7, 7, 7, 7], [7, 7, 7, 7, 7]],
    ['ties everywhere', [1, 1, 2, 2, 2, 3, 3], [2, 2, 3, 3, 3, 4]],
    ['negative median', [-12, -11, -10, -9, -8], [-9, -8, -7, -6]],
    ['median near 0', [-5, -1, 0.001, 2, 6], [-3, 1, 2, 4]],
    ['zero median', [-1, 0, 1], [1, 2, 3]],
    ['huge values', [1e300, 1.1e300, 1.2e300, 1.3e300, 1.4e300], [1.5e300, 1.6e300, 1.7e300, 1.75e300, 1.79e300]],
    ['tiny values', [1e-300, 2e-300, 3e-300, 4e-300, 5e-300], [2e-300, 3e-300, 4e-300, 5e-300, 6e-300]],
    ['tiny median, large shift', [1e-300, 1e-300, 1e-300, 1e-300, 1e-300, 2e-300], [1e300, 1e300, 1e300]],
    ['mixed magnitudes', [-1e300, 1e-300, 1e-300, 1e-300, 1e300], [1, 2, 3]],
  ];
  for (const [name, baseline, canary] of cases) {
    for (const widening of [1, 3, Number.POSITIVE_INFINITY]) {
      it(`${name} (widening ${widening})`, () => {
        const effect = effectOf(baseline, canary, widening);
        const numbers = [effect.absolute.estimate, ...effect.absolute.interval];
        if (effect.relative !== null) numbers.push(effect.relative.estimate, ...effect.relative.interval);
        for (const value of numbers) expect(Number.isNaN(value)).toBe(false);
        if (effect.relative !== null) {
          const [low, high] = effect.relative.interval;
          expect(low).toBeLessThanOrEqual(high);
          if (Number.isFinite(effect.relative.estimate)) {
            expect(low).toBeLessThanOrEqual(effect.relative.estimate);
            expect(high).toBeGreaterThanOrEqual(effect.relative.estimate);
          }
        }
      });
    }
  }

  it('a zero baseline median leaves the relative change undefined', () => {
    const effect = effectOf([-1, 0, 1], [1, 2, 3]);
    expect(effect.relative).toBeNull();
    expect(effect.relativeUnavailable).toBe('the baseline median is 0');
  });

  it('an unbounded relative interval says why', () => {
    const effect = effectOf([-5, -1, 0.5, 2, 6, -4, 3, 1], [-3, 1, 2, 4, 5, 0, 2]);
    expect(effect.relative!.interval).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(effect.warnings.some((warning) => warning.includes('is not clearly different from 0'))).toBe(true);
  });

  it('the judge reports an unbounded end as null and the metric as inconclusive', () => {
    const result = judge(
      { metrics: [{ name: 'm', test: 'mann-whitney', margin: { relative: 0.1 }, minSamples: 3 }] },
      { metrics: { m: { baseline: [-5, -1, 0.5, 2, 6, -4, 3, 1, -2, 2.5], canary: [-3, 1, 2, 4, 5, 0, 2, 1, -1, 3] } } },
    ).metrics[0]!;
    expect(result.outcome).toBe('inconclusive');
    expect(result.interval.relative).toEqual([null, null]);
  });
});
