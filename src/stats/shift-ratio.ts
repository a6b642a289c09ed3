/**
 * The Hodges-Lehmann shift relative to the baseline median, Δ/|M|, with an interval that carries
 * the uncertainty of both the shift and the median (a Fieller-type interval). Internal: used by
 * the judge's `mann-whitney` test; not part of the package's API.
 */
import { normalQuantile } from './normal-distribution.js';
import { quantileSorted } from './quantile.js';

/** An interval; an end may be ±Infinity (an unbounded confidence set). */
export type RatioInterval = readonly [number, number];

/** Options of {@link shiftRatio}. */
export interface ShiftRatioOptions {
  /** Level of the shift's interval, and of the median's interval built here. */
  readonly confidenceLevel: number;
  /**
   * Factor both half-widths (shift and median) are taken to be widened by, e.g. for serially
   * dependent points; the ratio's interval is then built from the widened parts. @default 1
   */
  readonly widening?: number;
}

/** The relative shift Δ/|M| and its interval. */
export interface ShiftRatioResult {
  /** Δ̂ / |M̂|. */
  readonly estimate: number;
  /** Interval for Δ/|M|: [-Infinity, Infinity] when the set is unbounded (see `bounded`). */
  readonly interval: RatioInterval;
  /** False when |M| is not clearly away from 0: the confidence set is then not an interval. */
  readonly bounded: boolean;
  /** The baseline median M̂. */
  readonly median: number;
  /** The baseline median's interval the ratio used (widened by `widening`). */
  readonly medianInterval: RatioInterval;
  /** Asymptotic correlation of Δ̂ and M̂ used (−(√3/2)·√(m/(n + m))). */
  readonly correlation: number;
}

/**
 * Distribution-free interval for the median of sorted values: the order statistics at ranks
 * (n + 1)/2 ∓ z·√n/2 (1-based), linearly interpolated between neighbours and clamped to the sample.
 * Each half-width estimates z times the median's standard error on its side (McKean & Schrader
 * 1984, who use the same two order statistics, divided by 2z, as the standard error); interpolation
 * avoids the jumps of whole ranks. O(1).
 *
 * @example
 * medianIntervalOfSorted(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), 1.959963984540054)[0] // => 2.060054023189919
 */
export function medianIntervalOfSorted(sorted: ArrayLike<number>, z: number): RatioInterval {
  const n = sorted.length;
  const reach = (z * Math.sqrt(n)) / 2;
  return [interpolatedOrderStatistic(sorted, (n + 1) / 2 - reach), interpolatedOrderStatistic(sorted, (n + 1) / 2 + reach)];
}

/** x(rank) for a real 1-based rank, interpolated linearly and clamped to [x(1), x(n)]. */
function interpolatedOrderStatistic(sorted: ArrayLike<number>, rank: number): number {
  const n = sorted.length;
  if (!(rank > 1)) return sorted[0] as number;
  if (rank >= n) return sorted[n - 1] as number;
  const below = Math.floor(rank);
  const fraction = rank - below;
  const low = sorted[below - 1] as number;
  const high = sorted[below] as number;
  return fraction === 0 || low === high ? low : low + fraction * (high - low);
}

/**
 * The Hodges-Lehmann shift Δ̂ (canary − baseline) relative to the baseline median M̂, Δ̂/|M̂|, with
 * a Fieller-type interval for Δ/|M|. Null when M̂ = 0 (no relative change exists).
 *
 * Method. Write M for |M| (the data is reflected when the median is negative). For a candidate
 * ratio r, T(r) = Δ̂ − r·M̂ estimates Δ − r·M, which is 0 exactly when r is the true ratio; the
 * interval is every r that T(r) does not reject at the given level:
 *   (Δ̂ − r·M̂)² ≤ h_Δ² − 2·r·ρ·h_Δ·h_M + r²·h_M²
 * where h_Δ is a half-width of the shift's interval (distribution-free, from the rank test), h_M a
 * half-width of the median's order-statistic interval ({@link medianIntervalOfSorted}), both z
 * times a standard error at the same level, and ρ the correlation of Δ̂ and M̂. Each end is the
 * root of this quadratic on its side of Δ̂/M̂, taking the half-widths on the side that matters
 * (the lower end guards against Δ̂ too high and, for r > 0, M̂ too low: h_Δ below the shift and
 * h_M above the median; the upper end the reverse), so the skew of both intervals is kept. With
 * h_M = 0 it is the shift's interval divided by |M̂|, as before.
 *
 * Correlation. Both estimators are asymptotically linear in the baseline values: Δ̂ through
 * −F(X_i)/∫f², M̂ through −1{X_i ≤ M}/f(M). Cov(F(X), 1{X ≤ M}) = −1/8 for any continuous F, so
 * corr(Δ̂, M̂) = −(√3/2)·√(m/(n + m)) (n baseline, m canary values) under a shift model, whatever
 * the distribution: −0.61 for equal sizes. A high baseline median goes with a low shift, so
 * Var(Δ̂ − r·M̂) grows for r > 0 (the case of a harmful rise) and shrinks for r < 0.
 *
 * Unbounded. When the median's interval on the side towards 0 reaches 0 (M − h_M ≤ 0), |M| is not
 * clearly non-zero and the set is the whole line or two half-lines; both are reported as
 * [-Infinity, Infinity] with `bounded: false`, as for the ratio of means.
 *
 * `widening` multiplies every half-width (zero ones stay zero), which is Fieller's interval with
 * both variances inflated by its square. O(1) given sorted data.
 *
 * @example
 * shiftRatio(10, [6, 14], Float64Array.from([90, 95, 100, 105, 110]), 5, { confidenceLevel: 0.95 })?.estimate // => 0.1
 */
export function shiftRatio(
  shift: number,
  shiftInterval: RatioInterval,
  sortedBaseline: ArrayLike<number>,
  canarySize: number,
  options: ShiftRatioOptions,
): ShiftRatioResult | null {
  const n = sortedBaseline.length;
  if (n === 0) return null;
  const median = quantileSorted(sortedBaseline, 0.5, 7);
  if (median === 0 || !Number.isFinite(median)) return null;
  const widening = options.widening ?? 1;
  const z = normalQuantile(1 - (1 - options.confidenceLevel) / 2);
  const [medianLow, medianHigh] = medianIntervalOfSorted(sortedBaseline, z);
  const widen = (halfWidth: number): number => (halfWidth > 0 ? halfWidth * widening : 0);
  const medianBelow = widen(median - medianLow);
  const medianAbove = widen(medianHigh - median);
  const medianInterval: RatioInterval = [median - medianBelow, median + medianAbove];
  const correlation = -(Math.sqrt(3) / 2) * Math.sqrt(canarySize / (n + canarySize));

  // Reflect a negative median: M = |M̂|, its half-widths swap sides and the correlation changes sign.
  const negative = median < 0;
  const scale = Math.abs(median);
  const rho = negative ? -correlation : correlation;
  // Half-widths of |M|'s interval: towards 0 (an overshoot of |M̂|) and away from 0 (an undershoot).
  const towardsZero = (negative ? medianAbove : medianBelow) / scale;
  const awayFromZero = (negative ? medianBelow : medianAbove) / scale;
  const estimate = shift / scale;
  const shiftBelow = widen(shift - shiftInterval[0]) / scale;
  const shiftAbove = widen(shiftInterval[1] - shift) / scale;

  const unbounded = (): ShiftRatioResult => ({
    estimate,
    interval: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
    bounded: false,
    median,
    medianInterval,
    correlation,
  });
  if (!(towardsZero < 1) || !Number.isFinite(awayFromZero) || !Number.isFinite(estimate)) return unbounded();
  if (!Number.isFinite(shiftBelow) || !Number.isFinite(shiftAbove)) return unbounded();

  // Lower end: Δ̂ too high (its lower half-width) with, for r > 0, |M̂| too low (away from 0).
  // The end is positive exactly when the shift's lower end is (the quadratic is continuous at r = 0).
  const lowerPositive = estimate - shiftBelow > 0;
  const lower = ratioEnd('lower', estimate, shiftBelow, lowerPositive ? awayFromZero : towardsZero, rho);
  // Upper end: Δ̂ too low with, for r > 0, |M̂| too high (towards 0).
  const upperPositive = estimate + shiftAbove > 0;
  const upper = ratioEnd('upper', estimate, shiftAbove, upperPositive ? towardsZero : awayFromZero, rho);
  if (Number.isNaN(lower) || Number.isNaN(upper)) return unbounded();
  return {
    estimate,
    interval: [Math.min(lower, estimate), Math.max(upper, estimate)],
    bounded: true,
    median,
    medianInterval,
    correlation,
  };
}

/**
 * One end of the ratio's interval, in units of |M̂| (so |M̂| = 1): the root, on the given side of
 * e = Δ̂/|M̂|, of Q(r) = (e − r)² − (a² − 2rρab + r²b²) = A·r² − 2B·r + C with A = 1 − b²,
 * B = e − ρab, C = e² − a². Q(e) ≤ 0, so the root exists whenever the end is finite. The problem
 * is first divided by s = max(1, |e|, a) (r = s·t) so that no square can overflow; the root is
 * taken in the form that avoids cancellation. The caller passes b < 1 for an end on the side away
 * from 0 (the set is bounded), so A ≤ 0 only occurs for an end between 0 and e.
 */
function ratioEnd(side: 'lower' | 'upper', estimate: number, a: number, b: number, rho: number): number {
  const s = Math.max(1, Math.abs(estimate), a);
  const e = estimate / s;
  const h = a / s;
  const cross = h > 0 && b > 0 ? rho * h * b : 0;
  const quadratic = 1 - b * b;
  const linear = e - cross;
  const constant = (e - h) * (e + h);
  const discriminant = Math.max(0, linear * linear - quadratic * constant);
  const root = Math.sqrt(discriminant);
  let t: number;
  if (side === 'lower') {
    // The smaller root when A > 0; with A < 0 (only when the end is positive) the root in (0, e).
    if (linear >= 0) t = linear + root > 0 ? constant / (linear + root) : 0;
    else if (quadratic !== 0) t = (linear - root) / quadratic;
    else return Number.NEGATIVE_INFINITY;
  } else {
    // The larger root when A > 0; with A < 0 (only when the end is negative) the root in (e, 0).
    if (linear <= 0) t = linear - root < 0 ? constant / (linear - root) : 0;
    else if (quadratic !== 0) t = (linear + root) / quadratic;
    else return Number.POSITIVE_INFINITY;
  }
  return t * s;
}
