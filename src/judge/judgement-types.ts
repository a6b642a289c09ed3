/**
 * The shape of a Judgement: what `judge()` returns, metric by metric and as a whole, and its options.
 */
import type { DecisionSize, Harm, JudgedOn } from './classify.js';
import type {
  AutocorrelationPolicy,
  Direction,
  MetricTest,
  MultipleComparisonMethod,
  PairingPolicy,
  Thresholds,
  ThresholdsInput,
  VerdictRule,
} from '../config/config-schema.js';
import type { DataQualityIssue } from './data-quality.js';
import type { HistogramReport } from './histogram-metric.js';
import type { MoreData } from './more-data.js';
import type { SequentialReport } from './sequential.js';
import type { DataShortfall, DecidedBy, GroupScore, Outcome, Verdict } from './score.js';
import type { SideSummary } from './summary-statistics.js';

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
  /** Trend test: each side's fitted line and the projected gap; null for the other tests and when not tested. */
  readonly trend: TrendReport | null;
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

/** A fitted line in the Judgement: its slope per hour and its values at the side's first and last usable point. */
export interface TrendLineReport {
  /** Theil–Sen slope in the metric's unit per hour. */
  readonly slopePerHour: number;
  /** Times as given in the data (seconds, or milliseconds with `timestampUnit: "ms"`). */
  readonly start: { readonly time: number; readonly value: number };
  readonly end: { readonly time: number; readonly value: number };
}

/** The trend test's fitted lines and projection (statistics.md §2, `trend`). */
export interface TrendReport {
  readonly baseline: TrendLineReport;
  readonly canary: TrendLineReport;
  /** The baseline level (median) the relative slopes are expressed against. */
  readonly level: number;
  /** Canary minus baseline between the fitted lines at the canary's last point, relative to the level; null without a positive level. */
  readonly gapNow: number | null;
  /** The same gap `projectionHours` later if both keep their slopes. */
  readonly gapProjected: number | null;
  readonly projectionHours: number;
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
  /**
   * Present when the configuration has `sequential`: the look's clock, whether the verdict is
   * final, which metrics hold it and the estimated time to a decision (statistics.md §11). Every
   * interval is then a confidence sequence and p-values are null.
   */
  readonly sequential?: SequentialReport;
}

/** A metric holding a marginal verdict. */
export interface WaitingOn {
  readonly metric: string;
  /** `leans-to-harm`: inconclusive with the estimate beyond the margin; `inconclusive`: inconclusive; `not-enough-data`: required, with too few values for its test. */
  readonly why: 'leans-to-harm' | 'inconclusive' | 'not-enough-data';
  readonly moreData: MoreData | null;
}
