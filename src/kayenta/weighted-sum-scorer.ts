/**
 * Kayenta's scoring (`WeightedSumScorer`): per-group pass shares, then a weighted sum of the groups,
 * overridden to 0 by a critical failure or by too much missing data.
 */
import type { KayentaMetricLabel } from './labels.js';
import { roundHalfUp } from './port/round-half-up.js';

/** What the scorer reads from each metric result. */
export interface ScorableResult {
  readonly classification: KayentaMetricLabel;
  readonly classificationReason?: string;
  readonly groups: readonly string[];
  readonly critical: boolean;
  readonly muted: boolean;
}

/** One group's score: 100 × Pass / (Pass + High + Low + NodataFailMetric). */
export interface KayentaGroupScore {
  readonly name: string;
  /** 0 when the group has nothing to score (`hasNoData`). */
  readonly score: number;
  /** No Pass, High, Low or NodataFailMetric result: the group counts as 100 in the summary. */
  readonly hasNoData: boolean;
}

/** The scorer's output. */
export interface KayentaScore {
  readonly groupScores: readonly KayentaGroupScore[];
  /** The summary score, rounded to 2 decimal places (HALF_UP). */
  readonly score: number;
  /** Why the score was forced to 0, or null. */
  readonly reason: string | null;
}

/** Share of scored results labelled `Nodata` at which the canary fails (percent). */
export const NODATA_THRESHOLD_PERCENT = 50;

/**
 * Scores metric results as Kayenta does:
 *
 * 1. muted results are left out;
 * 2. each result counts in every group it lists; Nodata and Error count nowhere;
 * 3. any critical result that is not Pass forces 0 ("Canary Failed: <its reason>");
 * 4. else ≥ 50% Nodata results forces 0;
 * 5. else Σ group score × weight / 100, where a group without a configured weight gets
 *    (100 − Σ configured weights) / (number of such groups), and a group with nothing to score counts
 *    as 100. Weights are not checked to sum to 100 (as in Kayenta).
 *
 * Groups are listed in order of first appearance (Kayenta's order comes from a hash map).
 *
 * @example
 * const pass = { classification: 'Pass', groups: ['latency'], critical: false, muted: false };
 * scoreKayentaResults([pass, { ...pass, classification: 'High' }], {}).score // => 50
 */
export function scoreKayentaResults(
  results: readonly ScorableResult[],
  groupWeights: Readonly<Record<string, number>>,
): KayentaScore {
  const scored = results.filter((result) => !result.muted);
  const groupScores = scoreGroups(scored);

  const criticalFailure = scored.find((result) => result.critical && result.classification !== 'Pass');
  if (criticalFailure !== undefined) {
    return { groupScores, score: 0, reason: `Canary Failed: ${criticalFailure.classificationReason ?? 'null'}` };
  }
  const nodataCount = scored.filter((result) => result.classification === 'Nodata').length;
  if (scored.length > 0 && (nodataCount / scored.length) * 100 >= NODATA_THRESHOLD_PERCENT) {
    return { groupScores, score: 0, reason: `Canary Failed: ${NODATA_THRESHOLD_PERCENT}% or more metrics returned NODATA` };
  }

  const configured = Object.entries(groupWeights);
  const configuredSum = configured.reduce((sum, [, weight]) => sum + weight, 0);
  const unweighted = groupScores.filter((group) => !Object.prototype.hasOwnProperty.call(groupWeights, group.name));
  const sharedWeight = unweighted.length > 0 ? (100 - configuredSum) / unweighted.length : 0;
  let summary = 0;
  for (const group of groupScores) {
    const weight = Object.prototype.hasOwnProperty.call(groupWeights, group.name) ? (groupWeights[group.name] as number) : sharedWeight;
    const effectiveScore = group.hasNoData ? 100 : group.score;
    summary += effectiveScore * (weight / 100);
  }
  return { groupScores, score: roundHalfUp(summary, 2), reason: null };
}

function scoreGroups(results: readonly ScorableResult[]): KayentaGroupScore[] {
  const labelsByGroup = new Map<string, KayentaMetricLabel[]>();
  for (const result of results) {
    for (const group of result.groups) {
      const labels = labelsByGroup.get(group);
      if (labels === undefined) labelsByGroup.set(group, [result.classification]);
      else labels.push(result.classification);
    }
  }
  return [...labelsByGroup].map(([name, labels]) => {
    const passCount = labels.filter((label) => label === 'Pass').length;
    const failCount = labels.filter((label) => label === 'High' || label === 'Low' || label === 'NodataFailMetric').length;
    const total = passCount + failCount;
    return total === 0 ? { name, score: 0, hasNoData: true } : { name, score: (passCount / total) * 100, hasNoData: false };
  });
}
