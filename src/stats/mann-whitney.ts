/**
 * The Wilcoxon rank-sum / Mann-Whitney U test of canary against baseline, with the Hodges-Lehmann
 * estimate of the location shift and its confidence interval. Matches R's
 * `wilcox.test(canary, baseline, conf.int = TRUE)`; see docs/statistics.md for where and why the
 * normal-path interval is defined by order statistics instead of R's root search.
 */
import { InvalidOptionError } from '../shared/errors.js';
import { assertOneOf, assertProbabilityOpen, assertSample } from '../shared/argument-checks.js';
import { normalLowerTail, normalQuantile, normalUpperTail } from './normal-distribution.js';
import { medianRanks, selectPairwiseDifferences } from './pairwise-differences.js';
import { summariseRanks, tieGroups } from './rank-sum.js';
import { sortedCopy } from './sort.js';
import {
  exactDistributionWithoutTies,
  exactDistributionWithTies,
  type ExactUDistribution,
} from './wilcoxon-distribution.js';

/** Which shift the test looks for: 'greater' means the canary tends to be larger than the baseline. */
export type Alternative = 'two-sided' | 'greater' | 'less';

export interface MannWhitneyOptions {
  /** @default 'two-sided' ('greater': the canary tends to be larger) */
  alternative?: Alternative;
  /** Confidence level of the interval for the shift. @default 0.95 */
  confidenceLevel?: number;
  /**
   * 'auto' is exact when both samples have fewer than 50 values and there are no ties (as R).
   * true computes the exact distribution, with ties too (R cannot), up to a size limit past which
   * the normal approximation is used with a warning. @default 'auto'
   */
  exact?: 'auto' | boolean;
  /** Continuity correction on the normal path. @default true */
  continuityCorrection?: boolean;
}

export interface MannWhitneyResult {
  /** U of the canary sample (R's W for wilcox.test(canary, baseline)). */
  readonly statistic: number;
  readonly pValue: number;
  /** How the p-value was computed. */
  readonly method: 'exact' | 'normal';
  /** The method in words, e.g. "Wilcoxon rank sum test with continuity correction". */
  readonly methodDescription: string;
  /** Hodges-Lehmann shift: the median of all canary_i − baseline_j. */
  readonly estimate: number;
  /** Interval for the shift; a one-sided alternative leaves one end at ±Infinity. */
  readonly confidenceInterval: readonly [number, number];
  /** The level the interval achieves: the requested one unless it cannot be reached (tiny samples). */
  readonly confidenceLevel: number;
  readonly alternative: Alternative;
  readonly sizes: { readonly baseline: number; readonly canary: number };
  /** True when some pooled values are equal. */
  readonly ties: boolean;
  /** Standard deviation of U under the null (tie-corrected). */
  readonly standardDeviation: number;
  readonly warnings: readonly string[];
}

const ALTERNATIVES: readonly Alternative[] = ['two-sided', 'greater', 'less'];
/** R uses the exact distribution by default when both samples are smaller than this. */
const AUTO_EXACT_BELOW = 50;

/**
 * Wilcoxon rank-sum (Mann-Whitney U) test of canary vs baseline with the Hodges-Lehmann shift.
 *
 * Reference: R `wilcox.test(canary, baseline, conf.int = TRUE)`; Hollander & Wolfe, Nonparametric
 * Statistical Methods, ch. 4. Cost: O((n + m)·log(n + m)) on the normal path (the n·m pairwise
 * differences are never built); the exact path adds O(min(n, m)·n·m) for the distribution.
 *
 * @param baseline baseline values (an array or Float64Array of finite numbers, at least one)
 * @param canary canary values (an array or Float64Array of finite numbers, at least one)
 * @throws {InvalidSampleError} when a side is empty or holds a non-finite value
 * @throws {InvalidOptionError} when an option is outside its range
 *
 * @example
 * mannWhitney([1.1, 2.3, 3.0, 4.2], [5.1, 6.4, 7.2, 8.8]).pValue // => 0.02857142857142857
 */
export function mannWhitney(
  baseline: readonly number[] | Float64Array,
  canary: readonly number[] | Float64Array,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  assertSample(baseline, 'baseline');
  assertSample(canary, 'canary');
  const alternative = options.alternative ?? 'two-sided';
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  const exact = options.exact ?? 'auto';
  const continuityCorrection = options.continuityCorrection ?? true;
  assertOneOf(alternative, ALTERNATIVES, 'alternative');
  assertProbabilityOpen(confidenceLevel, 'confidenceLevel');
  assertOneOf(exact, ['auto', true, false], 'exact');
  if (typeof continuityCorrection !== 'boolean') {
    throw new InvalidOptionError('continuityCorrection', 'a boolean', continuityCorrection);
  }

  const sortedBaseline = sortedCopy(baseline);
  const sortedCanary = sortedCopy(canary);
  const baselineSize = sortedBaseline.length;
  const canarySize = sortedCanary.length;
  const pairs = baselineSize * canarySize;
  const ranks = summariseRanks(sortedBaseline, sortedCanary);
  const pooled = baselineSize + canarySize;
  const variance =
    (pairs / 12) * (pooled + 1 - (pooled > 1 ? ranks.tieCorrection / (pooled * (pooled - 1)) : 0));
  const standardDeviation = Math.sqrt(Math.max(0, variance));
  const sizes = { baseline: baselineSize, canary: canarySize };
  const warnings: string[] = [];

  if (standardDeviation === 0 || ranks.distinctValues === 1) {
    // Every pooled value is the same: nothing can tell the samples apart.
    warnings.push('all values are tied: the samples cannot be told apart');
    return {
      statistic: ranks.canaryU,
      pValue: 1,
      method: 'normal',
      methodDescription: 'Wilcoxon rank sum test (all values tied)',
      estimate: 0,
      confidenceInterval: [0, 0],
      confidenceLevel,
      alternative,
      sizes,
      ties: true,
      standardDeviation: 0,
      warnings,
    };
  }

  const alpha = 1 - confidenceLevel;

  const wantsExact =
    exact === true || (exact === 'auto' && baselineSize < AUTO_EXACT_BELOW && canarySize < AUTO_EXACT_BELOW && !ranks.hasTies);
  let distribution: ExactUDistribution | undefined;
  if (wantsExact) {
    distribution = ranks.hasTies
      ? exactDistributionWithTies(tieGroups(sortedBaseline, sortedCanary), baselineSize, canarySize)
      : exactDistributionWithoutTies(canarySize, baselineSize);
    if (distribution === undefined) {
      warnings.push(
        `exact distribution for sizes ${canarySize} and ${baselineSize}${ranks.hasTies ? ' with ties' : ''} is too costly: used the normal approximation`,
      );
    }
  }

  if (distribution !== undefined) {
    const pValue = exactPValue(distribution, ranks.canaryU, pairs, alternative);
    // The distribution-free interval uses the no-ties distribution of U; with ties it is conservative.
    const intervalDistribution = ranks.hasTies ? exactDistributionWithoutTies(canarySize, baselineSize) : distribution;
    let achievedLevel = confidenceLevel;
    let interval: IntervalRanks;
    if (intervalDistribution === undefined) {
      interval = normalIntervalRanks(pairs, standardDeviation, confidenceLevel, alternative);
    } else {
      interval = exactIntervalRanks(pairs, intervalDistribution, alpha, alternative);
      const achievedAlpha = interval.achievedAlpha as number;
      if (achievedAlpha - alpha > alpha / 2) {
        achievedLevel = 1 - achievedAlpha;
        warnings.push(`requested confidence level ${confidenceLevel} is not achievable with these sizes: achieved ${achievedLevel}`);
      }
    }
    const { estimate, confidenceInterval } = estimateAndInterval(sortedBaseline, sortedCanary, interval);
    if (ranks.hasTies) warnings.push('ties: exact p-value from the permutation distribution given the ties');
    return {
      statistic: ranks.canaryU,
      pValue,
      method: 'exact',
      methodDescription: ranks.hasTies
        ? 'Wilcoxon rank sum exact test (conditional on ties)'
        : 'Wilcoxon rank sum exact test',
      estimate,
      confidenceInterval,
      confidenceLevel: achievedLevel,
      alternative,
      sizes,
      ties: ranks.hasTies,
      standardDeviation,
      warnings,
    };
  }

  const centred = ranks.canaryU - pairs / 2;
  let correction = 0;
  if (continuityCorrection) {
    if (alternative === 'two-sided') correction = Math.sign(centred) * 0.5;
    else correction = alternative === 'greater' ? 0.5 : -0.5;
  }
  const z = (centred - correction) / standardDeviation;
  let pValue: number;
  if (alternative === 'less') pValue = normalLowerTail(z);
  else if (alternative === 'greater') pValue = normalUpperTail(z);
  else pValue = Math.min(1, 2 * Math.min(normalLowerTail(z), normalUpperTail(z)));
  const { estimate, confidenceInterval } = estimateAndInterval(
    sortedBaseline,
    sortedCanary,
    normalIntervalRanks(pairs, standardDeviation, confidenceLevel, alternative),
  );
  return {
    statistic: ranks.canaryU,
    pValue,
    method: 'normal',
    methodDescription: continuityCorrection
      ? 'Wilcoxon rank sum test with continuity correction'
      : 'Wilcoxon rank sum test',
    estimate,
    confidenceInterval,
    confidenceLevel,
    alternative,
    sizes,
    ties: ranks.hasTies,
    standardDeviation,
    warnings,
  };
}

// --- internal ---

function exactPValue(distribution: ExactUDistribution, statistic: number, pairs: number, alternative: Alternative): number {
  if (alternative === 'greater') return distribution.upperTail(statistic);
  if (alternative === 'less') return distribution.lowerTail(statistic);
  // R: double the tail on the side of the mean the statistic falls on.
  const tail = statistic > pairs / 2 ? distribution.upperTail(statistic) : distribution.lowerTail(statistic);
  return Math.min(1, 2 * tail);
}

/** Which order statistics of the pairwise differences bound the interval (undefined: open end). */
interface IntervalRanks {
  readonly lower: number | undefined;
  readonly upper: number | undefined;
  readonly achievedAlpha?: number;
}

/**
 * R's exact interval: order statistics d(qu) and d(n·m − qu + 1) of the pairwise differences,
 * qu the α/2 (or α) quantile of U.
 */
function exactIntervalRanks(
  pairs: number,
  distribution: ExactUDistribution,
  alpha: number,
  alternative: Alternative,
): IntervalRanks {
  let lowerRank = distribution.quantile(alternative === 'two-sided' ? alpha / 2 : alpha);
  if (lowerRank === 0) lowerRank = 1;
  const upperRank = pairs - lowerRank + 1;
  const tailAchieved = distribution.lowerTail(Math.trunc(lowerRank) - 1);
  return {
    lower: alternative === 'less' ? undefined : lowerRank,
    upper: alternative === 'greater' ? undefined : upperRank,
    achievedAlpha: alternative === 'two-sided' ? 2 * tailAchieved : tailAchieved,
  };
}

/**
 * Normal-path interval: order statistics d(k) and d(n·m + 1 − k), k = round(n·m/2 − z·σ_U), with
 * z the one- or two-sided normal quantile and σ_U tie-corrected.
 */
function normalIntervalRanks(
  pairs: number,
  standardDeviation: number,
  confidenceLevel: number,
  alternative: Alternative,
): IntervalRanks {
  const alpha = 1 - confidenceLevel;
  const z = normalQuantile(1 - (alternative === 'two-sided' ? alpha / 2 : alpha));
  const rank = Math.min(pairs, Math.max(1, Math.round(pairs / 2 - z * standardDeviation)));
  const lowerRank = Math.min(rank, pairs + 1 - rank);
  return {
    lower: alternative === 'less' ? undefined : lowerRank,
    upper: alternative === 'greater' ? undefined : pairs + 1 - lowerRank,
  };
}

/** The Hodges-Lehmann median and the interval ends, selected together in one pass. */
function estimateAndInterval(
  sortedBaseline: Float64Array,
  sortedCanary: Float64Array,
  interval: IntervalRanks,
): { estimate: number; confidenceInterval: readonly [number, number] } {
  const middle = medianRanks(sortedBaseline.length * sortedCanary.length);
  const ends = [interval.lower, interval.upper].filter((rank): rank is number => rank !== undefined);
  const values = selectPairwiseDifferences(sortedBaseline, sortedCanary, [...middle, ...ends]);
  const estimate = middle.length === 1 ? (values[0] as number) : ((values[0] as number) + (values[1] as number)) / 2;
  let next = middle.length;
  const lower = interval.lower === undefined ? Number.NEGATIVE_INFINITY : (values[next++] as number);
  const upper = interval.upper === undefined ? Number.POSITIVE_INFINITY : (values[next] as number);
  return { estimate, confidenceInterval: [lower, upper] };
}
