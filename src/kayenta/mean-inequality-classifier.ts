/**
 * Kayenta's `MeanInequalityClassifier`: compares the two means and nothing else. Kayenta keeps it for
 * benchmarking; no judge uses it. Reproduced so that Kayenta's tests of it run here too.
 */
import type { KayentaClassifierSettings, KayentaMetricClassification } from './mann-whitney-classifier.js';

/**
 * High when the canary mean is above the baseline mean (direction increase/either), Low when below
 * (decrease/either), else Pass; the no-data rules are the Mann-Whitney classifier's.
 *
 * @example
 * const settings = { direction: 'either', nanStrategy: 'remove', critical: false, mustHaveData: false };
 * classifyByMeanInequality([1, 2, 3], [10, 20, 30], settings).classification // => 'High'
 */
export function classifyByMeanInequality(
  control: readonly number[],
  experiment: readonly number[],
  settings: Omit<KayentaClassifierSettings, 'effectSize'>,
): KayentaMetricClassification {
  const result = (
    classification: KayentaMetricClassification['classification'],
    reason: string | null,
    deviation: number,
    critical: boolean,
  ): KayentaMetricClassification => ({ classification, reason, deviation, critical, effectSize: null, interval: null });

  if (experiment.length === 0 || control.length === 0) {
    if (settings.nanStrategy === 'replace') return result('Pass', null, 1, false);
    if (settings.mustHaveData && !settings.critical) return result('NodataFailMetric', null, 1, false);
    return result('Nodata', null, 0, settings.critical);
  }
  const experimentMean = mean(experiment);
  const controlMean = mean(control);
  const ratio = experimentMean / controlMean;
  const { direction } = settings;
  if ((direction === 'increase' || direction === 'either') && experimentMean > controlMean) {
    return result('High', 'The Canary mean was greater than the Baseline mean', ratio, settings.critical);
  }
  if ((direction === 'decrease' || direction === 'either') && experimentMean < controlMean) {
    return result('Low', 'The Canary mean was less than the Baseline mean', ratio, settings.critical);
  }
  return result('Pass', null, ratio, false);
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
