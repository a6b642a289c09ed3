/**
 * The Mann-Whitney U statistic and the tie structure of two samples, read off their sorted copies
 * in one merge pass (O(n + m)), without building a rank array.
 */

/** A run of equal values in the pooled sample. */
export interface TieGroup {
  /** How many pooled values share this value. */
  readonly size: number;
  /** How many of them come from the canary. */
  readonly canaryCount: number;
}

export interface RankSummary {
  /** U of the canary: #{canary_i > baseline_j} + ½·#{canary_i = baseline_j}. */
  readonly canaryU: number;
  /** Σ (t³ − t) over the groups of tied pooled values (0 when there are no ties). */
  readonly tieCorrection: number;
  /** True when any two pooled values are equal. */
  readonly hasTies: boolean;
  /** How many distinct values the pooled sample has. */
  readonly distinctValues: number;
}

/**
 * Computes U of the canary and the tie structure from both samples sorted ascending.
 *
 * @example
 * summariseRanks(Float64Array.of(1, 2), Float64Array.of(2, 3)).canaryU // => 3.5
 */
export function summariseRanks(sortedBaseline: ArrayLike<number>, sortedCanary: ArrayLike<number>): RankSummary {
  let canaryU = 0;
  let tieCorrection = 0;
  let distinctValues = 0;
  forEachPooledValue(sortedBaseline, sortedCanary, (baselineBelow, baselineCount, canaryCount) => {
    // Each canary value here beats every baseline value already passed and ties with this group's.
    canaryU += canaryCount * (baselineBelow + 0.5 * baselineCount);
    const size = baselineCount + canaryCount;
    tieCorrection += size * size * size - size;
    distinctValues++;
  });
  return { canaryU, tieCorrection, hasTies: tieCorrection > 0, distinctValues };
}

/**
 * Every distinct pooled value in ascending order with its multiplicity and how many of its copies
 * are canary values: the tie pattern the exact distribution with ties needs.
 *
 * @example
 * tieGroups(Float64Array.of(1, 2), Float64Array.of(2, 3)) // => [{ size: 1, canaryCount: 0 }, { size: 2, canaryCount: 1 }, { size: 1, canaryCount: 1 }]
 */
export function tieGroups(sortedBaseline: ArrayLike<number>, sortedCanary: ArrayLike<number>): TieGroup[] {
  const groups: TieGroup[] = [];
  forEachPooledValue(sortedBaseline, sortedCanary, (_baselineBelow, baselineCount, canaryCount) => {
    groups.push({ size: baselineCount + canaryCount, canaryCount });
  });
  return groups;
}

// --- internal ---

/** Merges the two sorted samples, calling `visit` once per distinct value. */
function forEachPooledValue(
  sortedBaseline: ArrayLike<number>,
  sortedCanary: ArrayLike<number>,
  visit: (baselineBelow: number, baselineCount: number, canaryCount: number) => void,
): void {
  const baselineSize = sortedBaseline.length;
  const canarySize = sortedCanary.length;
  let baselineIndex = 0;
  let canaryIndex = 0;
  while (baselineIndex < baselineSize || canaryIndex < canarySize) {
    const nextBaseline = baselineIndex < baselineSize ? (sortedBaseline[baselineIndex] as number) : Number.POSITIVE_INFINITY;
    const nextCanary = canaryIndex < canarySize ? (sortedCanary[canaryIndex] as number) : Number.POSITIVE_INFINITY;
    const value = Math.min(nextBaseline, nextCanary);
    let baselineCount = 0;
    while (baselineIndex < baselineSize && sortedBaseline[baselineIndex] === value) {
      baselineIndex++;
      baselineCount++;
    }
    let canaryCount = 0;
    while (canaryIndex < canarySize && sortedCanary[canaryIndex] === value) {
      canaryIndex++;
      canaryCount++;
    }
    visit(baselineIndex - baselineCount, baselineCount, canaryCount);
  }
}
