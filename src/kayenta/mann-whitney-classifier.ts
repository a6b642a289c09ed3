/**
 * Kayenta's metric classifier (`MannWhitneyClassifier.classify`): no-data rules, the identical and
 * single-value shortcuts, the Mann-Whitney interval against a tolerance band around the estimate, the
 * effect-size gate, and critical escalation, in Kayenta's order.
 */
import { createRandom, type RandomSource } from '../shared/random.js';
import { kayentaEffectSize, kayentaMeanRatio, type KayentaEffectSizeMeasure } from './port/effect-sizes.js';
import {
  KAYENTA_CONFIDENCE_LEVEL,
  KAYENTA_TOLERANCE,
  type KayentaDirection,
  type KayentaMetricLabel,
  type KayentaNanStrategy,
} from './labels.js';
import { kayentaMannWhitneyInterval, type KayentaMannWhitneyInterval } from './port/mann-whitney-interval.js';
import { addTieNoise, isConstant } from './port/tie-noise.js';

/** Effect-size measure and its four thresholds. */
export interface KayentaEffectSizeSettings {
  readonly measure: KayentaEffectSizeMeasure;
  /** High needs effect ≥ allowedIncrease (or a NaN effect). */
  readonly allowedIncrease: number;
  /** Low needs effect ≤ allowedDecrease (or a NaN effect). */
  readonly allowedDecrease: number;
  /** A critical High is escalated only when effect ≥ criticalIncrease (or NaN). */
  readonly criticalIncrease: number;
  /** A critical Low is escalated only when effect ≤ criticalDecrease (or NaN). */
  readonly criticalDecrease: number;
}

/** What the classifier needs to know about one metric. */
export interface KayentaClassifierSettings {
  readonly direction: KayentaDirection;
  readonly nanStrategy: KayentaNanStrategy;
  readonly critical: boolean;
  readonly mustHaveData: boolean;
  readonly effectSize: KayentaEffectSizeSettings;
}

/** Statistical constants; the judge fixes them, Kayenta's unit tests vary them. */
export interface KayentaClassifierOptions {
  /** Half-width of the band around 0, as a fraction of |estimate|. @default 0.25 */
  readonly tolerance?: number;
  /** Two-sided confidence level of the interval. @default 0.98 */
  readonly confidenceLevel?: number;
  /** Source of the jitter added when both sides are constant. @default createRandom('kayenta-tie-noise') */
  readonly random?: RandomSource;
}

/** A metric's classification, before it is dressed as a Kayenta result. */
export interface KayentaMetricClassification {
  readonly classification: Exclude<KayentaMetricLabel, 'Error'>;
  readonly reason: string | null;
  /** The ratio of means canary/baseline (NaN when a mean is 0); 1.0 for the shortcuts. */
  readonly deviation: number;
  readonly critical: boolean;
  /** The gated effect size (absent for the shortcuts). */
  readonly effectSize: number | null;
  /** The Mann-Whitney interval and estimate (absent for the shortcuts). */
  readonly interval: KayentaMannWhitneyInterval | null;
}

/**
 * Classifies one metric from its cleaned control (baseline) and experiment (canary) values.
 *
 * @throws AllObservationsTiedError when the rank statistic has no spread (Kayenta's judge turns this
 *   into an `Error` result).
 *
 * @example
 * const effectSize = { measure: 'meanRatio', allowedIncrease: 1, allowedDecrease: 1, criticalIncrease: 1, criticalDecrease: 1 };
 * const settings = { direction: 'either', nanStrategy: 'remove', critical: false, mustHaveData: false, effectSize };
 * classifyKayentaMetric('latency', [1, 2.2, 1.1, 2.5, 3], [20, 22, 21, 25, 30], settings).classification // => 'High'
 */
export function classifyKayentaMetric(
  metricName: string,
  control: readonly number[],
  experiment: readonly number[],
  settings: KayentaClassifierSettings,
  options: KayentaClassifierOptions = {},
): KayentaMetricClassification {
  const shortcut = (
    classification: KayentaMetricClassification['classification'],
    reason: string | null,
    critical: boolean,
  ): KayentaMetricClassification => ({ classification, reason, deviation: 1, critical, effectSize: null, interval: null });

  if (experiment.length === 0 || control.length === 0) {
    if (settings.nanStrategy === 'replace') return shortcut('Pass', null, false);
    const reason = `Missing data for ${metricName}`;
    if (settings.mustHaveData && !settings.critical) return shortcut('NodataFailMetric', reason, false);
    return shortcut('Nodata', reason, settings.critical);
  }
  if (haveSameValues(experiment, control)) {
    return shortcut('Pass', 'The Canary and Baseline data are identical', false);
  }
  if (hasSingleDistinctValue(experiment, control)) return shortcut('Pass', null, false);

  const comparison = compare(metricName, control, experiment, settings, options);
  if (!settings.critical) return comparison;

  const { effectSize } = comparison;
  const gatePasses = (passes: (effect: number) => boolean) => effectSize === null || Number.isNaN(effectSize) || passes(effectSize);
  if (comparison.classification === 'High' && gatePasses((effect) => effect >= settings.effectSize.criticalIncrease)) {
    return { ...comparison, reason: `The metric ${metricName} was classified as High (Critical)`, critical: true };
  }
  if (comparison.classification === 'Low' && gatePasses((effect) => effect <= settings.effectSize.criticalDecrease)) {
    return { ...comparison, reason: `The metric ${metricName} was classified as Low (Critical)`, critical: true };
  }
  return comparison;
}

/** The Mann-Whitney comparison proper (Kayenta's `compare`). */
function compare(
  metricName: string,
  control: readonly number[],
  experiment: readonly number[],
  settings: KayentaClassifierSettings,
  options: KayentaClassifierOptions,
): KayentaMetricClassification {
  const tolerance = options.tolerance ?? KAYENTA_TOLERANCE;
  const confidenceLevel = options.confidenceLevel ?? KAYENTA_CONFIDENCE_LEVEL;

  let experimentValues = experiment;
  let controlValues = control;
  if (isConstant(experiment) && isConstant(control)) {
    const random = options.random ?? createRandom('kayenta-tie-noise');
    experimentValues = addTieNoise(experiment, random);
    controlValues = addTieNoise(control, random);
  }

  const interval = kayentaMannWhitneyInterval(experimentValues, controlValues, confidenceLevel);
  const effectSize = kayentaEffectSize(settings.effectSize.measure, experimentValues, controlValues);
  const deviation = kayentaMeanRatio(experimentValues, controlValues);
  const band = tolerance * Math.abs(interval.estimate);
  const effectIsUnknown = Number.isNaN(effectSize);
  const { direction } = settings;

  if (
    (direction === 'increase' || direction === 'either') &&
    interval.lower > band &&
    (effectIsUnknown || effectSize >= settings.effectSize.allowedIncrease)
  ) {
    return { classification: 'High', reason: `${metricName} was classified as High`, deviation, critical: false, effectSize, interval };
  }
  if (
    (direction === 'decrease' || direction === 'either') &&
    interval.upper < -band &&
    (effectIsUnknown || effectSize <= settings.effectSize.allowedDecrease)
  ) {
    return { classification: 'Low', reason: `${metricName} was classified as Low`, deviation, critical: false, effectSize, interval };
  }
  return { classification: 'Pass', reason: null, deviation, critical: false, effectSize, interval };
}

/** Same multiset of values (Kayenta compares the sorted arrays element by element). */
function haveSameValues(left: readonly number[], right: readonly number[]): boolean {
  if (left.length !== right.length) return false;
  const sortedLeft = Float64Array.from(left).sort();
  const sortedRight = Float64Array.from(right).sort();
  return sortedLeft.every((value, index) => value === sortedRight[index]);
}

function hasSingleDistinctValue(left: readonly number[], right: readonly number[]): boolean {
  const first = left[0];
  return left.every((value) => value === first) && right.every((value) => value === first);
}
