/**
 * The judgement of a resolved configuration: baseline/canary data → a scored pass / marginal / fail
 * verdict that explains itself. Pure and synchronous; the same input gives byte-identical JSON.
 * `judge` (judge.ts) validates the configuration first; this file loads no schema library, so the
 * CLI, which validates its inputs on their own (fast paths, zod only on a problem), never loads zod
 * to judge valid inputs.
 */
import { deriveSeed } from '../shared/random.js';
import { adjustPValues } from '../stats/p-adjust.js';
import { classifyEffect } from './classify.js';
import { timestampsOf, type CleanedMetric, type CleanedSide } from './clean.js';
import { configWarnings } from './config-warnings.js';
import { coveredSeconds } from './data-shape.js';
import { moreDataFor, type MoreData } from './more-data.js';
import type { CanaryConfig, AutocorrelationPolicy, Thresholds } from '../config/config-schema.js';
import type { CanaryData, Series } from '../config/data-schema.js';
import type { Dependence } from './dependence.js';
import type { Effect, Interval } from './effect-types.js';
import { PROJECTION_HOURS } from './trend-effect.js';
import { explainMetric, explainVerdict } from './explain.js';
import { describeValue, formatLevel } from '../shared/message-text.js';
import { measurePairedEffect } from './paired-effect.js';
import { plottedDifferences } from './pairing.js';
import { histogramSummary, testHistogramMetric } from './histogram-metric.js';
import {
  boundaryTuning,
  decideSequentially,
  explainSequential,
  SEQUENTIAL_METHOD,
  SEQUENTIAL_MIN_POINTS,
  sequenceFactor,
  sequentialClock,
  type SequentialClock,
  type SequentialReport,
} from './sequential.js';
import { scoreOutcomes, type DecidedBy, type Outcome } from './score.js';
import { holdsVerdict } from './verdict-rule.js';
import { summarizeSorted, type SideSummary } from './summary-statistics.js';
import { locateReadableData, type MetricData, type MetricDataCheck } from './locate-data.js';
import { messageOf, type Evaluation } from './evaluation.js';
import { prepareMetric } from './prepare-metric.js';
import { metricDataWithOwnArrays } from './own-arrays.js';
import { measureDependentEffect } from './measure-dependent-effect.js';

import type { JsonInterval, MetricResult, AutocorrelationReport, TrendLineReport, TrendReport, PairingReport, Judgement, WaitingOn } from './judgement-types.js';

function jsonNumber(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

function jsonInterval(interval: Interval | undefined): JsonInterval | null {
  if (interval === undefined) return null;
  return [jsonNumber(interval[0]), jsonNumber(interval[1])];
}

function sideSummary(side: CleanedSide, isRate: boolean): SideSummary {
  const statistics = summarizeSorted(side.sorted);
  return {
    count: statistics.count,
    mean: jsonNumber(statistics.mean),
    median: jsonNumber(statistics.median),
    p95: jsonNumber(statistics.p95),
    p99: jsonNumber(statistics.p99),
    min: jsonNumber(statistics.min),
    max: jsonNumber(statistics.max),
    stddev: jsonNumber(statistics.stddev),
    counts: isRate ? { events: side.events, total: side.total, rate: side.total > 0 ? side.events / side.total : null } : null,
  };
}

function hasNaN(effect: Effect): boolean {
  const numbers = [effect.absolute.estimate, ...effect.absolute.interval];
  if (effect.relative !== null) numbers.push(effect.relative.estimate, ...effect.relative.interval);
  return numbers.some((value) => Number.isNaN(value)) || (effect.pValue !== null && Number.isNaN(effect.pValue));
}

/**
 * Why a metric is nodata when its test cannot reach the interval level: the exact Mann-Whitney
 * interval of n and m values reaches at most 1 − 2/C(n + m, n) (fewer with ties).
 *
 * @example
 * smallestSizeForLevel(0.95) // => 4
 */
export function smallestSizeForLevel(level: number): number {
  // Smallest k with 2 / C(2k, k) ≤ 1 − level, in logs: log C(2k, k) grows by log((2k+1)(2k+2)/(k+1)²).
  const target = Math.log(2 / (1 - level));
  let logChoose = Math.log(2);
  let k = 1;
  while (logChoose < target - 1e-12 && k < 1000) {
    logChoose += Math.log(((2 * k + 1) * (2 * k + 2)) / ((k + 1) * (k + 1)));
    k++;
  }
  return k;
}

function unreachableLevelReason(cleaned: CleanedMetric, level: number, achieved: number): string {
  const { baseline, canary } = cleaned;
  const sizes = `${baseline.after} baseline and ${canary.after} canary ${baseline.after === 1 && canary.after === 1 ? 'value' : 'values'}`;
  return (
    `${sizes} cannot give a ${formatLevel(level)} interval (the exact Mann-Whitney interval reaches at most ${formatLevel(achieved)}); ` +
    `about ${smallestSizeForLevel(level)} values per side are needed`
  );
}

function coveredOf(series: Series, warmupPoints: number): number | null {
  const timestamps = timestampsOf(series)?.slice(warmupPoints);
  return timestamps === undefined ? null : coveredSeconds(timestamps);
}

/** How much more data would likely decide a waiting metric (inconclusive, or too few values for its test). */
function moreDataOf(evaluation: Evaluation, found: MetricData | { error: string } | undefined): MoreData | null {
  const { metric, cleaned, classification, effect } = evaluation;
  if (cleaned === null || found === undefined || 'error' in found) return null;
  const unit = metric.test === 'rate' ? 'total' : 'values';
  const covered = { baseline: coveredOf(found.baseline, metric.warmupPoints), canary: coveredOf(found.canary, metric.warmupPoints) };
  const toDecide = classification?.decisionSize?.samplesToDecide;
  if (evaluation.outcome === 'inconclusive' && effect !== null && toDecide !== null && toDecide !== undefined) {
    return moreDataFor('decide', unit, toDecide, effect.informationSizes, covered);
  }
  if (evaluation.outcome === 'nodata' && evaluation.shortfall === 'too-few' && evaluation.needed !== undefined) {
    const have =
      unit === 'total'
        ? { baseline: cleaned.baseline.total, canary: cleaned.canary.total }
        : { baseline: cleaned.baseline.after, canary: cleaned.canary.after };
    return moreDataFor('minimum', unit, { baseline: evaluation.needed, canary: evaluation.needed }, have, covered);
  }
  return null;
}

/** The metrics holding a marginal verdict: those leaning toward harm or waiting for enough data when the score reaches pass, else every scored metric more data could decide. */
function waitingOn(metrics: readonly MetricResult[], decidedBy: DecidedBy): WaitingOn[] {
  const holding = metrics.filter((metric) =>
    decidedBy === 'held'
      ? holdsVerdict(metric)
      : !metric.muted && (metric.outcome === 'inconclusive' || (metric.outcome === 'nodata' && metric.required && metric.dataShortfall === 'too-few')),
  );
  return holding.map((metric) => ({
    metric: metric.name,
    why: metric.outcome === 'nodata' ? 'not-enough-data' : metric.leansToHarm ? 'leans-to-harm' : 'inconclusive',
    moreData: metric.moreData,
  }));
}

function roundTo(value: number, digits: number): number {
  return Number(value.toPrecision(digits));
}

/** The trend details of an effect with the times as given in the data; null for other tests. */
function trendReport(effect: Effect | null, baseline: CleanedSide, canary: CleanedSide): TrendReport | null {
  const trend = effect?.trend;
  if (trend === undefined || baseline.times === null || canary.times === null) return null;
  const line = (side: CleanedSide, fitted: typeof trend.baseline): TrendLineReport | null => {
    const times = side.times as Float64Array;
    const values = [fitted.slopePerHour, fitted.start.value, fitted.end.value, times[0], times[times.length - 1]];
    if (!values.every((value) => value !== undefined && Number.isFinite(value))) return null;
    return {
      slopePerHour: fitted.slopePerHour,
      start: { time: times[0] as number, value: fitted.start.value },
      end: { time: times[times.length - 1] as number, value: fitted.end.value },
    };
  };
  const baselineLine = line(baseline, trend.baseline);
  const canaryLine = line(canary, trend.canary);
  if (baselineLine === null || canaryLine === null || !Number.isFinite(trend.level)) return null;
  return {
    baseline: baselineLine,
    canary: canaryLine,
    level: trend.level,
    gapNow: jsonNumber(trend.gapNow),
    gapProjected: jsonNumber(trend.gapProjected),
    projectionHours: PROJECTION_HOURS,
  };
}

function pairingReport(evaluation: Evaluation): PairingReport | null {
  const decision = evaluation.pairing;
  if (decision === undefined) return null;
  const round = (value: number) => roundTo(value, 4);
  const paired = decision.mode === 'time' && decision.pairs !== null;
  const plotted = paired && decision.pairs !== null ? plottedDifferences(decision.pairs) : null;
  return {
    requested: decision.requested,
    mode: decision.mode,
    reason: decision.reason,
    shared: decision.shared === null ? null : { baseline: round(decision.shared.baseline), canary: round(decision.shared.canary) },
    pairs: paired && decision.pairs !== null ? decision.pairs.timestamps.length : null,
    differences: plotted === null ? null : { timestamps: plotted.timestamps, values: plotted.differences },
  };
}

function autocorrelationReport(dependence: Dependence | undefined, policy: AutocorrelationPolicy): AutocorrelationReport | null {
  if (dependence === undefined) return null;
  const round = (value: number | null) => (value === null || !Number.isFinite(value) ? null : roundTo(value, 4));
  return {
    baseline: round(dependence.baseline),
    canary: round(dependence.canary),
    used: roundTo(dependence.used, 4),
    dispersion: round(dependence.dispersion),
    effectiveSizes: {
      baseline: roundTo(dependence.effectiveSizes.baseline, 4),
      canary: roundTo(dependence.effectiveSizes.canary, 4),
    },
    widening: round(dependence.widening),
    adjusted: policy === 'adjust' && dependence.widening !== 1,
  };
}

/**
 * Judges a configuration and data that `parseConfig` and `parseData` (or their safe forms, or the
 * fast paths behind them) returned, so nothing is validated a second time: the CLI validates once
 * to report problems with their paths, then hands the results on. Not part of the package's API: a
 * caller that changed the parsed objects in between would skip validation.
 */
export function judgeParsed(config: CanaryConfig, data: CanaryData): Judgement {
  return judgeResolved(config, config.thresholds, data, null);
}

/**
 * Judges a resolved configuration with resolved `thresholds`. `checkMetricData` validates each
 * metric's series (`null`: the data was validated already, each metric's series is taken as it is).
 */
export function judgeResolved(resolved: CanaryConfig, thresholds: Thresholds, data: unknown, checkMetricData: MetricDataCheck | null): Judgement {
  const located = locateReadableData(resolved, data, checkMetricData);
  const sequential = resolved.sequential === undefined ? null : startSequential(resolved, located.byMetric, data);
  const evaluations = resolved.metrics.map((metric) => prepareMetric(metric, located, resolved.pairing, sequential?.clock != null));

  // Everything with usable data is tested; the scored ones form the family for the adjustment.
  // Sequentially the family is fixed in advance: every scored metric, with data yet or not.
  const comparisons =
    sequential === null
      ? evaluations.filter((evaluation) => evaluation.reason === null && evaluation.cleaned !== null && !evaluation.metric.muted).length
      : resolved.metrics.filter((metric) => !metric.muted).length;
  const adjusting = resolved.multipleComparisons !== 'none' && comparisons > 1;
  // Two levels (statistics.md §5): failing on any one metric needs family-wise control, so a fail
  // rests on intervals widened for the m comparisons; promoting needs every metric shown within its
  // margin (an intersection–union test), so a pass may rest on the unwidened interval.
  const intervalLevel = adjusting ? 1 - (1 - resolved.confidenceLevel) / comparisons : resolved.confidenceLevel;
  const passLevel = resolved.confidenceLevel;

  const tested = evaluations.map((evaluation): Evaluation => {
    if (evaluation.reason !== null || evaluation.cleaned === null) return evaluation;
    const { metric, cleaned } = evaluation;
    if (evaluation.histograms !== undefined) {
      if (sequential?.clock != null) {
        const reason = 'a histogram metric has no confidence sequence yet, so it cannot be judged sequentially: judge it without `sequential`, or give it as a plain series';
        return { ...evaluation, outcome: 'error', reason, effect: null };
      }
      try {
        const { baseline: baselineHistogram, canary: canaryHistogram } = evaluation.histograms;
        let tested = testHistogramMetric(metric, baselineHistogram, canaryHistogram, intervalLevel);
        let level = intervalLevel;
        if (hasNaN(tested.effect)) {
          const warnings = [...evaluation.warnings, ...tested.effect.warnings];
          return { ...evaluation, outcome: 'error', reason: `${metric.test} test returned an undefined (NaN) result`, effect: null, warnings };
        }
        if (tested.classification.outcome === 'inconclusive' && passLevel < intervalLevel) {
          // As for samples: not shown harmful at the family-wise level; shown within the margin at the pass level?
          const atPassLevel = testHistogramMetric(metric, baselineHistogram, canaryHistogram, passLevel);
          if (!hasNaN(atPassLevel.effect) && atPassLevel.classification.outcome === 'pass') {
            tested = atPassLevel;
            level = passLevel;
          }
        }
        const warnings = [...evaluation.warnings, ...tested.effect.warnings];
        const { classification } = tested;
        return { ...evaluation, level, outcome: classification.outcome, reason: classification.note, effect: tested.effect, classification, warnings, histogram: tested.report };
      } catch (error) {
        return { ...evaluation, outcome: 'error', reason: `${metric.test} test failed: ${messageOf(error)}`, effect: null };
      }
    }
    const fewest = Math.min(cleaned.baseline.after, cleaned.canary.after);
    if (sequential?.clock != null && fewest < SEQUENTIAL_MIN_POINTS) {
      const reason = `${fewest} usable ${fewest === 1 ? 'point' : 'points'} on the ${cleaned.baseline.after <= cleaned.canary.after ? 'baseline' : 'canary'} side so far; a sequential judgement tests a metric from ${SEQUENTIAL_MIN_POINTS} points per side (its autocorrelation and dispersion are estimated from them)`;
      return { ...evaluation, outcome: 'nodata', reason };
    }
    // Sequentially the samples are compared unpaired: prepareMetric already said so (and built no pairs).
    let pairing = evaluation.pairing;
    try {
      const measureAt = (level: number): { effect: Effect; dependence: Dependence } => {
        const paired =
          pairing?.mode === 'time' && pairing.pairs !== null
            ? measurePairedEffect(metric, pairing.pairs, { confidenceLevel: level, dependence: resolved.autocorrelation === 'adjust' })
            : null;
        return (
          paired ??
          measureDependentEffect(
            metric,
            cleaned,
            {
              confidenceLevel: level,
              resamples: resolved.resamples,
              seed: deriveSeed(resolved.seed, metric.name),
              timestampUnit: located.timestampUnit,
              ...(sequential?.clock == null ? {} : { sequence: { factor: sequenceFactor(pointsOf(cleaned), 1 - level, sequential.tuneAt) } }),
            },
            resolved.autocorrelation,
          )
        );
      };
      let measured: { effect: Effect; dependence: Dependence } | null = null;
      if (pairing?.mode === 'time' && pairing.pairs !== null) {
        measured = measurePairedEffect(metric, pairing.pairs, { confidenceLevel: intervalLevel, dependence: resolved.autocorrelation === 'adjust' });
        if (measured === null) {
          pairing = {
            ...pairing,
            mode: 'none',
            pairs: null,
            reason: `${pairing.reason}, but the stratified rate test needs events on both sides: judged as two independent samples (exact test)`,
          };
        }
      }
      let { effect, dependence } = measured ?? measureAt(intervalLevel);
      if (sequential?.clock != null) effect = asSequence(effect);
      let level = intervalLevel;
      const warnings = [...evaluation.warnings, ...effect.warnings];
      if (hasNaN(effect)) {
        return { ...evaluation, outcome: 'error', reason: `${metric.test} test returned an undefined (NaN) result`, effect: null, warnings, dependence, pairing };
      }
      if (effect.achievedLevel !== undefined) {
        return {
          ...evaluation,
          outcome: 'nodata',
          reason: unreachableLevelReason(cleaned, intervalLevel, effect.achievedLevel),
          shortfall: 'too-few',
          needed: smallestSizeForLevel(intervalLevel),
          effect: null,
          warnings,
          dependence,
          pairing,
        };
      }
      let classification = classifyEffect(effect, metric.margin, metric.direction, intervalLevel);
      if (classification.outcome === 'inconclusive' && passLevel < intervalLevel) {
        // Not shown harmful at the family-wise level: is it shown within its margin at the pass level?
        const atPassLevel = measureAt(passLevel);
        if (!hasNaN(atPassLevel.effect) && atPassLevel.effect.achievedLevel === undefined) {
          const passing = classifyEffect(atPassLevel.effect, metric.margin, metric.direction, passLevel);
          if (passing.outcome === 'pass') {
            ({ effect, dependence } = atPassLevel);
            if (sequential?.clock != null) effect = asSequence(effect);
            classification = passing;
            level = passLevel;
          }
        }
      }
      return {
        level,
        ...evaluation,
        outcome: classification.outcome,
        reason: classification.note,
        effect,
        classification,
        warnings,
        dependence,
        pairing,
      };
    } catch (error) {
      return { ...evaluation, outcome: 'error', reason: `${metric.test} test failed: ${messageOf(error)}`, effect: null, pairing };
    }
  });

  // Adjust the p-values of the scored metrics that have one.
  const adjusted: (number | null)[] = tested.map(() => null);
  const family = tested.flatMap((evaluation, index) =>
    evaluation.effect !== null && evaluation.effect.pValue !== null && !evaluation.metric.muted ? [{ index, p: evaluation.effect.pValue }] : [],
  );
  const familyNotes: string[] = [];
  if (resolved.multipleComparisons === 'none' || family.length <= 1) {
    for (const member of family) adjusted[member.index] = member.p;
  } else {
    try {
      const values = adjustPValues(family.map((member) => member.p), resolved.multipleComparisons);
      family.forEach((member, position) => {
        adjusted[member.index] = jsonNumber(values[position]);
      });
    } catch (error) {
      familyNotes.push(`p-value adjustment failed: ${messageOf(error)}`);
    }
  }

  const scored = scoreOutcomes(
    tested.map((evaluation) => ({
      name: evaluation.metric.name,
      group: evaluation.metric.group ?? null,
      outcome: evaluation.outcome,
      weight: evaluation.metric.weight,
      critical: evaluation.metric.critical,
      required: evaluation.metric.required,
      muted: evaluation.metric.muted,
      dataShortfall: evaluation.outcome === 'nodata' ? (evaluation.shortfall ?? 'missing') : null,
      leansToHarm: evaluation.classification?.leansToHarm ?? false,
    })),
    thresholds,
    resolved.inconclusiveCredit,
    resolved.verdictRule,
  );

  const metrics = tested.map((evaluation, index): MetricResult => {
    const { metric, effect, classification, cleaned } = evaluation;
    const isRate = metric.test === 'rate';
    const part = scored.metrics[index] ?? { credit: null, pointsLost: 0, veto: false };
    const moreData = moreDataOf(evaluation, located.byMetric.get(metric.name));
    const emptySide: CleanedSide = { before: 0, after: 0, sorted: new Float64Array(0), ordered: new Float64Array(0), times: null, points: null, events: 0, total: 0 };
    const autocorrelation = autocorrelationReport(evaluation.dependence, resolved.autocorrelation);
    const baseline = cleaned?.baseline ?? emptySide;
    const canary = cleaned?.canary ?? emptySide;
    return {
      name: metric.name,
      test: metric.test,
      group: metric.group ?? null,
      outcome: evaluation.outcome,
      harm: classification?.harm ?? null,
      explanation: explainMetric({
        name: metric.name,
        outcome: evaluation.outcome,
        direction: metric.direction,
        margin: metric.margin,
        muted: metric.muted,
        reason: evaluation.reason,
        effect,
        classification,
        intervalLevel: evaluation.level ?? intervalLevel,
        isRate,
        dependence: autocorrelation,
        moreData,
        rates:
          isRate && cleaned !== null && evaluation.histograms === undefined
            ? { baseline: { events: cleaned.baseline.events, total: cleaned.baseline.total }, canary: { events: cleaned.canary.events, total: cleaned.canary.total } }
            : null,
      }),
      reason: evaluation.reason,
      direction: metric.direction,
      margin: { relative: metric.margin.relative ?? null, absolute: metric.margin.absolute ?? null },
      weight: metric.weight,
      critical: metric.critical,
      required: metric.required,
      muted: metric.muted,
      credit: part.credit,
      pointsLost: part.pointsLost,
      veto: part.veto,
      leansToHarm: classification?.leansToHarm ?? false,
      dataShortfall: evaluation.outcome === 'nodata' ? (evaluation.shortfall ?? 'missing') : null,
      moreData,
      judgedOn: classification?.judgedOn ?? null,
      estimate: {
        absolute: jsonNumber(effect?.absolute.estimate),
        relative: jsonNumber(effect?.relative?.estimate),
      },
      interval: {
        level: effect === null ? null : (evaluation.level ?? intervalLevel),
        absolute: jsonInterval(effect?.absolute.interval),
        relative: jsonInterval(effect?.relative?.interval),
      },
      pValue: jsonNumber(effect?.pValue),
      adjustedPValue: adjusted[index] ?? null,
      method: effect?.method ?? null,
      sizes: {
        baseline: { before: baseline.before, after: baseline.after },
        canary: { before: canary.before, after: canary.after },
      },
      summary:
        evaluation.histograms === undefined
          ? { baseline: sideSummary(baseline, isRate), canary: sideSummary(canary, isRate) }
          : { baseline: histogramSummary(evaluation.histograms.baseline), canary: histogramSummary(evaluation.histograms.canary) },
      decisionSize:
        classification?.decisionSize === null || classification?.decisionSize === undefined
          ? null
          : {
              measure: classification.decisionSize.measure,
              halfWidth: jsonNumber(classification.decisionSize.halfWidth),
              samplesToDecide: classification.decisionSize.samplesToDecide,
            },
      autocorrelation,
      trend: trendReport(effect, baseline, canary),
      pairing: pairingReport(evaluation),
      dataQuality: cleaned?.dataQuality ?? [],
      warnings: evaluation.warnings,
      ...(evaluation.histogram === undefined ? {} : { histogram: evaluation.histogram }),
    };
  });

  const summaryWaitingOn = scored.verdict === 'marginal' ? waitingOn(metrics, scored.decidedBy) : [];
  const outcomes: Record<Outcome, number> = { pass: 0, fail: 0, inconclusive: 0, nodata: 0, error: 0 };
  for (const metric of metrics) outcomes[metric.outcome]++;

  const fixed = {
    verdict: scored.verdict,
    score: scored.score,
    thresholds: { pass: thresholds.pass, marginal: thresholds.marginal },
    metrics,
    groups: scored.groups,
    explanation: explainVerdict({
      verdict: scored.verdict,
      score: scored.score,
      decidedBy: scored.decidedBy,
      verdictRule: resolved.verdictRule,
      thresholds,
      metrics,
      scoredWeight: scored.scoredWeight,
      waitingOn: summaryWaitingOn,
    }),
    summary: {
      decidedBy: scored.decidedBy,
      verdictRule: resolved.verdictRule,
      outcomes,
      scoredWeight: scored.scoredWeight,
      confidenceLevel: resolved.confidenceLevel,
      intervalLevel,
      passLevel,
      multipleComparisons: resolved.multipleComparisons,
      comparisons,
      inconclusiveCredit: resolved.inconclusiveCredit,
      seed: resolved.seed,
      autocorrelation: resolved.autocorrelation,
      pairing: resolved.pairing,
      pairedMetrics: metrics.filter((metric) => metric.pairing?.mode === 'time').length,
      dataQualityIssues: metrics.reduce((sum, metric) => sum + metric.dataQuality.length, 0),
      waitingOn: summaryWaitingOn,
      warnings: [...configWarnings(resolved), ...located.warnings, ...familyNotes],
    },
  };
  if (sequential === null || resolved.sequential === undefined) return fixed;
  return judgeSequentially(fixed, resolved.sequential, sequential, tested, 1 - intervalLevel);
}

interface SequentialStart {
  readonly clock: SequentialClock | null;
  readonly problem: string | null;
  readonly tuneAt: number;
}

/** Reads the clock of a sequential judgement (or why there is none) and the boundary's tuning. */
function startSequential(config: CanaryConfig, byMetric: Map<string, MetricData | { error: string }>, data: unknown): SequentialStart {
  const settings = config.sequential as NonNullable<CanaryConfig['sequential']>;
  const unit = typeof data === 'object' && data !== null ? (data as { timestampUnit?: unknown }).timestampUnit : undefined;
  if (unit !== undefined && unit !== 's' && unit !== 'ms') {
    return { clock: null, problem: `data.timestampUnit must be "s" or "ms", received ${describeValue(unit)}`, tuneAt: 1 };
  }
  const series = new Map<string, MetricData>();
  for (const [name, found] of byMetric) if (!('error' in found)) series.set(name, metricDataWithOwnArrays(found) as MetricData);
  const clock = sequentialClock(series, unit ?? 's');
  if ('problem' in clock) return { clock: null, problem: clock.problem, tuneAt: 1 };
  return { clock, problem: null, tuneAt: boundaryTuning(settings, clock.step) };
}

/** Points per side an interval rests on: the harmonic mean of the usable sizes. */
function pointsOf(cleaned: CleanedMetric): number {
  const { baseline, canary } = cleaned;
  if (baseline.after <= 0 || canary.after <= 0) return 1;
  return 2 / (1 / baseline.after + 1 / canary.after);
}

/** A fixed-sample p-value is not valid across looks: sequentially none is reported. */
function asSequence(effect: Effect): Effect {
  const method = effect.method.includes('confidence sequence') ? effect.method : `${effect.method}, as a normal-mixture confidence sequence`;
  return { ...effect, pValue: null, method };
}

/** A metric's explanation speaks of a confidence sequence (CS) instead of a fixed interval (CI). */
function sequenceWording(text: string): string {
  return text.replace(/% CI /g, '% CS ');
}

/** Turns the verdict rule's judgement of the confidence sequences into the sequential verdict. */
function judgeSequentially(
  fixed: Judgement,
  settings: NonNullable<CanaryConfig['sequential']>,
  start: SequentialStart,
  tested: readonly Evaluation[],
  alpha: number,
): Judgement {
  if (start.clock === null) {
    const report: SequentialReport = {
      minDuration: settings.minDuration,
      maxDuration: settings.maxDuration,
      elapsed: null,
      step: null,
      final: true,
      decidedBy: 'no-timestamps',
      ruleVerdict: fixed.verdict,
      holding: [],
      harm: [],
      estimatedSecondsToDecision: null,
      metrics: [],
      boundary: { method: SEQUENTIAL_METHOD, tunedAtPoints: null },
      problem: start.problem,
    };
    return { ...fixed, verdict: 'fail', explanation: `FAIL: cannot judge sequentially: ${start.problem ?? 'no clock'}.`, sequential: report };
  }
  const metrics = fixed.metrics.map((metric, index) => {
    const cleaned = tested[index]?.cleaned ?? null;
    return {
      name: metric.name,
      outcome: metric.outcome,
      critical: metric.critical,
      required: metric.required,
      muted: metric.muted,
      direction: metric.direction,
      margin: metric.margin,
      judgedOn: metric.judgedOn,
      estimate: metric.estimate,
      interval: { absolute: metric.interval.absolute, relative: metric.interval.relative },
      points: cleaned === null || metric.interval.level === null ? 0 : pointsOf(cleaned),
    };
  });
  const { verdict, report } = decideSequentially(settings, start.clock, metrics, fixed.verdict, alpha, start.tuneAt);
  const opening = explainSequential(report);
  const ruleText = verdict === fixed.verdict ? fixed.explanation : `The verdict rule on the confidence sequences alone: ${fixed.explanation}`;
  return {
    ...fixed,
    verdict,
    metrics: fixed.metrics.map((metric) => ({ ...metric, explanation: sequenceWording(metric.explanation) })),
    explanation: `${verdict.toUpperCase()}: ${opening} ${sequenceWording(ruleText)}`,
    sequential: report,
  };
}
