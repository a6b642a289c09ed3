/** Placeholder: being written. */
export type QuantileType = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
export interface QuantileOptions {
  /** R's quantile type. @default 7 */
  type?: QuantileType;
}
export function quantile(values: readonly number[], p: number, options?: QuantileOptions): number;
export function quantile(values: readonly number[], p: readonly number[], options?: QuantileOptions): number[];
export function quantile(
  _values: readonly number[],
  _p: number | readonly number[],
  _options: QuantileOptions = {},
): number | number[] {
  throw new Error('quantile: not implemented yet');
}
