/**
 * The fast path for well-formed metric data must return exactly what the schema returns, and hand
 * everything the schema refuses (or anything it is unsure of) back to the full validation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricDataSchema } from '../../src/config/data-schema.js';
import { parseWellFormedMetricData } from '../../src/config/well-formed-metric-data.js';

const measurement = fc.oneof(
  { weight: 8, arbitrary: fc.double({ noDefaultInfinity: true, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 'NaN', Number.NaN, -0) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 'x', undefined, true, {}, [1]) },
);
const timestamp = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 120 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, null, '60', -1) },
);
const timestamps = (length: fc.Arbitrary<number>) =>
  fc.oneof(
    length.chain((n) => fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n })).map((steps) => steps.map((_, i) => steps.slice(0, i + 1).reduce((a, b) => a + b, 0))),
    fc.array(timestamp, { maxLength: 8 }),
  );
const values = fc.array(measurement, { maxLength: 8 });
const side = fc.oneof(
  values,
  values.chain((v) => fc.record({ values: fc.constant(v), timestamps: timestamps(fc.constant(v.length)) }, { requiredKeys: ['values'] })),
  fc.integer({ min: 0, max: 6 }).chain((n) =>
    fc.record(
      {
        events: fc.array(measurement, { minLength: n, maxLength: n + (n % 3 === 0 ? 1 : 0) }),
        total: fc.array(measurement, { minLength: n, maxLength: n }),
        timestamps: timestamps(fc.constant(n)),
      },
      { requiredKeys: ['events', 'total'] },
    ),
  ),
  fc.constant({ histogram: { le: [0.1, '+Inf'], counts: [3, 5] } }),
  fc.constantFrom<unknown>({ values: [1], extra: 2 }, 'text', null, { timestamps: [1] }),
);
const metric = fc.record(
  { baseline: side, canary: side, noDataReasons: fc.constantFrom<unknown>({ baseline: 'no series' }, { other: 1 }) },
  { requiredKeys: ['baseline', 'canary'] },
);

describe('parseWellFormedMetricData', () => {
  it('returns exactly what the schema returns for valid data, and null for data the schema refuses', () => {
    fc.assert(
      fc.property(metric, (raw) => {
        const full = metricDataSchema.safeParse(raw);
        const fast = parseWellFormedMetricData(raw);
        if (fast !== null) {
          expect(full.success).toBe(true);
          // toStrictEqual tells NaN from null and -0 from 0.
          expect(fast).toStrictEqual(full.data);
        } else {
          // Valid data always takes the fast path: null means the schema refuses it too.
          expect(full.success).toBe(false);
        }
      }),
      { seed: 14, numRuns: 3000 },
    );
  });

  it('copies the arrays, so later changes to the input do not reach the result', () => {
    const input = { baseline: { values: [1, 2, 3], timestamps: [0, 60, 120] }, canary: [4, null, 6] };
    const parsed = parseWellFormedMetricData(input);
    input.baseline.values[0] = 100;
    input.canary[0] = 100;
    expect(parsed).toEqual({ baseline: { values: [1, 2, 3], timestamps: [0, 60, 120] }, canary: [4, null, 6] });
  });

  it('hands refused data to the full validation', () => {
    expect(parseWellFormedMetricData({ baseline: { values: [1, 2], timestamps: [60, 0] }, canary: [1] })).toBeNull();
    expect(parseWellFormedMetricData({ baseline: { values: [1, 2], timestamps: [0] }, canary: [1] })).toBeNull();
    expect(parseWellFormedMetricData({ baseline: { events: [1, 2], total: [3] }, canary: { events: [1], total: [2] } })).toBeNull();
    expect(parseWellFormedMetricData({ baseline: [1, Number.POSITIVE_INFINITY], canary: [1] })).toBeNull();
    expect(parseWellFormedMetricData({ baseline: [1], canary: [1], extra: true })).toBeNull();
    const throwing = { baseline: [1], get canary(): number[] { throw new Error('no'); } };
    expect(parseWellFormedMetricData(throwing)).toBeNull();
  });
});
