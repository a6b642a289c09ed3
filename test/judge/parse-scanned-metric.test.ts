/**
 * The skeleton validation of scanned data gives the schema's own answer: for any metric data whose
 * measurements the scan finds valid, `parseScannedMetricData` succeeds exactly when
 * `metricDataSchema.safeParse` does, with equal output (and the schema's own issues otherwise).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricDataSchema } from '../../src/config/data-schema.js';
import { scanMeasurements } from '../../src/config/measurement-scan.js';
import { parseScannedMetricData } from '../../src/judge/parse-scanned-metric.js';

const measurement = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 0, max: 1000 }),
  fc.constant(null),
  fc.constant('NaN'),
  fc.constant(Number.NaN),
);
const measurements = fc.array(measurement, { maxLength: 12 });
/** Mostly increasing, sometimes not, sometimes not numbers at all. */
const timestamps = fc.oneof(
  fc.nat({ max: 12 }).map((length) => Array.from({ length }, (_, index) => 1_700_000_000 + 60 * index)),
  fc.array(fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(Number.POSITIVE_INFINITY), fc.constant('x')), { maxLength: 12 }),
);
const extraKey = fc.option(fc.constant({ unexpected: 1 }), { nil: undefined });
const series = fc.oneof(
  measurements,
  fc.record({ values: measurements, timestamps: fc.option(timestamps, { nil: undefined }) }, { requiredKeys: ['values'] }),
  fc.record({ events: measurements, total: measurements, timestamps: fc.option(timestamps, { nil: undefined }) }, { requiredKeys: ['events', 'total'] }),
  fc.record({ events: measurements, total: measurements }).chain((counts) =>
    fc.constant({ events: counts.events, total: counts.events.map((_, index) => counts.total[index] ?? 1) }),
  ),
  fc.nat({ max: 12 }).chain((length) =>
    fc.record({
      values: fc.array(measurement, { minLength: length, maxLength: length }),
      timestamps: fc.constant(Array.from({ length }, (_, index) => 1000 + index * 10)),
    }),
  ),
  fc.constant({ histogram: { le: [0.1, '+Inf'], counts: [3, 5] } }),
  fc.constant({ values: [1, 2], events: [1], total: [2] }),
  fc.constant('not a series'),
);
const metricData = fc
  .record({ baseline: series, canary: series, noDataReasons: fc.option(fc.constant({ canary: 'no series' }), { nil: undefined }) }, { requiredKeys: ['baseline'] })
  .chain((metric) => extraKey.map((extra) => ({ ...metric, ...extra })));

describe('parseScannedMetricData', () => {
  it('agrees with the schema on every metric the scan passes', () => {
    let checked = 0;
    fc.assert(
      fc.property(metricData, (metric) => {
        const scan = scanMeasurements({ metrics: { m: metric } });
        if (scan.problemCount > 0) return;
        checked++;
        const scanned = (scan.input as { metrics: Record<string, unknown> }).metrics['m'];
        const fast = parseScannedMetricData(scanned);
        const full = metricDataSchema.safeParse(scanned, { reportInput: true });
        expect(fast.success).toBe(full.success);
        if (full.success) expect(fast.data).toEqual(full.data);
        else expect(fast.error?.issues).toEqual(full.error.issues);
      }),
      { numRuns: 400 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it('hands on the arrays it was given, not copies, and empties none of them', () => {
    const baseline = [1, 2, null, 4];
    const canary = { events: [1, 0], total: [10, 10], timestamps: [0, 60] };
    const copies = { baseline: [...baseline], canary: { ...canary, events: [...canary.events], total: [...canary.total] } };
    const parsed = parseScannedMetricData(copies, { baseline, canary });
    expect(parsed.success).toBe(true);
    const data = parsed.data as { baseline: unknown; canary: { events: unknown; total: unknown; timestamps: unknown } };
    expect(data.baseline).toBe(baseline);
    expect(data.canary.events).toBe(canary.events);
    expect(data.canary.total).toBe(canary.total);
    expect(data.canary.timestamps).toBe(canary.timestamps);
    expect(baseline).toEqual([1, 2, null, 4]);
    expect(copies.baseline).toEqual([1, 2, null, 4]);
  });

  it('reports a timestamps problem with the schema message', () => {
    const parsed = parseScannedMetricData({ baseline: { values: [1, 2, 3], timestamps: [0, 60] }, canary: [1, 2] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message).join('\n')).toContain('timestamps must have one entry per value');
  });
});
