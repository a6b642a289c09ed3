/**
 * The schema of the data handed to the judge: for each metric, a baseline and a canary series.
 *
 * A value series is an array of measurements, or `{ values, timestamps }` when timestamps come
 * along. A count series (for `rate` metrics) is `{ events, total }` (optionally with `timestamps`).
 * A measurement may be a finite number or missing: `null`, the string `"NaN"`, or a JavaScript NaN.
 * A side of a `percentile` or `mann-whitney` metric may instead be a Prometheus-style classic
 * histogram over the analysis window: `{ histogram: { le, counts } }` (bucket upper bounds ending
 * with "+Inf", cumulative request counts).
 */
import * as z from 'zod';
import { MAX_HISTOGRAM_BUCKETS, wholeCount } from './data-rules.js';

/** One measurement: a finite number, or missing (`null`, `"NaN"`, NaN). */
export const measurementSchema = z
  .union([z.number(), z.null(), z.literal('NaN'), z.nan()])
  .describe('A finite number, or null / "NaN" for a missing value.');

/** The unit of every `timestamps` entry of the data: epoch seconds (`"s"`, the default) or milliseconds (`"ms"`). */
export const TIMESTAMP_UNITS = ['s', 'ms'] as const;
export const timestampUnitSchema = z
  .enum(TIMESTAMP_UNITS)
  .describe('Unit of the timestamps: "s" (epoch seconds, the default) or "ms" (epoch milliseconds).');
export type TimestampUnit = (typeof TIMESTAMP_UNITS)[number];

/** A timestamp: epoch seconds or milliseconds (any unit, as long as it is consistent). */
const timestampSchema = z.number().describe('Epoch time of the point (seconds or milliseconds, consistently).');

/** The same units, by the name the trend test uses. */
export const DATA_TIMESTAMP_UNITS = TIMESTAMP_UNITS;

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

/** A bucket upper bound: a finite number, or "+Inf" for the last bucket. */
const bucketBoundSchema = z.union([z.number(), z.literal('+Inf')]);

const tooManyBuckets = (what: string) => (issue: { readonly input?: unknown }): string =>
  `Too many ${what}: ${Array.isArray(issue.input) ? issue.input.length : 'more than ' + MAX_HISTOGRAM_BUCKETS} (a histogram has at most ${MAX_HISTOGRAM_BUCKETS} buckets; classic Prometheus histograms have tens)`;

/**
 * A Prometheus-style classic histogram over the analysis window: bucket upper bounds (`le`,
 * increasing, the last "+Inf") and the cumulative number of requests at or below each bound.
 */
export const histogramSchema = z
  .strictObject({
    le: z
      .array(bucketBoundSchema)
      .min(1)
      .max(MAX_HISTOGRAM_BUCKETS, { error: tooManyBuckets('bucket bounds') })
      .describe('Bucket upper bounds, increasing, the last one "+Inf" (the `le` labels of the _bucket series).'),
    counts: z
      .array(z.number().min(0))
      .max(MAX_HISTOGRAM_BUCKETS, { error: tooManyBuckets('counts') })
      .describe('Cumulative request counts, one per bound, non-decreasing; fractional counts (increase() extrapolation) are rounded with a warning.'),
  })
  .superRefine((histogram, context) => {
    const { le, counts } = histogram;
    if (!Array.isArray(le) || !Array.isArray(counts)) return;
    if (le.length !== counts.length) {
      context.addIssue({
        code: 'custom',
        path: ['counts'],
        message: `counts must have one entry per bound in le: expected ${le.length}, received ${counts.length}`,
      });
      return;
    }
    for (let index = 0; index < le.length; index++) {
      const bound = le[index];
      const last = index === le.length - 1;
      if (last && bound !== '+Inf') {
        context.addIssue({ code: 'custom', path: ['le', index], message: `the last bound must be "+Inf" (every request is at most +Inf), received ${JSON.stringify(bound)}` });
        return;
      }
      if (!last && bound === '+Inf') {
        context.addIssue({ code: 'custom', path: ['le', index], message: '"+Inf" must be the last bound' });
        return;
      }
      const previous = le[index - 1];
      if (index > 0 && typeof bound === 'number' && typeof previous === 'number' && !(bound > previous)) {
        context.addIssue({ code: 'custom', path: ['le', index], message: `bounds must increase: received ${bound} after ${previous}` });
        return;
      }
    }
    for (let index = 1; index < counts.length; index++) {
      const previous = counts[index - 1] as number;
      const current = counts[index] as number;
      if (typeof previous === 'number' && typeof current === 'number' && wholeCount(current) < wholeCount(previous)) {
        context.addIssue({
          code: 'custom',
          path: ['counts', index],
          message: `counts are cumulative and must not decrease: received ${current} after ${previous}`,
        });
        return;
      }
    }
  });

/** One side as a histogram: `{ histogram: { le, counts } }` (for `percentile` and `mann-whitney` metrics). */
export const histogramSeriesSchema = z
  .strictObject({ histogram: histogramSchema })
  .describe('A Prometheus-style classic histogram of requests over the window (percentile and mann-whitney metrics).');

/** Either kind of series, or a histogram. Which one a metric needs depends on its test. */
export const seriesSchema = z.union([valueSeriesSchema, countSeriesSchema, histogramSeriesSchema]);

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

function isHistogramSide(series: unknown): series is HistogramSeries {
  return typeof series === 'object' && series !== null && !Array.isArray(series) && 'histogram' in series;
}

/** Baseline and canary series of one metric. Two histogram sides must share their bucket bounds. */
export const metricDataSchema = z
  .strictObject({
    baseline: seriesSchema,
    canary: seriesSchema,
    noDataReasons: noDataReasonsSchema.optional(),
  })
  .superRefine((metric, context) => {
    if (!isHistogramSide(metric.baseline) || !isHistogramSide(metric.canary)) return;
    const baseline = metric.baseline.histogram.le;
    const canary = metric.canary.histogram.le;
    const firstDifferent = baseline.findIndex((bound, index) => index < canary.length && bound !== canary[index]);
    const differs = firstDifferent >= 0 ? firstDifferent : baseline.length !== canary.length ? Math.min(baseline.length, canary.length) : -1;
    if (differs >= 0) {
      const shown = (bounds: readonly (number | string)[]) => (differs < bounds.length ? JSON.stringify(bounds[differs]) : 'nothing');
      context.addIssue({
        code: 'custom',
        path: ['canary', 'histogram', 'le', differs],
        message:
          `baseline and canary histograms must use the same bucket bounds: le[${differs}] is ${shown(baseline)} for the baseline and ${shown(canary)} for the canary ` +
          `(${baseline.length} and ${canary.length} bounds)`,
      });
    }
  });

/** All the data handed to the judge. */
export const canaryDataSchema = z.strictObject({
  $schema: z.string().optional().describe('Ignored; lets editors find the JSON Schema.'),
  timestampUnit: timestampUnitSchema
    .optional()
    .describe('Unit of every timestamp in the document: "s" (seconds, the default) or "ms" (milliseconds). The trend test reads slopes per hour and the sequential mode the run\'s length from them.'),
  metrics: z.record(z.string(), metricDataSchema).describe('Series by metric name.'),
});

/** A measurement as written. */
export type Measurement = z.input<typeof measurementSchema>;
/** A value series as written. */
export type ValueSeries = z.input<typeof valueSeriesSchema>;
/** A count series as written. */
export type CountSeries = z.input<typeof countSeriesSchema>;
/** A histogram side as written. */
export type HistogramSeries = z.input<typeof histogramSeriesSchema>;
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
