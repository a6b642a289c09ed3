/**
 * Seeded random variates for the calibration simulations: normal, log-normal, Student t with 2 df,
 * stationary AR(1), Poisson and binomial. Everything draws from the library's seeded generator, so
 * a cell's data depends only on its seed.
 */
import { createRandom } from '../../src/shared/random.js';
import { logGamma } from '../../src/stats/log-gamma.js';

/** A seeded source of the variates the scenarios need. */
export interface Variates {
  uniform(): number;
  normal(): number;
  /** Student t with 2 degrees of freedom (finite mean, infinite variance). */
  studentT2(): number;
  poisson(mean: number): number;
  binomial(trials: number, probability: number): number;
}

/** Variates from a seed (number or string). */
export function createVariates(seed: number | string): Variates {
  const uniform = createRandom(seed);
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  // t with 2 df: Z / √(χ²₂ / 2), and χ²₂ / 2 is a unit exponential.
  const studentT2 = (): number => normal() / Math.sqrt(-Math.log(1 - uniform()));
  const poisson = (mean: number): number => (mean < 10 ? poissonByProduct(mean, uniform) : poissonPtrs(mean, uniform));
  const binomial = (trials: number, probability: number): number => {
    if (trials > 200) return Math.min(trials, poisson(trials * probability));
    let count = 0;
    for (let i = 0; i < trials; i++) if (uniform() < probability) count++;
    return count;
  };
  return { uniform, normal, studentT2, poisson, binomial };
}

/** Knuth's product method, for small means. */
function poissonByProduct(mean: number, uniform: () => number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let product = uniform();
  let count = 0;
  while (product > limit) {
    product *= uniform();
    count++;
  }
  return count;
}

/** Hörmann's transformed rejection with squeeze (PTRS, 1993), for means of 10 and more. */
function poissonPtrs(mean: number, uniform: () => number): number {
  const rootMean = Math.sqrt(mean);
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * rootMean;
  const a = -0.059 + 0.02483 * b;
  const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = uniform() - 0.5;
    const v = uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(inverseAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logGamma(k + 1)) return k;
  }
}

/** A stationary AR(1) series with unit variance and lag-1 autocorrelation `rho`. */
export function ar1Series(variates: Variates, length: number, rho: number): Float64Array {
  const series = new Float64Array(length);
  const innovation = Math.sqrt(1 - rho * rho);
  let previous = variates.normal();
  for (let t = 0; t < length; t++) {
    if (t > 0) previous = rho * previous + innovation * variates.normal();
    series[t] = previous;
  }
  return series;
}
