/**
 * Change of a percentile (p50, p99, …) between baseline and canary, with a percentile bootstrap
 * interval (Efron & Tibshirani 1993, ch. 13) computed without materialising any resample.
 *
 * The p-th type-7 quantile of a bootstrap resample of sorted data x(1) ≤ … ≤ x(n) only depends on
 * two adjacent order statistics of the resample, k = floor(1 + (n − 1)·p) and k + 1. A resample
 * value is x(ceil(n·U)) with U uniform, and ceil(n·U) is non-decreasing in U, so the k-th order
 * statistic of the resample is x(ceil(n·U(k))), where U(k) ~ Beta(k, n − k + 1) is the k-th order
 * statistic of n uniforms. Given U(k) = V, the remaining n − k uniforms are uniform on (V, 1), so
 * U(k+1) = V + (1 − V)·M with M the minimum of n − k uniforms, M = 1 − W^(1/(n−k)), W uniform.
 * Each resample therefore costs one Beta variate (two gamma variates, Marsaglia & Tsang 2000) and
 * one uniform, instead of n draws and a sort.
 */
import { InvalidOptionError } from '../shared/errors.js';
import { createRandom, type RandomSource } from '../shared/random.js';
import { assertInteger, assertProbabilityOpen, assertSample } from '../shared/argument-checks.js';
import { assertProbabilityClosed, quantileSorted } from './quantile.js';
import { sortedCopy } from './sort.js';

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
  /**
   * Relative change (canaryQuantile − baselineQuantile) / |baselineQuantile|, which is
   * canaryQuantile / baselineQuantile − 1 for a positive baseline, with its bootstrap interval.
   * Dividing by |baseline| keeps the sign meaningful for negative quantiles (positive = canary larger).
   * null when baselineQuantile is 0. A bound can be ±Infinity when some bootstrap baselines are 0.
   */
  readonly estimate: number | null;
  readonly confidenceInterval: readonly [number, number] | null;
  readonly confidenceLevel: number;
  readonly resamples: number;
  readonly method: string;
  readonly sizes: { readonly baseline: number; readonly canary: number };
  readonly warnings: readonly string[];
}

const METHOD = 'percentile bootstrap of the type-7 quantile (order-statistic sampler)';
const MAX_RESAMPLES = 10_000_000;
/** Fewer points than this beyond the quantile and the bootstrap of the quantile is unreliable. */
const MIN_TAIL_POINTS = 5;

/**
 * Compares the p-th quantile (R type 7) of canary and baseline: their difference and relative change,
 * each with a percentile bootstrap interval (baseline and canary resampled independently). The result
 * is a pure function of the inputs and the seed. Inputs are not modified.
 *
 * Reference: Efron & Tibshirani (1993) percentile interval; R `quantile(type = 7)`; Marsaglia & Tsang
 * (2000) gamma variates. Cost: O(n log n + m log m) to sort each side once, plus O(resamples · log resamples)
 * for the bootstrap (O(1) per resample and side, then one sort of the replicates).
 *
 * @example
 * const result = percentileDelta([100, 110, 120, 130, 140], [120, 132, 144, 156, 168], { p: 0.5, seed: 1 });
 * result.difference; // => 24
 * result.estimate;   // => 0.2 (the canary median is 20% higher)
 */
export function percentileDelta(
  baseline: readonly number[] | Float64Array,
  canary: readonly number[] | Float64Array,
  options: PercentileDeltaOptions,
): PercentileDeltaResult {
  assertSample(baseline, 'baseline');
  assertSample(canary, 'canary');
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', 'an object with at least `p`', options);
  }
  const { p, confidenceLevel = 0.95, resamples = 10_000, seed = 0 } = options;
  assertProbabilityClosed(p, 'p');
  assertProbabilityOpen(confidenceLevel, 'confidenceLevel');
  assertInteger(resamples, 1, MAX_RESAMPLES, 'resamples');
  if (typeof seed !== 'string' && (typeof seed !== 'number' || !Number.isFinite(seed))) {
    throw new InvalidOptionError('seed', 'a finite number or a string', seed);
  }

  const sortedBaseline = sortedCopy(baseline);
  const sortedCanary = sortedCopy(canary);
  const baselineQuantile = quantileSorted(sortedBaseline, p, 7);
  const canaryQuantile = quantileSorted(sortedCanary, p, 7);
  const difference = canaryQuantile - baselineQuantile;
  const estimate = baselineQuantile === 0 ? null : difference / Math.abs(baselineQuantile);

  const random = createRandom(seed);
  const baselineSampler = createQuantileResampler(sortedBaseline, p, random);
  const canarySampler = createQuantileResampler(sortedCanary, p, random);
  const differences = new Float64Array(resamples);
  const relatives = new Float64Array(resamples);
  let zeroBaselineReplicates = 0;
  for (let resample = 0; resample < resamples; resample++) {
    const baselineReplicate = baselineSampler();
    const canaryReplicate = canarySampler();
    const replicateDifference = canaryReplicate - baselineReplicate;
    differences[resample] = replicateDifference;
    if (baselineReplicate === 0) {
      zeroBaselineReplicates++;
      relatives[resample] = replicateDifference === 0 ? 0 : replicateDifference > 0 ? Infinity : -Infinity;
    } else {
      relatives[resample] = replicateDifference / Math.abs(baselineReplicate);
    }
  }

  const alpha = 1 - confidenceLevel;
  const differenceInterval = percentileInterval(differences, alpha);
  const confidenceInterval = estimate === null ? null : percentileInterval(relatives, alpha);

  const warnings: string[] = [];
  if (estimate === null) {
    warnings.push(
      `The baseline p${formatPercent(p)} is 0: the relative change is undefined (estimate and confidenceInterval are null); use difference.`,
    );
  } else {
    if (baselineQuantile < 0) {
      warnings.push(
        `The baseline p${formatPercent(p)} is negative (${baselineQuantile}): the relative change is divided by |baseline|, so a positive value still means the canary is larger.`,
      );
    }
    if (zeroBaselineReplicates > 0) {
      warnings.push(
        `${zeroBaselineReplicates} of ${resamples} bootstrap baselines had a p${formatPercent(p)} of 0: the relative interval may be unbounded (±Infinity).`,
      );
    }
  }
  for (const [side, size] of [
    ['baseline', sortedBaseline.length],
    ['canary', sortedCanary.length],
  ] as const) {
    const tailPoints = Math.min(p, 1 - p) * size;
    if (tailPoints < MIN_TAIL_POINTS) {
      warnings.push(
        `The ${side} has about ${Math.floor(tailPoints)} values beyond its p${formatPercent(p)} (n = ${size}): the bootstrap interval of such an extreme quantile is unreliable and tends to be too narrow.`,
      );
    }
  }

  return {
    p,
    baselineQuantile,
    canaryQuantile,
    difference,
    differenceInterval,
    estimate,
    confidenceInterval,
    confidenceLevel,
    resamples,
    method: METHOD,
    sizes: { baseline: sortedBaseline.length, canary: sortedCanary.length },
    warnings,
  };
}

/**
 * Returns a function drawing the p-th type-7 quantile of one bootstrap resample of `sorted`, in O(1)
 * per call, without building the resample (see the file comment for the derivation). Internal:
 * exported for the tests that compare it with a naive resample-and-sort bootstrap.
 *
 * Cost: O(1) expected per call (about 2 gamma variates, ≈ 2.1 normal and 2 uniform draws).
 *
 * @example
 * const draw = createQuantileResampler(new Float64Array([1, 2, 3]), 0.5, createRandom(1));
 * draw(); // => 1, 1.5, 2, 2.5 or 3
 */
export function createQuantileResampler(sorted: Float64Array, p: number, random: RandomSource): () => number {
  const size = sorted.length;
  const index = 1 + (size - 1) * p;
  const lowerRank = Math.floor(index);
  const fraction = index - lowerRank;
  const interpolates = fraction > 0 && lowerRank < size;
  // U(k) ~ Beta(k, n − k + 1) = G1 / (G1 + G2) with G1 ~ Gamma(k), G2 ~ Gamma(n − k + 1).
  const gammaBelow = createGammaSampler(lowerRank, random);
  const gammaAbove = createGammaSampler(size - lowerRank + 1, random);
  const uniformsAbove = size - lowerRank;
  const valueAt = (uniform: number): number => {
    const rank = Math.ceil(size * uniform);
    return sorted[rank < 1 ? 0 : rank > size ? size - 1 : rank - 1] as number;
  };

  return () => {
    const below = gammaBelow();
    const kthUniform = below / (below + gammaAbove());
    const lowerValue = valueAt(kthUniform);
    if (!interpolates) return lowerValue;
    // Minimum of the n − k uniforms above U(k), rescaled to (U(k), 1).
    const minimumAbove = 1 - Math.pow(random(), 1 / uniformsAbove);
    const upperValue = valueAt(kthUniform + (1 - kthUniform) * minimumAbove);
    return upperValue === lowerValue ? lowerValue : (1 - fraction) * lowerValue + fraction * upperValue;
  };
}

/**
 * Gamma(shape, 1) variates for shape ≥ 1 by Marsaglia & Tsang (2000), "A simple method for generating
 * gamma variables", ACM TOMS 26(3). Normals by the Marsaglia polar method (both of each pair are used).
 */
function createGammaSampler(shape: number, random: RandomSource): () => number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const normal = createNormalSampler(random);
  return () => {
    for (;;) {
      const x = normal();
      let v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = random();
      const xSquared = x * x;
      if (u < 1 - 0.0331 * xSquared * xSquared) return d * v;
      if (u > 0 && Math.log(u) < 0.5 * xSquared + d * (1 - v + Math.log(v))) return d * v;
    }
  };
}

/** Standard normal variates by the Marsaglia polar method. */
function createNormalSampler(random: RandomSource): () => number {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let first: number;
    let second: number;
    let radiusSquared: number;
    do {
      first = 2 * random() - 1;
      second = 2 * random() - 1;
      radiusSquared = first * first + second * second;
    } while (radiusSquared >= 1 || radiusSquared === 0);
    const scale = Math.sqrt((-2 * Math.log(radiusSquared)) / radiusSquared);
    spare = second * scale;
    hasSpare = true;
    return first * scale;
  };
}

/** Type-7 quantiles α/2 and 1 − α/2 of the bootstrap replicates (sorted in place). */
function percentileInterval(replicates: Float64Array, alpha: number): [number, number] {
  replicates.sort();
  return [quantileSorted(replicates, alpha / 2, 7), quantileSorted(replicates, 1 - alpha / 2, 7)];
}

/** 0.99 → "99", 0.999 → "99.9", 0.5 → "50". */
function formatPercent(p: number): string {
  return String(Number((p * 100).toPrecision(12)));
}
