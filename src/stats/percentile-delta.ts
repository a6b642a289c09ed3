/** Placeholder: being written. */
export interface PercentileDeltaOptions {
  /** The quantile as a probability in [0, 1] (0.99 for p99). */
  p: number;
  /** @default 0.95 */
  confidenceLevel?: number;
  /** @default 10000 */
  resamples?: number;
  /** Seed of the bootstrap (a number or a string). @default 0 */
  seed?: number | string;
}
export interface PercentileDeltaResult {
  readonly p: number;
  /** The p-th quantile (R type 7) of each side. */
  readonly baselineQuantile: number;
  readonly canaryQuantile: number;
  /** canaryQuantile − baselineQuantile, with its bootstrap interval. */
  readonly difference: number;
  readonly differenceInterval: readonly [number, number];
  /** canaryQuantile / baselineQuantile − 1, with its bootstrap interval; null when baselineQuantile is 0. */
  readonly estimate: number | null;
  readonly confidenceInterval: readonly [number, number] | null;
  readonly confidenceLevel: number;
  readonly resamples: number;
  readonly method: string;
  readonly warnings: readonly string[];
}
export function percentileDelta(
  _baseline: readonly number[],
  _canary: readonly number[],
  _options: PercentileDeltaOptions,
): PercentileDeltaResult {
  throw new Error('percentileDelta: not implemented yet');
}
