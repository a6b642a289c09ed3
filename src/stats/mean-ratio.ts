/** Placeholder: being written. */
export interface MeanRatioOptions {
  /** @default 0.95 */
  confidenceLevel?: number;
}
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
}
export function meanRatio(
  _baseline: readonly number[],
  _canary: readonly number[],
  _options: MeanRatioOptions = {},
): MeanRatioResult {
  throw new Error('meanRatio: not implemented yet');
}
