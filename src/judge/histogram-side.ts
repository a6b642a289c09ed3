/**
 * Reads the histogram sides of a metric from its (schema-checked) data: bounds as numbers, counts
 * rounded to whole requests (with a warning when Prometheus' `increase()` extrapolation left
 * fractions), and the problems that stop the test: a side that is not a histogram, a test that
 * cannot take one, too few requests.
 */
import type { Histogram } from '../stats/histogram.js';
import { tailMinimum, TAIL_POINTS } from './clean.js';
import type { MetricConfig } from '../config/config-schema.js';
import { wholeCount } from '../config/data-rules.js';
import type { HistogramSeries, NoDataReasons, Series } from '../config/data-schema.js';

/** Both histogram sides, or the problem that stops the metric. */
export type HistogramSides =
  | { readonly baseline: Histogram; readonly canary: Histogram; readonly problem: null; readonly warnings: readonly string[] }
  | { readonly baseline: Histogram | null; readonly canary: Histogram | null; readonly problem: { readonly outcome: 'nodata' | 'error'; readonly reason: string }; readonly warnings: readonly string[] };

/**
 * True when a side is a histogram (`{ histogram: { le, counts } }`).
 *
 * @example
 * isHistogramSeries({ histogram: { le: ['+Inf'], counts: [3] } }) // => true
 */
export function isHistogramSeries(series: unknown): series is HistogramSeries {
  return typeof series === 'object' && series !== null && !Array.isArray(series) && 'histogram' in series;
}

function describeShape(series: Series): string {
  if (isHistogramSeries(series)) return 'a histogram';
  if (typeof series === 'object' && series !== null && !Array.isArray(series) && 'events' in series) return '{ events, total } counts';
  return 'a series of values';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function toHistogram(series: HistogramSeries, side: 'baseline' | 'canary', warnings: string[]): Histogram {
  const upperBounds = series.histogram.le.map((bound) => (bound === '+Inf' ? Number.POSITIVE_INFINITY : bound));
  let largest = 0;
  const cumulative = series.histogram.counts.map((count) => {
    const whole = wholeCount(count);
    largest = Math.max(largest, Math.abs(whole - count));
    return whole;
  });
  if (largest > 0) {
    warnings.push(
      `${side}: histogram counts were not whole (Prometheus' increase() extrapolates to the window's edges); rounded to the nearest request (largest change ${Number(largest.toPrecision(2))})`,
    );
  }
  return { upperBounds, cumulative };
}

/**
 * Reads a metric's sides when at least one is a histogram; null when neither is (the caller cleans
 * value or count series as usual).
 *
 * @example
 * const metric = parseConfig({ metrics: [{ name: 'latency', test: 'mean-ratio' }] }).metrics[0];
 * const side = { histogram: { le: [0.1, '+Inf'], counts: [5, 9] } };
 * readHistogramSides(metric, side, side)?.problem?.reason
 * // => 'histogram sides are for percentile and mann-whitney metrics; test "mean-ratio" needs a series of values'
 */
export function readHistogramSides(metric: MetricConfig, baseline: Series, canary: Series, noDataReasons: NoDataReasons = {}): HistogramSides | null {
  const baselineIs = isHistogramSeries(baseline);
  const canaryIs = isHistogramSeries(canary);
  if (!baselineIs && !canaryIs) return null;
  const none = { baseline: null, canary: null, warnings: [] };
  if (metric.test !== 'percentile' && metric.test !== 'mann-whitney') {
    const needs = metric.test === 'rate' ? '{ events, total } counts' : 'a series of values';
    return { ...none, problem: { outcome: 'error', reason: `histogram sides are for percentile and mann-whitney metrics; test "${metric.test}" needs ${needs}` } };
  }
  // A histogram query that returned nothing leaves an empty series on its side (see `collect`).
  for (const [side, series] of [['baseline', baseline], ['canary', canary]] as const) {
    const values = Array.isArray(series) ? series : typeof series === 'object' && series !== null && 'values' in series ? series.values : null;
    if (values !== null && values.length === 0) {
      const sourceReason = noDataReasons[side];
      return { ...none, problem: { outcome: 'nodata', reason: `${side} series is empty (0 points)${sourceReason === undefined ? '' : `: ${sourceReason}`}` } };
    }
  }
  if (!baselineIs || !canaryIs) {
    return {
      ...none,
      problem: {
        outcome: 'error',
        reason: `baseline is ${describeShape(baseline)} but canary is ${describeShape(canary)}: both sides must be histograms (with the same bucket bounds) or neither`,
      },
    };
  }
  const warnings: string[] = [];
  const sides = { baseline: toHistogram(baseline, 'baseline', warnings), canary: toHistogram(canary, 'canary', warnings) };
  for (const side of ['baseline', 'canary'] as const) {
    const histogram = sides[side];
    const total = histogram.cumulative[histogram.cumulative.length - 1] as number;
    if (total === 0) return { ...sides, warnings, problem: { outcome: 'nodata', reason: `${side} histogram holds no requests (every count is 0)` } };
    if (total < metric.minSamples) {
      return { ...sides, warnings, problem: { outcome: 'nodata', reason: `${side} histogram holds ${plural(total, 'request')}; need at least ${metric.minSamples} (minSamples)` } };
    }
    if (metric.test === 'percentile' && metric.percentile !== undefined) {
      const needed = tailMinimum(metric.percentile);
      if (total < needed) {
        return {
          ...sides,
          warnings,
          problem: { outcome: 'nodata', reason: `${side} histogram holds ${plural(total, 'request')}; the p${metric.percentile} needs at least ${needed} so that ${TAIL_POINTS} lie beyond it` },
        };
      }
    }
  }
  return { ...sides, warnings, problem: null };
}
