/** The judge's public surface (re-exported from the package entry point). */
export { judge } from './judge.js';
export type { JudgeOptions, Judgement, MetricResult, JsonInterval, AutocorrelationReport } from './judge.js';
export type { DataQualityIssue, DataQualityCheck } from './data-quality.js';
export { parseConfig, safeParseConfig, parseData, safeParseData } from '../config/parse.js';
export type { SafeParseResult } from '../config/parse.js';
export { ConfigValidationError, DataValidationError } from '../config/validation-error.js';
export type { ValidationIssue } from '../config/validation-error.js';
export { configJsonSchema, dataJsonSchema } from '../config/json-schema.js';
export {
  canaryConfigSchema,
  metricConfigSchema,
  marginSchema,
  outliersSchema,
  thresholdsSchema,
  METRIC_TESTS,
  DIRECTIONS,
  NAN_POLICIES,
  MULTIPLE_COMPARISON_METHODS,
  AUTOCORRELATION_POLICIES,
  VERDICT_RULES,
  DEFAULT_MIN_SAMPLES,
  DEFAULT_MIN_TOTAL_FOR_RATE,
  DEFAULT_MARGIN,
} from '../config/config-schema.js';
export type {
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
  AutocorrelationPolicy,
  VerdictRule,
} from '../config/config-schema.js';
export { canaryDataSchema, metricDataSchema, seriesSchema, valueSeriesSchema, countSeriesSchema, measurementSchema } from '../config/data-schema.js';
export type { CanaryData, CanaryDataInput, MetricData, Series, ValueSeries, CountSeries, Measurement } from '../config/data-schema.js';
export type { Outcome, Verdict, DecidedBy, GroupScore } from './score.js';
export type { Harm, JudgedOn, DecisionSize } from './classify.js';
export type { SideSummary, SummaryStatistics, CountSummary } from './summary-statistics.js';
