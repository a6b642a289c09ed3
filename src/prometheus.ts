/**
 * canary-judge/prometheus: fetch baseline and canary series from a Prometheus HTTP API and hand
 * them to the judge.
 *
 * ```ts
 * import { judge } from 'canary-judge';
 * import { collect, createPrometheusSource } from 'canary-judge/prometheus';
 *
 * const source = createPrometheusSource({ url: 'http://127.0.0.1:9090' });
 * const data = await collect(config, source, { start, end, baseline: { scope: 'v1' }, canary: { scope: 'v2' } });
 * const judgement = judge(config, data);
 * ```
 *
 * This entry does I/O (through `fetch`); the main entry `canary-judge` stays pure and does not
 * import it.
 */

// --- the Prometheus source ---
export { createPrometheusSource, PROMETHEUS_MAX_POINTS, backoffDelay, parseRetryAfter } from './adapters/prometheus/source.js';
export type { PrometheusSource } from './adapters/prometheus/source.js';
export { DEFAULT_PROMETHEUS_OPTIONS } from './adapters/prometheus/options.js';
export type { PrometheusSourceOptions, FetchLike, FetchResponseLike } from './adapters/prometheus/options.js';
export { renderPromQL, escapePromQLString, quoteRegexMeta } from './adapters/prometheus/promql.js';
export { parseSampleValue } from './adapters/prometheus/response.js';

// --- collecting (source-agnostic, also exported by `canary-judge`) ---
export { collect, collectDetailed, DEFAULT_COLLECT_CONCURRENCY } from './sources/index.js';
export type {
  MetricQuery,
  MetricQuery as PrometheusMetricQuery,
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
  MetricSource,
  RangeQuery,
  RangeResult,
  RangeSeries,
  QueryRangeOptions,
} from './sources/index.js';
export { SourceError, isSourceError, SOURCE_ERROR_CODES } from './sources/index.js';
export type { SourceErrorCode, SourceErrorDetails } from './sources/index.js';
export { chooseStep, parseTime, parseStep, formatDuration, DEFAULT_MIN_STEP_SECONDS } from './sources/index.js';
export type { TimeInput, StepInput, ChooseStepOptions, TemplateVariables } from './sources/index.js';
// The template parser (parseTemplate, expandTemplate) is left out here: renderPromQL is the safe way
// to expand a PromQL template. Other sources import the generic parser from `canary-judge` (docs/sources.md).
