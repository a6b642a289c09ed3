/**
 * Scoring: credits per outcome, the weighted mean as a 0–100 score, critical vetoes and the verdict.
 */
import type { VerdictRule } from '../config/config-schema.js';

/** The five per-metric outcomes. */
export type Outcome = 'pass' | 'fail' | 'inconclusive' | 'nodata' | 'error';
/** The overall verdict. */
export type Verdict = 'pass' | 'marginal' | 'fail';
/**
 * What decided the verdict: the score, a critical metric, the absence of anything to score, or (rule
 * `evidence`) inconclusive metrics that kept the score below marginal without any shown harm.
 */
export type DecidedBy = 'score' | 'critical' | 'nothing-scored' | 'inconclusive';

/** What scoring needs to know about one metric. */
export interface ScoringInput {
  readonly name: string;
  readonly group: string | null;
  readonly outcome: Outcome;
  readonly weight: number;
  readonly critical: boolean;
  readonly required: boolean;
  readonly muted: boolean;
}

/** A metric's part in the score. */
export interface MetricScore {
  /** Credit in [0, 1]; null when the metric is left out of the score (muted, or nodata and not required). */
  readonly credit: number | null;
  /** Score points this metric cost (0–100 scale): weight share × (1 − credit). 0 when not scored. */
  readonly pointsLost: number;
  /** True when this metric fails the canary by itself (critical and failing, erroring, or required without data). */
  readonly veto: boolean;
}

/** A group's score. */
export interface GroupScore {
  readonly name: string;
  /** Weighted mean of the group's credits × 100; null when nothing in the group is scored. */
  readonly score: number | null;
  /** Sum of the weights of the group's scored metrics. */
  readonly weight: number;
  readonly metrics: readonly string[];
}

/** The score, the verdict and each metric's part in them. */
export interface ScoreResult {
  readonly score: number;
  /** Whether any scored metric shows harm: `fail`, `error`, or `required` without data. */
  readonly harmShown: boolean;
  readonly verdict: Verdict;
  readonly decidedBy: DecidedBy;
  /** Sum of the weights of the scored metrics. */
  readonly scoredWeight: number;
  readonly metrics: readonly MetricScore[];
  readonly groups: readonly GroupScore[];
}

/**
 * The credit of an outcome, or null when the metric is left out of the score.
 *
 * @example
 * creditOf({ outcome: 'inconclusive', required: false, muted: false }, 0.5) // => 0.5
 */
export function creditOf(
  metric: Pick<ScoringInput, 'outcome' | 'required' | 'muted'>,
  inconclusiveCredit: number,
): number | null {
  if (metric.muted) return null;
  switch (metric.outcome) {
    case 'pass':
      return 1;
    case 'inconclusive':
      return inconclusiveCredit;
    case 'fail':
    case 'error':
      return 0;
    case 'nodata':
      return metric.required ? 0 : null;
  }
}

/**
 * True when a metric fails the canary whatever the score.
 *
 * @example
 * isVeto({ outcome: 'error', critical: true, required: false, muted: false }) // => true
 */
export function isVeto(metric: Pick<ScoringInput, 'outcome' | 'critical' | 'required' | 'muted'>): boolean {
  return metric.critical && showsHarm(metric);
}

function weightedScore(metrics: readonly ScoringInput[], credits: readonly (number | null)[]): { score: number | null; weight: number } {
  let weight = 0;
  let earned = 0;
  metrics.forEach((metric, index) => {
    const credit = credits[index];
    if (credit === null || credit === undefined) return;
    weight += metric.weight;
    earned += metric.weight * credit;
  });
  return { score: weight > 0 ? Math.min(100, Math.max(0, (100 * earned) / weight)) : null, weight };
}

/**
 * Whether a metric counts as shown harm for the verdict rule `evidence`: it failed, errored, or is
 * required and has no data (muted metrics never count).
 *
 * @example
 * showsHarm({ outcome: 'inconclusive', required: false, muted: false }) // => false
 */
export function showsHarm(metric: Pick<ScoringInput, 'outcome' | 'required' | 'muted'>): boolean {
  if (metric.muted) return false;
  return metric.outcome === 'fail' || metric.outcome === 'error' || (metric.outcome === 'nodata' && metric.required);
}

/**
 * The verdict a score earns (vetoes and "nothing scored" aside): `pass` at or above
 * `thresholds.pass`, `marginal` at or above `thresholds.marginal`; below that `fail`, except under
 * rule `evidence` when no metric shows harm (only inconclusive metrics hold the score down): then
 * `marginal`, decided by the inconclusive metrics.
 *
 * @example
 * verdictFor(50, false, { pass: 95, marginal: 75 }, 'evidence') // => { verdict: 'marginal', decidedBy: 'inconclusive' }
 * @example
 * verdictFor(50, false, { pass: 95, marginal: 75 }, 'score') // => { verdict: 'fail', decidedBy: 'score' }
 */
export function verdictFor(
  score: number,
  harmShown: boolean,
  thresholds: { readonly pass: number; readonly marginal: number },
  rule: VerdictRule,
): { verdict: Verdict; decidedBy: 'score' | 'inconclusive' } {
  if (score >= thresholds.pass) return { verdict: 'pass', decidedBy: 'score' };
  if (score >= thresholds.marginal) return { verdict: 'marginal', decidedBy: 'score' };
  if (rule === 'evidence' && !harmShown) return { verdict: 'marginal', decidedBy: 'inconclusive' };
  return { verdict: 'fail', decidedBy: 'score' };
}

/**
 * Scores metric outcomes and decides the verdict: pass at or above `thresholds.pass`, marginal at or
 * above `thresholds.marginal`; below that fail, unless (rule `evidence`, the default) no metric shows
 * harm, which is marginal. A critical veto fails regardless; nothing scored fails.
 *
 * @example
 * scoreOutcomes([{ name: 'a', group: null, outcome: 'pass', weight: 1, critical: false, required: false, muted: false }],
 *   { pass: 95, marginal: 75 }, 0.5).verdict // => 'pass'
 * @example
 * scoreOutcomes([{ name: 'a', group: null, outcome: 'inconclusive', weight: 1, critical: false, required: false, muted: false }],
 *   { pass: 95, marginal: 75 }, 0.5).verdict // => 'marginal'
 */
export function scoreOutcomes(
  metrics: readonly ScoringInput[],
  thresholds: { readonly pass: number; readonly marginal: number },
  inconclusiveCredit: number,
  rule: VerdictRule = 'evidence',
): ScoreResult {
  const credits = metrics.map((metric) => creditOf(metric, inconclusiveCredit));
  const overall = weightedScore(metrics, credits);
  const score = overall.score ?? 0;
  const harmShown = metrics.some(showsHarm);
  const metricScores: MetricScore[] = metrics.map((metric, index) => {
    const credit = credits[index] ?? null;
    return {
      credit,
      pointsLost: credit === null || overall.weight === 0 ? 0 : (100 * metric.weight * (1 - credit)) / overall.weight,
      veto: isVeto(metric),
    };
  });
  let verdict: Verdict;
  let decidedBy: DecidedBy;
  if (metricScores.some((metric) => metric.veto)) {
    verdict = 'fail';
    decidedBy = 'critical';
  } else if (overall.score === null) {
    verdict = 'fail';
    decidedBy = 'nothing-scored';
  } else {
    ({ verdict, decidedBy } = verdictFor(score, harmShown, thresholds, rule));
  }

  const groupNames: string[] = [];
  for (const metric of metrics) if (metric.group !== null && !groupNames.includes(metric.group)) groupNames.push(metric.group);
  const groups = groupNames.map((name): GroupScore => {
    const indexes = metrics.flatMap((metric, index) => (metric.group === name ? [index] : []));
    const inGroup = indexes.map((index) => metrics[index] as ScoringInput);
    const groupScore = weightedScore(inGroup, indexes.map((index) => credits[index] ?? null));
    return { name, score: groupScore.score, weight: groupScore.weight, metrics: inGroup.map((metric) => metric.name) };
  });

  return { score, harmShown, verdict, decidedBy, scoredWeight: overall.weight, metrics: metricScores, groups };
}
