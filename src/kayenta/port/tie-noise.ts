/**
 * The jitter Kayenta adds when both sides are constant (but different), so that the ranks are not all
 * tied. Kayenta draws it from an unseeded generator; here it comes from a seeded one, so the same
 * input always gives the same verdict (a deliberate, documented difference).
 *
 * Kayenta port: a deliberate copy of Kayenta's own arithmetic, kept apart from `src/stats/` so the
 * Kayenta-compatible judge matches Kayenta bit for bit. Do not merge it with the native statistics
 * (see src/kayenta/port/README.md).
 */
import type { RandomSource } from '../../shared/random.js';

/** Relative standard deviation of the jitter: σ = value × 1e-5. */
const RELATIVE_NOISE = 1e-5;

/**
 * Adds Gaussian noise with mean 0 and standard deviation |value|·1e-5 to every value (so a side of
 * zeros stays zeros). Normal draws use the Box-Muller transform on `random`.
 *
 * @example
 * addTieNoise([10, 10], createRandom(1)) // => two values within about 10 ± 0.0005, the same on every run
 */
export function addTieNoise(values: readonly number[], random: RandomSource): number[] {
  return values.map((value) => value + value * RELATIVE_NOISE * standardNormal(random));
}

/** True when the side holds a single distinct value. */
export function isConstant(values: readonly number[]): boolean {
  return values.every((value) => value === values[0]);
}

function standardNormal(random: RandomSource): number {
  const radius = Math.sqrt(-2 * Math.log(1 - random()));
  return radius * Math.cos(2 * Math.PI * random());
}
