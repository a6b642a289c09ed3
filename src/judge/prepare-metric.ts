/**
 * The second stage of a judgement, per metric: its located data read as histograms or cleaned
 * (missing values, warm-up, outliers), the timestamps checked, and its pairing decided. A metric
 * that cannot go on leaves this stage with its outcome and reason; the others go on to be tested.
 */
import type { MetricConfig, PairingPolicy } from '../config/config-schema.js';
import { cleanMetric, type CleanedMetric } from './clean.js';
import { messageOf, type Evaluation } from './evaluation.js';
import { histogramCleanedMetric } from './histogram-metric.js';
import { readHistogramSides } from './histogram-side.js';
import type { LocatedData, MetricData } from './locate-data.js';
import { metricDataWithOwnArrays } from './own-arrays.js';
import { decidePairing } from './pairing.js';
import { LARGEST_PLAUSIBLE_SECONDS, type TimestampUnit } from './trend-effect.js';

/**
 * Timestamps in seconds beyond the year 5000 are milliseconds given without `timestampUnit: "ms"`:
 * the trend's slope per hour would be off by a factor 1000, so the metric is an error instead.
 */
function timestampUnitProblem(cleaned: CleanedMetric, unit: TimestampUnit): string | null {
  if (unit !== 's') return null;
  for (const [sideName, side] of [['baseline', cleaned.baseline], ['canary', cleaned.canary]] as const) {
    const last = side.times?.[side.times.length - 1];
    if (last !== undefined && Math.abs(last) > LARGEST_PLAUSIBLE_SECONDS) {
      return `${sideName} timestamps look like milliseconds (${last}) but are read as seconds; set data.timestampUnit to "ms"`;
    }
  }
  return null;
}

/**
 * Prepares one metric for testing: `outcome: 'pass'` with `reason: null` when it goes on, else the
 * outcome (nodata, error) and why. Never throws.
 */
export function prepareMetric(metric: MetricConfig, located: LocatedData, pairingPolicy: PairingPolicy): Evaluation {
  const found = located.byMetric.get(metric.name);
  if (found === undefined) {
    const nearMiss = located.nearMisses.get(metric.name);
    const reason =
      nearMiss === undefined
        ? 'no data for this metric'
        : `no data for this metric; the data has "${nearMiss}": did you mean that key? (names must match exactly)`;
    return { metric, cleaned: null, outcome: 'nodata', reason, shortfall: 'missing', effect: null, classification: null, warnings: [] };
  }
  if ('error' in found) {
    return { metric, cleaned: null, outcome: 'error', reason: found.error, effect: null, classification: null, warnings: [] };
  }
  try {
    // Copies of the caller's arrays, read here and dropped with this metric (see own-arrays.ts).
    const own = metricDataWithOwnArrays(found) as MetricData;
    const histogramSides = readHistogramSides(metric, own.baseline, own.canary, own.noDataReasons);
    if (histogramSides !== null) {
      const cleaned = histogramCleanedMetric(histogramSides);
      const outcome = histogramSides.problem?.outcome ?? 'pass';
      const reason = histogramSides.problem?.reason ?? null;
      const histograms =
        histogramSides.problem === null ? { histograms: { baseline: histogramSides.baseline, canary: histogramSides.canary } } : {};
      return { metric, cleaned, outcome, reason, effect: null, classification: null, warnings: histogramSides.warnings, ...histograms };
    }
    const cleaned = cleanMetric(metric, own.baseline, own.canary, own.noDataReasons);
    if (cleaned.problem !== null) {
      const { outcome, reason, shortfall, needed } = cleaned.problem;
      return {
        metric,
        cleaned,
        outcome,
        reason,
        ...(shortfall === undefined ? {} : { shortfall }),
        ...(needed === undefined ? {} : { needed }),
        effect: null,
        classification: null,
        warnings: cleaned.warnings,
      };
    }
    const unitProblem = metric.test === 'trend' ? timestampUnitProblem(cleaned, located.timestampUnit) : null;
    if (unitProblem !== null) {
      return { metric, cleaned, outcome: 'error', reason: unitProblem, effect: null, classification: null, warnings: cleaned.warnings };
    }
    const pairing = decidePairing(metric, metric.pairing ?? pairingPolicy, own.baseline, own.canary, cleaned);
    if (pairing.problem !== null) {
      return { metric, cleaned, outcome: pairing.problem.outcome, reason: pairing.problem.reason, effect: null, classification: null, warnings: cleaned.warnings, pairing };
    }
    return { metric, cleaned, outcome: 'pass', reason: null, effect: null, classification: null, warnings: cleaned.warnings, pairing };
  } catch (error) {
    return { metric, cleaned: null, outcome: 'error', reason: `cleaning failed: ${messageOf(error)}`, effect: null, classification: null, warnings: [] };
  }
}
