/**
 * Kayenta's effect sizes (`EffectSizes.scala`): the ratio of means, the common-language effect size
 * (CLES), and Cohen's d (computed by Kayenta but used by no judge).
 *
 * Kayenta port: a deliberate copy of Kayenta's own arithmetic, kept apart from `src/stats/` so the
 * Kayenta-compatible judge matches Kayenta bit for bit. Do not merge it with the native statistics
 * (see src/kayenta/port/README.md).
 */
import { averageRanks } from './average-ranks.js';

/** The effect-size measures a Kayenta metric can gate on (`effectSize.measure`). */
export type KayentaEffectSizeMeasure = 'meanRatio' | 'cles';

/**
 * mean(experiment) / mean(control), or NaN when either mean is exactly 0 (Kayenta then skips the
 * effect-size gate). This is also the `ratio` Kayenta reports for every compared metric.
 *
 * @example
 * kayentaMeanRatio([10, 10], [1, 1]) // => 10
 * kayentaMeanRatio([10, 10], [0, 0]) // => NaN
 */
export function kayentaMeanRatio(experiment: readonly number[], control: readonly number[]): number {
  const experimentMean = mean(experiment);
  const controlMean = mean(control);
  if (experimentMean === 0 || controlMean === 0) return Number.NaN;
  return experimentMean / controlMean;
}

/**
 * The common-language effect size P(E > C) + ½·P(E = C) = (2·R₁ − m(m+1)) / (2·n·m), where R₁ is the
 * experiment's rank sum in the pooled sample (ties averaged), m = |experiment| and n = |control|.
 *
 * @example
 * kayentaCles([1, 2, 3], [1, 2, 3]) // => 0.5
 * kayentaCles([5, 6], [1, 2])       // => 1
 */
export function kayentaCles(experiment: readonly number[], control: readonly number[]): number {
  const experimentSize = experiment.length;
  const controlSize = control.length;
  const { ranks } = averageRanks([...experiment, ...control]);
  let experimentRankSum = 0;
  for (let index = 0; index < experimentSize; index++) experimentRankSum += ranks[index] as number;
  return (2 * experimentRankSum - experimentSize * (experimentSize + 1)) / (2 * controlSize * experimentSize);
}

/**
 * Cohen's d with the pooled sample standard deviation, as an absolute value:
 * |mean(E) − mean(C)| / √(((m−1)·s²_E + (n−1)·s²_C) / (m + n − 2)).
 *
 * @example
 * kayentaCohenD([5, 5, 5, 10, 10, 10], [1, 1, 1, 2, 2, 2]) // => 3.0382181012509997
 */
export function kayentaCohenD(experiment: readonly number[], control: readonly number[]): number {
  const experimentSize = experiment.length;
  const controlSize = control.length;
  const pooledVariance =
    ((experimentSize - 1) * sampleVariance(experiment) + (controlSize - 1) * sampleVariance(control)) /
    (experimentSize + controlSize - 2);
  return Math.abs(mean(experiment) - mean(control)) / Math.sqrt(pooledVariance);
}

/** The effect size a metric is gated on. */
export function kayentaEffectSize(
  measure: KayentaEffectSizeMeasure,
  experiment: readonly number[],
  control: readonly number[],
): number {
  return measure === 'cles' ? kayentaCles(experiment, control) : kayentaMeanRatio(experiment, control);
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function sampleVariance(values: readonly number[]): number {
  const centre = mean(values);
  let sumOfSquares = 0;
  for (const value of values) sumOfSquares += (value - centre) * (value - centre);
  return sumOfSquares / (values.length - 1);
}
