/**
 * Scoring: credits per outcome, the weighted mean as a 0–100 score, and each metric's part in it.
 * The verdict itself is decided in `verdict-rule.ts`.
 */
import type { VerdictRule } from '../config/config-schema.js';
import { decideVerdict, isVeto, showsHarm, type DataShortfall, type DecidedBy, type Outcome, type Verdict } from './verdict-rule.js';

export type { DataShortfall, DecidedBy, Outcome, Verdict } from './verdict-rule.js';
export { showsHarm } from './verdict-rule.js';

/** What scoring needs to know about one metric. */
export interface ScoringInput {
  readonly name: string;
  readonly group: string | null;
  readonly outcome: Outcome;
  readonly weight: number;
  readonly critical: boolean;
  readonly required: boolean;
  readonly muted: boolean;
  /** For `nodata`: missing data, or some data but too few values (default `missing`). */
  readonly dataShortfall?: DataShortfall | null;
  /** For `inconclusive`: the estimate already lies beyond the margin. */
  readonly leansToHarm?: boolean;
}

/** A metric's part in the score. */
export interface MetricScore {
  /** Credit in [0, 1]; null when the metric is left out of the score (muted, or nodata and not required). */
  readonly credit: number | null;
  /** Score points this metric cost (0–100 scale): weight share × (1 − credit). 0 when not scored. */
  readonly pointsLost: number;
  /** True when this metric fails the canary by itself under the verdict rule (`isVeto`). */
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
  /** Whether any scored metric shows harm: `fail` or `error`. */
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
 * Scores metric outcomes and decides the verdict with `decideVerdict` (verdict-rule.ts): under rule
 * `evidence` (the default) any shown harm or unmeasured required metric fails, pass needs the score
 * and nothing leaning toward harm, everything else is marginal.
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
      veto: isVeto(metric, rule),
    };
  });
  const { verdict, decidedBy }: { verdict: Verdict; decidedBy: DecidedBy } = decideVerdict(metrics, overall.score, thresholds, rule);

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
