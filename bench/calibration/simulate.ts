/**
 * One calibration cell: `reps` seeded simulations of one scenario, judged by our judge (with the
 * autocorrelation adjustment, and optionally without it) and by the Kayenta-compatible judge, with
 * the outcomes counted. A cell's numbers depend only on its key and the root seed, never on which
 * worker ran it or in what order.
 */
import { deriveSeed, judge, judgeKayenta, type Judgement, type MetricConfigInput, type Outcome, type Verdict } from '../../src/index.js';
import { createVariates, type Variates } from './distributions.js';
import {
  applyChange,
  countSide,
  distributionsFor,
  kayentaRequest,
  MARGINS,
  metricConfig,
  nativeConfig,
  ratios,
  valueSide,
  type CountDistribution,
  type Distribution,
  type TestName,
  type ValueDistribution,
} from './scenarios.js';

export const ROOT_SEED = 'canary-judge calibration v1';

export type OutcomeCounts = Record<Outcome, number>;
export type KayentaCounts = Record<'Pass' | 'High' | 'Low' | 'Nodata' | 'NodataFailMetric' | 'Error', number>;

/** One metric scenario: test × distribution × size per side × true change (multiple of the margin). */
export interface MetricCell {
  readonly kind: 'metric';
  readonly test: TestName;
  readonly distribution: Distribution;
  readonly size: number;
  readonly multiple: number;
  readonly reps: number;
  /** Also judge with `autocorrelation: "ignore"` (to show what the adjustment does). */
  readonly ignore: boolean;
  /** Repetitions judged by the Kayenta-compatible judge (0: none). */
  readonly kayentaReps: number;
}

/**
 * Which metrics of the 20-metric canary get a true change: none (A/A), exactly one (a different
 * one in each canary, every metric in turn), the first of each test, or all.
 */
export type Regression = 'none' | 'one' | 'one-per-test' | 'all';

/** A 20-metric canary at one size per side: under A/A, or with some metrics changed by `multiple` × margin. */
export interface VerdictCell {
  readonly kind: 'verdict';
  readonly size: number;
  readonly reps: number;
  readonly kayentaReps: number;
  /** @default 'none' (A/A) */
  readonly regression?: Regression;
  /** True change of the regressed metrics, as a multiple of their margin. @default 0 */
  readonly multiple?: number;
}

export type Cell = MetricCell | VerdictCell;

export interface MetricCellResult {
  readonly cell: MetricCell;
  readonly ours: OutcomeCounts;
  readonly ignored: OutcomeCounts | null;
  readonly kayenta: KayentaCounts | null;
  /** Mean pooled autocorrelation used, mean interval widening (finite ones), mean half-width of the relative interval (finite ones; the change that cannot be told from none). */
  readonly meanAutocorrelation: number;
  readonly meanWidening: number;
  readonly meanHalfWidth: number | null;
}

export interface VerdictCounts {
  pass: number;
  marginal: number;
  fail: number;
  /** Canaries where at least one metric was `fail` (our judge) or High (Kayenta). */
  anyMetricFail: number;
  /** Mean number of inconclusive metrics (ours) per canary. */
  meanInconclusive: number;
  /** Mean number of failed metrics (ours) per canary. */
  meanFailed: number;
  /** Verdicts decided by inconclusive metrics (ours, rule "evidence": marginal where the score alone says fail). */
  decidedByInconclusive: number;
  /** Canaries where some metric shows harm: outcome `fail` or `error` (what vetoes the canary under rule "evidence"). */
  anyMetricHarm: number;
  /** Canaries whose verdict is `pass` although some metric is `fail` (rule "evidence" promises 0). */
  passWithFailedMetric: number;
  /** Canaries whose verdict is `fail` although no metric shows harm (rule "evidence" promises 0 here: nothing is required). */
  failWithoutHarm: number;
  /** Regression "one": canaries in which the regressed metric itself is `fail` (inside the 20-metric canary, family-wise level). */
  regressedMetricFail: number;
  /** Regression "one": canaries in which the regressed metric's data, judged alone as a one-metric canary (95%), is `fail`. */
  regressedAloneFail: number;
}

export interface VerdictCellResult {
  readonly cell: VerdictCell;
  /** Our judge as configured by default (autocorrelation adjusted, verdict rule "evidence"). */
  readonly ours: VerdictCounts;
  /** The same judgements under verdict rule "score" (fail whenever the score is below marginal). */
  readonly scoreRule: VerdictCounts;
  /**
   * The default verdict rule as it was before issue 12 (see `previousRuleVerdict`), applied to the
   * same judgements: the figures the issue asks to show beside the new rule's.
   */
  readonly previousRule: VerdictCounts;
  /** Autocorrelation ignored (verdict rule "evidence"). */
  readonly ignored: VerdictCounts;
  readonly kayenta: VerdictCounts | null;
}

export type CellResult = MetricCellResult | VerdictCellResult;

export function cellKey(cell: Cell): string {
  if (cell.kind === 'metric') return `${cell.test}|${cell.distribution}|${cell.size}|${cell.multiple}`;
  const regression = cell.regression ?? 'none';
  return regression === 'none' ? `verdict|${cell.size}` : `verdict|${cell.size}|${regression}|${cell.multiple ?? 0}`;
}

function emptyOutcomes(): OutcomeCounts {
  return { pass: 0, fail: 0, inconclusive: 0, nodata: 0, error: 0 };
}

function emptyKayenta(): KayentaCounts {
  return { Pass: 0, High: 0, Low: 0, Nodata: 0, NodataFailMetric: 0, Error: 0 };
}

interface SimulatedMetric {
  readonly name: string;
  readonly config: MetricConfigInput;
  readonly baseline: unknown;
  readonly canary: unknown;
  /** The same data as Kayenta receives it (values, or per-point error ratios). */
  readonly kayentaBaseline: number[];
  readonly kayentaCanary: number[];
}

function simulateMetric(variates: Variates, name: string, test: TestName, distribution: Distribution, size: number, multiple: number): SimulatedMetric {
  const change = multiple * MARGINS[test];
  if (test === 'rate') {
    const baseline = countSide(variates, distribution as CountDistribution, size, 1);
    const canary = countSide(variates, distribution as CountDistribution, size, 1 + change);
    return { name, config: metricConfig(name, test), baseline, canary, kayentaBaseline: ratios(baseline), kayentaCanary: ratios(canary) };
  }
  const baseline = valueSide(variates, distribution as ValueDistribution, size);
  const canary = applyChange(valueSide(variates, distribution as ValueDistribution, size), test, change);
  return { name, config: metricConfig(name, test), baseline, canary, kayentaBaseline: baseline, kayentaCanary: canary };
}

function runMetricCell(cell: MetricCell): MetricCellResult {
  const variates = createVariates(deriveSeed(ROOT_SEED, cellKey(cell)));
  const ours = emptyOutcomes();
  const ignored = cell.ignore ? emptyOutcomes() : null;
  const kayenta = cell.kayentaReps > 0 ? emptyKayenta() : null;
  let autocorrelationSum = 0;
  let wideningSum = 0;
  let wideningCount = 0;
  let halfWidthSum = 0;
  let halfWidthCount = 0;
  for (let rep = 0; rep < cell.reps; rep++) {
    const metric = simulateMetric(variates, 'm', cell.test, cell.distribution, cell.size, cell.multiple);
    const data = { metrics: { m: { baseline: metric.baseline, canary: metric.canary } } };
    const result = judge(nativeConfig([metric.config], 'adjust'), data).metrics[0]!;
    ours[result.outcome]++;
    if (result.autocorrelation !== null) {
      autocorrelationSum += result.autocorrelation.used;
      if (result.autocorrelation.widening !== null) {
        wideningSum += result.autocorrelation.widening;
        wideningCount++;
      }
    }
    const relative = result.interval.relative;
    if (relative !== null && relative[0] !== null && relative[1] !== null) {
      halfWidthSum += (relative[1] - relative[0]) / 2;
      halfWidthCount++;
    }
    if (ignored !== null) ignored[judge(nativeConfig([metric.config], 'ignore'), data).metrics[0]!.outcome]++;
    if (kayenta !== null && rep < cell.kayentaReps) {
      const judged = judgeKayenta(kayentaRequest([{ name: 'm', baseline: metric.kayentaBaseline, canary: metric.kayentaCanary }]));
      kayenta[judged.results[0]!.classification as keyof KayentaCounts]++;
    }
  }
  return {
    cell,
    ours,
    ignored,
    kayenta,
    meanAutocorrelation: autocorrelationSum / cell.reps,
    meanWidening: wideningCount > 0 ? wideningSum / wideningCount : 1,
    meanHalfWidth: halfWidthCount > 0 ? halfWidthSum / halfWidthCount : null,
  };
}

/** The 20 metrics of the canary: 6 Mann-Whitney, 4 p95, 6 mean-ratio, 4 rate, over every distribution. */
export function verdictMetrics(): { test: TestName; distribution: Distribution }[] {
  const metrics: { test: TestName; distribution: Distribution }[] = [];
  const plan: [TestName, number][] = [
    ['mann-whitney', 6],
    ['percentile', 4],
    ['mean-ratio', 6],
    ['rate', 4],
  ];
  for (const [test, count] of plan) {
    const distributions = distributionsFor(test);
    for (let i = 0; i < count; i++) metrics.push({ test, distribution: distributions[i % distributions.length] as Distribution });
  }
  return metrics;
}

/**
 * Which of the canary's metrics carry the change.
 *
 * @example
 * regressedMetrics(verdictMetrics(), 'one-per-test').filter(Boolean).length // => 4
 */
export function regressedMetrics(plan: readonly { test: TestName }[], regression: Regression, rep = 0): boolean[] {
  if (regression === 'all') return plan.map(() => true);
  if (regression === 'none') return plan.map(() => false);
  if (regression === 'one') return plan.map((_, index) => index === rep % plan.length);
  return plan.map((entry, index) => plan.findIndex((other) => other.test === entry.test) === index);
}

function emptyVerdicts(): VerdictCounts {
  return {
    pass: 0,
    marginal: 0,
    fail: 0,
    anyMetricFail: 0,
    meanInconclusive: 0,
    meanFailed: 0,
    decidedByInconclusive: 0,
    anyMetricHarm: 0,
    passWithFailedMetric: 0,
    failWithoutHarm: 0,
    regressedMetricFail: 0,
    regressedAloneFail: 0,
  };
}

/**
 * The default verdict rule before issue 12 (commit 526e23e replaced it), for canaries whose metrics
 * are neither critical nor required (as the harness configures them): the score against the
 * thresholds, except that below `thresholds.marginal` the verdict is `marginal`, not `fail`, when no
 * metric shows harm. A metric `fail` among twenty at equal weight costs 5 points, so it could pass.
 *
 * @example
 * previousRuleVerdict({ score: 95, thresholds: { pass: 95, marginal: 75 }, summary: { outcomes: { fail: 1, error: 0 } } }) // => 'pass'
 */
export function previousRuleVerdict(judgement: {
  readonly score: number;
  readonly thresholds: { readonly pass: number; readonly marginal: number };
  readonly summary: { readonly outcomes: Readonly<Pick<Record<Outcome, number>, 'fail' | 'error'>> };
}): Verdict {
  if (judgement.score >= judgement.thresholds.pass) return 'pass';
  if (judgement.score >= judgement.thresholds.marginal) return 'marginal';
  return judgement.summary.outcomes.fail + judgement.summary.outcomes.error > 0 ? 'fail' : 'marginal';
}

function countVerdict(counts: VerdictCounts, verdict: Verdict, judgement: Judgement, reps: number): void {
  counts[verdict]++;
  const { outcomes } = judgement.summary;
  const harm = outcomes.fail + outcomes.error > 0;
  if (outcomes.fail > 0) counts.anyMetricFail++;
  if (harm) counts.anyMetricHarm++;
  if (verdict === 'pass' && outcomes.fail > 0) counts.passWithFailedMetric++;
  if (verdict === 'fail' && !harm) counts.failWithoutHarm++;
  counts.meanInconclusive += outcomes.inconclusive / reps;
  counts.meanFailed += outcomes.fail / reps;
}

function runVerdictCell(cell: VerdictCell): VerdictCellResult {
  const variates = createVariates(deriveSeed(ROOT_SEED, cellKey(cell)));
  const plan = verdictMetrics();
  const regression = cell.regression ?? 'none';
  const ours = emptyVerdicts();
  const scoreRule = emptyVerdicts();
  const previousRule = emptyVerdicts();
  const ignored = emptyVerdicts();
  const kayenta = cell.kayentaReps > 0 ? emptyVerdicts() : null;
  for (let rep = 0; rep < cell.reps; rep++) {
    const regressed = regressedMetrics(plan, regression, rep);
    const metrics = plan.map((entry, index) =>
      simulateMetric(variates, `${entry.test} ${entry.distribution} ${index}`, entry.test, entry.distribution, cell.size, regressed[index] ? (cell.multiple ?? 0) : 0),
    );
    const data = { metrics: Object.fromEntries(metrics.map((metric) => [metric.name, { baseline: metric.baseline, canary: metric.canary }])) };
    const configs = metrics.map((metric) => metric.config);
    const runs = [
      [ours, 'adjust', 'evidence'],
      [scoreRule, 'adjust', 'score'],
      [ignored, 'ignore', 'evidence'],
    ] as const;
    for (const [counts, policy, rule] of runs) {
      const judgement = judge(nativeConfig(configs, policy, rule), data);
      countVerdict(counts, judgement.verdict, judgement, cell.reps);
      if (judgement.summary.decidedBy === 'inconclusive') counts.decidedByInconclusive++;
      if (counts !== ours) continue;
      const previous = previousRuleVerdict(judgement);
      countVerdict(previousRule, previous, judgement, cell.reps);
      if (previous === 'marginal' && judgement.score < judgement.thresholds.marginal) previousRule.decidedByInconclusive++;
      if (regression === 'one') {
        const index = regressed.indexOf(true);
        const metric = metrics[index]!;
        if (judgement.metrics[index]!.outcome === 'fail') {
          ours.regressedMetricFail++;
          previousRule.regressedMetricFail++;
        }
        const alone = judge(nativeConfig([metric.config], policy, rule), { metrics: { [metric.name]: { baseline: metric.baseline, canary: metric.canary } } });
        if (alone.metrics[0]!.outcome === 'fail') {
          ours.regressedAloneFail++;
          previousRule.regressedAloneFail++;
        }
      }
    }
    if (kayenta !== null && rep < cell.kayentaReps) {
      const judged = judgeKayenta(
        kayentaRequest(metrics.map((metric) => ({ name: metric.name, baseline: metric.kayentaBaseline, canary: metric.kayentaCanary }))),
      );
      const label = judged.score.classification;
      if (label === 'Pass') kayenta.pass++;
      else if (label === 'Marginal') kayenta.marginal++;
      else kayenta.fail++;
      if (judged.results.some((result) => result.classification === 'High')) kayenta.anyMetricFail++;
    }
  }
  return { cell, ours, scoreRule, previousRule, ignored, kayenta };
}

export function runCell(cell: Cell): CellResult {
  return cell.kind === 'metric' ? runMetricCell(cell) : runVerdictCell(cell);
}
