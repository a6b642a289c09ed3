/**
 * Invariants of the Kayenta port, checked on generated inputs (fast-check, fixed seed).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeKayenta, type KayentaJudgeRequestInput } from 'canary-judge';
import { averageRanks } from '../../src/kayenta/port/average-ranks.js';
import { kayentaBrentRoot } from '../../src/kayenta/port/brent-root.js';
import { kayentaCles } from '../../src/kayenta/port/effect-sizes.js';
import { classifyKayentaMetric } from '../../src/kayenta/mann-whitney-classifier.js';
import { roundHalfUp } from '../../src/kayenta/port/round-half-up.js';
import { scoreKayentaResults } from '../../src/kayenta/weighted-sum-scorer.js';
import { KAYENTA_METRIC_LABELS } from '../../src/kayenta/labels.js';

const settings = { seed: 20_250_408, numRuns: 200 } as const;
const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const sample = (minLength = 1) => fc.array(value, { minLength, maxLength: 40 });
const defaults = {
  direction: 'either',
  nanStrategy: 'remove',
  critical: false,
  mustHaveData: false,
  effectSize: { measure: 'meanRatio', allowedIncrease: 1, allowedDecrease: 1, criticalIncrease: 1, criticalDecrease: 1 },
} as const;

describe('building blocks', () => {
  it('average ranks sum to n(n+1)/2 and tie groups cover every value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }), (values) => {
        const { ranks, tieGroupSizes } = averageRanks(values);
        const sum = ranks.reduce((total, rank) => total + rank, 0);
        expect(sum).toBe((values.length * (values.length + 1)) / 2);
        expect(tieGroupSizes.reduce((total, size) => total + size, 0)).toBe(values.length);
      }),
      settings,
    );
  });

  it('CLES lies in [0, 1] and CLES(E, C) + CLES(C, E) = 1', () => {
    fc.assert(
      fc.property(sample(), sample(), (experiment, control) => {
        const forward = kayentaCles(experiment, control);
        expect(forward).toBeGreaterThanOrEqual(0);
        expect(forward).toBeLessThanOrEqual(1);
        expect(forward + kayentaCles(control, experiment)).toBeCloseTo(1, 12);
      }),
      settings,
    );
  });

  it('Brent finds the root of an increasing line to within its absolute tolerance', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (root, slope) => {
        const f = (x: number) => slope * (x - root);
        const found = kayentaBrentRoot(-200, 200, f(-200), f(200), f);
        expect(Math.abs(found - root)).toBeLessThanOrEqual(1e-4);
      }),
      settings,
    );
  });

  it('rounding to 2 decimals moves a value by at most half a cent', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
        const rounded = roundHalfUp(x, 2);
        expect(Math.abs(rounded - x)).toBeLessThanOrEqual(0.005 + 1e-9 * Math.max(1, Math.abs(x)));
        expect(roundHalfUp(rounded, 2)).toBe(rounded);
      }),
      settings,
    );
  });
});

describe('classifier', () => {
  it('always returns a known label, never throws except for an all-tied statistic', () => {
    fc.assert(
      fc.property(sample(0), sample(0), (control, experiment) => {
        try {
          const result = classifyKayentaMetric('m', control, experiment, defaults);
          expect(KAYENTA_METRIC_LABELS).toContain(result.classification);
        } catch (error) {
          expect((error as Error).name).toBe('AllObservationsTiedError');
        }
      }),
      settings,
    );
  });

  it('a canary completely above the baseline by far more than its spread is High (n ≥ 3 per side)', () => {
    fc.assert(
      fc.property(
        // Values on a 0.01 grid: sub-normal spreads would tie everything once shifted (Kayenta's Error).
        fc.array(fc.integer({ min: 0, max: 1000 }).map((cents) => cents / 100), { minLength: 3, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 1000 }).map((cents) => cents / 100), { minLength: 3, maxLength: 30 }),
        fc.integer({ min: 100, max: 10_000 }),
        (control, noise, gap) => {
          const experiment = noise.map((offset) => gap + offset);
          expect(classifyKayentaMetric('m', control, experiment, defaults).classification).toBe('High');
          expect(classifyKayentaMetric('m', experiment, control, defaults).classification).toBe('Low');
        },
      ),
      settings,
    );
  });
});

describe('scorer', () => {
  const result = fc.record({
    classification: fc.constantFrom(...KAYENTA_METRIC_LABELS),
    groups: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 2 }),
    critical: fc.boolean(),
    muted: fc.boolean(),
  });

  it('without configured weights the score lies in [0, 100]; a critical non-Pass forces 0', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 12 }), (results) => {
        const scored = scoreKayentaResults(results, {});
        expect(scored.score).toBeGreaterThanOrEqual(0);
        expect(scored.score).toBeLessThanOrEqual(100);
        if (results.some((entry) => !entry.muted && entry.critical && entry.classification !== 'Pass')) {
          expect(scored.score).toBe(0);
          expect(scored.reason).toMatch(/^Canary Failed: /);
        }
      }),
      settings,
    );
  });

  it('turning a failing result into Pass never lowers the score (no critical flags)', () => {
    fc.assert(
      fc.property(fc.array(result, { minLength: 1, maxLength: 12 }), fc.nat(), (results, pick) => {
        const plain = results.map((entry) => ({ ...entry, critical: false }));
        const index = pick % plain.length;
        const target = plain[index]!;
        fc.pre(target.classification === 'High' || target.classification === 'Low' || target.classification === 'NodataFailMetric');
        const improved = plain.map((entry, position) => (position === index ? { ...entry, classification: 'Pass' as const } : entry));
        expect(scoreKayentaResults(improved, {}).score).toBeGreaterThanOrEqual(scoreKayentaResults(plain, {}).score);
      }),
      settings,
    );
  });
});

describe('judgeKayenta', () => {
  const pairValues = fc.array(fc.oneof(value, fc.constant('NaN' as const)), { maxLength: 25 });

  it('is deterministic, does not mutate a frozen request, and keeps one result per pair in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(pairValues, pairValues), { minLength: 1, maxLength: 4 }), (series) => {
        const names = series.map((_, index) => `metric-${index}`);
        const body: KayentaJudgeRequestInput = deepFreeze({
          canaryConfig: { metrics: names.map((name) => ({ name, groups: ['g'] })), classifier: {} },
          scoreThresholds: { pass: 95, marginal: 75 },
          metricSetPairList: series.map(([control, experiment], index) => ({ name: names[index]!, values: { control, experiment } })),
        });
        const first = judgeKayenta(body);
        expect(JSON.stringify(judgeKayenta(body))).toBe(JSON.stringify(first));
        expect(first.results.map((entry) => entry.name)).toEqual(names);
        expect(['Pass', 'Marginal', 'Fail']).toContain(first.score.classification);
      }),
      { ...settings, numRuns: 100 },
    );
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
