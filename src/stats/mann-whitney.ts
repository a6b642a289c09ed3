/** Placeholder: being written. */
export type Alternative = 'two-sided' | 'greater' | 'less';

export interface MannWhitneyOptions {
  /** @default 'two-sided' ('greater': the canary tends to be larger) */
  alternative?: Alternative;
  /** @default 0.95 */
  confidenceLevel?: number;
  /** @default 'auto' (exact when both samples have fewer than 50 values and no ties) */
  exact?: 'auto' | boolean;
  /** @default true */
  continuityCorrection?: boolean;
}

export interface MannWhitneyResult {
  /** U of the canary sample (R's W for wilcox.test(canary, baseline)). */
  readonly statistic: number;
  readonly pValue: number;
  readonly method: 'exact' | 'normal';
  /** Hodges-Lehmann shift: the median of all canary_i − baseline_j. */
  readonly estimate: number;
  readonly confidenceInterval: readonly [number, number];
  readonly confidenceLevel: number;
  readonly alternative: Alternative;
  readonly sizes: { readonly baseline: number; readonly canary: number };
  readonly ties: boolean;
  readonly warnings: readonly string[];
}

export function mannWhitney(
  _baseline: readonly number[],
  _canary: readonly number[],
  _options: MannWhitneyOptions = {},
): MannWhitneyResult {
  throw new Error('mannWhitney: not implemented yet');
}
