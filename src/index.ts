/**
 * canary-judge: decide whether a canary deployment is safe to promote.
 *
 * This entry point is the pure core: no I/O, no clock, no unseeded randomness.
 */

// --- errors ---
export { CanaryJudgeError, InvalidSampleError, InvalidOptionError, isCanaryJudgeError } from './errors.js';
export type { CanaryJudgeErrorCode } from './errors.js';

// --- randomness (seeded only) ---
export { createRandom, deriveSeed } from './random.js';
export type { RandomSource } from './random.js';

// --- statistical tests ---
export { mannWhitney } from './stats/mann-whitney.js';
export type { Alternative, MannWhitneyOptions, MannWhitneyResult } from './stats/mann-whitney.js';
export { quantile } from './stats/quantile.js';
export type { QuantileOptions, QuantileType } from './stats/quantile.js';
export { percentileDelta } from './stats/percentile-delta.js';
export type { PercentileDeltaOptions, PercentileDeltaResult } from './stats/percentile-delta.js';
export { meanRatio } from './stats/mean-ratio.js';
export type { MeanRatioOptions, MeanRatioResult } from './stats/mean-ratio.js';
export { rateRatio } from './stats/rate-ratio.js';
export type { Counts, RateRatioOptions, RateRatioResult } from './stats/rate-ratio.js';
export { adjustPValues } from './stats/p-adjust.js';
export type { PAdjustMethod } from './stats/p-adjust.js';
