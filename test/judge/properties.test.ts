import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { judge, type Judgement } from 'canary-judge';
import { failingSeries, inconclusiveSeries, passingSeries } from './helpers.js';

/** True when the value survives a JSON round trip unchanged (no NaN, Infinity, undefined, functions). */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    return (prototype === Object.prototype || prototype === null) && Object.values(value as object).every(isPlainJson);
  }
  return false;
}

const outcomeKinds = ['pass', 'fail', 'inconclusive', 'nodata', 'error'] as const;
const metricArbitrary = fc.record({
  kind: fc.constantFrom(...outcomeKinds),
  weight: fc.double({ min: 0.001, max: 1000, noNaN: true }),
  critical: fc.boolean(),
  required: fc.boolean(),
  muted: fc.boolean(),
  group: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
});

function seriesFor(kind: (typeof outcomeKinds)[number]): unknown {
  if (kind === 'pass') return passingSeries();
  if (kind === 'fail') return failingSeries();
  if (kind === 'inconclusive') return inconclusiveSeries();
  if (kind === 'error') return { baseline: { events: [1], total: [2] }, canary: [1] };
  return undefined;
}

describe('properties', () => {
  it('the score lies in [0, 100] and the judgement is plain JSON', () => {
    fc.assert(
      fc.property(
        fc.array(metricArbitrary, { maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (metrics, inconclusiveCredit) => {
          const data: Record<string, unknown> = {};
          const config = {
            inconclusiveCredit,
            metrics: metrics.map((metric, index) => {
              const series = seriesFor(metric.kind);
              if (series !== undefined) data[`m${index}`] = series;
              const { kind: _kind, group, ...rest } = metric;
              return { name: `m${index}`, test: 'mann-whitney' as const, ...rest, ...(group === undefined ? {} : { group }) };
            }),
          };
          const result = judge(config, { metrics: data });
          expect(result.score).toBeGreaterThanOrEqual(0);
          expect(result.score).toBeLessThanOrEqual(100);
          for (const group of result.groups) {
            if (group.score !== null) expect(group.score).toBeGreaterThanOrEqual(0);
            if (group.score !== null) expect(group.score).toBeLessThanOrEqual(100);
          }
          expect(isPlainJson(result)).toBe(true);
          if (result.summary.decidedBy === 'nothing-scored' || result.summary.decidedBy === 'critical') expect(result.verdict).toBe('fail');
        },
      ),
      { numRuns: 150 },
    );
  });

  /** Distinct values on two interleaved grids so that baseline and canary never tie, whatever the shift. */
  const untiedSample = (offset: number) =>
    fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 10, maxLength: 40 }).map((values) => values.map((value) => value + offset));

  it('making the canary strictly worse never raises the score or the verdict', () => {
    fc.assert(
      fc.property(
        untiedSample(1000.5),
        untiedSample(1000.25),
        fc.integer({ min: 1, max: 2000 }),
        fc.constantFrom('mann-whitney' as const, 'mean-ratio' as const),
        fc.constantFrom({ relative: 0.1 }, { absolute: 50 }, { relative: 0.05, absolute: 20 }),
        (baseline, canary, shift, test, margin) => {
          const config = { metrics: [{ name: 'm', test, margin, direction: 'increase' as const }] };
          const before = judge(config, { metrics: { m: { baseline, canary } } });
          const after = judge(config, { metrics: { m: { baseline, canary: canary.map((value) => value + shift) } } });
          expect(after.score).toBeLessThanOrEqual(before.score);
          const rank = { fail: 0, marginal: 1, pass: 2 } as const;
          expect(rank[after.verdict]).toBeLessThanOrEqual(rank[before.verdict]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('more errors in the canary never raise the score', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 100, max: 50_000 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 100, max: 50_000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom({ relative: 0.25 }, { absolute: 0.001 }, { relative: 0.25, absolute: 0.001 }),
        (baselineEvents, baselineTotal, canaryEvents, canaryTotal, extra, margin) => {
          const config = { metrics: [{ name: 'e', test: 'rate' as const, margin }] };
          const at = (events: number) =>
            judge(config, {
              metrics: {
                e: {
                  baseline: { events: [baselineEvents], total: [baselineTotal] },
                  canary: { events: [Math.min(events, canaryTotal)], total: [canaryTotal] },
                },
              },
            }).score;
          expect(at(canaryEvents + extra)).toBeLessThanOrEqual(at(canaryEvents));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('swapping baseline and canary with the direction reversed gives the same outcomes', () => {
    const reversed = { increase: 'decrease', decrease: 'increase', either: 'either' } as const;
    fc.assert(
      fc.property(
        untiedSample(0.5),
        untiedSample(0.25),
        fc.constantFrom('increase' as const, 'decrease' as const, 'either' as const),
        fc.constantFrom({ absolute: 0 }, { absolute: 30 }, { absolute: 200 }, { relative: 0 }),
        fc.constantFrom('mann-whitney' as const, 'mean-ratio' as const),
        (baseline, canary, direction, margin, test) => {
          // A relative change of the mean exists only for a positive baseline mean (statistics.md §2):
          // with one mean ≤ 0 it is defined on one side of the swap only, so the swap cannot agree.
          const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
          fc.pre(!(test === 'mean-ratio' && 'relative' in margin && (mean(baseline) <= 0 || mean(canary) <= 0)));
          const original = judge({ metrics: [{ name: 'm', test, margin, direction }] }, { metrics: { m: { baseline, canary } } });
          const swapped = judge(
            { metrics: [{ name: 'm', test, margin, direction: reversed[direction] }] },
            { metrics: { m: { baseline: canary, canary: baseline } } },
          );
          const mirror = { high: 'low', low: 'high' } as const;
          expect(swapped.metrics[0]?.outcome).toBe(original.metrics[0]?.outcome);
          const harm = original.metrics[0]?.harm;
          expect(swapped.metrics[0]?.harm).toBe(harm === null || harm === undefined ? null : mirror[harm]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('swapping the sides of a rate metric with the direction reversed gives the same outcome', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 100, max: 20_000 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 100, max: 20_000 }),
        fc.constantFrom({ absolute: 0.001 }, { absolute: 0 }, { relative: 0 }),
        (baselineEvents, baselineTotal, canaryEvents, canaryTotal, margin) => {
          const baseline = { events: [baselineEvents], total: [baselineTotal] };
          const canary = { events: [canaryEvents], total: [canaryTotal] };
          const original = judge({ metrics: [{ name: 'e', test: 'rate', margin, direction: 'increase' }] }, { metrics: { e: { baseline, canary } } });
          const swapped = judge(
            { metrics: [{ name: 'e', test: 'rate', margin, direction: 'decrease' }] },
            { metrics: { e: { baseline: canary, canary: baseline } } },
          );
          expect(swapped.metrics[0]?.outcome).toBe(original.metrics[0]?.outcome);
        },
      ),
      { numRuns: 200 },
    );
  });

  const measurement = fc.oneof(
    fc.double(),
    fc.constantFrom(0, -1, 1e308, -1e308, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    fc.constant(null),
    fc.constant('NaN'),
    fc.string({ maxLength: 3 }),
  );
  const valueSeries = fc.oneof(
    fc.array(measurement, { maxLength: 30 }),
    fc.array(fc.constantFrom(3, 3, 3), { maxLength: 30 }),
    fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 0, maxLength: 30 }),
    fc.record({ values: fc.array(measurement, { maxLength: 20 }), timestamps: fc.array(fc.integer(), { maxLength: 20 }) }),
    fc.record({ events: fc.array(measurement, { maxLength: 5 }), total: fc.array(measurement, { maxLength: 5 }) }),
    fc.record({
      events: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 5 }),
      total: fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 5 }),
    }),
    fc.anything(),
  );

  it('no input shape throws out of judge', () => {
    const tests = ['mann-whitney', 'percentile', 'mean-ratio', 'rate'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.record({ baseline: valueSeries, canary: valueSeries }), { minLength: 4, maxLength: 4 }),
        fc.constantFrom('remove' as const, 'zero' as const, 'fail' as const),
        fc.integer({ min: 1, max: 12 }),
        (series, nan, minSamples) => {
          const config = {
            metrics: tests.map((test, index) => ({
              name: test,
              test,
              nan,
              minSamples,
              ...(test === 'percentile' ? { percentile: 50 } : {}),
              ...(index % 2 === 0 ? { margin: { relative: 0.1, absolute: 1 } } : {}),
              ...(test !== 'rate' && index === 0 ? { outliers: { strategy: 'iqr' as const } } : {}),
            })),
          };
          const data = { metrics: Object.fromEntries(tests.map((test, index) => [test, series[index]])) };
          let result: Judgement | undefined;
          expect(() => {
            result = judge(config, data);
          }).not.toThrow();
          expect(isPlainJson(result)).toBe(true);
          for (const metric of result?.metrics ?? []) {
            if (metric.outcome === 'nodata' || metric.outcome === 'error') expect(metric.reason).toMatch(/\S/);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('no data document shape throws', () => {
    const config = { metrics: [{ name: 'a', test: 'mann-whitney' as const }, { name: 'b', test: 'rate' as const }] };
    fc.assert(
      fc.property(fc.anything(), (data) => {
        expect(isPlainJson(judge(config, data))).toBe(true);
        expect(isPlainJson(judge(config, { metrics: data }))).toBe(true);
        expect(isPlainJson(judge(config, { metrics: { a: data, b: data } }))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('awkward inputs become outcomes with reasons', () => {
  const tests = ['mann-whitney', 'percentile', 'mean-ratio'] as const;
  const configFor = (test: (typeof tests)[number], extra: Record<string, unknown> = {}) => ({
    metrics: [{ name: 'm', test, ...(test === 'percentile' ? { percentile: 90 } : {}), ...extra }],
  });

  it.each(tests)('%s: one point, constant series, negative values', (test) => {
    // One value per side decides nothing, whatever minSamples allows: no test can give a 95% interval from it.
    for (const canary of [[2], [2000]]) {
      const few = judge(configFor(test, { minSamples: 1 }), { metrics: { m: { baseline: [1], canary } } });
      const metric = few.metrics[0];
      expect(metric?.outcome, metric?.explanation).toBe('nodata');
      expect(metric?.reason).toMatch(/needs|needed/);
    }

    const constant = judge(configFor(test, { minSamples: 5 }), { metrics: { m: { baseline: Array(60).fill(7), canary: Array(60).fill(7) } } });
    expect(['pass', 'inconclusive', 'error']).toContain(constant.metrics[0]?.outcome);

    const negative = judge(configFor(test, { minSamples: 5 }), {
      metrics: { m: { baseline: Array.from({ length: 60 }, (_, i) => -50 + (i % 7)), canary: Array.from({ length: 60 }, (_, i) => -40 + (i % 5)) } },
    });
    expect(isPlainJson(negative)).toBe(true);
    expect(negative.metrics[0]?.outcome).not.toBe('pass');
  });

  it('NaN, Infinity and empty series', () => {
    const result = judge(
      {
        metrics: [
          { name: 'nan', test: 'mann-whitney' },
          { name: 'inf', test: 'mann-whitney' },
          { name: 'empty', test: 'mean-ratio' },
        ],
      },
      {
        metrics: {
          nan: { baseline: Array(20).fill(Number.NaN), canary: Array(20).fill(1) },
          inf: { baseline: [Number.POSITIVE_INFINITY, 1], canary: [1, 2] },
          empty: { baseline: [], canary: [] },
        },
      },
    );
    expect(result.metrics.map((metric) => metric.outcome)).toEqual(['nodata', 'error', 'nodata']);
    expect(result.metrics[1]?.reason).toMatch(/received Infinity at metrics\.inf\.baseline\[0\]/);
  });

  it('a million points per side', () => {
    const size = 1_000_000;
    const baseline = Array.from({ length: size }, (_, i) => 100 + ((i * 7919) % 1000) / 100);
    const canary = Array.from({ length: size }, (_, i) => 100.5 + ((i * 104_729) % 1000) / 100);
    const result = judge(
      {
        metrics: [
          { name: 'shift', test: 'mann-whitney', margin: { relative: 0.01 } },
          { name: 'mean', test: 'mean-ratio', margin: { relative: 0.01 } },
          { name: 'p90', test: 'percentile', percentile: 90, margin: { relative: 0.01 } },
        ],
        resamples: 200,
      },
      { metrics: { shift: { baseline, canary }, mean: { baseline, canary }, p90: { baseline, canary } } },
    );
    expect(result.metrics.map((metric) => metric.outcome)).toEqual(['pass', 'pass', 'pass']);
    expect(result.metrics[0]?.sizes.canary).toEqual({ before: size, after: size });
  }, 120_000);
});
