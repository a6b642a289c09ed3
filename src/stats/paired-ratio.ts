/**
 * Ratio of means of paired, time-aligned series (Σ canary_t / Σ baseline_t) with a Fieller interval
 * whose covariance matrix is made robust to autocorrelation: the sample covariance of the pairs is
 * scaled by the long-run variance inflation of the linearised residuals u_t = canary_t − R̂·baseline_t
 * (the quantity whose mean is zero at the true ratio), and the t quantile uses u's effective size.
 */
import { InvalidSampleError } from '../shared/errors.js';
import { longRunVariance, type LongRunVariance } from './long-run-variance.js';
import { twoSidedT } from './paired-mean.js';
import { studentTUpperTail } from './student-t.js';

/** A paired ratio of means with its interval. */
export interface PairedRatio {
  /** mean(canary) / mean(baseline); null when the baseline mean is 0. */
  readonly estimate: number | null;
  /** Interval for the ratio; [-Infinity, Infinity] when the baseline mean is not clearly non-zero. */
  readonly interval: readonly [number, number];
  readonly bounded: boolean;
  /** Two-sided p-value of "ratio 1" (equal means: the paired t test of the differences). */
  readonly pValue: number;
  readonly baselineMean: number;
  readonly canaryMean: number;
  /** The dependence of the linearised residuals. */
  readonly dependence: LongRunVariance;
  readonly degreesOfFreedom: number;
}

/**
 * Ratio of the means of paired series (same length, pair i = the same time step).
 *
 * @example
 * pairedRatio([10, 11, 9, 10, 12, 10, 11, 9, 10, 12], [11, 12, 10, 11, 13, 11, 12, 10, 11, 13], { confidenceLevel: 0.95 }).estimate // => 1.0961538461538463
 */
export function pairedRatio(
  baseline: ArrayLike<number>,
  canary: ArrayLike<number>,
  options: { readonly confidenceLevel: number; readonly dependence?: boolean },
): PairedRatio {
  const n = baseline.length;
  if (canary.length !== n) throw new InvalidSampleError('both', `paired series must have the same length, received ${n} and ${canary.length}`);
  if (n < 2) throw new InvalidSampleError('both', `a paired ratio needs at least 2 pairs, received ${n}`);
  let sumB = 0;
  let sumC = 0;
  for (let i = 0; i < n; i++) {
    sumB += baseline[i] as number;
    sumC += canary[i] as number;
  }
  const meanB = sumB / n;
  const meanC = sumC / n;
  let vbb = 0;
  let vcc = 0;
  let vcb = 0;
  for (let i = 0; i < n; i++) {
    const b = (baseline[i] as number) - meanB;
    const c = (canary[i] as number) - meanC;
    vbb += b * b;
    vcc += c * c;
    vcb += b * c;
  }
  vbb /= n - 1;
  vcc /= n - 1;
  vcb /= n - 1;
  const estimate = meanB === 0 ? null : meanC / meanB;
  const ratioAt = estimate ?? 1;
  const residuals = new Float64Array(n);
  const differences = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    residuals[i] = (canary[i] as number) - ratioAt * (baseline[i] as number);
    differences[i] = (canary[i] as number) - (baseline[i] as number);
  }
  const dependence = longRunVariance(residuals, { dependence: options.dependence !== false });
  const inflation = dependence.variance > 0 ? dependence.longRun / dependence.variance : 1;
  const degreesOfFreedom = Math.max(1, dependence.effectiveSize - 1);
  const t = twoSidedT(options.confidenceLevel, degreesOfFreedom);
  const q = (t * t * inflation) / n;

  // Fieller: {R : (m_c − R·m_b)² ≤ q·(V_cc − 2R·V_cb + R²·V_bb)}.
  const a = meanB * meanB - q * vbb;
  const b = meanC * meanB - q * vcb;
  const c = meanC * meanC - q * vcc;
  let interval: readonly [number, number] = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  let bounded = false;
  if (a > 0 && estimate !== null) {
    const root = Math.sqrt(Math.max(0, b * b - a * c));
    interval = [Math.min(estimate, (b - root) / a), Math.max(estimate, (b + root) / a)];
    bounded = true;
  }

  const differenceDependence = longRunVariance(differences, { dependence: options.dependence !== false });
  const standardError = Math.sqrt(differenceDependence.longRun / n);
  const differenceDf = Math.max(1, differenceDependence.effectiveSize - 1);
  const difference = meanC - meanB;
  const pValue =
    standardError > 0 ? Math.min(1, 2 * studentTUpperTail(Math.abs(difference) / standardError, differenceDf)) : difference === 0 ? 1 : 0;
  return { estimate, interval, bounded, pValue, baselineMean: meanB, canaryMean: meanC, dependence, degreesOfFreedom };
}
