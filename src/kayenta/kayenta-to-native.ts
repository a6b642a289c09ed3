/**
 * `kayentaToNative`: converts a Kayenta canary config into a native canary-judge config, and lists
 * the semantic differences that apply to that config, so a migration has no silent surprises.
 */
import { ConfigValidationError, type CanaryConfigInput, type MetricConfigInput } from '../judge/index.js';
import { resolveKayentaAnalysisSettings, type KayentaAnalysisSettings } from './analysis-settings.js';
import { KAYENTA_CONFIDENCE_LEVEL } from './labels.js';
import { kayentaCanaryConfigSchema, type KayentaCanaryConfigInput, type KayentaMetricConfig } from './request-schema.js';
import { unescapeKayentaTemplates } from './unescape-templates.js';
import { toKayentaIssues } from './validation-issues.js';

/** Options of `kayentaToNative`. */
export interface KayentaToNativeOptions {
  /**
   * The thresholds of the Kayenta execution request (Kayenta's judge reads them from there).
   * @default the config's `classifier.scoreThresholds`, else canary-judge's defaults (95 / 75)
   */
  readonly thresholds?: { readonly pass: number; readonly marginal: number };
}

/** The converted config and the differences a user migrating it should know about. */
export interface KayentaToNativeResult {
  /** A native config (`judge(config, data)` accepts it as is). */
  readonly config: CanaryConfigInput;
  /** One sentence per semantic difference that applies to this config. */
  readonly differences: readonly string[];
}

/** Default native margin used where Kayenta's effect size has no native counterpart. */
const FALLBACK_RELATIVE_MARGIN = 0.1;

/**
 * Converts a Kayenta canary config. Each metric becomes a `mann-whitney` metric with the same
 * direction, critical, required (`mustHaveData`), muted, NaN and outlier settings; the meanRatio
 * effect-size gate becomes a relative margin; group weights are spread over each group's metrics so
 * that every group keeps its share of the score. The confidence level is Kayenta's 0.98 and no
 * multiple-comparison adjustment is made, as in Kayenta.
 *
 * @throws ConfigValidationError when `canaryConfig` is not a valid Kayenta canary config.
 *
 * @example
 * const canary = { direction: 'increase', effectSize: { allowedIncrease: 1.25 } };
 * const metrics = [{ name: 'latency', groups: ['perf'], analysisConfigurations: { canary } }];
 * kayentaToNative({ metrics, classifier: { groupWeights: { perf: 100 } } }).config.metrics[0] // => { name: 'latency', test: 'mann-whitney', direction: 'increase', margin: { relative: 0.25 }, weight: 100, group: 'perf', critical: false, required: false, muted: false, nan: 'remove', outliers: { strategy: 'keep' } }
 */
export function kayentaToNative(canaryConfig: KayentaCanaryConfigInput, options: KayentaToNativeOptions = {}): KayentaToNativeResult {
  const parsed = kayentaCanaryConfigSchema.safeParse(canaryConfig, { reportInput: true });
  if (!parsed.success) throw new ConfigValidationError(toKayentaIssues(parsed.error.issues), 'Kayenta canary config');
  const config = unescapeKayentaTemplates(parsed.data);
  const differences: string[] = [];

  differences.push(
    'Decision rule: Kayenta calls a metric High/Low when its 98% Mann-Whitney interval clears ±25% of the shift estimate itself (and the effect-size gate holds); canary-judge compares the interval with the margin, relative to the baseline level, and can answer inconclusive.',
    'Small samples: Kayenta always uses the normal approximation and judges any number of points; canary-judge uses the exact test for small samples and reports nodata below minSamples (10 usable values per side by default).',
    'Score: Kayenta scores each group as the share of Pass among Pass/High/Low/NodataFailMetric and sums the groups by weight; canary-judge takes the weighted mean of per-metric credits (pass 1, inconclusive 0.5, fail 0), and below the marginal threshold answers marginal rather than fail when no metric shows harm and only inconclusive metrics hold the score down (verdictRule "evidence"; "score" fails on the score alone).',
    'Missing data: Kayenta forces the score to 0 when 50% or more of the metrics are Nodata; canary-judge leaves nodata metrics out of the score unless they are required.',
    'Errors: a Kayenta metric that errors never fails the canary, even when critical; in canary-judge a critical metric that errors fails it.',
  );

  const thresholds = resolveThresholds(config.classifier?.scoreThresholds, options.thresholds, differences);

  const firstByName = new Map<string, KayentaMetricConfig>();
  config.metrics.forEach((metric, index) => {
    if (firstByName.has(metric.name)) {
      differences.push(`metrics[${index}] repeats the name "${metric.name}": Kayenta judges every pair of that name with the first config, so this one was dropped.`);
    } else {
      firstByName.set(metric.name, metric);
    }
  });
  const metrics = [...firstByName.values()];
  const settingsByName = new Map(metrics.map((metric) => [metric.name, resolveKayentaAnalysisSettings(metric)]));
  const weights = metricWeights(metrics, settingsByName, config.classifier?.groupWeights ?? {}, differences);

  const nativeMetrics = metrics.map((metric): MetricConfigInput => {
    const settings = settingsByName.get(metric.name) as KayentaAnalysisSettings;
    const weight = weights.get(metric.name);
    const isScored = !settings.muted && weight !== undefined;
    const group = metric.groups[0];
    return {
      name: metric.name,
      test: 'mann-whitney',
      direction: settings.direction,
      margin: { relative: nativeMargin(metric.name, settings, differences) },
      ...(isScored ? { weight } : {}),
      ...(group === undefined ? {} : { group }),
      critical: settings.critical,
      required: settings.mustHaveData,
      muted: !isScored,
      nan: settings.nanStrategy === 'replace' ? 'zero' : 'remove',
      outliers: settings.outlierStrategy === 'remove' ? { strategy: 'iqr', factor: settings.outlierFactor } : { strategy: 'keep' },
    };
  });
  noteMetricDifferences(metrics, settingsByName, differences);

  return {
    config: {
      thresholds,
      confidenceLevel: KAYENTA_CONFIDENCE_LEVEL,
      multipleComparisons: 'none',
      metrics: nativeMetrics,
    },
    differences,
  };
}

function resolveThresholds(
  fromConfig: { pass?: number | null | undefined; marginal?: number | null | undefined } | null | undefined,
  fromOptions: KayentaToNativeOptions['thresholds'],
  differences: string[],
): { pass: number; marginal: number } {
  let pass = 95;
  let marginal = 75;
  if (fromOptions !== undefined) {
    ({ pass, marginal } = fromOptions);
  } else if (typeof fromConfig?.pass === 'number' && typeof fromConfig.marginal === 'number') {
    pass = fromConfig.pass;
    marginal = fromConfig.marginal;
    differences.push(
      `Thresholds: taken from classifier.scoreThresholds (pass ${pass}, marginal ${marginal}); Kayenta's judge ignores those and uses the execution request's thresholds, so check they agree.`,
    );
  } else {
    differences.push('Thresholds: none given, so canary-judge\'s defaults (pass 95, marginal 75) are used; Kayenta takes them from each execution request.');
  }
  const clamp = (value: number) => Math.min(100, Math.max(0, value));
  if (clamp(pass) !== pass || clamp(marginal) !== marginal || marginal > pass) {
    differences.push(`Thresholds pass ${pass} / marginal ${marginal} are outside 0 ≤ marginal ≤ pass ≤ 100, which canary-judge requires; they were clamped.`);
    pass = clamp(pass);
    marginal = Math.min(clamp(marginal), pass);
  }
  return { pass, marginal };
}

/**
 * Spreads each group's weight evenly over its scored metrics, so every group keeps its share of the
 * score; a metric in several groups gets the sum of its shares. Unscored metrics get no weight.
 */
function metricWeights(
  metrics: readonly KayentaMetricConfig[],
  settingsByName: ReadonlyMap<string, KayentaAnalysisSettings>,
  groupWeights: Readonly<Record<string, number>>,
  differences: string[],
): Map<string, number> {
  const scored = metrics.filter((metric) => !(settingsByName.get(metric.name) as KayentaAnalysisSettings).muted);
  const membersByGroup = new Map<string, number>();
  for (const metric of scored) for (const group of new Set(metric.groups)) membersByGroup.set(group, (membersByGroup.get(group) ?? 0) + 1);

  const configuredSum = Object.values(groupWeights).reduce((sum, weight) => sum + weight, 0);
  const unweighted = [...membersByGroup.keys()].filter((group) => !Object.prototype.hasOwnProperty.call(groupWeights, group));
  const sharedWeight = unweighted.length > 0 ? (100 - configuredSum) / unweighted.length : 0;
  const weightOf = (group: string) =>
    Object.prototype.hasOwnProperty.call(groupWeights, group) ? (groupWeights[group] as number) : sharedWeight;

  const effectiveSum = [...membersByGroup.keys()].reduce((sum, group) => sum + weightOf(group), 0);
  if (membersByGroup.size > 0 && Math.abs(effectiveSum - 100) > 1e-9) {
    differences.push(
      `Group weights: the scored groups' weights sum to ${effectiveSum}, not 100, so Kayenta's best score is ${effectiveSum}; canary-judge normalises weights, so its best score is 100.`,
    );
  }
  for (const group of Object.keys(groupWeights)) {
    if (!membersByGroup.has(group)) {
      differences.push(`Group weights: group "${group}" has a weight but no scored metric; Kayenta then loses its weight (capping the score below 100), canary-judge ignores it.`);
    }
  }

  const weights = new Map<string, number>();
  for (const metric of scored) {
    if (metric.groups.length === 0) {
      differences.push(`Metric "${metric.name}" is in no group, so Kayenta does not score it; it is muted here (judged and reported, not scored).`);
      continue;
    }
    if (metric.groups.length > 1) {
      differences.push(
        `Metric "${metric.name}" is in ${metric.groups.length} groups (${metric.groups.join(', ')}); Kayenta counts it once per group, canary-judge reports it under "${metric.groups[0]}" with the summed weight.`,
      );
    }
    const weight = [...new Set(metric.groups)].reduce((sum, group) => sum + weightOf(group) / (membersByGroup.get(group) as number), 0);
    if (Number.isFinite(weight) && weight > 0) {
      weights.set(metric.name, weight);
    } else {
      differences.push(`Metric "${metric.name}" gets a weight of ${weight} from its groups' weights; canary-judge needs a positive weight, so it is muted here.`);
    }
  }
  return weights;
}

/** The native relative margin equivalent to the metric's effect-size gate. */
function nativeMargin(name: string, settings: KayentaAnalysisSettings, differences: string[]): number {
  const { effectSize, direction } = settings;
  if (effectSize.measure === 'cles') {
    differences.push(
      `Metric "${name}": the CLES effect size (allowed ${effectSize.allowedDecrease}–${effectSize.allowedIncrease}) has no canary-judge counterpart; the margin is set to ${FALLBACK_RELATIVE_MARGIN * 100}% of the baseline level instead.`,
    );
    return FALLBACK_RELATIVE_MARGIN;
  }
  const increaseMargin = Math.max(0, effectSize.allowedIncrease - 1);
  const decreaseMargin = Math.max(0, 1 - effectSize.allowedDecrease);
  let margin: number;
  if (direction === 'increase') margin = increaseMargin;
  else if (direction === 'decrease') margin = decreaseMargin;
  else {
    margin = Math.min(increaseMargin, decreaseMargin);
    if (increaseMargin !== decreaseMargin) {
      differences.push(
        `Metric "${name}": allowedIncrease ${effectSize.allowedIncrease} and allowedDecrease ${effectSize.allowedDecrease} differ, but a canary-judge margin is symmetric; the stricter ${round(margin * 100)}% is used for both directions.`,
      );
    }
  }
  if (margin === 0) {
    differences.push(
      `Metric "${name}": Kayenta's effect-size gate is open (ratio 1.0), so the margin is 0 and canary-judge fails any clear harmful shift; Kayenta would still pass shifts whose interval reaches within 25% of the estimate. Consider a margin such as 0.1.`,
    );
  }
  return margin;
}

function noteMetricDifferences(
  metrics: readonly KayentaMetricConfig[],
  settingsByName: ReadonlyMap<string, KayentaAnalysisSettings>,
  differences: string[],
): void {
  for (const metric of metrics) {
    const settings = settingsByName.get(metric.name) as KayentaAnalysisSettings;
    const { effectSize } = settings;
    const defaultThreshold = effectSize.measure === 'cles' ? 0.5 : 1;
    if (settings.critical && (effectSize.criticalIncrease !== defaultThreshold || effectSize.criticalDecrease !== defaultThreshold)) {
      differences.push(
        `Metric "${metric.name}": Kayenta fails the canary on this critical metric only beyond criticalIncrease ${effectSize.criticalIncrease} / criticalDecrease ${effectSize.criticalDecrease}; in canary-judge any fail of a critical metric fails the canary.`,
      );
    }
    if (settings.critical && settings.nanStrategy === 'remove') {
      differences.push(`Metric "${metric.name}": critical without data is a critical Nodata in Kayenta (the canary fails); in canary-judge it fails the canary only if it is also required (mustHaveData).`);
    }
    if (settings.outlierStrategy === 'remove') {
      differences.push(
        `Metric "${metric.name}": Kayenta's outlier fences are widened to at least the 1st and 99th percentiles; canary-judge's IQR fences (factor ${settings.outlierFactor}) are not, so they can remove more points.`,
      );
    }
    if (settings.nanStrategy === 'replace') {
      differences.push(`Metric "${metric.name}": nanStrategy "replace" maps to nan "zero"; a truly empty series is Pass in Kayenta but nodata in canary-judge.`);
    }
    if (settings.muted) {
      differences.push(`Metric "${metric.name}" is muted: judged and reported, not scored, in both.`);
    }
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
