/**
 * Data-quality checks: size mismatch, gaps, counter resets and cumulative counters, each reported
 * in the metric's `dataQuality` list without changing its outcome.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judge } from 'canary-judge';
import { checkCounter, checkGaps, checkSizes, kendallTrend } from '../../src/judge/data-quality.js';
import { evenSample } from './helpers.js';

const minutes = (count: number) => Array.from({ length: count }, (_, i) => 1_700_000_000 + i * 60);
const checks = (issues: readonly { check: string; side: string }[]) => issues.map((issue) => `${issue.check}:${issue.side}`);

describe('checks', () => {
  it('sizes: equal windows pass, a side with far fewer points or usable values is flagged', () => {
    expect(checkSizes({ baseline: 60, canary: 59 }, { baseline: 60, canary: 59 })).toEqual([]);
    expect(checks(checkSizes({ baseline: 60, canary: 31 }, { baseline: 60, canary: 31 }))).toEqual(['size-mismatch:canary']);
    expect(checks(checkSizes({ baseline: 60, canary: 60 }, { baseline: 20, canary: 60 }))).toEqual(['size-mismatch:baseline']);
    // Small series get 2 points of slack.
    expect(checkSizes({ baseline: 10, canary: 8 }, { baseline: 10, canary: 8 })).toEqual([]);
  });

  it('gaps: a long run of missing values, or a long stretch between timestamps', () => {
    expect(checkGaps([1, null, 2, null, 3, 'NaN', 4], undefined, 'canary')).toEqual([]);
    expect(checkGaps([1, null, null, null, 2, 3], undefined, 'canary')[0]?.message).toBe('canary: 3 missing points in a row (from index 1)');
    const timestamps = [0, 60, 120, 180, 600, 660, 720, 780];
    const found = checkGaps([1, 2, 3, 4, 5, 6, 7, 8], timestamps, 'baseline');
    expect(found[0]?.message).toBe('baseline: no points for 6 steps of 60 between timestamps 180 and 600');
    expect(checkGaps([1, 2, 3, 4], [0, 60, 120, 180], 'baseline')).toEqual([]);
  });

  it('counters: resets and raw cumulative values are flagged, ordinary series are not', () => {
    expect(checks(checkCounter([10, 20, 30, 40, 3, 13, 23, 33, 43], 'baseline', 'values'))).toEqual(['counter-reset:baseline']);
    expect(checks(checkCounter([1, 2, 3, 4, 5, 6, 7, 8, 9], 'canary', 'totals'))).toEqual(['cumulative:canary']);
    expect(checkCounter([5, 3, 8, 1, 9, 2, 7, 4, 6], 'canary', 'values')).toEqual([]);
    expect(checkCounter([1, 2, 3, 4], 'canary', 'values')).toEqual([]);
  });
});

describe('in the judge', () => {
  const config = { metrics: [{ name: 'cpu', test: 'mann-whitney' as const }, { name: 'errors', test: 'rate' as const, margin: { absolute: 0.01 } }] };

  it('reports nothing for clean data', () => {
    const result = judge(config, {
      metrics: {
        cpu: { baseline: evenSample(40, 100, 4), canary: evenSample(40, 100, 4) },
        errors: { baseline: { events: Array(40).fill(1), total: Array(40).fill(100) }, canary: { events: Array(40).fill(1), total: Array(40).fill(100) } },
      },
    });
    expect(result.metrics.map((metric) => metric.dataQuality)).toEqual([[], []]);
    expect(result.summary.dataQualityIssues).toBe(0);
  });

  it('surfaces each issue per metric and counts them, without changing the outcome', () => {
    const baseline = evenSample(40, 100, 4);
    const gappy = [...evenSample(40, 100, 4).slice(0, 30), null, null, null, null, null, null];
    const cumulative = Array.from({ length: 40 }, (_, i) => 100 * (i + 1));
    const result = judge(config, {
      metrics: {
        cpu: { baseline: { values: baseline, timestamps: minutes(40) }, canary: { values: gappy, timestamps: minutes(36) } },
        errors: { baseline: { events: Array(40).fill(1), total: cumulative }, canary: { events: Array(40).fill(1), total: cumulative } },
      },
    });
    const [cpu, errors] = result.metrics;
    expect(checks(cpu!.dataQuality)).toEqual(['size-mismatch:canary', 'gap:canary']);
    expect(checks(errors!.dataQuality)).toEqual(['cumulative:baseline', 'cumulative:canary']);
    expect(result.summary.dataQualityIssues).toBe(4);
    const clean = judge(config, { metrics: { cpu: { baseline, canary: gappy.filter((value) => value !== null) } } });
    expect(clean.metrics[0]?.outcome).toBe(cpu?.outcome);
  });

  it('flags a window with far fewer points and a reset read from { values, timestamps }', () => {
    const timestamps = Array.from({ length: 20 }, (_, i) => i * 60);
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const result = judge(
      { metrics: [{ name: 'cpu', test: 'mann-whitney' }] },
      { metrics: { cpu: { baseline: { values, timestamps }, canary: { values: evenSample(12, 5, 4), timestamps: minutes(12) } } } },
    );
    expect(checks(result.metrics[0]!.dataQuality)).toEqual(['size-mismatch:canary', 'counter-reset:baseline']);
  });

  it('size-mismatch: not for per-request samples, where a small canary gets less traffic (issue 12)', () => {
    const latency = { name: 'latency', test: 'mann-whitney' as const };
    // A 5% canary: 2000 baseline requests, 100 canary requests, without timestamps or at irregular times.
    const irregular = (count: number, seed: number) => Array.from({ length: count }, (_, i) => i * 3.7 + ((i * seed) % 7) * 0.41);
    for (const data of [
      { baseline: evenSample(2000, 0.2, 0.05), canary: evenSample(100, 0.2, 0.05) },
      {
        baseline: { values: evenSample(2000, 0.2, 0.05), timestamps: irregular(2000, 3) },
        canary: { values: evenSample(100, 0.2, 0.05), timestamps: irregular(100, 5) },
      },
    ]) {
      const result = judge({ metrics: [latency] }, { metrics: { latency: data } });
      expect(checks(result.metrics[0]!.dataQuality)).toEqual([]);
    }
    // The same sizes as per-step series (one point per minute) are a wrong window or step: flagged.
    const perStep = judge(
      { metrics: [latency] },
      {
        metrics: {
          latency: {
            baseline: { values: evenSample(60, 0.2, 0.05), timestamps: minutes(60) },
            canary: { values: evenSample(30, 0.2, 0.05), timestamps: minutes(30) },
          },
        },
      },
    );
    expect(checks(perStep.metrics[0]!.dataQuality)).toEqual(['size-mismatch:canary']);
    // Rate counts are per step by construction.
    const rates = judge(
      { metrics: [{ name: 'errors', test: 'rate' as const, margin: { absolute: 0.01 } }] },
      { metrics: { errors: { baseline: { events: Array(60).fill(1), total: Array(60).fill(100) }, canary: { events: Array(30).fill(1), total: Array(30).fill(5) } } } },
    );
    expect(checks(rates.metrics[0]!.dataQuality)).toEqual(['size-mismatch:canary']);
  });
});

describe("Kendall's τ of the climb check", () => {
  /** The definition: Σ sign(vⱼ − vᵢ) over i < j, divided by the number of pairs. */
  const pairwise = (values: readonly number[]) => {
    let score = 0;
    for (let i = 0; i < values.length - 1; i++) for (let j = i + 1; j < values.length; j++) score += Math.sign(values[j]! - values[i]!);
    return values.length < 2 ? 0 : score / ((values.length * (values.length - 1)) / 2);
  };

  it('counts exactly as the pairwise definition, ties and signed zeros included (seeded)', () => {
    // Few distinct values so that ties are common; lengths across merge-run boundaries.
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0, -0, 0.5), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (values) => {
        expect(kendallTrend(Object.freeze([...values]))).toBe(pairwise(values));
      }),
      { seed: 20261205, numRuns: 400 },
    );
    expect(kendallTrend([5, 5, 5])).toBe(0);
    expect(kendallTrend([3, 2, 1])).toBe(-1);
    expect(kendallTrend([1, Number.NaN, 2])).toBeNaN();
  });
});
