/**
 * The trend test's pieces against R (test/fixtures/r/trend.R): Theil–Sen slope and intercept, the
 * residual AR(1) parameter (uniroot on the ratio of expectations, matrices built in R), the slope
 * variances, the Welch-type interval of the difference and its p-value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measureTrendEffect } from '../../src/judge/trend-effect.js';
import { fitSlope, residualAutocorrelation, residualParts, theilSen } from '../../src/stats/trend-slope.js';
import { readGolden, relativeError } from '../golden.js';
import { thrown } from '../thrown.js';

interface GoldenCase {
  note: string;
  baselineHours: number[];
  baseline: number[];
  canaryHours: number[];
  canary: number[];
  confidenceLevel: number;
  baselineTheilSen: { slope: number; intercept: number };
  canaryTheilSen: { slope: number; intercept: number };
  baselineLeastSquaresSlope: number;
  residualAutocorrelation: number;
  observedLag1: number;
  baselineVariance: number;
  canaryVariance: number;
  baselineSlopeInflation: number;
  degreesOfFreedom: number;
  estimate: number;
  interval: [number, number];
  pValue: number;
}

const golden = readGolden<{ cases: GoldenCase[] }>('trend');

describe('trend slope against R', () => {
  it('has cases', () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const entry of golden.cases) {
    it(`${entry.note}`, () => {
      // Theil–Sen is a median of exact quotients: 1e-12 relative.
      const baseline = theilSen(entry.baselineHours, entry.baseline);
      expect(relativeError(baseline.slope, entry.baselineTheilSen.slope)).toBeLessThan(1e-12);
      expect(relativeError(baseline.intercept, entry.baselineTheilSen.intercept)).toBeLessThan(1e-12);
      const canary = theilSen(entry.canaryHours, entry.canary);
      expect(relativeError(canary.slope, entry.canaryTheilSen.slope)).toBeLessThan(1e-12);

      // ρ is found by bisection to 1e-10 here and by uniroot in R: 1e-8 absolute.
      const rho = residualAutocorrelation([residualParts(entry.baselineHours, entry.baseline), residualParts(entry.canaryHours, entry.canary)]);
      expect(Math.abs((rho?.corrected ?? 0) - entry.residualAutocorrelation)).toBeLessThan(1e-8);
      expect(relativeError(rho?.observed ?? Number.NaN, entry.observedLag1)).toBeLessThan(1e-10);

      // Variances at R's ρ: closed forms against matrix products, 1e-9 relative.
      const fit = fitSlope(entry.baselineHours, entry.baseline, entry.residualAutocorrelation);
      expect(relativeError(fit.variance, entry.baselineVariance)).toBeLessThan(1e-9);
      expect(relativeError(fit.slopeInflation, entry.baselineSlopeInflation)).toBeLessThan(1e-9);
      const canaryFit = fitSlope(entry.canaryHours, entry.canary, entry.residualAutocorrelation);
      expect(relativeError(canaryFit.variance, entry.canaryVariance)).toBeLessThan(1e-9);

      // The whole effect (ρ estimated here): 1e-6 relative, from the ρ tolerance.
      const effect = measureTrendEffect(
        { hours: entry.baselineHours, values: entry.baseline },
        { hours: entry.canaryHours, values: entry.canary },
        { confidenceLevel: entry.confidenceLevel },
      );
      expect(relativeError(effect.absolute.estimate, entry.estimate)).toBeLessThan(1e-12);
      expect(relativeError(effect.absolute.interval[0], entry.interval[0])).toBeLessThan(1e-6);
      expect(relativeError(effect.absolute.interval[1], entry.interval[1])).toBeLessThan(1e-6);
      expect(relativeError(effect.pValue ?? Number.NaN, entry.pValue)).toBeLessThan(1e-5);
    });
  }
});

describe('trend slope', () => {
  it('is robust: one wild point does not move the Theil–Sen slope of a line', () => {
    const hours = Array.from({ length: 21 }, (_, i) => i / 60);
    const values = hours.map((h) => 100 + 12 * h);
    values[10] = 1e6;
    expect(theilSen(hours, values).slope).toBeCloseTo(12, 9);
  });

  it('is equivariant: shifting and scaling the values scales the slope, shifting time keeps it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 3, maxLength: 40 }),
        fc.double({ min: 0.5, max: 100, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (values, scale, shift) => {
          const hours = Object.freeze(values.map((_, i) => i / 60));
          const frozen = Object.freeze([...values]);
          const base = theilSen(hours, frozen).slope;
          const scaled = theilSen(hours.map((h) => h + shift), frozen.map((v) => scale * v + shift)).slope;
          expect(Math.abs(scaled - scale * base)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(scale * base)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('measures the difference of slopes: a drift shared by both sides cancels, swapping the sides negates it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 12, maxLength: 40 }),
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 12, maxLength: 40 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (baselineNoise, canaryNoise, drift) => {
          const side = (noise: readonly number[], extra: number) => {
            const hours = noise.map((_, i) => i / 60);
            return { hours, values: Object.freeze(noise.map((value, i) => 500 + value + extra * (hours[i] as number))) };
          };
          const options = { confidenceLevel: 0.95 };
          const plain = measureTrendEffect(side(baselineNoise, 0), side(canaryNoise, 0), options);
          const drifted = measureTrendEffect(side(baselineNoise, drift), side(canaryNoise, drift), options);
          expect(drifted.absolute.estimate).toBeCloseTo(plain.absolute.estimate, 6);
          const swapped = measureTrendEffect(side(canaryNoise, 0), side(baselineNoise, 0), options);
          expect(swapped.absolute.estimate).toBeCloseTo(-plain.absolute.estimate, 9);
          const [low, high] = plain.absolute.interval;
          expect(low).toBeLessThanOrEqual(plain.absolute.estimate);
          expect(high).toBeGreaterThanOrEqual(plain.absolute.estimate);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never reads dependence as negative and caps it', () => {
    const hours = Array.from({ length: 40 }, (_, i) => i);
    const alternating = hours.map((i) => (i % 2 === 0 ? 1 : -1));
    expect(residualAutocorrelation([residualParts(hours, alternating)])?.corrected).toBe(0);
    const wander = hours.map((i) => Math.sin(i / 6));
    expect(residualAutocorrelation([residualParts(hours, wander)])?.corrected).toBe(0.95);
  });

  it('throws on misuse, with the side named', () => {
    expect(thrown(() => theilSen([0, 0, 0], [1, 2, 3]))).toMatchObject({ name: 'InvalidSampleError', side: 'times' });
    expect(thrown(() => theilSen([0, 2, 1], [1, 2, 3]))).toMatchObject({ name: 'InvalidSampleError', index: 2 });
    expect(thrown(() => fitSlope([0, 1], [1, 2], 0))).toMatchObject({ name: 'InvalidSampleError' });
    expect(thrown(() => fitSlope([0, 1, 2], [1, Number.NaN, 2], 0))).toMatchObject({ name: 'InvalidSampleError', index: 1 });
    expect(thrown(() => fitSlope([0, 1, 2], [1, 2, 3], 1))).toMatchObject({ name: 'InvalidOptionError', option: 'autocorrelation' });
  });

  it('samples pairs beyond the exact limit, reproducibly by seed', () => {
    const n = 2100;
    const hours = Array.from({ length: n }, (_, i) => i / 60);
    const values = hours.map((h, i) => 50 + 3 * h + ((i * 7919) % 13) / 13);
    const first = theilSen(hours, values, { seed: 1 });
    expect(theilSen(hours, values, { seed: 1 })).toEqual(first);
    expect(first.slope).toBeCloseTo(3, 1);
  });
});
