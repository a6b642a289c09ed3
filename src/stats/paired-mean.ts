/**
 * The mean of per-step paired quantities (canary_t − baseline_t, or log(canary_t / baseline_t)) with
 * an interval that stays honest when the steps are autocorrelated: mean ± t(ν)·√(σ²_LR / n), with σ²_LR
 * the long-run variance (long-run-variance.ts) and ν = n_eff − 1 degrees of freedom, n_eff the
 * independent points the series is worth.
 */
import { InvalidOptionError } from '../shared/errors.js';
import { longRunVariance, type LongRunVariance } from './long-run-variance.js';
import { studentTUpperQuantile, studentTUpperTail } from './student-t.js';

/** A paired mean with its interval. */
export interface PairedMean {
  readonly estimate: number;
  readonly interval: readonly [number, number];
  /** Two-sided p-value of "mean 0" (t test with the long-run standard error). */
  readonly pValue: number;
  readonly standardError: number;
  readonly degreesOfFreedom: number;
  readonly dependence: LongRunVariance;
}

/**
 * The t quantile that a two-sided interval at `level` uses with `degreesOfFreedom`.
 *
 * @example
 * twoSidedT(0.95, 10) // => 2.228138851986276
 */
export function twoSidedT(level: number, degreesOfFreedom: number): number {
  if (!(level > 0 && level < 1)) throw new InvalidOptionError('confidenceLevel', 'a number in (0, 1)', level);
  return studentTUpperQuantile((1 - level) / 2, Math.max(1, degreesOfFreedom));
}

/**
 * The mean of a paired series with its autocorrelation-robust interval.
 *
 * @example
 * pairedMean([0.1, 0.3, 0.2, 0.2, 0.1, 0.3, 0.2, 0.2, 0.1, 0.3], { confidenceLevel: 0.95 }).estimate // => 0.2
 */
export function pairedMean(
  series: ArrayLike<number>,
  options: { readonly confidenceLevel: number; readonly dependence?: boolean },
): PairedMean {
  const dependence = longRunVariance(series, { dependence: options.dependence !== false });
  const n = series.length;
  const standardError = Math.sqrt(dependence.longRun / n);
  const degreesOfFreedom = Math.max(1, dependence.effectiveSize - 1);
  const t = twoSidedT(options.confidenceLevel, degreesOfFreedom);
  const estimate = dependence.mean;
  const pValue = standardError > 0 ? Math.min(1, 2 * studentTUpperTail(Math.abs(estimate) / standardError, degreesOfFreedom)) : estimate === 0 ? 1 : 0;
  return {
    estimate,
    interval: [estimate - t * standardError, estimate + t * standardError],
    pValue,
    standardError,
    degreesOfFreedom,
    dependence,
  };
}
