/**
 * The two-sided normal-mixture boundary of Robbins (1970), in the form of the asymptotic confidence
 * sequences of Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas (2024): an asymptotically normal
 * estimate θ̂ₜ with standard error sₜ after t independent observations has the (1 − α) confidence
 * sequence θ̂ₜ ± sₜ·bₜ, valid uniformly over t, with
 *
 *   bₜ = √( (tρ² + 1)/(tρ²) · log((tρ² + 1)/α²) ).
 *
 * bₜ takes the place of the normal quantile z₁₋α/₂ of a fixed-sample interval. ρ sets the sample
 * size t* at which the boundary is tightest: ρ² = (−2·log α + log(1 − 2·log α))/t*.
 */
import { assertProbabilityOpen } from '../shared/argument-checks.js';
import { InvalidOptionError } from '../shared/errors.js';

/**
 * The mixture precision ρ² that makes the boundary tightest at `tuneAt` observations.
 *
 * @example
 * mixturePrecision(0.05, 10) // => 0.7935...
 */
export function mixturePrecision(alpha: number, tuneAt: number): number {
  assertProbabilityOpen(alpha, 'alpha');
  if (!(tuneAt > 0) || !Number.isFinite(tuneAt)) throw new InvalidOptionError('tuneAt', 'a positive, finite number of observations', tuneAt);
  const twiceLog = -2 * Math.log(alpha);
  return (twiceLog + Math.log(1 + twiceLog)) / tuneAt;
}

/**
 * The normal-mixture boundary bₜ: the multiple of the standard error that a two-sided (1 − α)
 * confidence sequence reaches after `t` observations, tuned to be tightest at `tuneAt`. It is
 * always above the fixed-sample z₁₋α/₂ and grows like √(log t) for large t.
 *
 * @example
 * normalMixtureBoundary(20, 0.05, 20) // => 3.03...
 */
export function normalMixtureBoundary(t: number, alpha: number, tuneAt: number): number {
  if (!(t > 0) || !Number.isFinite(t)) throw new InvalidOptionError('t', 'a positive, finite number of observations', t);
  const precision = t * mixturePrecision(alpha, tuneAt);
  return Math.sqrt(((precision + 1) / precision) * (Math.log(precision + 1) - 2 * Math.log(alpha)));
}
