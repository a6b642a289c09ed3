/**
 * A histogram metric from data to result pieces (the judge assembles them): the sides as the judge
 * reports them, the test, the classification and the `histogram` section of the metric's result
 * (the bucket holding each side's estimate, both intervals, and whether the buckets limit what can
 * be told apart).
 */
import { histogramQuantile, totalCount, type Histogram } from '../stats/histogram.js';
import type { HistogramQuantile } from '../stats/histogram-quantile.js';
import type { CleanedMetric, CleanedSide } from './clean.js';
import type { MetricConfig } from '../config/config-schema.js';
import type { Effect } from './effect.js';
import { classifyHistogramEffect, type HistogramClassification } from './histogram-classify.js';
import { INTERPOLATION_ASSUMPTION, measureHistogramEffect } from './histogram-effect.js';
import type { HistogramSides } from './histogram-side.js';
import type { SideSummary } from './summary-statistics.js';

/** An interval in the report: `null` at an end means unbounded on that side. */
type JsonRange = readonly [number | null, number | null];

/** One side of a histogram metric as reported. */
export interface HistogramSideReport {
  /** Requests in the histogram. */
  readonly requests: number;
  /** The quantile's interpolated value (`histogram_quantile`). */
  readonly estimate: number | null;
  /** The bucket holding it: (lower, upper]; null for an unbounded end. */
  readonly bucket: JsonRange;
  /** Its interval under in-bucket interpolation, and from the buckets alone. */
  readonly interval: JsonRange;
  readonly bucketInterval: JsonRange;
  /** Levels of those two intervals. */
  readonly intervalLevel: number;
  readonly bucketIntervalLevel: number;
}

/** The `histogram` section of a histogram metric's result. */
export interface HistogramReport {
  /** What the modelled estimate and interval assume inside a bucket. */
  readonly assumption: string;
  /** The quantile each side's bucket and estimate refer to (the percentile / 100, or 0.5: the median, for Mann-Whitney). */
  readonly quantile: number;
  readonly baseline: HistogramSideReport;
  readonly canary: HistogramSideReport;
  /** True when both sides' estimates lie in one bucket. */
  readonly sameBucket: boolean;
  /** True when more requests with these buckets could not decide the metric (finer buckets could). */
  readonly limitedByBuckets: boolean;
  /** Which way the buckets alone show the canary differs: `higher`, `lower`, or null (not shown). */
  readonly shown: 'higher' | 'lower' | null;
  /** The change's interval from the buckets alone (what a pass rests on), at the metric's interval level. */
  readonly bucketInterval: { readonly absolute: JsonRange; readonly relative: JsonRange | null };
}

function jsonEnd(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function jsonRange(range: readonly [number, number]): JsonRange {
  return [jsonEnd(range[0]), jsonEnd(range[1])];
}

function sideOf(histogram: Histogram | null): CleanedSide {
  const total = histogram === null ? 0 : totalCount(histogram);
  return { before: total, after: total, sorted: new Float64Array(0), ordered: new Float64Array(0), points: null, events: 0, total: 0 };
}

/**
 * The cleaned-metric view of histogram sides: sizes are request counts (there is nothing to clean).
 *
 * @example
 * const h = { upperBounds: [1, Infinity], cumulative: [4, 5] };
 * histogramCleanedMetric({ baseline: h, canary: h, problem: null, warnings: [] }).baseline.after // => 5
 */
export function histogramCleanedMetric(sides: HistogramSides): CleanedMetric {
  return {
    kind: 'values',
    baseline: sideOf(sides.baseline),
    canary: sideOf(sides.canary),
    problem: sides.problem,
    warnings: sides.warnings,
    dataQuality: [],
  };
}

/**
 * A side's summary from its histogram: request count and interpolated median, p95 and p99; the
 * mean, extremes and spread are not known from buckets (null).
 *
 * @example
 * histogramSummary({ upperBounds: [1, 2, Infinity], cumulative: [50, 100, 100] }).median // => 1
 */
export function histogramSummary(histogram: Histogram | null): SideSummary {
  if (histogram === null || totalCount(histogram) === 0) {
    return { count: histogram === null ? 0 : totalCount(histogram), mean: null, median: null, p95: null, p99: null, min: null, max: null, stddev: null, counts: null };
  }
  const at = (p: number) => jsonEnd(histogramQuantile(histogram, p));
  return { count: totalCount(histogram), mean: null, median: at(0.5), p95: at(0.95), p99: at(0.99), min: null, max: null, stddev: null, counts: null };
}

function sideReport(quantile: HistogramQuantile): HistogramSideReport {
  return {
    requests: quantile.total,
    estimate: jsonEnd(quantile.estimate),
    bucket: jsonRange([quantile.bucket.lower, quantile.bucket.upper]),
    interval: jsonRange(quantile.modelled),
    bucketInterval: jsonRange(quantile.buckets),
    intervalLevel: quantile.modelledLevel,
    bucketIntervalLevel: quantile.bucketLevel,
  };
}

/** The test's result on a histogram metric. */
export interface HistogramTestResult {
  readonly effect: Effect;
  readonly classification: HistogramClassification;
  readonly report: HistogramReport;
}

/**
 * Tests a histogram metric at `confidenceLevel` and classifies it against its margin.
 *
 * @example
 * const metric = parseConfig({ metrics: [{ name: 'latency', test: 'percentile', percentile: 99 }] }).metrics[0];
 * const baseline = { upperBounds: [0.25, 0.5, 1, Infinity], cumulative: [175000, 198900, 199990, 200000] };
 * const canary = { upperBounds: [0.25, 0.5, 1, Infinity], cumulative: [16500, 19700, 19998, 20000] };
 * testHistogramMetric(metric, baseline, canary, 0.95).classification.outcome // => 'fail'
 */
export function testHistogramMetric(metric: MetricConfig, baseline: Histogram, canary: Histogram, confidenceLevel: number): HistogramTestResult {
  const measured = measureHistogramEffect(metric, baseline, canary, confidenceLevel);
  const classification = classifyHistogramEffect(measured, metric.margin, metric.direction, confidenceLevel);
  const report: HistogramReport = {
    assumption: INTERPOLATION_ASSUMPTION,
    quantile: measured.p,
    baseline: sideReport(measured.baseline),
    canary: sideReport(measured.canary),
    sameBucket: classification.sameBucket,
    limitedByBuckets: classification.limitedByBuckets,
    shown: measured.shown.high ? 'higher' : measured.shown.low ? 'lower' : null,
    bucketInterval: {
      absolute: jsonRange(measured.buckets.absolute.interval),
      relative: measured.buckets.relative === null ? null : jsonRange(measured.buckets.relative.interval),
    },
  };
  return { effect: measured.modelled, classification, report };
}
