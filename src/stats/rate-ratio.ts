/** Placeholder: being written. */
import type { Alternative } from './mann-whitney.js';
export interface Counts {
  readonly events: number;
  readonly total: number;
}
export interface RateRatioOptions {
  /** @default 0.95 */
  confidenceLevel?: number;
  /** @default 'two-sided' ('greater': the canary's rate is higher) */
  alternative?: Alternative;
}
export interface RateRatioResult {
  /** (canary.events / canary.total) / (baseline.events / baseline.total); null when both have no events. */
  readonly estimate: number | null;
  readonly confidenceInterval: readonly [number, number];
  readonly confidenceLevel: number;
  readonly alternative: Alternative;
  readonly pValue: number;
  readonly baselineRate: number;
  readonly canaryRate: number;
  readonly method: string;
  readonly warnings: readonly string[];
}
export function rateRatio(_baseline: Counts, _canary: Counts, _options: RateRatioOptions = {}): RateRatioResult {
  throw new Error('rateRatio: not implemented yet');
}
