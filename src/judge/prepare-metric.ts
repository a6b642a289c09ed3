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
import { decidePairing, type PairingDecision } from './pairing.js';
import { SEQUENTIAL_MIN_POINTS } from './sequential.js';
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
 * A sequential look compares the two sides unpaired (its confidence sequences are built for
 * independent samples): time-aligned pairs become a comparison of independent samples that says why.
 */
function unpairedForLook(decision: PairingDecision): PairingDecision {
  if (decision.mode !== 'time') return decision;
  return {
    ...decision,
    mode: 'none',
    pairs: null,
    reason: `${decision.reason}, but a sequential look compares two independent samples (its confidence sequences are built for them)`,
  };
}

/**
 * Prepares one metric for testing: `outcome: 'pass'` with `reason: null` when it goes on, else the
 * outcome (nodata, error) and why. Never throws. `sequentialLook`: the judgement is a sequential
 * look (its clock could be read), which tests a metric unpaired once it has `SEQUENTIAL_MIN_POINTS`
 * per side; the pairs are then only counted for the reason, not built.
 */
export function prepareMetric(metric: MetricConfig, located: LocatedData, pairingPolicy: PairingPolicy, sequentialLook = false): Evaluation {
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
    // A metric too short for a look stays nodata with its pairing decision as it is (judge.ts).
    const unpaired = sequentialLook && Math.min(cleaned.baseline.after, cleaned.canary.after) >= SEQUENTIAL_MIN_POINTS;
    const decided = decidePairing(metric, metric.pairing ?? pairingPolicy, own.baseline, own.canary, cleaned, { align: !unpaired });
    const pairing = unpaired ? unpairedForLook(decided) : decided;
    if (pairing.problem !== null) {
      return { metric, cleaned, outcome: pairing.problem.outcome, reason: pairing.problem.reason, effect: null, classification: null, warnings: cleaned.warnings, pairing };
    }
    return { metric, cleaned, outcome: 'pass', reason: null, effect: null, classification: null, warnings: cleaned.warnings, pairing };
  } catch (error) {
    return { metric, cleaned: null, outcome: 'error', reason: `cleaning failed: ${messageOf(error)}`, effect: null, classification: null, warnings: [] };
  }
}
