/**
 * Exact null distributions of the Mann-Whitney U statistic.
 *
 * - Without ties, U of a sample of size k against one of size M counts the partitions that fit in
 *   a k × M box, whose generating function is the Gaussian binomial coefficient
 *   Π_{r=1..k} (1 − q^{M+r}) / (1 − q^r). Only the lower half is computed (the distribution is
 *   symmetric), which keeps every step free of cancellation that matters. O(k·n·m/2) time.
 * - With ties, every choice of which pooled values belong to the canary is equally likely given the
 *   tie pattern; the distribution of the canary's (doubled) mid-rank sum is built one pooled value
 *   at a time with the hypergeometric selection probabilities. O(N·k²·(N − k)) time for N pooled
 *   values and the smaller sample of size k.
 * Both refuse (return undefined) past a work limit; the caller then falls back to the normal
 * approximation and says so.
 */
import type { TieGroup } from './rank-sum.js';

/** The most elementary steps an exact distribution may take before the normal approximation is used. */
export const EXACT_WORK_LIMIT = 200_000_000;

/** A discrete distribution of U on the grid 0, step, 2·step, …, n·m. */
export class ExactUDistribution {
  /** Grid spacing: 1 without ties, ½ with ties. */
  readonly step: number;
  private readonly lowerCumulative: Float64Array;
  private readonly upperCumulative: Float64Array;

  constructor(probabilities: Float64Array, step: number) {
    this.step = step;
    const size = probabilities.length;
    this.lowerCumulative = new Float64Array(size);
    this.upperCumulative = new Float64Array(size);
    let running = 0;
    for (let index = 0; index < size; index++) {
      running += probabilities[index] as number;
      this.lowerCumulative[index] = running;
    }
    running = 0;
    for (let index = size - 1; index >= 0; index--) {
      running += probabilities[index] as number;
      this.upperCumulative[index] = running;
    }
  }

  /** P(U ≤ u), summed from the bottom (never as 1 − p). */
  lowerTail(u: number): number {
    const index = Math.floor(u / this.step + 1e-7);
    if (index < 0) return 0;
    if (index >= this.lowerCumulative.length) return 1;
    return Math.min(1, this.lowerCumulative[index] as number);
  }

  /** P(U ≥ u), summed from the top (never as 1 − p). */
  upperTail(u: number): number {
    const index = Math.ceil(u / this.step - 1e-7);
    if (index <= 0) return 1;
    if (index >= this.upperCumulative.length) return 0;
    return Math.min(1, this.upperCumulative[index] as number);
  }

  /**
   * The smallest q on the grid with P(U ≤ q) ≥ p, with the same 10·ε fuzz R's `qwilcox` applies,
   * so that interval order statistics agree with R.
   */
  quantile(p: number): number {
    const fuzz = 10 * Number.EPSILON;
    const size = this.lowerCumulative.length;
    if (p <= 0.5) {
      const target = p - fuzz;
      for (let index = 0; index < size; index++) {
        if ((this.lowerCumulative[index] as number) >= target) return index * this.step;
      }
      return (size - 1) * this.step;
    }
    // Walk down from the top so that the summed tail is the small one, as R does.
    const target = 1 - p + fuzz;
    for (let index = size - 1; index >= 0; index--) {
      if ((this.upperCumulative[index] as number) > target) return index * this.step;
    }
    return 0;
  }
}

/**
 * The exact distribution of U for samples of sizes n and m without ties (R's `dwilcox`), or
 * undefined when it would take more than EXACT_WORK_LIMIT steps.
 *
 * @example
 * exactDistributionWithoutTies(2, 2)?.lowerTail(0) // => 0.16666666666666666
 */
export function exactDistributionWithoutTies(n: number, m: number): ExactUDistribution | undefined {
  const smaller = Math.min(n, m);
  const larger = Math.max(n, m);
  const total = n * m;
  const half = Math.floor(total / 2);
  if (smaller * (half + 1) > EXACT_WORK_LIMIT) return undefined;
  const counts = new Float64Array(half + 1);
  counts[0] = 1;
  for (let part = 1; part <= smaller; part++) {
    // Divide by (1 − q^part): a running sum with stride `part`.
    for (let index = part; index <= half; index++) counts[index] = (counts[index] as number) + (counts[index - part] as number);
    // Multiply by (1 − q^(larger + part)).
    const shift = larger + part;
    for (let index = half; index >= shift; index--) counts[index] = (counts[index] as number) - (counts[index - shift] as number);
    if ((counts[half] as number) > 1e250) {
      for (let index = 0; index <= half; index++) counts[index] = (counts[index] as number) * 1e-250;
    }
  }
  const probabilities = new Float64Array(total + 1);
  let sum = 0;
  for (let index = 0; index <= half; index++) {
    const mirror = total - index;
    sum += mirror === index ? (counts[index] as number) : 2 * (counts[index] as number);
  }
  for (let index = 0; index <= half; index++) {
    const probability = (counts[index] as number) / sum;
    probabilities[index] = probability;
    probabilities[total - index] = probability;
  }
  return new ExactUDistribution(probabilities, 1);
}

/**
 * The exact permutation distribution of the canary's U given the tie pattern, or undefined when
 * it would take more than EXACT_WORK_LIMIT steps. `groups` lists the pooled values in ascending
 * order with their multiplicities (see summariseRanks).
 *
 * @example
 * exactDistributionWithTies([{ size: 2, canaryCount: 1 }, { size: 1, canaryCount: 1 }], 1, 2)?.upperTail(1.5) // => 0.6666666666666666
 */
export function exactDistributionWithTies(
  groups: readonly TieGroup[],
  baselineSize: number,
  canarySize: number,
): ExactUDistribution | undefined {
  const pooled = baselineSize + canarySize;
  // Track the smaller sample; its U converts to the canary's at the end.
  const chosenIsCanary = canarySize <= baselineSize;
  const chosen = chosenIsCanary ? canarySize : baselineSize;
  let work = 0;
  for (let count = 0; count <= chosen; count++) work += 2 * count * (pooled - count) + 1;
  if (work * pooled > EXACT_WORK_LIMIT) return undefined;

  // layers[j][s]: probability that j of the values seen so far are chosen and their doubled
  // mid-rank sum is j(j+1) + s (the smallest doubled sum j values can have).
  const layers: Float64Array[] = [];
  for (let count = 0; count <= chosen; count++) layers.push(new Float64Array(2 * count * (pooled - count) + 1));
  (layers[0] as Float64Array)[0] = 1;

  let seen = 0;
  for (const group of groups) {
    const doubledMidRank = 2 * seen + group.size + 1;
    for (let member = 0; member < group.size; member++) {
      const remaining = pooled - seen;
      const highest = Math.min(seen + 1, chosen);
      const lowest = Math.max(0, chosen - (remaining - 1));
      for (let count = highest; count >= lowest; count--) {
        const layer = layers[count] as Float64Array;
        const skipWeight = (remaining - (chosen - count)) / remaining;
        if (count <= seen) {
          for (let index = 0; index < layer.length; index++) layer[index] = (layer[index] as number) * skipWeight;
        } else {
          layer.fill(0);
        }
        if (count === 0) continue;
        const previous = layers[count - 1] as Float64Array;
        const chooseWeight = (chosen - (count - 1)) / remaining;
        const shift = doubledMidRank - 2 * count;
        const from = Math.max(0, -shift);
        const to = Math.min(previous.length, layer.length - shift);
        for (let index = from; index < to; index++) {
          const probability = previous[index] as number;
          if (probability !== 0) layer[index + shift] = (layer[index + shift] as number) + probability * chooseWeight;
        }
      }
      seen++;
    }
  }

  // s = 2·U of the chosen sample; U_canary = n·m − U_baseline.
  const final = layers[chosen] as Float64Array;
  const probabilities = new Float64Array(2 * baselineSize * canarySize + 1);
  for (let index = 0; index < final.length; index++) {
    const target = chosenIsCanary ? index : probabilities.length - 1 - index;
    probabilities[target] = final[index] as number;
  }
  return new ExactUDistribution(probabilities, 0.5);
}
