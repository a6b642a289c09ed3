/**
 * Serial dependence of a metric's points, and how much it widens the metric's intervals.
 *
 * Per-minute metrics are autocorrelated: a slow minute tends to be followed by another. The tests
 * assume independent points, so their intervals are too narrow on such series and a judge that
 * ignores it fails healthy canaries. Here the lag-1 autocorrelation is estimated from the points
 * in time order, an AR(1) model turns it into a variance inflation factor, and the intervals are
 * widened by it (value tests) or the counts are scaled down to effective counts (rate test).
 *
 * - Value tests: the autocorrelation of each side's values winsorized at that side's 5th and 95th
 *   percentiles (robust to heavy tails, O(n) from the sorted copy the judge already has, and close
 *   to the plain autocorrelation for Gaussian series), pooled over both sides (the same metric on
 *   the same infrastructure) and corrected for its small-sample bias.
 * - Rate test: the autocorrelation of the per-point Pearson residuals, and the Pearson dispersion
 *   (extra-binomial variation, e.g. zero-inflated error counts), both pooled over the sides.
 *
 * Dependence is only ever used to widen: a negative estimate counts as none. Pure, O(n).
 */
import { ar1VarianceInflation } from '../stats/long-run-variance.js';
import { studentTUpperQuantile } from '../stats/student-t.js';

/** Largest autocorrelation used (an estimate above it is capped): keeps the inflation finite. */
export const MAX_AUTOCORRELATION = 0.95;
/** Fewest points per side for an estimate. */
export const MIN_POINTS_FOR_AUTOCORRELATION = 5;
/** From this many points per side (on average) the lag-1 estimate is bias-corrected. */
export const MIN_POINTS_FOR_BIAS_CORRECTION = 10;

/** What was estimated for one metric and how it changes its intervals. */
export interface Dependence {
  /** Sample lag-1 autocorrelation of each side (winsorized values for value tests, Pearson residuals for rates); null when it cannot be estimated. */
  readonly baseline: number | null;
  readonly canary: number | null;
  /** The pooled, bias-corrected lag-1 autocorrelation the adjustment uses, in [0, MAX_AUTOCORRELATION]. */
  readonly used: number;
  /** Rate metrics: pooled Pearson dispersion (1 = binomial variation; the adjustment uses at least 1); null for value tests or without events. */
  readonly dispersion: number | null;
  /** Variance of each side's estimate relative to independent points (≥ 1). */
  readonly varianceInflation: { readonly baseline: number; readonly canary: number };
  /** Independent points (value tests) or totals (rates) the data is worth: size ÷ inflation. */
  readonly effectiveSizes: { readonly baseline: number; readonly canary: number };
  /** Factor the interval half-widths were multiplied by (1 = unchanged); for rates, √ of the pooled inflation. */
  readonly widening: number;
}

export { ar1VarianceInflation } from '../stats/long-run-variance.js';

/**
 * The lag-1 autocorrelation of a series about its own mean: Σ (x_t − x̄)(x_{t+1} − x̄) / Σ (x_t − x̄)².
 * Null for fewer than `MIN_POINTS_FOR_AUTOCORRELATION` points or a constant series.
 *
 * @example
 * lag1Autocorrelation([1, 2, 3, 4, 5, 6]) // => 0.5
 */
export function lag1Autocorrelation(series: ArrayLike<number>): number | null {
  const parts = lag1Parts(series);
  return parts === null ? null : parts.numerator / parts.denominator;
}

interface Lag1Parts {
  readonly numerator: number;
  readonly denominator: number;
  readonly n: number;
}

function lag1Parts(series: ArrayLike<number>): Lag1Parts | null {
  const n = series.length;
  if (n < MIN_POINTS_FOR_AUTOCORRELATION) return null;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += series[i] as number;
  mean /= n;
  let denominator = 0;
  let numerator = 0;
  let previous = (series[0] as number) - mean;
  denominator += previous * previous;
  for (let i = 1; i < n; i++) {
    const current = (series[i] as number) - mean;
    denominator += current * current;
    numerator += previous * current;
    previous = current;
  }
  if (!(denominator > 0) || !Number.isFinite(denominator)) return null;
  return { numerator, denominator, n };
}

/** Share cut from each tail before the lag-1 autocorrelation of values is taken. */
export const WINSORIZED_SHARE = 0.05;

/**
 * A series in its own order with values beyond its `share` and 1 − `share` order statistics (read
 * from its sorted copy) pulled in to them: extreme points then weigh like ordinary high or low ones.
 *
 * @example
 * Array.from(winsorize([5, 100, 1, 2, 3, 4, 6, 7, 8, 9], Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]), 0.1)) // => [5, 9, 2, 2, 3, 4, 6, 7, 8, 9]
 */
export function winsorize(series: ArrayLike<number>, sorted: Float64Array, share: number = WINSORIZED_SHARE): Float64Array {
  const n = sorted.length;
  const clipped = new Float64Array(series.length);
  if (n === 0) return clipped;
  const cut = Math.floor(share * n);
  const low = sorted[Math.min(cut, n - 1)] as number;
  const high = sorted[Math.max(n - 1 - cut, 0)] as number;
  for (let i = 0; i < series.length; i++) {
    const value = series[i] as number;
    clipped[i] = value < low ? low : value > high ? high : value;
  }
  return clipped;
}

/**
 * Pools the lag-1 parts of both sides and removes the small-sample bias of the estimate
 * (E ρ̂ ≈ ρ − (1 + 4ρ)/n for an AR(1) series with unknown mean; Marriott & Pope 1954), then clamps
 * to [0, MAX_AUTOCORRELATION]. Null when neither side gives an estimate.
 */
function pooledAutocorrelation(parts: readonly (Lag1Parts | null)[]): number | null {
  let numerator = 0;
  let denominator = 0;
  let points = 0;
  let sides = 0;
  for (const part of parts) {
    if (part === null) continue;
    numerator += part.numerator;
    denominator += part.denominator;
    points += part.n;
    sides++;
  }
  if (sides === 0) return null;
  const raw = numerator / denominator;
  const n = points / sides;
  const corrected = n >= MIN_POINTS_FOR_BIAS_CORRECTION ? (n * raw + 1) / (n - 4) : raw;
  return Math.min(MAX_AUTOCORRELATION, Math.max(0, corrected));
}

function ratio(parts: Lag1Parts | null): number | null {
  return parts === null ? null : parts.numerator / parts.denominator;
}

/**
 * The interval widening for a two-sample estimate whose sides have the given sizes and variance
 * inflations: √(pooled inflation) × t(ν_eff)/t(ν) at the interval's level, where the pooled
 * inflation weights each side by 1/n (its share of the variance of a difference), ν = n_b + n_c − 2
 * and ν_eff the same with effective sizes (the interval rests on fewer independent points).
 *
 * @example
 * wideningFactor({ baseline: 100, canary: 100 }, { baseline: 1, canary: 1 }, 0.95) // => 1
 */
export function wideningFactor(
  sizes: { readonly baseline: number; readonly canary: number },
  inflation: { readonly baseline: number; readonly canary: number },
  level: number,
): number {
  if (inflation.baseline <= 1 && inflation.canary <= 1) return 1;
  const shareBaseline = 1 / sizes.baseline;
  const shareCanary = 1 / sizes.canary;
  const pooled = (shareBaseline * inflation.baseline + shareCanary * inflation.canary) / (shareBaseline + shareCanary);
  const upper = (1 - level) / 2;
  const degrees = Math.max(1, sizes.baseline + sizes.canary - 2);
  const effectiveDegrees = Math.max(1, sizes.baseline / inflation.baseline + sizes.canary / inflation.canary - 2);
  const tRatio = studentTUpperQuantile(upper, effectiveDegrees) / studentTUpperQuantile(upper, degrees);
  const factor = Math.sqrt(pooled) * (Number.isFinite(tRatio) && tRatio > 1 ? tRatio : 1);
  return Number.isFinite(factor) ? factor : Number.POSITIVE_INFINITY;
}

/**
 * Dependence of a value metric: lag-1 autocorrelation of each side's winsorized values in time
 * order, pooled and bias-corrected, the AR(1) inflation it implies and the resulting interval widening.
 *
 * @example
 * const side = (values) => ({ ordered: Float64Array.from(values), sorted: Float64Array.from(values).sort() });
 * estimateValueDependence(side([5, 1, 4, 2, 3, 6, 0, 7, 2, 5]), side([1, 6, 2, 5, 3, 4, 0, 7, 2, 6]), 0.95).used // => 0
 */
export function estimateValueDependence(
  baseline: { readonly ordered: Float64Array; readonly sorted: Float64Array },
  canary: { readonly ordered: Float64Array; readonly sorted: Float64Array },
  level: number,
): Dependence {
  const baselineParts = lag1Parts(winsorize(baseline.ordered, baseline.sorted));
  const canaryParts = lag1Parts(winsorize(canary.ordered, canary.sorted));
  const used = pooledAutocorrelation([baselineParts, canaryParts]) ?? 0;
  const sizes = { baseline: baseline.ordered.length, canary: canary.ordered.length };
  const varianceInflation = {
    baseline: ar1VarianceInflation(sizes.baseline, used),
    canary: ar1VarianceInflation(sizes.canary, used),
  };
  return {
    baseline: ratio(baselineParts),
    canary: ratio(canaryParts),
    used,
    dispersion: null,
    varianceInflation,
    effectiveSizes: {
      baseline: sizes.baseline / varianceInflation.baseline,
      canary: sizes.canary / varianceInflation.canary,
    },
    widening: wideningFactor(sizes, varianceInflation, level),
  };
}

/** Per-point counts of one side of a rate metric, in time order (points with a total > 0). */
export interface CountPoints {
  readonly events: Float64Array;
  readonly total: Float64Array;
}

interface ResidualParts {
  readonly lag1: Lag1Parts | null;
  /** Σ Pearson residual², and the points it sums over. */
  readonly chiSquare: number;
  readonly points: number;
}

function pearsonResiduals(side: CountPoints): ResidualParts | null {
  let events = 0;
  let total = 0;
  for (let i = 0; i < side.events.length; i++) {
    events += side.events[i] as number;
    total += side.total[i] as number;
  }
  if (!(total > 0)) return null;
  const rate = events / total;
  if (rate <= 0 || rate >= 1) return null;
  const residuals = new Float64Array(side.events.length);
  let chiSquare = 0;
  for (let i = 0; i < side.events.length; i++) {
    const expected = (side.total[i] as number) * rate;
    const residual = ((side.events[i] as number) - expected) / Math.sqrt(expected * (1 - rate));
    residuals[i] = residual;
    chiSquare += residual * residual;
  }
  return { lag1: lag1Parts(residuals), chiSquare, points: side.events.length };
}

/**
 * Dependence of a rate metric: the Pearson dispersion of the per-point counts (pooled over the
 * sides, at least 1 when used) times the AR(1) inflation of the residuals' lag-1 autocorrelation.
 * The test then runs on effective counts: events and totals divided by the inflation.
 *
 * @example
 * const points = (events, total) => ({ events: Float64Array.from(events), total: Float64Array.from(total) });
 * estimateRateDependence(points([0, 0, 0, 0, 0], [9, 9, 9, 9, 9]), points([0, 0, 0, 0, 0], [9, 9, 9, 9, 9])).widening // => 1
 */
export function estimateRateDependence(baseline: CountPoints, canary: CountPoints): Dependence {
  const baselineParts = pearsonResiduals(baseline);
  const canaryParts = pearsonResiduals(canary);
  const used = pooledAutocorrelation([baselineParts?.lag1 ?? null, canaryParts?.lag1 ?? null]) ?? 0;
  let chiSquare = 0;
  let degrees = 0;
  for (const part of [baselineParts, canaryParts]) {
    if (part === null || part.points < 2) continue;
    chiSquare += part.chiSquare;
    degrees += part.points - 1;
  }
  const dispersion = degrees > 0 ? chiSquare / degrees : null;
  const scale = Math.max(1, dispersion ?? 1);
  const varianceInflation = {
    baseline: scale * ar1VarianceInflation(baseline.events.length, used),
    canary: scale * ar1VarianceInflation(canary.events.length, used),
  };
  const totals = { baseline: sumOf(baseline.total), canary: sumOf(canary.total) };
  const pooled = (varianceInflation.baseline + varianceInflation.canary) / 2;
  return {
    baseline: ratio(baselineParts?.lag1 ?? null),
    canary: ratio(canaryParts?.lag1 ?? null),
    used,
    dispersion,
    varianceInflation,
    effectiveSizes: { baseline: totals.baseline / varianceInflation.baseline, canary: totals.canary / varianceInflation.canary },
    widening: Math.sqrt(pooled),
  };
}

function sumOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum;
}

/** No adjustment (dependence ignored by configuration, or nothing to estimate). */
export function noDependence(sizes: { readonly baseline: number; readonly canary: number }): Dependence {
  return {
    baseline: null,
    canary: null,
    used: 0,
    dispersion: null,
    varianceInflation: { baseline: 1, canary: 1 },
    effectiveSizes: { baseline: sizes.baseline, canary: sizes.canary },
    widening: 1,
  };
}
