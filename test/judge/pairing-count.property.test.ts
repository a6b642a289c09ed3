/**
 * `decidePairing` without aligning (what a sequential look asks for: it compares the sides
 * unpaired) decides exactly as it does when it builds the pairs — same mode, reason, shares and
 * problem — and builds none; with aligning, the pairs are the usable time-aligned points. And
 * prepareMetric asks for that in a sequential look, once a metric has enough points to be tested.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from 'canary-judge';
import { cleanMetric } from '../../src/judge/clean.js';
import { decidePairing } from '../../src/judge/pairing.js';
import { prepareMetric } from '../../src/judge/prepare-metric.js';
import { SEQUENTIAL_MIN_POINTS } from '../../src/judge/sequential.js';

const missing = fc.constantFrom(null, 'NaN' as const);
const value = fc.oneof({ weight: 8, arbitrary: fc.double({ min: -50, max: 150, noNaN: true }) }, { weight: 1, arbitrary: missing });
const count = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 50 }) }, { weight: 1, arbitrary: missing });

/** Non-decreasing timestamps on a one-minute grid, with repeats and holes. */
const times = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 2 }), { minLength: length, maxLength: length }).map((steps) => {
    let time = 1_800_000_000;
    return steps.map((step) => (time += 60 * step));
  });

const valueSide = fc.integer({ min: 0, max: 40 }).chain((length) =>
  fc.record({ values: fc.array(value, { minLength: length, maxLength: length }), timestamps: times(length) }),
);
const countSide = fc.integer({ min: 0, max: 40 }).chain((length) =>
  fc
    .record({ events: fc.array(count, { minLength: length, maxLength: length }), total: fc.array(count, { minLength: length, maxLength: length }), timestamps: times(length) })
    .map((side) => ({ ...side, total: side.total.map((total, index) => (typeof total === 'number' && typeof side.events[index] === 'number' ? total + (side.events[index] as number) : total)) })),
);

const settings = fc.record({
  test: fc.constantFrom('mann-whitney', 'mean-ratio', 'rate'),
  requested: fc.constantFrom('auto', 'time'),
  nan: fc.constantFrom('remove', 'zero'),
  warmupPoints: fc.integer({ min: 0, max: 5 }),
  minSamples: fc.integer({ min: 1, max: 12 }),
  outliers: fc.constantFrom('keep', 'iqr'),
});

describe('decidePairing without aligning', () => {
  it('decides as with aligning and builds no pairs; aligned pairs are usable points at shared times', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(settings, valueSide, valueSide, countSide, countSide, (chosen, valueBaseline, valueCanary, countBaseline, countCanary) => {
        const [baseline, canary] = chosen.test === 'rate' ? [countBaseline, countCanary] : [valueBaseline, valueCanary];
        const metric = parseConfig({
          metrics: [
            {
              name: 'm',
              test: chosen.test,
              nan: chosen.nan,
              warmupPoints: chosen.warmupPoints,
              minSamples: chosen.minSamples,
              outliers: chosen.outliers === 'iqr' && chosen.test !== 'rate' ? { strategy: 'iqr', factor: 1.5 } : { strategy: 'keep' },
            },
          ],
        }).metrics[0]!;
        const cleaned = cleanMetric(metric, baseline, canary);
        const aligned = decidePairing(metric, chosen.requested, baseline, canary, cleaned);
        const counted = decidePairing(metric, chosen.requested, baseline, canary, cleaned, { align: false });
        expect(counted).toEqual({ ...aligned, pairs: null });
        seen.add(`${chosen.test === 'rate' ? 'counts' : 'values'} ${aligned.mode}${aligned.problem === null ? '' : ' stopped'}`);
        if (aligned.mode !== 'time') return;
        const pairs = aligned.pairs!;
        const size = pairs.timestamps.length;
        expect(aligned.reason).toContain(`${size} time-aligned pairs`);
        expect([pairs.baseline.length, pairs.canary.length]).toEqual([size, size]);
        for (let index = 0; index < size; index++) {
          const time = pairs.timestamps[index]!;
          if (index > 0) expect(time).toBeGreaterThan(pairs.timestamps[index - 1]!);
          expect(baseline.timestamps.slice(metric.warmupPoints)).toContain(time);
          expect(canary.timestamps.slice(metric.warmupPoints)).toContain(time);
          if (pairs.counts !== null) {
            expect(pairs.baseline[index]).toBe(pairs.counts.baseline.events[index]! / pairs.counts.baseline.total[index]!);
            expect(pairs.canary[index]).toBe(pairs.counts.canary.events[index]! / pairs.counts.canary.total[index]!);
          }
        }
      }),
      { seed: 15, numRuns: 400 },
    );
    // The runs reach every branch: paired, unpaired, and stopped (pairing "time" without enough pairs).
    expect([...seen].sort()).toEqual(['counts none', 'counts none stopped', 'counts time', 'values none', 'values none stopped', 'values time']);
  });
});

describe('prepareMetric in a sequential look', () => {
  const metric = parseConfig({ metrics: [{ name: 'latency', test: 'mann-whitney', minSamples: 3 }] }).metrics[0]!;
  const side = (length: number, level: number) => ({
    values: Array.from({ length }, (_, index) => level + ((index * 7) % 5)),
    timestamps: Array.from({ length }, (_, index) => 1_800_000_000 + 60 * index),
  });
  const located = (length: number) => ({
    byMetric: new Map([['latency', { baseline: side(length, 100), canary: side(length, 101) }]]),
    nearMisses: new Map<string, string>(),
    warnings: [],
    timestampUnit: 's' as const,
  });

  it('compares unpaired without building the pairs, and says why; a fixed judgement pairs', () => {
    const look = prepareMetric(metric, located(40), 'auto', true).pairing!;
    expect(look).toMatchObject({ mode: 'none', pairs: null, problem: null, shared: { baseline: 1, canary: 1 } });
    expect(look.reason).toBe(
      "100% of the baseline's and 100% of the canary's points share a timestamp: judged on 40 time-aligned pairs, but a sequential look compares two independent samples (its confidence sequences are built for them)",
    );
    const fixed = prepareMetric(metric, located(40), 'auto', false).pairing!;
    expect(fixed.mode).toBe('time');
    expect(fixed.pairs?.timestamps).toHaveLength(40);
  });

  it('keeps the pairing of a metric too short for a look (it is reported, not tested)', () => {
    const short = prepareMetric(metric, located(SEQUENTIAL_MIN_POINTS - 1), 'auto', true).pairing!;
    expect(short.mode).toBe('time');
    expect(short.pairs?.timestamps).toHaveLength(SEQUENTIAL_MIN_POINTS - 1);
  });
});
