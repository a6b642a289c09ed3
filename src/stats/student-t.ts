/**
 * Student's t distribution with real degrees of freedom ν > 0 (Welch's ν is not an integer):
 * upper tail and quantile, accurate to about 1e-13 relative, also deep in the tails. Internal
 * helper of the Welch test and Fieller's interval.
 *
 * P(T > t) = ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0 (Abramowitz & Stegun 26.7.1 with 26.5.27). R's `pt`
 * switches to a normal approximation above ν = 4e5; this module stays exact there. ν = ∞ is the
 * standard normal distribution (its limit), as in R's `pt(t, Inf)` and `qt(p, Inf)`.
 */
import { regularizedIncompleteBeta } from './incomplete-beta.js';
import { logBeta } from './log-gamma.js';
import { normalQuantile, normalUpperTail } from './normal-distribution.js';

/**
 * P(T > t) for T ~ t(ν).
 *
 * @example
 * studentTUpperTail(2, 5) // => 0.05096973941492918 (R: pt(2, 5, lower.tail = FALSE) = 0.050969739414929140)
 */
export function studentTUpperTail(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t) || !(degreesOfFreedom > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  if (degreesOfFreedom === Number.POSITIVE_INFINITY) return normalUpperTail(t);
  const tSquared = t * t;
  const denominator = degreesOfFreedom + tSquared;
  const halfTwoTails = 0.5 * regularizedIncompleteBeta(degreesOfFreedom / denominator, degreesOfFreedom / 2, 0.5, tSquared / denominator).lower;
  return t >= 0 ? halfTwoTails : 1 - halfTwoTails;
}

/** Density of t(ν) at t. */
export function studentTDensity(t: number, degreesOfFreedom: number): number {
  const logDensity =
    -logBeta(degreesOfFreedom / 2, 0.5) -
    0.5 * Math.log(degreesOfFreedom) -
    ((degreesOfFreedom + 1) / 2) * Math.log1p((t * t) / degreesOfFreedom);
  return Math.exp(logDensity);
}

/**
 * The t with P(T > t) = `upperTailProbability` for T ~ t(ν), i.e. R's
 * `qt(upperTailProbability, ν, lower.tail = FALSE)`. Safeguarded Newton iteration on log P(T > t)
 * inside an expanding bracket; about 5–10 tail evaluations.
 *
 * @example
 * studentTUpperQuantile(0.025, 10) // => 2.228138851986276 (R: qt(0.975, 10) = 2.2281388519862744)
 * studentTUpperQuantile(0.025, Infinity) // => 1.9599639845400538 (R: qt(0.975, Inf) = 1.959963984540054)
 */
export function studentTUpperQuantile(upperTailProbability: number, degreesOfFreedom: number): number {
  if (!(upperTailProbability >= 0 && upperTailProbability <= 1) || !(degreesOfFreedom > 0)) return Number.NaN;
  if (upperTailProbability === 0) return Number.POSITIVE_INFINITY;
  if (upperTailProbability === 1) return Number.NEGATIVE_INFINITY;
  if (upperTailProbability === 0.5) return 0;
  if (upperTailProbability > 0.5) return -studentTUpperQuantile(1 - upperTailProbability, degreesOfFreedom);
  if (degreesOfFreedom === Number.POSITIVE_INFINITY) return -normalQuantile(upperTailProbability);

  const target = Math.log(upperTailProbability);
  // g(t) = log P(T > t) − log α is decreasing in t; g(0) = log ½ − log α > 0.
  const g = (t: number): number => Math.log(studentTUpperTail(t, degreesOfFreedom)) - target;
  let low = 0;
  let high = 1;
  while (g(high) > 0) {
    low = high;
    high *= 2;
    if (!Number.isFinite(high)) return Number.POSITIVE_INFINITY;
  }
  let t = (low + high) / 2;
  for (let iteration = 0; iteration < 200; iteration++) {
    const tail = studentTUpperTail(t, degreesOfFreedom);
    const value = Math.log(tail) - target;
    if (value === 0) return t;
    if (value > 0) low = t;
    else high = t;
    // d/dt log P(T > t) = −density / tail.
    const slope = -studentTDensity(t, degreesOfFreedom) / tail;
    let next = t - value / slope;
    if (!Number.isFinite(next) || next <= low || next >= high) next = (low + high) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.abs(t) || high - low <= 1e-15 * Math.abs(t)) return next;
    t = next;
  }
  return t;
}
