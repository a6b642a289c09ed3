/**
 * The `percentile` and `mann-whitney` tests on histogram sides (docs/histograms.md): each change is
 * measured twice, on two intervals of the same level.
 *
 * - **modelled**: inside a bucket the requests are taken to be spread evenly between its bounds
 *   (linear interpolation, Prometheus' `histogram_quantile` assumption); the interval covers the
 *   sampling uncertainty of the requests under that assumption.
 * - **buckets**: no assumption about where requests lie inside a bucket; only what the bucket
 *   bounds prove. It always contains the modelled interval.
 *
 * The judge passes a metric only on the bucket interval (a pass never claims more precision than
 * the buckets give) and fails it on the modelled interval only when the buckets alone show the
 * change goes the harmful way (histogram-classify.ts).
 */
import { histogramQuantile, totalCount, type Bucket, type Histogram } from '../stats/histogram.js';
import { quantileWithIntervals, type HistogramQuantile } from '../stats/histogram-quantile.js';
import { histogramShift } from '../stats/histogram-shift.js';
import type { MetricConfig } from '../config/config-schema.js';
import type { Change, Effect, Interval } from './effect.js';

/** The stated assumption behind the modelled estimate and interval. */
export const INTERPOLATION_ASSUMPTION =
  'inside a bucket, requests are spread evenly between its bounds (linear interpolation, as Prometheus histogram_quantile); the lowest bucket starts at 0';

/** What a histogram test measured, beyond the modelled `Effect`. */
export interface HistogramEffect {
  /** The change under the interpolation assumption (the metric's reported estimate and interval). */
  readonly modelled: Effect;
  /** The same change with the assumption-free bucket interval (same estimate, same level). */
  readonly buckets: Effect;
  /** Whether the buckets alone show the canary higher / lower than the baseline. */
  readonly shown: { readonly high: boolean; readonly low: boolean };
  /** The quantile each side's bucket is reported for (the percentile, or 0.5 for Mann-Whitney). */
  readonly p: number;
  readonly baseline: HistogramQuantile;
  readonly canary: HistogramQuantile;
  /**
   * The assumption-free interval of the change once sampling error is gone (infinite requests, same
   * buckets): the buckets holding the two estimates. Null for Mann-Whitney.
   */
  readonly limit: Effect | null;
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

/** MOVER (Zou & Donner 2008) interval of a − b from the intervals of a and b. */
function differenceInterval(a: number, aInterval: Interval, b: number, bInterval: Interval): Interval {
  const d = a - b;
  return [
    d - Math.hypot(a - aInterval[0], bInterval[1] - b),
    d + Math.hypot(aInterval[1] - a, b - bInterval[0]),
  ];
}

/** MOVER on the log scale: interval of a / b − 1 from the intervals of two positive values. */
function ratioInterval(a: number, aInterval: Interval, b: number, bInterval: Interval): Interval {
  const log = (value: number) => (value > 0 ? Math.log(value) : Number.NEGATIVE_INFINITY);
  const r = Math.log(a / b);
  const low = r - Math.hypot(Math.log(a) - log(aInterval[0]), log(bInterval[1]) - Math.log(b));
  const high = r + Math.hypot(log(aInterval[1]) - Math.log(a), Math.log(b) - log(bInterval[0]));
  return [Math.exp(low) - 1, finiteOr(Math.exp(high), Number.POSITIVE_INFINITY) - 1];
}

/** All of a / b for a in `a` and b in `b`; unbounded where b reaches 0 or below. */
function quotientBox(a: Interval, b: Interval): Interval {
  if (!(b[0] > 0)) {
    return [a[0] >= 0 ? a[0] / b[1] : Number.NEGATIVE_INFINITY, a[1] > 0 ? Number.POSITIVE_INFINITY : a[1] / b[1]];
  }
  const low = Math.min(a[0] / b[0], a[0] / b[1]);
  const high = Math.max(a[1] / b[0], a[1] / b[1]);
  return [Number.isNaN(low) ? Number.NEGATIVE_INFINITY : low, Number.isNaN(high) ? Number.POSITIVE_INFINITY : high];
}

/** All of a / b − 1 for a in `a` and b in `b`. */
function ratioBox(a: Interval, b: Interval): Interval {
  const [low, high] = quotientBox(a, b);
  return [low - 1, high - 1];
}

function containing(estimate: number, interval: Interval): Change {
  return { estimate, interval: [Math.min(interval[0], estimate), Math.max(interval[1], estimate)] };
}

function bucketsText(bucket: Bucket): string {
  const lower = bucket.lower === Number.NEGATIVE_INFINITY ? '-Inf' : String(bucket.lower);
  const upper = bucket.upper === Number.POSITIVE_INFINITY ? '+Inf' : String(bucket.upper);
  return `(${lower}, ${upper}]`;
}

/**
 * The bucket as text, e.g. `(0.25, 0.5]`.
 *
 * @example
 * formatBucket({ index: 3, lower: 0.25, upper: 0.5 }) // => '(0.25, 0.5]'
 */
export function formatBucket(bucket: Bucket): string {
  return bucketsText(bucket);
}

function warningsFor(side: 'baseline' | 'canary', quantile: HistogramQuantile, label: string): string[] {
  if (!quantile.aboveLargestBound) return [];
  return [
    `${side}: the ${label} lies in the +Inf bucket, above the largest finite bound ${quantile.estimate}; it is reported as ${quantile.estimate} (as histogram_quantile does), a lower bound of the real value`,
  ];
}

/**
 * Runs a `percentile` or `mann-whitney` metric on two histograms with the same bounds.
 *
 * @example
 * const metric = parseConfig({ metrics: [{ name: 'latency', test: 'percentile', percentile: 99 }] }).metrics[0];
 * const baseline = { upperBounds: [0.25, 0.5, 1, Infinity], cumulative: [175000, 198900, 199990, 200000] };
 * const canary = { upperBounds: [0.25, 0.5, 1, Infinity], cumulative: [16500, 19700, 19998, 20000] };
 * measureHistogramEffect(metric, baseline, canary, 0.95).shown.high // => true
 */
export function measureHistogramEffect(metric: MetricConfig, baseline: Histogram, canary: Histogram, confidenceLevel: number): HistogramEffect {
  const informationSizes = { baseline: totalCount(baseline), canary: totalCount(canary) };
  if (metric.test === 'percentile') {
    const p = (metric.percentile ?? 50) / 100;
    const label = `p${metric.percentile ?? 50}`;
    // Modelled: each side at the level, combined by MOVER. Buckets: each side at √level, so both
    // hold together with probability ≥ level (the sides are independent), combined as a box.
    const levels = { modelledLevel: confidenceLevel, bucketLevel: Math.sqrt(confidenceLevel) };
    const b = quantileWithIntervals(baseline, p, levels);
    const c = quantileWithIntervals(canary, p, levels);
    const absoluteEstimate = c.estimate - b.estimate;
    const positive = b.estimate > 0 && c.estimate > 0;
    const relativeEstimate = b.estimate > 0 ? c.estimate / b.estimate - 1 : Number.NaN;
    const modelledRelative: Change | null = positive
      ? containing(relativeEstimate, ratioInterval(c.estimate, c.modelled, b.estimate, b.modelled))
      : null;
    const bucketRelative: Change | null = positive ? containing(relativeEstimate, ratioBox(c.buckets, b.buckets)) : null;
    const relativeUnavailable = positive ? null : `the baseline or canary ${label} is not positive`;
    const method = `${label} difference of histograms (requests as counted, in-bucket linear interpolation), order-statistic interval`;
    const warnings = [...warningsFor('baseline', b, label), ...warningsFor('canary', c, label)];
    const modelled: Effect = {
      method,
      pValue: null,
      absolute: containing(absoluteEstimate, differenceInterval(c.estimate, c.modelled, b.estimate, b.modelled)),
      relative: modelledRelative,
      relativeUnavailable,
      informationSizes,
      warnings,
    };
    const buckets: Effect = {
      ...modelled,
      absolute: containing(absoluteEstimate, [c.buckets[0] - b.buckets[1], c.buckets[1] - b.buckets[0]]),
      relative: bucketRelative,
    };
    const limitBaseline: Interval = [b.bucket.lower, b.bucket.upper];
    const limitCanary: Interval = [c.bucket.lower, c.bucket.upper];
    const limit: Effect = {
      ...modelled,
      absolute: containing(absoluteEstimate, [limitCanary[0] - limitBaseline[1], limitCanary[1] - limitBaseline[0]]),
      relative: positive ? containing(relativeEstimate, ratioBox(limitCanary, limitBaseline)) : null,
    };
    return {
      modelled,
      buckets,
      shown: { high: c.buckets[0] >= b.buckets[1], low: c.buckets[1] <= b.buckets[0] },
      p,
      baseline: b,
      canary: c,
      limit,
    };
  }
  if (metric.test !== 'mann-whitney') {
    throw new Error(`histogram sides are for percentile and mann-whitney metrics, not "${metric.test}"`);
  }
  // Mann-Whitney: the shift Δ at the level; Δ/M from Δ and the baseline median each at 1 − α/2
  // (Bonferroni: the two share the baseline).
  const half = 1 - (1 - confidenceLevel) / 2;
  const shift = histogramShift(baseline, canary, { confidenceLevel, bucketLevel: confidenceLevel });
  const shiftHalf = histogramShift(baseline, canary, { confidenceLevel: half, bucketLevel: half });
  const b = quantileWithIntervals(baseline, 0.5, { modelledLevel: half, bucketLevel: half });
  const c = quantileWithIntervals(canary, 0.5, { modelledLevel: half, bucketLevel: half });
  const median = histogramQuantile(baseline, 0.5);
  const relativeEstimate = median > 0 ? shift.estimate / median : Number.NaN;
  const bounded = median > 0 && b.modelled[0] > 0;
  const modelledRelative: Change | null = median > 0 ? containing(relativeEstimate, quotientBox(shiftHalf.modelled, b.modelled)) : null;
  const bucketRelative: Change | null = median > 0 ? containing(relativeEstimate, quotientBox(shiftHalf.buckets, b.buckets)) : null;
  const warnings: string[] = [];
  if (median > 0 && !bounded) {
    warnings.push('the baseline median is not clearly above 0 (its interval reaches 0), so the interval of the relative change is unbounded above');
  }
  const modelled: Effect = {
    method: 'Mann-Whitney U on histograms (requests as counted; ties within a bucket), Hodges-Lehmann shift under in-bucket linear interpolation',
    pValue: shift.pValue,
    absolute: containing(shift.estimate, shift.modelled),
    relative: modelledRelative,
    relativeUnavailable: median > 0 ? null : 'the baseline median is 0',
    informationSizes,
    warnings,
  };
  const buckets: Effect = {
    ...modelled,
    absolute: containing(shift.estimate, shift.buckets),
    relative: bucketRelative,
  };
  // The ordinal test needs no assumption: it shows which side's requests are larger.
  const significant = shift.pValue < 1 - confidenceLevel;
  return {
    modelled,
    buckets,
    shown: { high: significant && shift.probabilityGreater > 0.5, low: significant && shift.probabilityGreater < 0.5 },
    p: 0.5,
    baseline: b,
    canary: c,
    limit: null,
  };
}
