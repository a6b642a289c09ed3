/**
 * Kayenta's per-side transforms (`Transforms.scala`), applied before any test: NaN removal or
 * replacement, then optional outlier removal. ±Infinity is left untouched, as in Kayenta.
 *
 * Kayenta port: a deliberate copy of Kayenta's own arithmetic, kept apart from `src/stats/` so the
 * Kayenta-compatible judge matches Kayenta bit for bit. Do not merge it with the native statistics
 * (see src/kayenta/port/README.md).
 */
import { iqrOutliers } from './outlier-detectors.js';

/**
 * Drops NaN values.
 *
 * @example
 * removeNaNs([0, 1, Number.NaN, 1, 0]) // => [0, 1, 1, 0]
 */
export function removeNaNs(values: readonly number[]): number[] {
  return values.filter((value) => !Number.isNaN(value));
}

/**
 * Replaces NaN values with `replacement` (Kayenta uses 0).
 *
 * @example
 * replaceNaNs([Number.NaN, 10.1, 20.2]) // => [0, 10.1, 20.2]
 */
export function replaceNaNs(values: readonly number[], replacement = 0): number[] {
  return values.map((value) => (Number.isNaN(value) ? replacement : value));
}

/**
 * Drops the values a detector marks as outliers.
 *
 * @example
 * removeOutliers([1, 2, 100], (values) => values.map((value) => value > 10)) // => [1, 2]
 */
export function removeOutliers(values: readonly number[], detect: (values: readonly number[]) => boolean[]): number[] {
  const isOutlier = detect(values);
  return values.filter((_, index) => isOutlier[index] !== true);
}

/** How one metric's sides are cleaned. */
export interface KayentaTransformSettings {
  readonly nanStrategy: 'remove' | 'replace';
  readonly outlierStrategy: 'keep' | 'remove';
  readonly outlierFactor: number;
}

/**
 * The judge's transform chain for one side: remove or replace NaNs, then, when the outlier strategy
 * is `remove`, drop IQR outliers (reduced sensitivity, factor `outlierFactor`).
 *
 * @example
 * transformKayentaSide([1, Number.NaN, 3], { nanStrategy: 'replace', outlierStrategy: 'keep', outlierFactor: 3 }) // => [1, 0, 3]
 */
export function transformKayentaSide(values: readonly number[], settings: KayentaTransformSettings): number[] {
  const cleaned = settings.nanStrategy === 'replace' ? replaceNaNs(values) : removeNaNs(values);
  if (settings.outlierStrategy !== 'remove') return cleaned;
  return removeOutliers(cleaned, (side) => iqrOutliers(side, { factor: settings.outlierFactor, reduceSensitivity: true }));
}
