/**
 * `judgeKayenta`: Kayenta's `NetflixACAJudge-v1.0`, end to end, on a RemoteJudge request.
 */
import { createRandom, deriveSeed } from '../shared/random.js';
import { resolveKayentaAnalysisSettings } from './analysis-settings.js';
import { NETFLIX_ACA_JUDGE_NAME, KAYENTA_CONFIDENCE_LEVEL, KAYENTA_TOLERANCE } from './labels.js';
import { classifyKayentaMetric } from './mann-whitney-classifier.js';
import { parseKayentaRequest } from './parse-request.js';
import type { KayentaJudgeRequestInput, KayentaMetricConfig, KayentaMetricSetPair } from './request-schema.js';
import {
  toKayentaJsonNumber,
  type KayentaCanaryAnalysisResult,
  type KayentaCanaryJudgeResult,
  type KayentaStatsJson,
} from './result-types.js';
import { classifyKayentaScore } from './score-classification.js';
import { kayentaSummaryStatistics, type KayentaSummaryStatistics } from './port/summary-statistics.js';
import { transformKayentaSide } from './port/transforms.js';
import { scoreKayentaResults } from './weighted-sum-scorer.js';

/** Options of `judgeKayenta`. */
export interface JudgeKayentaOptions {
  /**
   * Seed of the jitter added when both sides of a metric are constant (Kayenta's is unseeded). Each
   * metric derives its own stream from this seed, its name and its tags.
   * @default 0
   */
  readonly seed?: number | string;
}

/**
 * Judges a Kayenta RemoteJudge request exactly as Kayenta's `NetflixACAJudge-v1.0` does and returns its
 * `CanaryJudgeResult`: same fields, labels, `"NaN"` strings, rounding and result order.
 *
 * Deliberate differences: the jitter for constant-vs-constant metrics is seeded (deterministic); a
 * malformed request throws `ConfigValidationError` listing every problem (Kayenta crashes on the
 * first, or silently falls back for unknown enumeration values); escaped templates (`$\{`) are accepted.
 *
 * @throws ConfigValidationError when the request does not match the RemoteJudge body.
 * @throws InvalidOptionError when `options.seed` is neither a finite number nor a string.
 *
 * @example
 * const canaryConfig = { metrics: [{ name: 'cpu', groups: ['system'] }], classifier: { groupWeights: { system: 100 } } };
 * const metricSetPairList = [{ name: 'cpu', values: { control: [1, 2, 3], experiment: [1, 2, 3] } }];
 * judgeKayenta({ canaryConfig, scoreThresholds: { pass: 95, marginal: 75 }, metricSetPairList }).score // => { score: 100, classification: 'Pass', classificationReason: '' }
 */
export function judgeKayenta(request: KayentaJudgeRequestInput, options: JudgeKayentaOptions = {}): KayentaCanaryJudgeResult {
  const { canaryConfig, scoreThresholds, metricSetPairList } = parseKayentaRequest(request);
  const seed = options.seed ?? 0;

  const results = metricSetPairList.map((pair) => {
    // The first metric of that name is used, as in Kayenta; validation guarantees there is one.
    const metric = canaryConfig.metrics.find((candidate) => candidate.name === pair.name) as KayentaMetricConfig;
    return judgeMetricPair(pair, metric, seed);
  });

  const groupWeights = canaryConfig.classifier.groupWeights ?? {};
  const scored = scoreKayentaResults(results, groupWeights);
  return {
    judgeName: NETFLIX_ACA_JUDGE_NAME,
    results,
    groupScores: scored.groupScores.map((group) => ({ name: group.name, score: group.score, classification: '', classificationReason: '' })),
    score: {
      score: scored.score,
      classification: classifyKayentaScore(scored.score, scoreThresholds),
      classificationReason: scored.reason ?? '',
    },
  };
}

/** One pair: transform each side, summarise, classify; a classifier exception becomes `Error`. */
function judgeMetricPair(pair: KayentaMetricSetPair, metric: KayentaMetricConfig, seed: number | string): KayentaCanaryAnalysisResult {
  const settings = resolveKayentaAnalysisSettings(metric);
  const control = transformKayentaSide(pair.values.control, settings);
  const experiment = transformKayentaSide(pair.values.experiment, settings);

  const identity = {
    name: pair.name,
    ...(typeof pair.id === 'string' ? { id: pair.id } : {}),
    ...(pair.tags !== null && pair.tags !== undefined ? { tags: pair.tags } : {}),
  };
  const metadata = {
    experimentMetadata: { stats: statsJson(kayentaSummaryStatistics(experiment)) },
    controlMetadata: { stats: statsJson(kayentaSummaryStatistics(control)) },
  };

  const random = createRandom(deriveSeed('kayenta-tie-noise', seed, pair.name, canonicalTags(pair.tags)));
  try {
    const classified = classifyKayentaMetric(pair.name, control, experiment, settings, {
      tolerance: KAYENTA_TOLERANCE,
      confidenceLevel: KAYENTA_CONFIDENCE_LEVEL,
      random,
    });
    return {
      ...identity,
      classification: classified.classification,
      ...(classified.reason === null ? {} : { classificationReason: classified.reason }),
      groups: metric.groups,
      ...metadata,
      resultMetadata: { ratio: toKayentaJsonNumber(classified.deviation) },
      critical: classified.critical,
      muted: settings.muted,
    };
  } catch {
    // Kayenta catches any runtime exception of the classifier (in practice: all values tied).
    return {
      ...identity,
      classification: 'Error',
      classificationReason: 'Metric Classification Failed',
      groups: metric.groups,
      ...metadata,
      critical: false,
      muted: settings.muted,
    };
  }
}

function statsJson(stats: KayentaSummaryStatistics): KayentaStatsJson {
  return {
    min: toKayentaJsonNumber(stats.min),
    max: toKayentaJsonNumber(stats.max),
    mean: toKayentaJsonNumber(stats.mean),
    std: toKayentaJsonNumber(stats.std),
    count: stats.count,
  };
}

function canonicalTags(tags: Readonly<Record<string, string>> | null | undefined): string {
  if (tags === null || tags === undefined) return '';
  return JSON.stringify(Object.keys(tags).sort().map((key) => [key, tags[key]]));
}
