/**
 * The three-way rule: compare a change's interval with the tolerated margin.
 * - fail: the interval lies entirely beyond the margin on a harmful side;
 * - pass: the interval lies entirely inside the tolerated region;
 * - inconclusive: it straddles the margin, with an estimate of the sample size that would decide.
 */
import { normalQuantile } from '../stats/normal-distribution.js';
import type { Direction, Margin } from '../config/config-schema.js';
import type { Change, Effect, Interval } from './effect.js';

/** Which side a harmful change was found on. */
export type Harm = 'high' | 'low';
/** Which margins the outcome was decided with. */
export type JudgedOn = 'relative' | 'absolute' | 'both';

/** What an inconclusive result would need to be decided. */
export interface DecisionSize {
  /** Which measure the numbers refer to. */
  readonly measure: 'relative' | 'absolute';
  /** Half-width of the interval at the current size: changes smaller than this cannot be told from none. null when unbounded. */
  readonly halfWidth: number | null;
  /** Sizes per side (values, or summed totals for rates) at which the result would likely (80% power) be decided; null when no size would. */
  readonly samplesToDecide: { readonly baseline: number; readonly canary: number } | null;
}

/** The outcome of comparing an effect with the margin. */
export interface Classification {
  readonly outcome: 'pass' | 'fail' | 'inconclusive';
  readonly harm: Harm | null;
  readonly judgedOn: JudgedOn | null;
  /** Why the outcome rests on fewer measures than configured, or could not be decided. */
  readonly note: string | null;
  readonly decisionSize: DecisionSize | null;
  /**
   * Inconclusive only: the estimate already lies beyond the margin on a harmful side (beyond every
   * configured margin), so the data leans toward harm even though the interval still straddles it.
   */
  readonly leansToHarm: boolean;
}

/** Power used to estimate the sample size that would decide an inconclusive metric. */
export const DECISION_POWER = 0.8;

interface Measure {
  readonly kind: 'relative' | 'absolute';
  readonly change: Change;
  readonly margin: number;
}

function harmfulSides(direction: Direction): readonly Harm[] {
  if (direction === 'increase') return ['high'];
  if (direction === 'decrease') return ['low'];
  return ['high', 'low'];
}

function isSurelyHarmful(measure: Measure, side: Harm): boolean {
  const [low, high] = measure.change.interval;
  return side === 'high' ? low > measure.margin : high < -measure.margin;
}

function estimateBeyond(measure: Measure, side: Harm): boolean {
  const estimate = measure.change.estimate;
  return side === 'high' ? estimate > measure.margin : estimate < -measure.margin;
}

function isSurelyTolerated(measure: Measure, side: Harm): boolean {
  const [low, high] = measure.change.interval;
  return side === 'high' ? high <= measure.margin : low >= -measure.margin;
}

/**
 * Classifies an effect against a margin and a harmful direction. With both a relative and an
 * absolute margin a change is harm only when it exceeds both, so `fail` needs both intervals beyond
 * their margins and `pass` needs either inside.
 *
 * @example
 * const effect = {
 *   method: 'mean ratio', pValue: 0.001, relativeUnavailable: null, warnings: [],
 *   absolute: { estimate: 21, interval: [12, 30] }, relative: { estimate: 0.21, interval: [0.12, 0.3] },
 *   informationSizes: { baseline: 50, canary: 50 },
 * };
 * classifyEffect(effect, { relative: 0.1 }, 'increase', 0.95).outcome // => 'fail'
 */
export function classifyEffect(effect: Effect, margin: Margin, direction: Direction, confidenceLevel: number): Classification {
  const measures: Measure[] = [];
  let note: string | null = null;
  if (margin.relative !== undefined) {
    if (effect.relative !== null) {
      measures.push({ kind: 'relative', change: effect.relative, margin: margin.relative });
    } else if (margin.absolute !== undefined) {
      note = `relative change undefined (${effect.relativeUnavailable ?? 'no baseline level'}): judged on the absolute margin alone`;
    } else {
      return {
        outcome: 'inconclusive',
        harm: null,
        judgedOn: null,
        note: `relative change undefined (${effect.relativeUnavailable ?? 'no baseline level'}); add an absolute margin to judge this metric`,
        decisionSize: null,
        leansToHarm: false,
      };
    }
  }
  if (margin.absolute !== undefined) measures.push({ kind: 'absolute', change: effect.absolute, margin: margin.absolute });
  const judgedOn: JudgedOn = measures.length === 2 ? 'both' : (measures[0]?.kind ?? 'absolute');

  const sides = harmfulSides(direction);
  for (const side of sides) {
    if (measures.every((measure) => isSurelyHarmful(measure, side))) {
      return { outcome: 'fail', harm: side, judgedOn, note, decisionSize: null, leansToHarm: false };
    }
  }
  if (sides.every((side) => measures.some((measure) => isSurelyTolerated(measure, side)))) {
    return { outcome: 'pass', harm: null, judgedOn, note, decisionSize: null, leansToHarm: false };
  }
  const primary = measures[0] as Measure;
  return {
    outcome: 'inconclusive',
    harm: null,
    judgedOn,
    note,
    decisionSize: estimateDecisionSize(primary, sides, effect.informationSizes, confidenceLevel, effect.paired === true),
    leansToHarm: sides.some((side) => measures.every((measure) => estimateBeyond(measure, side))),
  };
}

function halfWidthOf(interval: Interval): number | null {
  const width = (interval[1] - interval[0]) / 2;
  return Number.isFinite(width) ? width : null;
}

/**
 * Sizes that shrink the variance of the difference, taken as proportional to 1/n_baseline +
 * 1/n_canary, by `factor`: growing the canary alone when that can do it (canary traffic is what is
 * usually scarce), else both sides in proportion.
 */
function sizesForVarianceFactor(
  sizes: { readonly baseline: number; readonly canary: number },
  factor: number,
): { baseline: number; canary: number } {
  const baselineShare = 1 / sizes.baseline;
  const target = (baselineShare + 1 / sizes.canary) / factor;
  if (target > baselineShare * 1.0001) {
    return { baseline: sizes.baseline, canary: Math.ceil(1 / (target - baselineShare)) };
  }
  return { baseline: Math.ceil(sizes.baseline * factor), canary: Math.ceil(sizes.canary * factor) };
}

/**
 * The sizes at which an interval of the same centre would just leave the margin with 80% power,
 * assuming the width shrinks as 1/√n (factor n × (h·(1 + z_power / z_level) / gap)², where h is the
 * current half-width and gap the distance from the estimate to the nearest straddled margin).
 */
function estimateDecisionSize(
  measure: Measure,
  sides: readonly Harm[],
  sizes: { readonly baseline: number; readonly canary: number },
  confidenceLevel: number,
  paired: boolean,
): DecisionSize {
  const halfWidth = halfWidthOf(measure.change.interval);
  const [low, high] = measure.change.interval;
  const estimate = measure.change.estimate;
  let gap = Number.POSITIVE_INFINITY;
  for (const side of sides) {
    const boundary = side === 'high' ? measure.margin : -measure.margin;
    if (low <= boundary && boundary <= high) gap = Math.min(gap, Math.abs(estimate - boundary));
  }
  if (halfWidth === null || !Number.isFinite(gap) || gap === 0 || !Number.isFinite(estimate)) {
    return { measure: measure.kind, halfWidth, samplesToDecide: null };
  }
  const zLevel = normalQuantile(1 - (1 - confidenceLevel) / 2);
  const zPower = normalQuantile(DECISION_POWER);
  const factor = Math.max(1, ((halfWidth * (1 + zPower / zLevel)) / gap) ** 2);
  // Pairs grow on both sides at once (more time), so a paired metric scales both.
  const { baseline, canary } = paired
    ? { baseline: Math.ceil(sizes.baseline * factor), canary: Math.ceil(sizes.canary * factor) }
    : sizesForVarianceFactor(sizes, factor);
  if (!Number.isFinite(baseline) || !Number.isFinite(canary) || baseline > Number.MAX_SAFE_INTEGER || canary > Number.MAX_SAFE_INTEGER) {
    return { measure: measure.kind, halfWidth, samplesToDecide: null };
  }
  return { measure: measure.kind, halfWidth, samplesToDecide: { baseline, canary } };
}
