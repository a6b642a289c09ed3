/**
 * A metric's judge settings read from `analysisConfigurations.canary`, with Kayenta's defaults.
 */
import type { KayentaClassifierSettings } from './mann-whitney-classifier.js';
import type { KayentaOutlierStrategy } from './labels.js';
import type { KayentaMetricConfig } from './request-schema.js';

/** Everything the judge reads for one metric. */
export interface KayentaAnalysisSettings extends KayentaClassifierSettings {
  readonly muted: boolean;
  readonly outlierStrategy: KayentaOutlierStrategy;
  readonly outlierFactor: number;
}

/**
 * Resolves a (validated) metric config's settings. Defaults: direction `either`, nanStrategy `remove`,
 * outliers `keep` with factor 3, critical / mustHaveData / muted false, effect size `meanRatio` with
 * every threshold 1.0 (0.5 for `cles`).
 *
 * @example
 * resolveKayentaAnalysisSettings({ name: 'cpu', groups: [] }).effectSize.allowedIncrease // => 1
 */
export function resolveKayentaAnalysisSettings(metric: KayentaMetricConfig): KayentaAnalysisSettings {
  const canary = metric.analysisConfigurations?.canary ?? {};
  const effectSize = canary.effectSize ?? {};
  const measure = effectSize.measure === 'cles' ? 'cles' : 'meanRatio';
  const defaultThreshold = measure === 'cles' ? 0.5 : 1.0;
  return {
    direction: canary.direction ?? 'either',
    nanStrategy: canary.nanStrategy ?? 'remove',
    critical: canary.critical ?? false,
    mustHaveData: canary.mustHaveData ?? false,
    muted: canary.muted ?? false,
    effectSize: {
      measure,
      allowedIncrease: effectSize.allowedIncrease ?? defaultThreshold,
      allowedDecrease: effectSize.allowedDecrease ?? defaultThreshold,
      criticalIncrease: effectSize.criticalIncrease ?? defaultThreshold,
      criticalDecrease: effectSize.criticalDecrease ?? defaultThreshold,
    },
    outlierStrategy: canary.outliers?.strategy ?? 'keep',
    outlierFactor: canary.outliers?.outlierFactor ?? 3.0,
  };
}
