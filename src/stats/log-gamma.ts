/**
 * log Γ(x) and log B(a, b) for positive arguments, accurate to about 1e-15 relative (absolute
 * near the zeros of log Γ at 1 and 2). Internal helper of the t and binomial distributions.
 *
 * References: Lanczos (1964) with the g = 7, n = 9 coefficients popularised by Godfrey; Stirling's
 * series (Abramowitz & Stegun 6.1.40) for x ≥ 10; differences of large log-gammas are formed
 * analytically (with log1p) so that log B(a, b) keeps its accuracy when a or b is large.
 */

/** log √(2π). */
export const HALF_LOG_TWO_PI = 0.91893853320467274178;

const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/** Above this, Stirling's series with 7 terms is accurate to machine precision. */
const STIRLING_THRESHOLD = 10;

/**
 * The remainder of Stirling's approximation, log Γ(x) − [(x − ½)·log x − x + log √(2π)], for x ≥ 10.
 */
export function stirlingRemainder(x: number): number {
  const inverseSquare = 1 / (x * x);
  return (
    (1 / 12 -
      inverseSquare *
        (1 / 360 -
          inverseSquare *
            (1 / 1260 - inverseSquare * (1 / 1680 - inverseSquare * (1 / 1188 - inverseSquare * (691 / 360360 - inverseSquare / 156)))))) /
    x
  );
}

/**
 * log Γ(x) for x > 0.
 *
 * @example
 * logGamma(5) // => 3.178053830347944 (log 24 = 3.1780538303479458)
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x >= STIRLING_THRESHOLD) return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + stirlingRemainder(x);
  if (x < 0.5) return logGamma(x + 1) - Math.log(x);
  const shifted = x - 1;
  let series = LANCZOS_COEFFICIENTS[0];
  for (let k = 1; k < LANCZOS_COEFFICIENTS.length; k++) {
    series += (LANCZOS_COEFFICIENTS[k] as number) / (shifted + k);
  }
  const base = shifted + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (shifted + 0.5) * Math.log(base) - base + Math.log(series);
}

/**
 * log Γ(x) − log Γ(x + h) for x ≥ 10 and h > 0, without the cancellation of the direct difference.
 */
function logGammaRatio(x: number, h: number): number {
  return (
    -(x - 0.5) * Math.log1p(h / x) - h * Math.log(x + h) + h + stirlingRemainder(x) - stirlingRemainder(x + h)
  );
}

/**
 * log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b > 0.
 *
 * @example
 * logBeta(2, 3) // => -2.4849066497879977 (log 1/12 = -2.4849066497880004)
 */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  if (large < STIRLING_THRESHOLD) return logGamma(small) + logGamma(large) - logGamma(small + large);
  if (small < STIRLING_THRESHOLD) return logGamma(small) + logGammaRatio(large, small);
  // Both large: expand all three log-gammas with Stirling and cancel analytically.
  return (
    -0.5 * Math.log(small) +
    small * Math.log(small / (small + large)) -
    (large - 0.5) * Math.log1p(small / large) +
    HALF_LOG_TWO_PI +
    stirlingRemainder(small) +
    stirlingRemainder(large) -
    stirlingRemainder(small + large)
  );
}
