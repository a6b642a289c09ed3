/**
 * The data fast path (src/config/data-fast-path.ts) accepts exactly the documents the zod schema
 * accepts and returns the same parsed value, key order and copies included; on anything else it
 * defers to zod (returns undefined), so every problem is still worded by zod.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseValidDataFast } from '../../src/config/data-fast-path.js';
import { canaryDataSchema } from '../../src/config/data-schema.js';
import { safeParseData } from '../../src/config/parse.js';
import { canonical } from '../helpers/canonical-json.js';

/** Rebuilds generated values as JSON.parse would (Object.prototype objects, plain arrays). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}

const measurement = fc.oneof(
  { weight: 60, arbitrary: fc.double({ noDefaultInfinity: true }) }, // finite mostly; NaN and -0 now and then
  { weight: 8, arbitrary: fc.constant(null) },
  { weight: 8, arbitrary: fc.constant('NaN') },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(Infinity, -Infinity, '1', 'nan', true, undefined, [], {}) },
);
const measurements = fc.array(measurement, { maxLength: 6 });
const sortedTimes = (length: number) =>
  fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), { minLength: length, maxLength: length }).map((times) => times.sort((a, b) => a - b));
const timestamps = (length: number) =>
  fc.oneof(
    { weight: 20, arbitrary: sortedTimes(length) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.double(), fc.constant<unknown>('1')), { maxLength: 6 }) },
  );
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });
/** A few keys that belong to another kind of series, or to none. */
const strayKey = fc.constantFrom('values', 'events', 'total', 'timestamps', 'histogram', 'extra');

const timedSeries = measurements.chain((values) =>
  fc.record({ values: fc.constant(values), timestamps: maybe(timestamps(values.length)) }).map(({ timestamps: times, ...rest }) => (times === undefined ? rest : { ...rest, timestamps: times })),
);
const countSeries = fc.integer({ min: 0, max: 5 }).chain((length) =>
  fc
    .record({
      events: fc.oneof({ weight: 20, arbitrary: fc.array(measurement, { minLength: length, maxLength: length }) }, { weight: 1, arbitrary: measurements }),
      total: fc.array(measurement, { minLength: length, maxLength: length }),
      timestamps: maybe(timestamps(length)),
    })
    .map(({ timestamps: times, ...rest }) => (times === undefined ? rest : { ...rest, timestamps: times })),
);
const bounds = fc
  .uniqueArray(fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e6 }), { minLength: 0, maxLength: 4 })
  .map((values): (number | string)[] => [...values.sort((a, b) => a - b), '+Inf']);
const histogramOf = (le: fc.Arbitrary<(number | string)[]>) =>
  le.chain((bounds) =>
    fc.record({
      le: fc.oneof(
        { weight: 20, arbitrary: fc.constant(bounds) },
        { weight: 1, arbitrary: fc.constant(bounds.slice(0, -1)) },
        { weight: 1, arbitrary: fc.constant([...bounds].reverse()) },
      ),
      counts: fc.oneof(
        { weight: 20, arbitrary: fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: bounds.length, maxLength: bounds.length }).map((steps) => steps.map((_, i) => steps.slice(0, i + 1).reduce((a, b) => a + b, 0))) },
        { weight: 2, arbitrary: fc.array(fc.oneof(fc.double({ min: -1, max: 3 }), fc.constant(1.4), fc.constant(1.2)), { minLength: bounds.length, maxLength: bounds.length }) },
        { weight: 1, arbitrary: fc.array(fc.double(), { maxLength: 6 }) },
      ),
    }),
  );
const histogramSeries = (le: fc.Arbitrary<(number | string)[]> = bounds) => histogramOf(le).map((histogram) => ({ histogram }));

/** A series, valid more often than not; now and then with a stray key or of no shape at all. */
const series = (le?: fc.Arbitrary<(number | string)[]>) =>
  fc
    .tuple(
      fc.oneof(
        { weight: 4, arbitrary: measurements },
        { weight: 3, arbitrary: timedSeries },
        { weight: 3, arbitrary: countSeries },
        { weight: 3, arbitrary: histogramSeries(le) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'x', 5, {}, { histogram: null }) },
      ),
      fc.option(strayKey, { freq: 40 }),
    )
    .map(([value, stray]) => (stray === null || typeof value !== 'object' || value === null || Array.isArray(value) ? value : { ...value, [stray]: [] }));

const noDataReasons = fc.oneof(
  fc.record({ baseline: fc.string(), canary: fc.string() }, { requiredKeys: [] }),
  fc.constantFrom<unknown>({ baseline: 5 }, { other: 'x' }, 'x'),
);
const metric = fc.oneof(
  { weight: 16, arbitrary: fc.record({ baseline: series(), canary: series(), noDataReasons: noDataReasons }, { requiredKeys: ['baseline', 'canary'] }) },
  // Histograms on both sides with the same (or nearly the same) bounds, for the shared-bounds rule.
  { weight: 4, arbitrary: bounds.chain((le) => fc.record({ baseline: histogramSeries(fc.constant(le)), canary: histogramSeries(fc.constantFrom(le, le, le, [...le.slice(0, -1), 7e6, '+Inf'])) })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ baseline: [1] }, { baseline: [1], canary: [2], extra: 1 }, [], null) },
);
const document = fc
  .tuple(
    fc.record(
    {
      $schema: fc.oneof({ weight: 9, arbitrary: fc.string() }, { weight: 1, arbitrary: fc.constant<unknown>(3) }),
      timestampUnit: fc.constantFrom<unknown>('s', 'ms', 's', 'ms', 's', 'ms', 's', 'ms', 'h'),
      metrics: fc.array(fc.tuple(fc.constantFrom('latency', 'cpu', 'errors', '1', '0', 'constructor', 'toString', 'p99 latency'), metric), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
    },
    { requiredKeys: ['metrics'] },
    ),
    fc.integer({ min: 0, max: 9 }),
  )
  .map(([document, stray]) => plain(stray === 0 ? { ...document, metric: {} } : document)); // now and then a stray top-level key

describe('parseValidDataFast', () => {
  it('accepts exactly what zod accepts, with the same parsed value', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(document, (input) => {
        const fast = parseValidDataFast(input);
        const zod = canaryDataSchema.safeParse(input);
        expect(fast !== undefined).toBe(zod.success);
        if (zod.success) {
          accepted++;
          expect(canonical(fast)).toBe(canonical(zod.data));
        } else {
          rejected++;
        }
      }),
      { seed: 13, numRuns: 3000 },
    );
    // Both sides of the equivalence are exercised, not just one.
    expect(accepted).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(300);
  });

  it('copies what it returns, as zod does', () => {
    const input = { metrics: { cpu: { baseline: { values: [1, 2], timestamps: [1, 2] }, canary: [3, null] } } };
    const parsed = parseValidDataFast(input);
    expect(parsed).toEqual(input);
    expect(parsed?.metrics['cpu']).not.toBe(input.metrics.cpu);
    expect((parsed?.metrics['cpu']?.baseline as { values: unknown[] }).values).not.toBe(input.metrics.cpu.baseline.values);
  });

  it('defers to zod on input that is not plain JSON-like data, and zod decides as before', () => {
    const exotic: unknown[] = [
      JSON.parse('{"metrics": {"__proto__": {"baseline": [1], "canary": [2]}}}'),
      JSON.parse('{"metrics": {"cpu": {"baseline": [1], "canary": [2], "__proto__": {}}}}'),
      Object.assign(Object.create(null) as object, { metrics: {} }),
      { metrics: { cpu: { baseline: new (class Values extends Array<number> {})(), canary: [2] } } },
      { metrics: { [Symbol('s')]: { baseline: [1], canary: [2] } } },
      { metrics: { cpu: { baseline: [1], canary: [2] } }, $schema: undefined },
    ];
    for (const input of exotic) {
      expect(parseValidDataFast(input)).toBeUndefined();
      const zod = canaryDataSchema.safeParse(input);
      const result = safeParseData(input);
      expect(result.ok).toBe(zod.success);
    }
  });

  it('leaves invalid documents to zod, whose messages safeParseData lists', () => {
    const input = { metrics: { cpu: { baseline: [1, 'x'], canary: { values: [1, 2], timestamps: [2, 1] } } } };
    expect(parseValidDataFast(input)).toBeUndefined();
    const result = safeParseData(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toEqual(['metrics.cpu.baseline[1]', 'metrics.cpu.canary.timestamps[1]']);
  });
});
