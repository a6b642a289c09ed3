/**
 * What a metric's test returns, in the metric's terms: an absolute and a relative change, each with
 * its interval (`Effect`). The tests live in effect.ts, trend-effect.ts, paired-effect.ts and
 * histogram-effect.ts; this file holds only the shapes they share, so those files and their readers
 * (classify, explain) depend on it and not on each other.
 */
import type { TrendDetails } from './trend-details.js';

/** An interval; an end may be ±Infinity here (it becomes null in the Judgement). */
export type Interval = readonly [number, number];

/** A change with its interval; `estimate` may be ±Infinity (a rise from zero). */
export interface Change {
  readonly estimate: number;
  readonly interval: Interval;
}

/** The outcome of a test in the metric's terms. */
export interface Effect {
  /** A plain description of the test and method, e.g. `Mann-Whitney U (exact), Hodges-Lehmann shift`. */
  readonly method: string;
  /** Two-sided p-value of "no change"; null for the bootstrap (percentile) test. */
  readonly pValue: number | null;
  /** canary − baseline in the metric's unit (for rates: the rate difference). */
  readonly absolute: Change;
  /** The change relative to the baseline level (0.1 = +10%), or null when it is undefined. */
  readonly relative: Change | null;
  /** Why `relative` is null (e.g. "the baseline median is 0"). */
  readonly relativeUnavailable: string | null;
  /** Sizes the interval width scales with: values per side, or summed totals for rates. */
  readonly informationSizes: { readonly baseline: number; readonly canary: number };
  /**
   * How the variance falls with the sizes: as size^−sizeExponent. 1 (the default) for the location
   * and rate tests; 3 for the trend test (a longer window both adds points and spreads them in time).
   */
  readonly sizeExponent?: number;
  /** The trend test's fitted lines and projections. */
  readonly trend?: TrendDetails;
  /**
   * The level the interval actually reaches when it falls short of the requested one (the exact
   * Mann-Whitney interval with very few values: 1 and 1 values reach 0%, 3 and 3 reach 90%);
   * absent when the requested level is reached. The judge cannot decide on such an interval.
   */
  readonly achievedLevel?: number;
  /** True when measured on time-aligned pairs (both sides grow together: the sizes are pairs). */
  readonly paired?: boolean;
  readonly warnings: readonly string[];
}
