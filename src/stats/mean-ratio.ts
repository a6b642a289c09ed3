/**
 * Ratio of means canary/baseline with Fieller's confidence interval, plus the Welch comparison of
 * the means (difference, its interval, the p-value of equal means).
 */
import { InvalidSampleError } from '../shared/errors.js';
import { assertProbabilityOpen, assertSample } from '../shared/argument-checks.js';
import { formatLevel } from '../shared/message-text.js';
import { studentTUpperQuantile, studentTUpperTail } from './student-t.js';

export interface MeanRatioOptions {
  /** @default 0.95 */
  confidenceLevel?: number;
}

/**
 * Shape of Fieller's confidence set: `bounded` (an interval), `exclusive` (everything outside
 * `excludedInterval`, reported as [-Infinity, Infinity]) or `unbounded` (the whole line).
 */
export type FiellerSetKind = 'bounded' | 'exclusive' | 'unbounded';

export interface MeanRatioResult {
  /** mean(canary) / mean(baseline); null when the baseline mean is 0. */
  readonly estimate: number | null;
  /** Interval for the ratio; may be unbounded (±Infinity) when the baseline mean is not clearly non-zero. */
  readonly confidenceInterval: readonly [number, number];
  readonly confidenceLevel: number;
  /** p-value of the test that the means are equal (ratio 1). */
  readonly pValue: number;
  readonly baselineMean: number;
  readonly canaryMean: number;
  /** mean(canary) − mean(baseline), with its interval. */
  readonly difference: number;
  readonly differenceInterval: readonly [number, number];
  readonly method: string;
  readonly warnings: readonly string[];
  /** Shape of Fieller's confidence set (see {@link FiellerSetKind}). */
  readonly fiellerSet: FiellerSetKind;
  /** For an `exclusive` set, the ratios it leaves out; null otherwise. */
  readonly excludedInterval: readonly [number, number] | null;
  /** Welch–Satterthwaite degrees of freedom of the t quantile used by Fieller's interval. */
  readonly ratioDegreesOfFreedom: number;
  /** Welch–Satterthwaite degrees of freedom of the difference (R's t.test `parameter`). */
  readonly differenceDegreesOfFreedom: number;
  /** Welch's t statistic, (mean(canary) − mean(baseline)) / standard error. */
  readonly tStatistic: number;
}

const METHOD = "Fieller's interval for the ratio of independent means (Welch–Satterthwaite df), Welch two-sample t-test";

/**
 * Compares the means of two independent samples: their ratio canary/baseline with Fieller's (1954)
 * confidence interval, and their difference with Welch's t-test and interval (same numbers as R's
 * `t.test(canary, baseline)`: `pValue`, `differenceInterval`, `differenceDegreesOfFreedom`).
 *
 * Fieller's set is {ρ : (c̄ − ρ·b̄)² ≤ t²·(v_c + ρ²·v_b)}, with v = s²/n the squared standard
 * errors (unequal variances, no covariance). The t quantile uses the Welch–Satterthwaite degrees
 * of freedom of c̄ − ρ·b̄ evaluated at the estimate ρ̂ = c̄/b̄,
 * ν = (v_c + ρ̂²v_b)² / (v_c²/(n_c − 1) + ρ̂⁴v_b²/(n_b − 1)) (Tamhane & Logan 2004; R's
 * mratios::ttestratio does the same); with a zero baseline mean the difference's ν is used.
 * Bounded when b̄²/v_b > t², i.e. the baseline mean is significantly non-zero:
 * [ρ̂ ∓ (t/|b̄|)·√((1 − g)·v_c + ρ̂²·v_b)] / (1 − g), g = t²·v_b/b̄². Otherwise the set is
 * unbounded and the interval is [-Infinity, Infinity] with a warning.
 *
 * - Negative data is fine: Fieller needs no positivity, only a baseline mean clearly away from 0.
 * - Each side needs at least two values (a variance); the judge checks sizes before calling.
 * - Constant data on both sides (zero standard error): both intervals collapse to the point
 *   estimates and the p-value is 1 when the means are equal, 0 otherwise (R's t.test stops with
 *   "data are essentially constant").
 *
 * O(n) time.
 *
 * @example
 * meanRatio([10, 12, 11, 13], [20, 22, 21, 25]).estimate // => 1.9130434782608696
 * @throws InvalidSampleError (side `baseline` / `canary`) for a non-finite value or fewer than two values.
 * @throws InvalidOptionError (option `confidenceLevel`) outside (0, 1).
 */
export function meanRatio(
  baseline: readonly number[] | Float64Array,
  canary: readonly number[] | Float64Array,
  options: MeanRatioOptions = {},
): MeanRatioResult {
  assertTwoOrMore(baseline, 'baseline');
  assertTwoOrMore(canary, 'canary');
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  assertProbabilityOpen(confidenceLevel, 'confidenceLevel');
  const upperTailProbability = (1 - confidenceLevel) / 2;

  const base = summarize(baseline);
  const can = summarize(canary);
  const warnings: string[] = [];

  // --- Welch: difference of means ---
  const difference = can.mean - base.mean;
  const standardError = Math.sqrt(can.squaredStandardError + base.squaredStandardError);
  const differenceDegreesOfFreedom = satterthwaite(can.squaredStandardError, can.size, base.squaredStandardError, base.size);
  let tStatistic: number;
  let pValue: number;
  let differenceInterval: readonly [number, number];
  if (standardError === 0) {
    tStatistic = difference === 0 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY;
    pValue = difference === 0 ? 1 : 0;
    differenceInterval = [difference, difference];
    warnings.push('Both samples are constant: the intervals collapse to the point estimates and the p-value is 1 or 0.');
  } else {
    tStatistic = difference / standardError;
    pValue = Math.min(1, 2 * studentTUpperTail(Math.abs(tStatistic), differenceDegreesOfFreedom));
    const halfWidth = studentTUpperQuantile(upperTailProbability, differenceDegreesOfFreedom);
    differenceInterval = [(tStatistic - halfWidth) * standardError, (tStatistic + halfWidth) * standardError];
  }

  // --- Fieller: ratio of means ---
  const common = {
    confidenceLevel,
    pValue,
    baselineMean: base.mean,
    canaryMean: can.mean,
    difference,
    differenceInterval,
    method: METHOD,
    differenceDegreesOfFreedom,
    tStatistic,
  };
  const unboundedLine: readonly [number, number] = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];

  if (base.mean === 0) {
    warnings.push('The baseline mean is 0: the ratio is undefined and its interval is the whole line.');
    return {
      ...common,
      estimate: null,
      confidenceInterval: unboundedLine,
      fiellerSet: 'unbounded',
      excludedInterval: null,
      ratioDegreesOfFreedom: differenceDegreesOfFreedom,
      warnings,
    };
  }

  const estimate = can.mean / base.mean;
  const estimateSquared = estimate * estimate;
  const ratioDegreesOfFreedom = satterthwaite(
    can.squaredStandardError,
    can.size,
    estimateSquared * base.squaredStandardError,
    base.size,
  );
  if (standardError === 0) {
    return {
      ...common,
      estimate,
      confidenceInterval: [estimate, estimate],
      fiellerSet: 'bounded',
      excludedInterval: null,
      ratioDegreesOfFreedom,
      warnings,
    };
  }

  const t = studentTUpperQuantile(upperTailProbability, ratioDegreesOfFreedom);
  const tSquared = t * t;
  // g = t²·v_b / b̄²: Fieller's set is bounded exactly when g < 1.
  const g = (tSquared * base.squaredStandardError) / (base.mean * base.mean);
  const oneMinusG = 1 - g;
  const radicand = oneMinusG * can.squaredStandardError + estimateSquared * base.squaredStandardError;
  const level = formatLevel(confidenceLevel);

  if (oneMinusG > 0) {
    const halfWidth = (t * Math.sqrt(radicand)) / (Math.abs(base.mean) * oneMinusG);
    const centre = estimate / oneMinusG;
    return {
      ...common,
      estimate,
      confidenceInterval: [centre - halfWidth, centre + halfWidth],
      fiellerSet: 'bounded',
      excludedInterval: null,
      ratioDegreesOfFreedom,
      warnings,
    };
  }

  const baselineT = Math.abs(base.mean) / Math.sqrt(base.squaredStandardError);
  const reason =
    `The baseline mean is not significantly different from 0 at the ${level} level ` +
    `(|mean / standard error| = ${baselineT.toPrecision(4)} ≤ t = ${t.toPrecision(4)}), so Fieller's confidence set for the ratio is unbounded`;
  if (oneMinusG < 0 && radicand > 0) {
    // The quadratic opens downwards and has two roots: the set is everything outside them.
    const halfWidth = (t * Math.sqrt(radicand)) / (Math.abs(base.mean) * -oneMinusG);
    const centre = estimate / oneMinusG;
    const excludedInterval: readonly [number, number] = [centre - halfWidth, centre + halfWidth];
    warnings.push(
      `${reason}: it is the union of two half-lines, everything outside (${excludedInterval[0].toPrecision(4)}, ` +
        `${excludedInterval[1].toPrecision(4)}); reported as [-Infinity, Infinity].`,
    );
    return {
      ...common,
      estimate,
      confidenceInterval: unboundedLine,
      fiellerSet: 'exclusive',
      excludedInterval,
      ratioDegreesOfFreedom,
      warnings,
    };
  }
  warnings.push(`${reason}: it is the whole line.`);
  return {
    ...common,
    estimate,
    confidenceInterval: unboundedLine,
    fiellerSet: 'unbounded',
    excludedInterval: null,
    ratioDegreesOfFreedom,
    warnings,
  };
}

interface SampleSummary {
  readonly size: number;
  readonly mean: number;
  /** s²/n. */
  readonly squaredStandardError: number;
}

/** Mean (with a correction pass, as R's `mean`) and two-pass variance, compensated sums. O(n). */
function summarize(values: readonly number[] | Float64Array): SampleSummary {
  const size = values.length;
  let mean = compensatedSum(values, (value) => value) / size;
  mean += compensatedSum(values, (value) => value - mean) / size;
  const variance = compensatedSum(values, (value) => (value - mean) ** 2) / (size - 1);
  return { size, mean, squaredStandardError: variance / size };
}

/** Neumaier's compensated sum of f(value). */
function compensatedSum(values: readonly number[] | Float64Array, f: (value: number) => number): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const term = f(value);
    const next = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
  }
  return sum + compensation;
}

/** Welch–Satterthwaite ν for the sum of two independent squared standard errors u₁, u₂. */
function satterthwaite(u1: number, n1: number, u2: number, n2: number): number {
  if (u1 === 0 && u2 === 0) return Number.NaN;
  if (u1 === 0 || !Number.isFinite(u2)) return n2 - 1;
  if (u2 === 0 || !Number.isFinite(u1)) return n1 - 1;
  // (u₁ + u₂)² / (u₁²/(n₁ − 1) + u₂²/(n₂ − 1)), normalised so that no square can overflow.
  const share1 = u1 / (u1 + u2);
  const share2 = u2 / (u1 + u2);
  return 1 / ((share1 * share1) / (n1 - 1) + (share2 * share2) / (n2 - 1));
}

function assertTwoOrMore(values: readonly number[] | Float64Array, side: string): void {
  assertSample(values, side);
  if (values.length < 2) {
    throw new InvalidSampleError(side, `meanRatio requires at least two values in ${side}, received ${values.length}`);
  }
}

