/** The source-agnostic pieces (pure), re-exported by `canary-judge` and `canary-judge/prometheus`. */
export { collect, collectDetailed, DEFAULT_COLLECT_CONCURRENCY } from './collect.js';
export type {
  MetricQuery,
  CollectConfig,
  CollectMetricConfig,
  CollectOptions,
  CollectProgress,
  CollectedData,
  CollectedMetric,
  CollectedValues,
  CollectedCounts,
  CollectedHistogram,
  CollectedQuery,
  CollectDetails,
  ScopeVariables,
  Side,
  QueryRole,
} from './collect.js';
export type { MetricSource, RangeQuery, RangeResult, RangeSeries, QueryRangeOptions } from './metric-source.js';
export { SourceError, isSourceError, SOURCE_ERROR_CODES } from './source-error.js';
export type { SourceErrorCode, SourceErrorDetails } from './source-error.js';
export { parseTemplate, templateVariables, expandTemplate } from './template.js';
export type { TemplateSegment, TemplateVariables } from './template.js';
export { chooseStep, parseTime, parseStep, formatDuration, DEFAULT_MIN_STEP_SECONDS } from './time.js';
export type { TimeInput, StepInput, ChooseStepOptions } from './time.js';
