/**
 * The decision rule: metric outcomes and the score → pass / marginal / fail. This file is the one
 * place where the verdict's meaning lives (statistics.md §7); the score itself is computed in
 * `score.ts`, the per-metric outcomes in `classify.ts`.
 *
 * Rule `evidence` (the default):
 * - `fail` ("roll back"): a scored metric shows harm (`fail`), errors, or is required and cannot be
 *   measured (no series, or an empty one). Nothing scored also fails.
 * - `marginal` ("more data would decide"): no harm, but a metric holds the verdict: the score is
 *   below `thresholds.pass`, an inconclusive metric leans toward harm (its estimate already lies
 *   beyond the margin), or a required metric has some data but too few values for its test.
 * - `pass` ("safe to promote"): everything else: no harm, every required metric judged, the score
 *   at or above `thresholds.pass`, nothing leaning toward harm.
 *
 * Rule `score` keeps the plain weighted rule: critical vetoes, then the thresholds alone.
 */
import type { VerdictRule } from '../config/config-schema.js';

/** The five per-metric outcomes. */
export type Outcome = 'pass' | 'fail' | 'inconclusive' | 'nodata' | 'error';
/** The overall verdict. */
export type Verdict = 'pass' | 'marginal' | 'fail';
/**
 * Why a `nodata` metric has no result: `missing` when a side has no series or an empty one (the
 * query returned nothing), `too-few` when both sides have points but fewer usable values than the
 * test needs.
 */
export type DataShortfall = 'missing' | 'too-few';
/**
 * What decided the verdict:
 * - `critical`: a critical metric failed, errored or could not be measured;
 * - `harm`: a (non-critical) metric failed or errored (rule `evidence`);
 * - `unmeasured`: a required (non-critical) metric has no data at all (rule `evidence`);
 * - `nothing-scored`: no metric could be scored;
 * - `score`: the score against the thresholds;
 * - `inconclusive`: no harm, inconclusive metrics keep the score below marginal (rule `evidence`);
 * - `held`: the score reaches pass, but an inconclusive metric leans toward harm or a required
 *   metric does not have enough data yet (rule `evidence`).
 */
export type DecidedBy = 'score' | 'critical' | 'harm' | 'unmeasured' | 'nothing-scored' | 'inconclusive' | 'held';

/** What the rule needs to know about one metric. */
export interface VerdictRuleInput {
  readonly outcome: Outcome;
  readonly critical: boolean;
  readonly required: boolean;
  readonly muted: boolean;
  /** For `nodata`: whether the data is missing or only too short (default `missing`). */
  readonly dataShortfall?: DataShortfall | null;
  /** For `inconclusive`: whether the estimate already lies beyond the margin on a harmful side. */
  readonly leansToHarm?: boolean;
}

/** Default thresholds of the score (0–100). */
export interface VerdictThresholds {
  readonly pass: number;
  readonly marginal: number;
}

/**
 * Whether a metric shows harm: it failed or errored (muted metrics never count).
 *
 * @example
 * showsHarm({ outcome: 'inconclusive', required: false, critical: false, muted: false }) // => false
 */
export function showsHarm(metric: VerdictRuleInput): boolean {
  return !metric.muted && (metric.outcome === 'fail' || metric.outcome === 'error');
}

/**
 * Whether a required metric cannot be measured at all: `nodata` because a side has no series or an
 * empty one (a metric with some data but too few values is only waiting for more).
 *
 * @example
 * isUnmeasured({ outcome: 'nodata', dataShortfall: 'missing', required: true, critical: false, muted: false }) // => true
 */
export function isUnmeasured(metric: VerdictRuleInput): boolean {
  return !metric.muted && metric.required && metric.outcome === 'nodata' && (metric.dataShortfall ?? 'missing') === 'missing';
}

/**
 * Whether a metric keeps the canary from passing while more data could still decide it: an
 * inconclusive metric leaning toward harm, or a required metric with too few values yet.
 *
 * @example
 * holdsVerdict({ outcome: 'inconclusive', leansToHarm: true, required: false, critical: false, muted: false }) // => true
 */
export function holdsVerdict(metric: VerdictRuleInput): boolean {
  if (metric.muted) return false;
  if (metric.outcome === 'inconclusive') return metric.leansToHarm === true;
  return metric.outcome === 'nodata' && metric.required && metric.dataShortfall === 'too-few';
}

/**
 * True when a metric fails the canary by itself, whatever the score. Rule `evidence`: any shown
 * harm or an unmeasured required metric. Rule `score`: a critical metric that fails, errors or is
 * required without data.
 *
 * @example
 * isVeto({ outcome: 'fail', critical: false, required: false, muted: false }, 'evidence') // => true
 * @example
 * isVeto({ outcome: 'fail', critical: false, required: false, muted: false }, 'score') // => false
 */
export function isVeto(metric: VerdictRuleInput, rule: VerdictRule = 'evidence'): boolean {
  if (rule === 'evidence') return showsHarm(metric) || isUnmeasured(metric);
  return metric.critical && (showsHarm(metric) || (!metric.muted && metric.required && metric.outcome === 'nodata'));
}

/**
 * The verdict of scored metrics. `score` is null when nothing was scored.
 *
 * @example
 * decideVerdict([{ outcome: 'pass', critical: false, required: false, muted: false }], 100, { pass: 95, marginal: 75 }, 'evidence') // => { verdict: 'pass', decidedBy: 'score' }
 * @example
 * decideVerdict([{ outcome: 'inconclusive', leansToHarm: true, critical: false, required: false, muted: false }], 96, { pass: 95, marginal: 75 }, 'evidence') // => { verdict: 'marginal', decidedBy: 'held' }
 */
export function decideVerdict(
  metrics: readonly VerdictRuleInput[],
  score: number | null,
  thresholds: VerdictThresholds,
  rule: VerdictRule,
): { verdict: Verdict; decidedBy: DecidedBy } {
  const vetoes = metrics.filter((metric) => isVeto(metric, rule));
  if (vetoes.length > 0) {
    if (vetoes.some((metric) => metric.critical)) return { verdict: 'fail', decidedBy: 'critical' };
    return { verdict: 'fail', decidedBy: vetoes.some(showsHarm) ? 'harm' : 'unmeasured' };
  }
  if (score === null) return { verdict: 'fail', decidedBy: 'nothing-scored' };
  if (rule === 'score') {
    if (score >= thresholds.pass) return { verdict: 'pass', decidedBy: 'score' };
    if (score >= thresholds.marginal) return { verdict: 'marginal', decidedBy: 'score' };
    return { verdict: 'fail', decidedBy: 'score' };
  }
  // No harm and nothing unmeasured: pass, or wait for more data.
  if (score >= thresholds.pass) {
    return metrics.some(holdsVerdict) ? { verdict: 'marginal', decidedBy: 'held' } : { verdict: 'pass', decidedBy: 'score' };
  }
  if (score >= thresholds.marginal) return { verdict: 'marginal', decidedBy: 'score' };
  return { verdict: 'marginal', decidedBy: 'inconclusive' };
}
