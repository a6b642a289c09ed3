/**
 * The standard normal distribution with tails accurate to full relative precision far out
 * (upper tail down to about 1e-300), which jstat's erfc-based cdf does not reach: there the small
 * tail is computed directly, never as 1 − p.
 */
import jStat from 'jstat';

const INVERSE_SQRT_TWO_PI = 0.3989422804014327;

/**
 * P(Z > z) for a standard normal Z, accurate to about 1e-14 relative for every z where the result
 * is a normal double (z up to about 37.5).
 *
 * Below z = 2.5 it uses 1 − erf(z/√2) with erf summed from its Taylor series (the result is at
 * least 0.006 there, so no precision is lost); beyond it, the Laplace continued fraction
 * Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))), evaluated with the modified Lentz method.
 *
 * @example
 * normalUpperTail(1.959963984540054) // => 0.025000000000000022
 */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z < 0) return 1 - normalUpperTail(-z);
  if (z < 2.5) return 0.5 * (1 - errorFunctionSeries(z / Math.SQRT2));
  if (z > 40) return 0;
  return (INVERSE_SQRT_TWO_PI * Math.exp(-0.5 * z * z)) / millsContinuedFraction(z);
}

/** P(Z ≤ z), computed directly in the lower tail. */
export function normalLowerTail(z: number): number {
  return normalUpperTail(-z);
}

/**
 * The standard normal quantile: z with P(Z ≤ z) = p (R's `qnorm`).
 *
 * @example
 * normalQuantile(0.975) // => 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  // jstat's inverse is good to about 1e-9 in the far tails; two Newton steps on the accurate
  // tail above bring it to full precision.
  let z = jStat.normal.inv(p, 0, 1);
  for (let step = 0; step < 2; step++) {
    const density = INVERSE_SQRT_TWO_PI * Math.exp(-0.5 * z * z);
    if (density === 0) break;
    const error = p < 0.5 ? normalLowerTail(z) - p : (1 - p) - normalUpperTail(z);
    z -= error / density;
  }
  return z;
}

// --- internal ---

/** erf(x) for 0 ≤ x < 2 from its Maclaurin series; terms shrink fast enough there. */
function errorFunctionSeries(x: number): number {
  const xSquared = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= -xSquared / n;
    const contribution = term / (2 * n + 1);
    sum += contribution;
    if (Math.abs(contribution) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** z + 1/(z + 2/(z + 3/(z + …))) for z ≥ 2.5, by the modified Lentz method. */
function millsContinuedFraction(z: number): number {
  const tiny = 1e-300;
  let value = z;
  let numeratorRatio = z;
  let denominatorRatio = 0;
  for (let k = 1; k < 5000; k++) {
    denominatorRatio = z + k * denominatorRatio;
    if (denominatorRatio === 0) denominatorRatio = tiny;
    numeratorRatio = z + k / numeratorRatio;
    if (numeratorRatio === 0) numeratorRatio = tiny;
    denominatorRatio = 1 / denominatorRatio;
    const delta = numeratorRatio * denominatorRatio;
    value *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return value;
}
