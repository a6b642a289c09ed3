/**
 * canary-judge/cloudwatch: fetch baseline and canary series from Amazon CloudWatch (GetMetricData)
 * and hand them to the judge.
 *
 * ```ts
 * import { judge, parseConfig } from 'canary-judge';
 * import { collectCloudWatch, createCloudWatchSource } from 'canary-judge/cloudwatch';
 *
 * const source = createCloudWatchSource({ region: 'us-east-1' });
 * // parseConfig takes each `cloudwatch` key as any object; collectCloudWatch checks their shape
 * // (cloudWatchConfigIssues lists the problems without fetching).
 * const data = await collectCloudWatch(config, source, { start, end, baseline: { scope: 'v1' }, canary: { scope: 'v2' } });
 * const judgement = judge(config, data);
 * ```
 *
 * Needs the optional peer dependency `@aws-sdk/client-cloudwatch`, loaded when the first query
 * needs it: without it, importing this entry still works and the first query (or
 * `loadCloudWatchSdk()`) fails with a `SourceError` of code `MISSING_DEPENDENCY` that says what to
 * install. The main entry `canary-judge` stays pure and never imports this one.
 */

// --- the CloudWatch source ---
export { createCloudWatchSource, CLOUDWATCH_MAX_POINTS } from './adapters/cloudwatch/source.js';
export { loadCloudWatchSdk, CLOUDWATCH_SDK_PACKAGE, MISSING_CLOUDWATCH_SDK_MESSAGE } from './adapters/cloudwatch/sdk.js';
export type { CloudWatchSource } from './adapters/cloudwatch/source.js';
export { DEFAULT_CLOUDWATCH_OPTIONS } from './adapters/cloudwatch/options.js';
export type { CloudWatchSourceOptions, CloudWatchCredentials, CloudWatchCredentialProvider } from './adapters/cloudwatch/options.js';
export { renderCloudWatchQuery, parseCloudWatchQuery, describeCloudWatchQuery } from './adapters/cloudwatch/query.js';
export type {
  CloudWatchQuery,
  CloudWatchStatQuery,
  CloudWatchExpressionQuery,
  CloudWatchMetricStat,
  CloudWatchMetricQuery,
  CloudWatchUnit,
} from './adapters/cloudwatch/query.js';
export { checkCloudWatchRange, smallestCloudWatchPeriod, CLOUDWATCH_HIGH_RESOLUTION_PERIODS } from './adapters/cloudwatch/period.js';
export { GET_METRIC_DATA_MAX_QUERIES, GET_METRIC_DATA_MAX_DATAPOINTS } from './adapters/cloudwatch/batch.js';
export { cloudWatchCollectConfig, collectCloudWatch, collectCloudWatchDetailed } from './adapters/cloudwatch/collect-cloudwatch.js';
export type { CloudWatchCollectConfig, CloudWatchCollectMetricConfig, CollectCloudWatchOptions } from './adapters/cloudwatch/collect-cloudwatch.js';
export { CLOUDWATCH_STATISTICS, CLOUDWATCH_UNITS, isCloudWatchStatistic } from './adapters/cloudwatch/query-schema.js';
export { cloudWatchConfigIssues } from './adapters/cloudwatch/config-issues.js';
export { cloudWatchQueryJsonSchema, withCloudWatchJsonSchema } from './adapters/cloudwatch/config-json-schema.js';

// --- collecting (source-agnostic, also exported by `canary-judge/prometheus`) ---
export { collect, collectDetailed, DEFAULT_COLLECT_CONCURRENCY } from './sources/index.js';
export type {
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
  Side,
  QueryRole,
  MetricSource,
  RangeQuery,
  RangeResult,
  RangeSeries,
  QueryRangeOptions,
} from './sources/index.js';
export { SourceError, isSourceError, SOURCE_ERROR_CODES } from './sources/index.js';
export type { SourceErrorCode, SourceErrorDetails } from './sources/index.js';
export { chooseStep, parseTime, parseStep, formatDuration } from './sources/index.js';
export type { TimeInput, StepInput, TemplateVariables } from './sources/index.js';
// The zod schema itself (cloudWatchQuerySchema) is left out: zod types stay out of the public types.
// `parseConfig` (canary-judge) takes the `cloudwatch` key as any object; its shape is checked by
// cloudWatchConfigIssues, which cloudWatchCollectConfig / collectCloudWatch and the CLI call.
export type { ValidationIssue } from './config/validation-error.js';
