/** Placeholder: being written. */
/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;
/** A seeded, deterministic generator. */
export function createRandom(_seed: number | string): RandomSource {
  throw new Error('createRandom: not implemented yet');
}
/** Derives a 32-bit seed from several parts (e.g. a config seed and a metric name). */
export function deriveSeed(..._parts: readonly (string | number)[]): number {
  throw new Error('deriveSeed: not implemented yet');
}
