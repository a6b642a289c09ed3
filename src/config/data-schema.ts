/**
 * The schema of the data handed to the judge: for each metric, a baseline and a canary series.
 *
 * A value series is an array of measurements, or `{ values, timestamps }` when timestamps come
 * along. A count series (for `rate` metrics) is `{ events, total }` (optionally with `timestamps`).
 * A measurement may be a finite number or missing: `null`, the string `"NaN"`, or a JavaScript NaN.
 */
import * as z from 'zod';

/** One measurement: a finite number, or missing (`null`, `"NaN"`, NaN). */
export const measurementSchema = z
  .union([z.number(), z.null(), z.literal('NaN'), z.nan()])
  .describe('A finite number, or null / "NaN" for a missing value.');

/** A timestamp: epoch seconds or milliseconds (any unit, as long as it is consistent). */
const timestampSchema = z.number().describe('Epoch time of the point (seconds or milliseconds, consistently).');

/** Checks that `timestamps` has the same length as the series it accompanies and does not go back in time. */
function checkTimestamps(
  timestamps: readonly unknown[] | undefined,
  length: number,
  lengthName: string,
  context: z.RefinementCtx,
): void {
  if (!Array.isArray(timestamps)) return;
  if (timestamps.length !== length) {
    context.addIssue({
      code: 'custom',
      path: ['timestamps'],
      message: `timestamps must have one entry per value: expected ${length} (the length of ${lengthName}), received ${timestamps.length}`,
    });
    return;
  }
  for (let index = 1; index < timestamps.length; index++) {
    const previous = timestamps[index - 1];
    const current = timestamps[index];
    if (typeof previous === 'number' && typeof current === 'number' && current < previous) {
      context.addIssue({
        code: 'custom',
        path: ['timestamps', index],
        message: `timestamps must not decrease: received ${current} after ${previous}`,
      });
      return;
    }
  }
}

/** A series of values with their timestamps. */
export const timedValuesSchema = z
  .strictObject({
    values: z.array(measurementSchema),
    timestamps: z.array(timestampSchema).optional(),
  })
  .superRefine((series, context) => {
    if (Array.isArray(series.values)) checkTimestamps(series.timestamps, series.values.length, 'values', context);
  });

/** A series of values: an array, or `{ values, timestamps }`. */
export const valueSeriesSchema = z.union([z.array(measurementSchema), timedValuesSchema]);

/** A series of counts for a `rate` metric: events out of totals, point by point. */
export const countSeriesSchema = z
  .strictObject({
    events: z.array(measurementSchema).describe('Events per point (e.g. 5xx responses).'),
    total: z.array(measurementSchema).describe('Totals per point (e.g. all responses); same length as events.'),
    timestamps: z.array(timestampSchema).optional(),
  })
  .superRefine((series, context) => {
    if (!Array.isArray(series.events) || !Array.isArray(series.total)) return;
    if (series.events.length !== series.total.length) {
      context.addIssue({
        code: 'custom',
        path: ['total'],
        message: `total must have one entry per events entry: expected ${series.events.length}, received ${series.total.length}`,
      });
      return;
    }
    checkTimestamps(series.timestamps, series.events.length, 'events', context);
  });

/** Either kind of series. Which one a metric needs depends on its test. */
export const seriesSchema = z.union([valueSeriesSchema, countSeriesSchema]);

/**
 * Why a side has no data, as the metric source reported it (e.g. `query returned no series:
 * "…"`). Written by `collect`; the judge adds it to the `nodata` reason of an empty side.
 */
export const noDataReasonsSchema = z
  .strictObject({
    baseline: z.string().optional(),
    canary: z.string().optional(),
  })
  .describe('Why a side has no data, as the metric source said; shown in the nodata reason.');

/** Baseline and canary series of one metric. */
export const metricDataSchema = z.strictObject({
  baseline: seriesSchema,
  canary: seriesSchema,
  noDataReasons: noDataReasonsSchema.optional(),
});

/** All the data handed to the judge. */
export const canaryDataSchema = z.strictObject({
  $schema: z.string().optional().describe('Ignored; lets editors find the JSON Schema.'),
  metrics: z.record(z.string(), metricDataSchema).describe('Series by metric name.'),
});

/** A measurement as written. */
export type Measurement = z.input<typeof measurementSchema>;
/** A value series as written. */
export type ValueSeries = z.input<typeof valueSeriesSchema>;
/** A count series as written. */
export type CountSeries = z.input<typeof countSeriesSchema>;
/** Either series. */
export type Series = z.input<typeof seriesSchema>;
/** Why sides have no data, as written. */
export type NoDataReasons = z.input<typeof noDataReasonsSchema>;
/** One metric's data as written. */
export type MetricData = z.input<typeof metricDataSchema>;
/** The data as users write it. */
export type CanaryDataInput = z.input<typeof canaryDataSchema>;
/** The validated data. */
export type CanaryData = z.output<typeof canaryDataSchema>;
