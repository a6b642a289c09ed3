/**
 * Rate ratio and rate difference of two count series stratified by time step (Mantel–Haenszel).
 * Each step t is a stratum with canary a_t events of n1_t and baseline b_t events of n0_t
 * (N_t = n0_t + n1_t); load that moves both sides at the same step cancels out of the comparison.
 *
 * - Ratio: RR = Σ a·n0/N ÷ Σ b·n1/N. Variance of log RR: the larger of Greenland & Robins (1985),
 *   valid for binomial counts in each step, and a sandwich from the long-run variance of the
 *   estimating-equation terms u_t = (a·n0 − RR·b·n1)/N, which also holds for over-dispersed and
 *   autocorrelated steps (Var Σu ≈ n·σ²_LR(u), Var log RR ≈ n·σ²_LR(u)/(Σ a·n0/N)²).
 * - Difference: RD = Σ (a·n0 − b·n1)/N ÷ Σ n0·n1/N, with the larger of the binomial variance
 *   (pooled rates per side) and the long-run sandwich of v_t = (a·n0 − b·n1)/N − RD·n0·n1/N.
 * The t quantile uses the effective size of the sandwich's series.
 */
import { InvalidSampleError } from '../shared/errors.js';
import { longRunVariance, type LongRunVariance } from './long-run-variance.js';
import { twoSidedT } from './paired-mean.js';
import { normalUpperTail } from './normal-distribution.js';

/** The per-step counts of one side, aligned with the other side's. */
export interface StepCounts {
  readonly events: ArrayLike<number>;
  readonly total: ArrayLike<number>;
}

/** The stratified comparison. */
export interface MantelHaenszelResult {
  /** Mantel–Haenszel rate ratio canary/baseline; null when neither side has an event. */
  readonly ratio: number | null;
  readonly ratioInterval: readonly [number, number];
  /** Mantel–Haenszel rate difference canary − baseline. */
  readonly difference: number;
  readonly differenceInterval: readonly [number, number];
  /** Two-sided p-value of "ratio 1" (log scale, the variance used). */
  readonly pValue: number;
  /** Steps with a total on both sides (the strata used). */
  readonly strata: number;
  readonly dependence: LongRunVariance | null;
}

/**
 * Mantel–Haenszel rate ratio and difference of time-aligned counts.
 *
 * @example
 * const side = (events, total) => ({ events, total });
 * mantelHaenszel(side([1, 2, 1, 2], [100, 200, 100, 200]), side([2, 4, 2, 4], [100, 200, 100, 200]), { confidenceLevel: 0.95 }).ratio // => 2
 */
export function mantelHaenszel(
  baseline: StepCounts,
  canary: StepCounts,
  options: { readonly confidenceLevel: number; readonly dependence?: boolean },
): MantelHaenszelResult {
  const steps = baseline.events.length;
  if (baseline.total.length !== steps || canary.events.length !== steps || canary.total.length !== steps) {
    throw new InvalidSampleError('both', 'the stratified rate test needs the same number of steps on both sides, events and totals alike');
  }
  const a: number[] = [];
  const n1: number[] = [];
  const b: number[] = [];
  const n0: number[] = [];
  for (let t = 0; t < steps; t++) {
    const canaryTotal = canary.total[t] as number;
    const baselineTotal = baseline.total[t] as number;
    if (!(canaryTotal > 0) || !(baselineTotal > 0)) continue;
    a.push(canary.events[t] as number);
    n1.push(canaryTotal);
    b.push(baseline.events[t] as number);
    n0.push(baselineTotal);
  }
  const strata = a.length;
  if (strata < 2) throw new InvalidSampleError('both', `the stratified rate test needs at least 2 steps with traffic on both sides, received ${strata}`);
  let sa = 0;
  let sb = 0;
  let grNumerator = 0;
  let weight = 0;
  let eventsA = 0;
  let eventsB = 0;
  let totalA = 0;
  let totalB = 0;
  let differenceNumerator = 0;
  for (let t = 0; t < strata; t++) {
    const N = (n0[t] as number) + (n1[t] as number);
    const at = a[t] as number;
    const bt = b[t] as number;
    sa += (at * (n0[t] as number)) / N;
    sb += (bt * (n1[t] as number)) / N;
    grNumerator += ((n1[t] as number) * (n0[t] as number) * (at + bt) - at * bt * N) / (N * N);
    weight += ((n0[t] as number) * (n1[t] as number)) / N;
    differenceNumerator += (at * (n0[t] as number) - bt * (n1[t] as number)) / N;
    eventsA += at;
    eventsB += bt;
    totalA += n1[t] as number;
    totalB += n0[t] as number;
  }
  const dependenceWanted = options.dependence !== false;
  const z = (df: number) => twoSidedT(options.confidenceLevel, df);

  // Difference.
  const difference = differenceNumerator / weight;
  const v = new Float64Array(strata);
  for (let t = 0; t < strata; t++) {
    const N = (n0[t] as number) + (n1[t] as number);
    v[t] = ((a[t] as number) * (n0[t] as number) - (b[t] as number) * (n1[t] as number)) / N - (difference * (n0[t] as number) * (n1[t] as number)) / N;
  }
  const differenceDependence = longRunVariance(v, { dependence: dependenceWanted });
  const rateA = eventsA / totalA;
  const rateB = eventsB / totalB;
  let binomial = 0;
  for (let t = 0; t < strata; t++) {
    const w = ((n0[t] as number) * (n1[t] as number)) / ((n0[t] as number) + (n1[t] as number));
    binomial += w * w * ((rateA * (1 - rateA)) / (n1[t] as number) + (rateB * (1 - rateB)) / (n0[t] as number));
  }
  const sandwichDifference = strata * differenceDependence.longRun;
  const differenceVariance = Math.max(binomial, sandwichDifference) / (weight * weight);
  const differenceDf = sandwichDifference >= binomial ? differenceDependence.effectiveSize - 1 : Number.POSITIVE_INFINITY;
  const differenceHalf = z(differenceDf) * Math.sqrt(differenceVariance);
  const differenceInterval: readonly [number, number] = [difference - differenceHalf, difference + differenceHalf];

  if (sa === 0 && sb === 0) {
    return { ratio: null, ratioInterval: [0, Number.POSITIVE_INFINITY], difference, differenceInterval, pValue: 1, strata, dependence: differenceDependence };
  }
  if (sa === 0 || sb === 0) {
    // A log ratio without events on one side is undefined; the caller uses the unpaired exact test.
    throw new InvalidSampleError('both', 'the stratified rate ratio needs events on both sides');
  }
  const ratio = sa / sb;
  const u = new Float64Array(strata);
  for (let t = 0; t < strata; t++) {
    const N = (n0[t] as number) + (n1[t] as number);
    u[t] = ((a[t] as number) * (n0[t] as number) - ratio * (b[t] as number) * (n1[t] as number)) / N;
  }
  const dependence = longRunVariance(u, { dependence: dependenceWanted });
  const greenlandRobins = grNumerator / (sa * sb);
  const sandwich = (strata * dependence.longRun) / (sa * sa);
  const logVariance = Math.max(greenlandRobins, sandwich);
  const ratioDf = sandwich >= greenlandRobins ? dependence.effectiveSize - 1 : Number.POSITIVE_INFINITY;
  const half = z(ratioDf) * Math.sqrt(logVariance);
  const logRatio = Math.log(ratio);
  const pValue = Math.min(1, 2 * normalUpperTail(Math.abs(logRatio) / Math.sqrt(logVariance)));
  return {
    ratio,
    ratioInterval: [Math.exp(logRatio - half), Math.exp(logRatio + half)],
    difference,
    differenceInterval,
    pValue,
    strata,
    dependence,
  };
}
