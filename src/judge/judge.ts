/**
 * The judge: configuration + baseline/canary data → a scored pass / marginal / fail verdict that
 * explains itself. Pure and synchronous; the same input gives byte-identical JSON.
 */
import { deriveSeed } from '../shared/random.js';
import { adjustPValues } from '../stats/p-adjust.js';
import { classifyEffect, type Classification, type DecisionSize, type Harm, type JudgedOn } from './classify.js';
import { cleanMetric, timestampsOf, type CleanedMetric, type CleanedSide } from './clean.js';
import { configWarnings } from './config-warnings.js';
import { coveredSeconds } from './data-shape.js';
import { moreDataFor, type MoreData } from './more-data.js';
import {
  thresholdsSchema,
  type CanaryConfig,
  type CanaryConfigInput,
  type Direction,
  type MetricConfig,
  type MetricTest,
  type AutocorrelationPolicy,
  type PairingPolicy,
  type MultipleComparisonMethod,
  type VerdictRule,
  type Thresholds,
  type ThresholdsInput,
} from '../config/config-schema.js';
import type { DataQualityIssue } from './data-quality.js';
import { metricDataSchema, type CanaryData, type NoDataReasons, type Series } from '../config/data-schema.js';
import { estimateRateDependence, estimateValueDependence, noDependence, type Dependence } from './dependence.js';
import { measureEffect, type Change, type Effect, type Interval } from './effect.js';
import { explainMetric, explainVerdict } from './explain.js';
import { describeValue, formatLevel } from '../shared/message-text.js';
import { measurePairedEffect } from './paired-effect.js';
import { decidePairing, plottedDifferences, type PairingDecision } from './pairing.js';
import { histogramCleanedMetric, histogramSummary, testHistogramMetric, type HistogramReport } from './histogram-metric.js';
import { readHistogramSides } from './histogram-side.js';
import type { Histogram } from '../stats/histogram.js';
import { parseConfig } from '../config/parse.js';
import { scoreOutcomes, type DataShortfall, type DecidedBy, type GroupScore, type Outcome, type Verdict } from './score.js';
import { holdsVerdict } from './verdict-rule.js';
import { summarizeSorted, type SideSummary } from './summary-statistics.js';
import { scanMeasurements } from '../config/measurement-scan.js';
import { ConfigValidationError, toValidationIssues } from '../config/validation-error.js';

/** Options of `judge` beyond the configuration. */
export interface JudgeOptions {
  /**
   * Thresholds that replace the configuration's (a deployment tool may tighten them per step).
   * @default the configuration's thresholds
   */
  readonly thresholds?: ThresholdsInput;
}

/** An interval in the Judgement: `null` at an end means unbounded on that side. */
export type JsonInterval = readonly [number | null, number | null];

/** One metric's result. All numbers are finite; unbounded interval ends are null. */
export interface MetricResult {
  readonly name: string;
  readonly test: MetricTest;
  readonly group: string | null;
  readonly outcome: Outcome;
  /** The side a harmful change was found on (fail only). */
  readonly harm: Harm | null;
  /** One line with the numbers. */
  readonly explanation: string;
  /** Why the metric is nodata / error, or a note on how it was judged; null otherwise. */
  readonly reason: string | null;
  readonly direction: Direction;
  readonly margin: { readonly relative: number | null; readonly absolute: number | null };
  readonly weight: number;
  readonly critical: boolean;
  readonly required: boolean;
  readonly muted: boolean;
  /** Credit in the score (pass 1, inconclusive `inconclusiveCredit`, fail/error 0); null when left out. */
  readonly credit: number | null;
  /** Score points this metric cost. */
  readonly pointsLost: number;
  /** True when this metric fails the canary by itself under the verdict rule. */
  readonly veto: boolean;
  /** Inconclusive only: the estimate already lies beyond the margin (the data leans toward harm). */
  readonly leansToHarm: boolean;
  /** nodata only: `missing` (a side has no series or an empty one) or `too-few` (fewer usable values than the test needs). */
  readonly dataShortfall: DataShortfall | null;
  /** Inconclusive or too-few metrics: how much more data would likely decide it (values or totals per side, and time at the observed traffic). */
  readonly moreData: MoreData | null;
  /** Which margins decided the outcome. */
  readonly judgedOn: JudgedOn | null;
  /** canary − baseline in the metric's unit, and relative to the baseline level (0.1 = +10%). */
  readonly estimate: { readonly absolute: number | null; readonly relative: number | null };
  readonly interval: { readonly level: number | null; readonly absolute: JsonInterval | null; readonly relative: JsonInterval | null };
  /** Two-sided p-value of "no change" (null for the bootstrap test), and after the multiple-comparison adjustment. */
  readonly pValue: number | null;
  readonly adjustedPValue: number | null;
  readonly method: string | null;
  /** Points given and usable values (for rates: usable points) per side. */
  readonly sizes: {
    readonly baseline: { readonly before: number; readonly after: number };
    readonly canary: { readonly before: number; readonly after: number };
  };
  readonly summary: { readonly baseline: SideSummary; readonly canary: SideSummary };
  /** For inconclusive metrics: the change that cannot be told apart now and the size that would likely decide. */
  readonly decisionSize: DecisionSize | null;
  /**
   * Serial dependence of the points and the adjustment made for it (statistics.md §2a); null when the
   * metric was not tested. With `autocorrelation: "ignore"` it is still estimated but `widening` is 1.
   */
  readonly autocorrelation: AutocorrelationReport | null;
  /**
   * How the sides were compared (statistics.md §2b): on time-aligned pairs (`mode: "time"`) or as
   * independent samples, and why; null when the metric was not tested (no usable data, an error).
   */
  readonly pairing: PairingReport | null;
  /** Data-quality findings (size mismatch, gaps, counter resets); they never change the outcome. */
  readonly dataQuality: readonly DataQualityIssue[];
  readonly warnings: readonly string[];
  /**
   * Histogram sides only (absent otherwise): the bucket holding each side's estimate, the intervals
   * under in-bucket interpolation and from the buckets alone, and whether the buckets limit what
   * can be told apart (docs/histograms.md).
   */
  readonly histogram?: HistogramReport;
}

/** The dependence of a metric's points as reported in the Judgement (all numbers finite). */
export interface AutocorrelationReport {
  /** Sample lag-1 autocorrelation of each side in time order (value tests: of the ranks; rates: of the Pearson residuals). */
  readonly baseline: number | null;
  readonly canary: number | null;
  /** Pooled, bias-corrected estimate in [0, 0.95] behind the adjustment. */
  readonly used: number;
  /** Rate metrics: Pearson dispersion of the per-point counts (1 = binomial variation). */
  readonly dispersion: number | null;
  /** Independent values (rates: effective totals) the data is worth per side. */
  readonly effectiveSizes: { readonly baseline: number; readonly canary: number };
  /** Factor the interval half-widths were multiplied by (1 = none); null when unbounded. */
  readonly widening: number | null;
  /** Whether the intervals were adjusted (`autocorrelation: "adjust"` and any dependence found). */
  readonly adjusted: boolean;
}

/** How a metric's sides were compared, as reported in the Judgement. */
export interface PairingReport {
  /** The configured policy (the metric's, else the top level's). */
  readonly requested: PairingPolicy;
  /** `time`: judged on time-aligned pairs; `none`: as two independent samples. */
  readonly mode: 'time' | 'none';
  readonly reason: string;
  /** Share of each side's points (after warm-up) whose timestamp the other side has too; null without timestamps. */
  readonly shared: { readonly baseline: number; readonly canary: number } | null;
  /** Pairs judged (time mode); null otherwise. */
  readonly pairs: number | null;
  /**
   * Per-step differences canary − baseline in the metric's unit (rates: per-step rate differences),
   * averaged into at most 240 consecutive bins, for plots; null when not paired.
   */
  readonly differences: { readonly timestamps: readonly number[]; readonly values: readonly number[] } | null;
}

/** The verdict and everything behind it: plain JSON data. */
export interface Judgement {
  readonly verdict: Verdict;
  /** Weighted mean of the credits × 100. */
  readonly score: number;
  readonly thresholds: Thresholds;
  readonly metrics: readonly MetricResult[];
  readonly groups: readonly GroupScore[];
  readonly explanation: string;
  readonly summary: {
    readonly decidedBy: DecidedBy;
    /** How a score below marginal became the verdict (`evidence`: fail needs shown harm; `score`: the score alone). */
    readonly verdictRule: VerdictRule;
    readonly outcomes: Readonly<Record<Outcome, number>>;
    readonly scoredWeight: number;
    readonly confidenceLevel: number;
    /** Level of the intervals a `fail` rests on: `confidenceLevel` after the Bonferroni widening for the m comparisons. */
    readonly intervalLevel: number;
    /**
     * Level of the intervals a `pass` may rest on: `confidenceLevel` itself (promotion needs every
     * metric shown within its margin, an intersection–union test that needs no widening).
     */
    readonly passLevel: number;
    readonly multipleComparisons: MultipleComparisonMethod;
    /** Number of comparisons m the adjustment accounts for (scored metrics with usable data). */
    readonly comparisons: number;
    readonly inconclusiveCredit: number;
    readonly seed: number | string;
    /** Whether intervals are widened for autocorrelated points. */
    readonly autocorrelation: AutocorrelationPolicy;
    /** The top-level pairing policy, and how many metrics were judged on time-aligned pairs. */
    readonly pairing: PairingPolicy;
    readonly pairedMetrics: number;
    /** Number of data-quality findings over all metrics (each is listed in its metric's `dataQuality`). */
    readonly dataQualityIssues: number;
    /**
     * Marginal verdicts only: the metrics holding the verdict, why, and how much more data would
     * likely decide each (empty for pass and fail, where waiting would not change the verdict).
     */
    readonly waitingOn: readonly WaitingOn[];
    /** Configuration and data-level notes: a relative margin above 1, data keys no metric uses (with did-you-mean), ignored keys. */
    readonly warnings: readonly string[];
  };
}

/** A metric holding a marginal verdict. */
export interface WaitingOn {
  readonly metric: string;
  /** `leans-to-harm`: inconclusive with the estimate beyond the margin; `inconclusive`: inconclusive; `not-enough-data`: required, with too few values for its test. */
  readonly why: 'leans-to-harm' | 'inconclusive' | 'not-enough-data';
  readonly moreData: MoreData | null;
}

interface MetricData {
  readonly baseline: Series;
  readonly canary: Series;
  readonly noDataReasons?: NoDataReasons | undefined;
}

/**
 * A name reduced to what a typo in case, spacing or punctuation leaves intact: lower case, letters
 * and digits only.
 *
 * @example
 * looseName('HTTP 5xx-Rate') // => 'http5xxrate'
 */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Looks up each configured metric's data; bad shapes become per-metric errors, never exceptions. */
function locateData(
  config: CanaryConfig,
  data: unknown,
  validated: boolean,
): { byMetric: Map<string, MetricData | { error: string }>; nearMisses: Map<string, string>; warnings: string[] } {
  const byMetric = new Map<string, MetricData | { error: string }>();
  const nearMisses = new Map<string, string>();
  const warnings: string[] = [];
  const fail = (error: string) => {
    for (const metric of config.metrics) byMetric.set(metric.name, { error });
    return { byMetric, nearMisses, warnings };
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(`data must be an object like { "metrics": { ... } }, received ${describeValue(data)}`);
  }
  const metrics = (data as { metrics?: unknown }).metrics;
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) {
    return fail(`data.metrics must be an object of series by metric name, received ${describeValue(metrics)}`);
  }
  for (const key of Object.keys(data).sort()) {
    if (key !== 'metrics' && key !== '$schema') warnings.push(`data has an unknown key "${key}"; it was ignored`);
  }
  const configured = new Set(config.metrics.map((metric) => metric.name));
  const has = (name: string) => Object.prototype.hasOwnProperty.call(metrics, name);
  for (const name of Object.keys(metrics).sort()) {
    if (configured.has(name)) continue;
    const meant = config.metrics.find((metric) => !has(metric.name) && looseName(metric.name) === looseName(name) && looseName(name) !== '');
    if (meant === undefined) {
      warnings.push(`data for "${name}" was ignored: no metric of that name is configured`);
    } else {
      if (!nearMisses.has(meant.name)) nearMisses.set(meant.name, name);
      warnings.push(`data for "${name}" was ignored: no metric of that name is configured; did you mean "${meant.name}"? (names must match exactly)`);
    }
  }
  for (const metric of config.metrics) {
    if (!has(metric.name)) continue;
    const raw = (metrics as Record<string, unknown>)[metric.name];
    if (validated) {
      byMetric.set(metric.name, raw as MetricData);
      continue;
    }
    // Bad values are found in one loop first (a million of them must not become a million schema issues).
    const scan = scanMeasurements({ metrics: { [metric.name]: raw } });
    const scanned = (scan.input as { metrics: Record<string, unknown> }).metrics[metric.name];
    const parsed = metricDataSchema.safeParse(scanned, { reportInput: true });
    if (parsed.success && scan.problemCount === 0) {
      byMetric.set(metric.name, parsed.data);
    } else {
      const schemaIssues = parsed.success ? [] : toValidationIssues(parsed.error.issues, ['metrics', metric.name]);
      const issues = scan.issues.concat(schemaIssues);
      const total = scan.problemCount + schemaIssues.length;
      const shown = issues.slice(0, 3).map((issue) => `${issue.message} at ${issue.path}`);
      const more = total > 3 ? `; and ${total - 3} more` : '';
      byMetric.set(metric.name, { error: `invalid data: ${shown.join('; ')}${more}` });
    }
  }
  return { byMetric, nearMisses, warnings };
}

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

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}

interface Evaluation {
  readonly metric: MetricConfig;
  readonly cleaned: CleanedMetric | null;
  readonly outcome: Outcome;
  readonly reason: string | null;
  /** nodata only: missing or too few, and (too few) the size each side needs. */
  readonly shortfall?: DataShortfall;
  readonly needed?: number;
  readonly effect: Effect | null;
  readonly classification: Classification | null;
  readonly warnings: readonly string[];
  readonly dependence?: Dependence;
  /** Histogram sides (both), when the metric's data are histograms. */
  readonly histograms?: { readonly baseline: Histogram; readonly canary: Histogram };
  readonly histogram?: HistogramReport;
  readonly pairing?: PairingDecision | undefined;
  /** Level of the interval the outcome rests on (pass: the pass level, else the family-wise level). */
  readonly level?: number;
}

function roundTo(value: number, digits: number): number {
  return Number(value.toPrecision(digits));
}

function containing(change: Change, estimate: number): Change {
  const [low, high] = change.interval;
  return { estimate, interval: [Math.min(low, estimate), Math.max(high, estimate)] };
}

/**
 * Runs the metric's test with the adjustment for serially dependent points: value tests get their
 * intervals widened; the rate test runs on effective counts (events and totals divided by the
 * variance inflation), keeping the estimates of the real counts.
 */
function measureDependentEffect(
  metric: MetricConfig,
  cleaned: CleanedMetric,
  options: { confidenceLevel: number; resamples: number; seed: number },
  policy: AutocorrelationPolicy,
): { effect: Effect; dependence: Dependence } {
  const { baseline, canary } = cleaned;
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
 * Judges a canary against its baseline: cleans each metric's data, runs its test, compares the
 * interval with the margin (pass / fail / inconclusive, or nodata / error with a reason), scores
 * the outcomes and explains the verdict. Throws `ConfigValidationError` for an invalid
 * configuration (or options); bad data never throws.
 *
 * @example
 * judge(
 *   { metrics: [{ name: 'latency', test: 'mann-whitney', margin: { relative: 0.1 } }] },
 *   { metrics: { latency: { baseline: [0.20, 0.21, ...], canary: [0.25, 0.26, ...] } } },
 * ).verdict // => 'fail'
 */
export function judge(config: CanaryConfigInput | CanaryConfig, data: unknown, options: JudgeOptions = {}): Judgement {
  return judgeResolved(parseConfig(config), data, options, false);
}

/**
 * `judge` for a config and data that `parseConfig` and `parseData` (or their safe forms) returned,
 * so they are not validated a second time: the CLI parses once to report problems with their
 * paths, then hands the results on. Not part of the package's API: a caller that changed the
 * parsed objects in between would skip validation.
 */
export function judgeParsed(config: CanaryConfig, data: CanaryData, options: JudgeOptions = {}): Judgement {
  return judgeResolved(config, data, options, true);
}

function judgeResolved(resolved: CanaryConfig, data: unknown, options: JudgeOptions, dataValidated: boolean): Judgement {
  let thresholds: Thresholds = resolved.thresholds;
  if (options.thresholds !== undefined) {
    const parsed = thresholdsSchema.safeParse(options.thresholds, { reportInput: true });
    if (!parsed.success) throw new ConfigValidationError(toValidationIssues(parsed.error.issues, ['options', 'thresholds']), 'options');
    thresholds = parsed.data;
  }

  const located = locateData(resolved, data, dataValidated);
  const evaluations: Evaluation[] = resolved.metrics.map((metric) => {
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
      const histogramSides = readHistogramSides(metric, found.baseline, found.canary, found.noDataReasons);
      if (histogramSides !== null) {
        const cleaned = histogramCleanedMetric(histogramSides);
        const outcome = histogramSides.problem?.outcome ?? 'pass';
        const reason = histogramSides.problem?.reason ?? null;
        const histograms =
          histogramSides.problem === null ? { histograms: { baseline: histogramSides.baseline, canary: histogramSides.canary } } : {};
        return { metric, cleaned, outcome, reason, effect: null, classification: null, warnings: histogramSides.warnings, ...histograms };
      }
      const cleaned = cleanMetric(metric, found.baseline, found.canary, found.noDataReasons);
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
      const pairing = decidePairing(metric, metric.pairing ?? resolved.pairing, found.baseline, found.canary, cleaned);
      if (pairing.problem !== null) {
        return { metric, cleaned, outcome: pairing.problem.outcome, reason: pairing.problem.reason, effect: null, classification: null, warnings: cleaned.warnings, pairing };
      }
      return { metric, cleaned, outcome: 'pass', reason: null, effect: null, classification: null, warnings: cleaned.warnings, pairing };
    } catch (error) {
      return { metric, cleaned: null, outcome: 'error', reason: `cleaning failed: ${messageOf(error)}`, effect: null, classification: null, warnings: [] };
    }
  });

  // Everything with usable data is tested; the scored ones form the family for the adjustment.
  const comparisons = evaluations.filter((evaluation) => evaluation.reason === null && evaluation.cleaned !== null && !evaluation.metric.muted).length;
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
            { confidenceLevel: level, resamples: resolved.resamples, seed: deriveSeed(resolved.seed, metric.name) },
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
    const emptySide: CleanedSide = { before: 0, after: 0, sorted: new Float64Array(0), ordered: new Float64Array(0), points: null, events: 0, total: 0 };
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
      pairing: pairingReport(evaluation),
      dataQuality: cleaned?.dataQuality ?? [],
      warnings: evaluation.warnings,
      ...(evaluation.histogram === undefined ? {} : { histogram: evaluation.histogram }),
    };
  });

  const summaryWaitingOn = scored.verdict === 'marginal' ? waitingOn(metrics, scored.decidedBy) : [];
  const outcomes: Record<Outcome, number> = { pass: 0, fail: 0, inconclusive: 0, nodata: 0, error: 0 };
  for (const metric of metrics) outcomes[metric.outcome]++;

  return {
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
}
