/**
 * The long-run variance of a serially dependent series: the variance that the mean of n points has
 * times n (σ²_LR = Σ_k γ_k over all lags). Independent points give the ordinary variance; positively
 * autocorrelated points (per-minute metrics, their per-step differences) give more, and an interval
 * built from the ordinary variance would be too narrow.
 *
 * The estimate is the largest of three (it is only ever used to widen):
 * - the sample variance s² (negative dependence never narrows an interval);
 * - Newey–West: Bartlett-weighted autocovariances with Andrews' (1991) AR(1) plug-in bandwidth
 *   S = 1.1447·(α̂·n)^(1/3), α̂ = 4ρ̂²/((1 − ρ̂)²(1 + ρ̂)²), which follows longer memory than lag 1;
 * - AR(1): s² times the finite-n variance inflation of an AR(1) series with the lag-1
 *   autocorrelation corrected for its small-sample bias (ρ̂ + (1 + 4ρ̂)/n, Marriott & Pope 1954),
 *   because Newey–West alone is too small in short, strongly dependent series.
 *
 * Pure, O(n + n·S).
 */
import { InvalidSampleError } from '../shared/errors.js';

/** Largest lag-1 autocorrelation the AR(1) part uses (keeps the inflation finite). */
export const MAX_LAG1 = 0.99;

/** Standard errors of ρ̂ added to the corrected lag-1 estimate of the AR(1) part (calibrated: statistics.md §2b). */
export const UNCERTAINTY_MARGIN = 1;

/** The long-run variance and what it rests on. */
export interface LongRunVariance {
  /** Sample mean of the series. */
  readonly mean: number;
  /** Sample variance s² (n − 1 denominator). */
  readonly variance: number;
  /** The long-run variance used: Var(mean) ≈ longRun / n. At least `variance`. */
  readonly longRun: number;
  /** Raw lag-1 autocorrelation (null below 3 points or for a constant series). */
  readonly lag1: number | null;
  /** The bias-corrected lag-1 autocorrelation behind the AR(1) part, in [0, MAX_LAG1]. */
  readonly lag1Corrected: number;
  /** Newey–West bandwidth (lags with nonzero weight). */
  readonly bandwidth: number;
  /** n · variance / longRun: independent points the series is worth. */
  readonly effectiveSize: number;
  /** Which estimate was largest. */
  readonly source: 'independent' | 'newey-west' | 'ar1';
}

/** Weights of lags 1 … for the Bartlett kernel with (real-valued) bandwidth S: 1 − j/S for j < S. */
function bartlettLags(bandwidth: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil(bandwidth) - 1));
}

/**
 * Variance of the mean of `n` consecutive points of an AR(1) series with lag-1 autocorrelation
 * `rho`, relative to `n` independent points: 1 + 2 Σ_{k<n} (1 − k/n) ρ^k.
 *
 * @example
 * ar1VarianceInflation(1000, 0.5) // => 2.9959999999965112 (the large-n limit is (1 + ρ)/(1 − ρ) = 3)
 */
export function ar1VarianceInflation(n: number, rho: number): number {
  if (!(rho > 0) || n <= 1) return 1;
  let sum = 0;
  let power = 1;
  for (let k = 1; k < n; k++) {
    power *= rho;
    if (power < 1e-12) break;
    sum += (1 - k / n) * power;
  }
  return 1 + 2 * sum;
}

/**
 * The mean of a series and its sum of squared deviations Σ (x_i − mean)², in index order; or the
 * index of the first value that is not finite. The centred values are recomputed where needed
 * rather than stored: the same numbers, without an n-point array per call.
 */
function centredSums(series: ArrayLike<number>): { readonly mean: number; readonly sumSquares: number } | number {
  const n = series.length;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const value = series[i] as number;
    if (!Number.isFinite(value)) return i;
    mean += value;
  }
  mean /= n;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const value = (series[i] as number) - mean;
    sumSquares += value * value;
  }
  return { mean, sumSquares };
}

/** Σ_{i ≥ lag} (x_i − mean)·(x_{i−lag} − mean), in index order. */
function laggedProducts(series: ArrayLike<number>, mean: number, lag: number): number {
  const n = series.length;
  let sum = 0;
  for (let i = lag; i < n; i++) sum += ((series[i] as number) - mean) * ((series[i - lag] as number) - mean);
  return sum;
}

/**
 * The lag-1 autocorrelation of a series in time order, exactly the `lag1` of
 * {@link longRunVariance} (same sums in the same order) without the rest of its work: null below 3
 * points, for a constant series, or when a value is not finite.
 *
 * @example
 * lag1Autocorrelation([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) === longRunVariance([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).lag1 // => true
 */
export function lag1Autocorrelation(series: ArrayLike<number>): number | null {
  if (series.length < 3) return null;
  const centre = centredSums(series);
  if (typeof centre === 'number' || !(centre.sumSquares > 0)) return null;
  return laggedProducts(series, centre.mean, 1) / centre.sumSquares;
}

/**
 * Long-run variance of a series in time order (see the file comment). Throws for fewer than 2
 * points or a non-finite value.
 *
 * @example
 * longRunVariance([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).longRun > longRunVariance([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).variance // => true
 */
export function longRunVariance(series: ArrayLike<number>, options: { readonly dependence?: boolean } = {}): LongRunVariance {
  const n = series.length;
  if (n < 2) throw new InvalidSampleError('series', `a long-run variance needs at least 2 points, received ${n}`);
  const centre = centredSums(series);
  if (typeof centre === 'number') {
    const value = series[centre] as number;
    throw new InvalidSampleError('series', `series[${centre}] is ${value}; expected a finite number`, centre, value);
  }
  const { mean, sumSquares } = centre;
  const variance = sumSquares / (n - 1);
  const independent: LongRunVariance = {
    mean,
    variance,
    longRun: variance,
    lag1: null,
    lag1Corrected: 0,
    bandwidth: 0,
    effectiveSize: n,
    source: 'independent',
  };
  if (!(sumSquares > 0) || n < 3) return independent;
  const autocorrelation = (lag: number): number => laggedProducts(series, mean, lag) / sumSquares;
  const lag1 = autocorrelation(1);
  if (options.dependence === false) return { ...independent, lag1 };

  const rho = Math.max(-0.97, Math.min(0.97, lag1));
  const alpha = (4 * rho * rho) / ((1 - rho) ** 2 * (1 + rho) ** 2);
  const bandwidth = alpha > 0 ? 1.1447 * Math.cbrt(alpha * n) : 0;
  let neweyWest = 1;
  const lags = bartlettLags(bandwidth, n);
  for (let j = 1; j <= lags; j++) neweyWest += 2 * (1 - j / bandwidth) * (j === 1 ? lag1 : autocorrelation(j));

  const corrected = n >= 10 ? (n * lag1 + 1) / (n - 4) : lag1;
  const lag1Corrected = Math.min(MAX_LAG1, Math.max(0, corrected));
  // An upper plug-in: the corrected estimate plus UNCERTAINTY_MARGIN of its standard error
  // √((1 − ρ²)/n), so that a short series whose ρ̂ came out low is not taken as nearly independent.
  const upper = lag1Corrected > 0 ? Math.min(MAX_LAG1, lag1Corrected + UNCERTAINTY_MARGIN * Math.sqrt((1 - lag1Corrected ** 2) / n)) : 0;
  const ar1 = ar1VarianceInflation(n, upper);

  let factor = 1;
  let source: LongRunVariance['source'] = 'independent';
  if (neweyWest > factor) {
    factor = neweyWest;
    source = 'newey-west';
  }
  if (ar1 > factor) {
    factor = ar1;
    source = 'ar1';
  }
  return {
    mean,
    variance,
    longRun: variance * factor,
    lag1,
    lag1Corrected,
    bandwidth: lags,
    effectiveSize: n / factor,
    source,
  };
}
