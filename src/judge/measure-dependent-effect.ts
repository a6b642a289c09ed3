/**
 * The measuring stage of a judgement, per metric: the metric's test run with the adjustment for
 * serially dependent points (widened intervals, effective counts for rates, the trend test's own
 * residual model), returning the effect and the dependence it was adjusted for.
 */
import type { AutocorrelationPolicy, MetricConfig } from '../config/config-schema.js';
import type { CleanedMetric, CleanedSide } from './clean.js';
import { estimateRateDependence, estimateValueDependence, noDependence, type Dependence } from './dependence.js';
import { measureEffect } from './effect.js';
import type { Change, Effect } from './effect-types.js';
import type { TimestampUnit } from './trend-effect.js';

function containing(change: Change, estimate: number): Change {
  const [low, high] = change.interval;
  return { estimate, interval: [Math.min(low, estimate), Math.max(high, estimate)] };
}

/**
 * Runs the metric's test with the adjustment for serially dependent points: value tests get their
 * intervals widened; the rate test runs on effective counts (events and totals divided by the
 * variance inflation), keeping the estimates of the real counts.
 */
export function measureDependentEffect(
  metric: MetricConfig,
  cleaned: CleanedMetric,
  options: { confidenceLevel: number; resamples: number; seed: number; timestampUnit: TimestampUnit },
  policy: AutocorrelationPolicy,
): { effect: Effect; dependence: Dependence } {
  const { baseline, canary } = cleaned;
  if (metric.test === 'trend') {
    // The trend test models the dependence of its residuals itself (statistics.md §2, `trend`).
    const effect = measureEffect(metric, cleaned, { ...options, autocorrelation: policy });
    return { effect, dependence: trendDependence(effect, policy) };
  }
  if (metric.test === 'rate') {
    const dependence =
      baseline.points !== null && canary.points !== null
        ? estimateRateDependence(baseline.points, canary.points)
        : noDependence({ baseline: baseline.total, canary: canary.total });
    const inflation = dependence.varianceInflation;
    if (policy === 'ignore' || (inflation.baseline === 1 && inflation.canary === 1)) {
      return { effect: measureEffect(metric, cleaned, options), dependence: policy === 'ignore' ? { ...dependence, widening: 1 } : dependence };
    }
    // Nonzero counts stay nonzero, so "no events" means the same for the effective counts.
    const effective = (side: CleanedSide, factor: number): CleanedSide => {
      const total = side.total / factor;
      const events = side.events > 0 ? Math.max(1, Math.round(side.events / factor)) : 0;
      return { ...side, total, events: Math.min(events, Math.floor(total)) };
    };
    const scaled = measureEffect(
      metric,
      { ...cleaned, baseline: effective(baseline, inflation.baseline), canary: effective(canary, inflation.canary) },
      options,
    );
    // The estimates are those of the real counts; the intervals those of the effective counts.
    const baselineRate = baseline.events / baseline.total;
    const canaryRate = canary.events / canary.total;
    const ratio = baseline.events > 0 ? canaryRate / baselineRate : canary.events > 0 ? Number.POSITIVE_INFINITY : null;
    const effect: Effect = {
      ...scaled,
      absolute: containing(scaled.absolute, canaryRate - baselineRate),
      relative: ratio === null || scaled.relative === null ? scaled.relative : containing(scaled.relative, ratio - 1),
      informationSizes: { baseline: baseline.total, canary: canary.total },
    };
    return { effect, dependence };
  }
  const dependence = estimateValueDependence(baseline, canary, options.confidenceLevel);
  if (policy === 'ignore') return { effect: measureEffect(metric, cleaned, options), dependence: { ...dependence, widening: 1 } };
  // measureEffect widens the intervals itself: the Mann-Whitney relative interval is rebuilt from
  // its widened parts (shift and baseline median) rather than widened as a whole.
  return { effect: measureEffect(metric, cleaned, { ...options, widening: dependence.widening }), dependence };
}

/** The trend test's residual dependence in the shape of the other tests' report. */
function trendDependence(effect: Effect, policy: AutocorrelationPolicy): Dependence {
  const trend = effect.trend;
  if (trend === undefined) return noDependence(effect.informationSizes);
  const inflation = {
    baseline: trend.baseline.points / trend.baseline.effectivePoints,
    canary: trend.canary.points / trend.canary.effectivePoints,
  };
  const weightBaseline = trend.baseline.standardError ** 2;
  const weightCanary = trend.canary.standardError ** 2;
  const total = weightBaseline + weightCanary;
  const pooled = total > 0 ? (weightBaseline + weightCanary) / (weightBaseline / inflation.baseline + weightCanary / inflation.canary) : 1;
  return {
    baseline: trend.baseline.residualAutocorrelation,
    canary: trend.canary.residualAutocorrelation,
    used: trend.autocorrelation,
    dispersion: null,
    varianceInflation: inflation,
    effectiveSizes: { baseline: trend.baseline.effectivePoints, canary: trend.canary.effectivePoints },
    widening: policy === 'ignore' ? 1 : Math.sqrt(pooled),
  };
}
