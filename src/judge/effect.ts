/**
 * Runs a metric's statistical test on cleaned data and expresses the result in the metric's terms:
 * an absolute change and, where it is defined, a relative change, each with its interval.
 */
import { mannWhitney } from '../stats/mann-whitney.js';
import { meanRatio } from '../stats/mean-ratio.js';
import { normalQuantile } from '../stats/normal-distribution.js';
import { percentileDelta } from '../stats/percentile-delta.js';
import { rateRatio } from '../stats/rate-ratio.js';
import { rateRatioSequence } from '../stats/rate-ratio-sequence.js';
import { shiftRatio } from '../stats/shift-ratio.js';
import type { CleanedMetric } from './clean.js';
import type { MetricConfig } from '../config/config-schema.js';
import { formatLevel } from '../shared/message-text.js';
import { measureTrendEffect, toHours, type TimestampUnit } from './trend-effect.js';
import type { Change, Effect, Interval } from './effect-types.js';

/** The shapes live in effect-types.ts (so the tests' files import no cycle); re-exported for existing readers. */
export type { Change, Effect, Interval } from './effect-types.js';

/** Options a test needs beyond the data. */
export interface EffectOptions {
  readonly confidenceLevel: number;
  readonly resamples: number;
  readonly seed: number;
  /**
   * Factor the value tests' interval half-widths are widened by for serially dependent points
   * (1: none; see dependence.ts). Every interval is widened about its estimate, except the
   * Mann-Whitney relative one, which is built from the widened shift and median intervals. The rate
   * test ignores it (the judge gives it effective counts instead). @default 1
   */
  readonly widening?: number;
  /** Trend test: the unit of the timestamps. @default 's' */
  readonly timestampUnit?: TimestampUnit;
  /** Trend test: whether the residuals' dependence widens the interval (it estimates its own). @default 'adjust' */
  readonly autocorrelation?: 'adjust' | 'ignore';
  /**
   * Sequential mode (statistics.md §11): the intervals become confidence sequences at the same
   * level. Value tests (and the rate difference) are widened by `factor` (the normal-mixture
   * boundary over z) on top of `widening`; the rate ratio gets the Beta-binomial mixture sequence.
   */
  readonly sequence?: { readonly factor: number };
}

function shifted(interval: Interval, by: number): Interval {
  return [interval[0] + by, interval[1] + by];
}

/**
 * Widens a change's interval about its estimate: each end moves away from the estimate by `factor`
 * times its distance (an end at the estimate stays; a non-finite estimate leaves the change as is).
 *
 * @example
 * widenChange({ estimate: 1, interval: [0, 4] }, 2).interval // => [-1, 7]
 */
export function widenChange(change: Change, factor: number): Change {
  if (factor === 1 || !Number.isFinite(change.estimate)) return change;
  const [low, high] = change.interval;
  const below = change.estimate - low;
  const above = high - change.estimate;
  return {
    estimate: change.estimate,
    interval: [below === 0 ? low : change.estimate - below * factor, above === 0 ? high : change.estimate + above * factor],
  };
}

function widenOrNull(change: Change | null, factor: number): Change | null {
  return change === null ? null : widenChange(change, factor);
}

/**
 * Wilson score interval of a proportion `events / total`.
 *
 * @example
 * wilsonInterval(0, 100, 1.959963984540054)[1] // => 0.0369...
 */
export function wilsonInterval(events: number, total: number, z: number): Interval {
  if (total <= 0) return [0, 1];
  const proportion = events / total;
  const zSquared = z * z;
  const denominator = 1 + zSquared / total;
  const center = (proportion + zSquared / (2 * total)) / denominator;
  const halfWidth = (z * Math.sqrt((proportion * (1 - proportion)) / total + zSquared / (4 * total * total))) / denominator;
  return [Math.max(0, center - halfWidth), Math.min(1, center + halfWidth)];
}

/**
 * Newcombe's hybrid score interval for the difference of two proportions (canary − baseline),
 * built from the two Wilson intervals. Well behaved with zero events (Newcombe 1998, method 10).
 *
 * @example
 * rateDifferenceInterval({ events: 0, total: 1000 }, { events: 0, total: 1000 }, 0.95)
 * // => [-0.0038..., 0.0038...]
 */
export function rateDifferenceInterval(
  baseline: { events: number; total: number },
  canary: { events: number; total: number },
  confidenceLevel: number,
): Interval {
  const z = normalQuantile(1 - (1 - confidenceLevel) / 2);
  const baselineRate = baseline.total > 0 ? baseline.events / baseline.total : 0;
  const canaryRate = canary.total > 0 ? canary.events / canary.total : 0;
  const [baselineLow, baselineHigh] = wilsonInterval(baseline.events, baseline.total, z);
  const [canaryLow, canaryHigh] = wilsonInterval(canary.events, canary.total, z);
  const difference = canaryRate - baselineRate;
  return [
    difference - Math.sqrt((canaryRate - canaryLow) ** 2 + (baselineHigh - baselineRate) ** 2),
    difference + Math.sqrt((canaryHigh - canaryRate) ** 2 + (baselineRate - baselineLow) ** 2),
  ];
}

/**
 * Runs the metric's test. May throw (the caller turns anything thrown into an `error` outcome).
 *
 * @example
 * const metric = parseConfig({ metrics: [{ name: 'memory', test: 'mean-ratio' }] }).metrics[0];
 * const side = (values) => ({ before: 4, after: 4, sorted: Float64Array.from(values), events: 0, total: 0 });
 * const cleaned = { kind: 'values', problem: null, warnings: [], baseline: side([98, 100, 100, 102]), canary: side([116, 118, 118, 120]) };
 * measureEffect(metric, cleaned, { confidenceLevel: 0.95, resamples: 2000, seed: 1 }).relative?.estimate // => 0.18
 */
export function measureEffect(metric: MetricConfig, cleaned: CleanedMetric, options: EffectOptions): Effect {
  const { baseline, canary } = cleaned;
  const widening = (options.widening ?? 1) * (options.sequence?.factor ?? 1);
  const informationSizes =
    metric.test === 'rate'
      ? { baseline: baseline.total, canary: canary.total }
      : { baseline: baseline.after, canary: canary.after };
  switch (metric.test) {
    case 'mann-whitney': {
      const result = mannWhitney(baseline.sorted, canary.sorted, {
        alternative: 'two-sided',
        confidenceLevel: options.confidenceLevel,
      });
      const absolute = widenChange({ estimate: result.estimate, interval: result.confidenceInterval }, widening);
      // Δ/|M| with a Fieller-type interval that carries the baseline median's uncertainty too; it
      // widens the shift's and the median's half-widths itself (so it gets the shift's raw interval).
      const ratio = shiftRatio(result.estimate, result.confidenceInterval, baseline.sorted, canary.sorted.length, {
        confidenceLevel: options.confidenceLevel,
        widening,
      });
      const relative: Change | null = ratio === null ? null : { estimate: ratio.estimate, interval: ratio.interval };
      const warnings = [...result.warnings];
      if (ratio !== null && !ratio.bounded) {
        const [low, high] = ratio.medianInterval;
        warnings.push(
          `the baseline median ${ratio.median.toPrecision(4)} is not clearly different from 0 (its ${formatLevel(options.confidenceLevel)} interval ` +
            `[${low.toPrecision(4)}, ${high.toPrecision(4)}] reaches 0), so the interval of the relative change is unbounded`,
        );
      }
      return {
        method: `Mann-Whitney U (${result.method === 'exact' ? 'exact' : 'normal approximation'}), Hodges-Lehmann shift`,
        pValue: result.pValue,
        absolute,
        relative,
        relativeUnavailable: relative === null ? 'the baseline median is 0' : null,
        informationSizes,
        ...(result.confidenceLevel < options.confidenceLevel ? { achievedLevel: result.confidenceLevel } : {}),
        warnings,
      };
    }
    case 'percentile': {
      const p = (metric.percentile ?? 50) / 100;
      const result = percentileDelta(baseline.sorted, canary.sorted, {
        p,
        confidenceLevel: options.confidenceLevel,
        resamples: options.resamples,
        seed: options.seed,
      });
      const label = `p${metric.percentile ?? 50}`;
      const relative: Change | null =
        result.estimate !== null && result.confidenceInterval !== null && result.baselineQuantile > 0
          ? { estimate: result.estimate, interval: result.confidenceInterval }
          : null;
      const warnings = [...result.warnings];
      const pointsBeyond = Math.min(baseline.after, canary.after) * (1 - p);
      if (pointsBeyond < 5) {
        warnings.push(
          `the ${label} rests on fewer than 5 points beyond it per side (${Math.min(baseline.after, canary.after)} values); its interval is rough`,
        );
      }
      return {
        method: `${label} difference, percentile bootstrap (${result.resamples} resamples)`,
        pValue: null,
        absolute: widenChange({ estimate: result.difference, interval: result.differenceInterval }, widening),
        relative: widenOrNull(relative, widening),
        relativeUnavailable:
          relative === null ? `the baseline ${label} is ${result.baselineQuantile === 0 ? '0' : 'not positive'}` : null,
        informationSizes,
        warnings,
      };
    }
    case 'mean-ratio': {
      const result = meanRatio(baseline.sorted, canary.sorted, {
        confidenceLevel: options.confidenceLevel,
      });
      const relative: Change | null =
        result.estimate !== null && result.baselineMean > 0
          ? { estimate: result.estimate - 1, interval: shifted(result.confidenceInterval, -1) }
          : null;
      return {
        method: `ratio of means, ${result.method}`,
        pValue: result.pValue,
        absolute: widenChange({ estimate: result.difference, interval: result.differenceInterval }, widening),
        relative: widenOrNull(relative, widening),
        relativeUnavailable:
          relative === null ? `the baseline mean is ${result.baselineMean === 0 ? '0' : 'negative'}` : null,
        informationSizes,
        warnings: result.warnings,
      };
    }
    case 'trend': {
      if (baseline.times === null || canary.times === null) {
        throw new Error('the trend test needs timestamps on both sides');
      }
      const unit = options.timestampUnit ?? 's';
      const origin = Math.min(baseline.times[0] ?? 0, canary.times[0] ?? 0);
      const trend = measureTrendEffect(
        { values: baseline.ordered, hours: toHours(baseline.times, unit, origin) },
        { values: canary.ordered, hours: toHours(canary.times, unit, origin) },
        { confidenceLevel: options.confidenceLevel, autocorrelation: options.autocorrelation ?? 'adjust', seed: options.seed },
      );
      // Sequential mode: the slope difference's normal interval becomes a confidence sequence by the
      // same normal-mixture boundary factor as the other value tests.
      const factor = options.sequence?.factor ?? 1;
      if (factor === 1) return trend;
      return { ...trend, absolute: widenChange(trend.absolute, factor), relative: widenOrNull(trend.relative, factor) };
    }
    case 'rate': {
      const baselineCounts = { events: baseline.events, total: baseline.total };
      const canaryCounts = { events: canary.events, total: canary.total };
      if (options.sequence !== undefined) {
        // The fixed-sample test's p-value means nothing across looks, so it is not run.
        const sequence = rateRatioSequence(baselineCounts, canaryCounts, 1 - options.confidenceLevel);
        const absolute: Change = {
          estimate: canary.events / canary.total - baseline.events / baseline.total,
          interval: rateDifferenceInterval(baselineCounts, canaryCounts, options.confidenceLevel),
        };
        return {
          method: 'rate ratio, Beta-binomial mixture confidence sequence; rate difference, Newcombe hybrid score interval widened by the normal-mixture boundary',
          pValue: null,
          absolute: widenChange(absolute, options.sequence.factor),
          relative: sequence.estimate === null ? null : { estimate: sequence.estimate - 1, interval: shifted(sequence.interval, -1) },
          relativeUnavailable: sequence.estimate === null ? 'there are no events on either side' : null,
          informationSizes,
          warnings: [],
        };
      }
      const result = rateRatio(baselineCounts, canaryCounts, {
        alternative: 'two-sided',
        confidenceLevel: options.confidenceLevel,
      });
      const absolute: Change = {
        estimate: result.canaryRate - result.baselineRate,
        interval: rateDifferenceInterval(baselineCounts, canaryCounts, options.confidenceLevel),
      };
      const relative: Change | null =
        result.estimate === null ? null : { estimate: result.estimate - 1, interval: shifted(result.confidenceInterval, -1) };
      return {
        method: `rate ratio, ${result.method}; rate difference, Newcombe hybrid score interval`,
        pValue: result.pValue,
        absolute,
        relative,
        relativeUnavailable: relative === null ? 'there are no events on either side' : null,
        informationSizes,
        warnings: result.warnings,
      };
    }
  }
}
