/**
 * Kayenta's summary classification (`ThresholdScoreClassifier`): Pass at or above the pass threshold,
 * Marginal at or above the marginal threshold, otherwise Fail.
 */
import type { KayentaScoreLabel } from './labels.js';

/** The request's `scoreThresholds`. */
export interface KayentaScoreThresholds {
  readonly pass: number;
  readonly marginal: number;
}

/**
 * Labels a summary score. Both comparisons are inclusive (≥), as in the judge; note that Kayenta's
 * orchestrators treat a score equal to the marginal threshold as a failure.
 *
 * @example
 * classifyKayentaScore(75, { pass: 95, marginal: 75 }) // => 'Marginal'
 */
export function classifyKayentaScore(score: number, thresholds: KayentaScoreThresholds): KayentaScoreLabel {
  if (score >= thresholds.pass) return 'Pass';
  if (score >= thresholds.marginal) return 'Marginal';
  return 'Fail';
}
