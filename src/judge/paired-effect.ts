/**
 * The paired form of each test (statistics.md §2b): the same effects as the independent tests
 * (absolute change canary − baseline, relative change), measured on time-aligned pairs with
 * intervals that stay honest when the per-step differences are autocorrelated.
 *
 * - `mann-whitney` (location shift): the mean of the per-step differences (absolute) and of the
 *   per-step log-ratios (relative, exp(mean) − 1; when a value is not positive, the paired ratio of
 *   means instead), each with the long-run (Newey–West / AR(1)) standard error.
 * - `mean-ratio`: the ratio of the means with a Fieller interval from the pairs' covariance made
 *   robust to autocorrelation; the difference of the means from the per-step differences.
 * - `rate`: the Mantel–Haenszel rate ratio and difference stratified by time step.
 */
import { lag1Autocorrelation, type LongRunVariance } from '../stats/long-run-variance.js';
import { mantelHaenszel } from '../stats/mantel-haenszel.js';
import { pairedMean, twoSidedT } from '../stats/paired-mean.js';
import { pairedRatio } from '../stats/paired-ratio.js';
import type { MetricConfig } from '../config/config-schema.js';
import type { Dependence } from './dependence.js';
import type { Change, Effect } from './effect-types.js';
import type { AlignedPairs } from './pairing.js';

/** Options of the paired tests. */
export interface PairedEffectOptions {
  readonly confidenceLevel: number;
  /** Whether the interval accounts for autocorrelation (`autocorrelation: "adjust"`). */
  readonly dependence: boolean;
}

/** The judge's Dependence record for a paired series (the sides' own lag-1 and the series' long-run inflation). */
function pairedDependence(pairs: AlignedPairs, behind: LongRunVariance, level: number, adjusted: boolean): Dependence {
  const n = pairs.timestamps.length;
  const inflation = behind.variance > 0 ? behind.longRun / behind.variance : 1;
  const tRatio = twoSidedT(level, Math.max(1, behind.effectiveSize - 1)) / twoSidedT(level, Math.max(1, n - 1));
  return {
    baseline: lag1Autocorrelation(pairs.baseline),
    canary: lag1Autocorrelation(pairs.canary),
    used: adjusted ? behind.lag1Corrected : 0,
    dispersion: null,
    varianceInflation: { baseline: inflation, canary: inflation },
    effectiveSizes: { baseline: behind.effectiveSize, canary: behind.effectiveSize },
    widening: adjusted ? Math.sqrt(inflation) * Math.max(1, tRatio) : 1,
  };
}

function change(estimate: number, interval: readonly [number, number]): Change {
  return { estimate, interval: [interval[0], interval[1]] };
}

/**
 * The paired effect of a metric, or null when the pairs cannot carry the test (a rate metric
 * without events on one side: the caller judges it unpaired with the exact test).
 *
 * @example
 * const metric = parseConfig({ metrics: [{ name: 'cpu', test: 'mean-ratio' }] }).metrics[0];
 * const pairs = { timestamps: Float64Array.from([0, 1, 2, 3]), baseline: Float64Array.from([10, 12, 11, 13]), canary: Float64Array.from([11, 13, 12, 14]), counts: null };
 * measurePairedEffect(metric, pairs, { confidenceLevel: 0.95, dependence: true })?.effect.absolute.estimate // => 1
 */
export function measurePairedEffect(
  metric: MetricConfig,
  pairs: AlignedPairs,
  options: PairedEffectOptions,
): { effect: Effect; dependence: Dependence } | null {
  const n = pairs.timestamps.length;
  const level = options.confidenceLevel;
  const informationSizes = { baseline: n, canary: n };
  const stepsText = `${n} time-aligned pairs`;
  const hac = options.dependence ? 'long-run (Newey–West / AR(1)) standard error' : 'independent-steps standard error';
  switch (metric.test) {
    case 'rate': {
      const counts = pairs.counts;
      if (counts === null) return null;
      let result;
      try {
        result = mantelHaenszel(counts.baseline, counts.canary, { confidenceLevel: level, dependence: options.dependence });
      } catch {
        return null;
      }
      if (result.ratio === null || result.dependence === null) return null;
      const effect: Effect = {
        method: `rate ratio and difference stratified by time step (Mantel–Haenszel, ${result.strata} steps), ${hac}`,
        pValue: result.pValue,
        absolute: change(result.difference, result.differenceInterval),
        relative: change(result.ratio - 1, [result.ratioInterval[0] - 1, result.ratioInterval[1] - 1]),
        relativeUnavailable: null,
        informationSizes,
        paired: true,
        warnings: [],
      };
      return { effect, dependence: pairedDependence(pairs, result.dependence, level, options.dependence) };
    }
    case 'mean-ratio': {
      const differences = new Float64Array(n);
      for (let i = 0; i < n; i++) differences[i] = (pairs.canary[i] as number) - (pairs.baseline[i] as number);
      const absolute = pairedMean(differences, { confidenceLevel: level, dependence: options.dependence });
      const ratio = pairedRatio(pairs.baseline, pairs.canary, { confidenceLevel: level, dependence: options.dependence });
      const relative = ratio.estimate !== null && ratio.baselineMean > 0 ? change(ratio.estimate - 1, [ratio.interval[0] - 1, ratio.interval[1] - 1]) : null;
      const effect: Effect = {
        method: `paired ratio of means on ${stepsText}, Fieller interval with a ${hac}`,
        pValue: absolute.pValue,
        absolute: change(absolute.estimate, absolute.interval),
        relative,
        relativeUnavailable: relative === null ? `the baseline mean is ${ratio.baselineMean === 0 ? '0' : 'negative'}` : null,
        informationSizes,
        paired: true,
        warnings: relative !== null && !ratio.bounded ? ['the baseline mean is not clearly different from 0, so the interval of the ratio is unbounded'] : [],
      };
      return { effect, dependence: pairedDependence(pairs, ratio.dependence, level, options.dependence) };
    }
    case 'mann-whitney': {
      const differences = new Float64Array(n);
      let positive = true;
      for (let i = 0; i < n; i++) {
        const b = pairs.baseline[i] as number;
        const c = pairs.canary[i] as number;
        differences[i] = c - b;
        if (!(b > 0 && c > 0)) positive = false;
      }
      const absolute = pairedMean(differences, { confidenceLevel: level, dependence: options.dependence });
      let relative: Change | null = null;
      let relativeUnavailable: string | null = null;
      let behind = absolute.dependence;
      let relativeMethod: string;
      if (positive) {
        const logRatios = new Float64Array(n);
        for (let i = 0; i < n; i++) logRatios[i] = Math.log((pairs.canary[i] as number) / (pairs.baseline[i] as number));
        const mean = pairedMean(logRatios, { confidenceLevel: level, dependence: options.dependence });
        relative = change(Math.expm1(mean.estimate), [Math.expm1(mean.interval[0]), Math.expm1(mean.interval[1])]);
        behind = mean.dependence;
        relativeMethod = 'mean per-step log-ratio (relative)';
      } else {
        const ratio = pairedRatio(pairs.baseline, pairs.canary, { confidenceLevel: level, dependence: options.dependence });
        if (ratio.estimate !== null && ratio.baselineMean > 0) {
          relative = change(ratio.estimate - 1, [ratio.interval[0] - 1, ratio.interval[1] - 1]);
        } else {
          relativeUnavailable = `the baseline mean is ${ratio.baselineMean === 0 ? '0' : 'negative'}`;
        }
        relativeMethod = 'paired ratio of means (relative; some values are not positive)';
      }
      const effect: Effect = {
        method: `paired shift on ${stepsText}: mean per-step difference (absolute), ${relativeMethod}, ${hac}`,
        pValue: absolute.pValue,
        absolute: change(absolute.estimate, absolute.interval),
        relative,
        relativeUnavailable,
        informationSizes,
        paired: true,
        warnings: [],
      };
      return { effect, dependence: pairedDependence(pairs, behind, level, options.dependence) };
    }
    case 'percentile':
    case 'trend':
      return null;
  }
}
