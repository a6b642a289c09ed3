/**
 * canary-judge: decide whether a canary deployment is safe to promote.
 *
 * This entry point is the pure core: no I/O, no clock, no unseeded randomness.
 */

// --- errors ---
export { CanaryJudgeError, InvalidSampleError, InvalidOptionError, isCanaryJudgeError } from './shared/errors.js';
export type { CanaryJudgeErrorCode } from './shared/errors.js';

// --- randomness (seeded only) ---
export { createRandom, deriveSeed } from './shared/random.js';
export type { RandomSource } from './shared/random.js';

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

// --- judge ---
export {
  judge,
  parseConfig,
  safeParseConfig,
  parseData,
  safeParseData,
  ConfigValidationError,
  DataValidationError,
  configJsonSchema,
  dataJsonSchema,
  canaryConfigSchema,
  metricConfigSchema,
  marginSchema,
  outliersSchema,
  thresholdsSchema,
  canaryDataSchema,
  metricDataSchema,
  seriesSchema,
  valueSeriesSchema,
  countSeriesSchema,
  measurementSchema,
  METRIC_TESTS,
  DIRECTIONS,
  NAN_POLICIES,
  MULTIPLE_COMPARISON_METHODS,
  AUTOCORRELATION_POLICIES,
  VERDICT_RULES,
  DEFAULT_MIN_SAMPLES,
  DEFAULT_MIN_TOTAL_FOR_RATE,
  DEFAULT_MARGIN,
} from './judge/index.js';
export type {
  JudgeOptions,
  Judgement,
  MetricResult,
  JsonInterval,
  SafeParseResult,
  ValidationIssue,
  CanaryConfig,
  CanaryConfigInput,
  MetricConfig,
  MetricConfigInput,
  Margin,
  Thresholds,
  ThresholdsInput,
  MetricTest,
  Direction,
  NanPolicy,
  MultipleComparisonMethod,
  CanaryData,
  CanaryDataInput,
  MetricData,
  Series,
  ValueSeries,
  CountSeries,
  Measurement,
  Outcome,
  Verdict,
  DecidedBy,
  GroupScore,
  Harm,
  JudgedOn,
  DecisionSize,
  AutocorrelationReport,
  AutocorrelationPolicy,
  VerdictRule,
  DataQualityIssue,
  DataQualityCheck,
  SideSummary,
  SummaryStatistics,
  CountSummary,
} from './judge/index.js';

// --- Kayenta compatibility ---
export { judgeKayenta, kayentaToNative, safeParseKayentaRequest, parseKayentaRequest, NETFLIX_ACA_JUDGE_NAME } from './kayenta/index.js';
export type {
  JudgeKayentaOptions,
  KayentaToNativeOptions,
  KayentaToNativeResult,
  KayentaParseResult,
  KayentaJudgeRequestInput,
  KayentaJudgeRequest,
  KayentaCanaryConfigInput,
  KayentaCanaryConfig,
  KayentaMetricConfig,
  KayentaMetricSetPair,
  KayentaCanaryJudgeResult,
  KayentaCanaryAnalysisResult,
  KayentaGroupScoreResult,
  KayentaSummaryScore,
  KayentaStatsJson,
  KayentaJsonNumber,
  KayentaMetricLabel,
  KayentaScoreLabel,
  KayentaDirection,
  KayentaNanStrategy,
} from './kayenta/index.js';

// --- reports ---
export { renderText, renderMarkdown, renderJson, renderHtml, renderKayentaText, escapeMarkdown, escapeHtml, reportNotices } from './report/index.js';
export type { TextReportOptions, MarkdownReportOptions, JsonReportOptions, HtmlReportOptions, KayentaTextReportOptions, Notice, NoticeKind } from './report/index.js';

// --- metric sources ---
// Source-agnostic and pure: `collect` plans queries and reshapes answers; the I/O is the source's
// (`createPrometheusSource` lives in `canary-judge/prometheus`, so this entry stays free of it).
export { collect, collectDetailed, SourceError, isSourceError, SOURCE_ERROR_CODES } from './sources/index.js';
// For sources other than Prometheus and CloudWatch (docs/sources.md): expand a query template,
// escaping or refusing each value for the place it lands in.
export { expandTemplate, parseTemplate, templateVariables } from './sources/index.js';
export type { TemplateSegment } from './sources/index.js';
export type {
  MetricSource,
  RangeQuery,
  RangeResult,
  RangeSeries,
  QueryRangeOptions,
  MetricQuery,
  CollectConfig,
  CollectMetricConfig,
  CollectOptions,
  CollectProgress,
  CollectedData,
  CollectedMetric,
  CollectedValues,
  CollectedCounts,
  CollectedQuery,
  CollectDetails,
  ScopeVariables,
  SourceErrorCode,
  SourceErrorDetails,
  TemplateVariables,
  TimeInput,
  StepInput,
} from './sources/index.js';
