/**
 * From a judge configuration with `cloudwatch` queries to the judge's data: `collect` takes query
 * templates as strings, so `cloudWatchCollectConfig` carries each metric's `cloudwatch` object as
 * its JSON; `collectCloudWatch` also picks the step (the metrics' common period, or the smallest
 * period CloudWatch keeps for the window) and checks every metric against the window before any
 * call, naming the metric.
 */
import { ConfigValidationError } from '../../config/validation-error.js';
import { InvalidOptionError } from '../../shared/errors.js';
import { collectDetailed, type CollectConfig, type CollectDetails, type CollectMetricConfig, type CollectOptions, type CollectedData, type MetricQuery } from '../../sources/collect.js';
import { chooseStep, parseStep, parseTime } from '../../sources/time.js';
import { checkCloudWatchRange, smallestCloudWatchPeriod } from './period.js';
import { parseCloudWatchQuery, type CloudWatchMetricQuery, type CloudWatchQuery } from './query.js';
import { cloudWatchConfigIssues } from './config-issues.js';
import type { CloudWatchSource } from './source.js';

/** A metric of a configuration as the CloudWatch helpers read it (a `CanaryConfig` metric fits). */
export interface CloudWatchCollectMetricConfig {
  readonly name: string;
  readonly test: string;
  /** A `CloudWatchMetricQuery` (its shape checked by `cloudWatchConfigIssues`; `parseConfig` only checks it is an object). */
  readonly cloudwatch?: CloudWatchMetricQuery | object | undefined;
}

/** A configuration as the CloudWatch helpers read it (a `CanaryConfig` fits). */
export interface CloudWatchCollectConfig {
  readonly metrics: readonly CloudWatchCollectMetricConfig[];
}

/** Options of `collectCloudWatch`: those of `collect`, with `step` defaulting as described there. */
export type CollectCloudWatchOptions = CollectOptions;

/**
 * The configuration `collect` takes, with each metric's `cloudwatch` query (or `{ events, total }`)
 * as its `query` templates (their JSON).
 *
 * @throws InvalidOptionError naming the first metric without a `cloudwatch` query;
 *   ConfigValidationError listing every query of the wrong shape (`cloudWatchConfigIssues`).
 * @example
 * cloudWatchCollectConfig({ metrics: [{ name: 'latency', test: 'mann-whitney', cloudwatch: { namespace: 'App', metricName: 'Latency', statistic: 'p99' } }] }).metrics[0].query
 * // => '{"namespace":"App","metricName":"Latency","statistic":"p99"}'
 */
export function cloudWatchCollectConfig(config: CloudWatchCollectConfig): CollectConfig {
  if (typeof config !== 'object' || config === null || !Array.isArray(config.metrics)) {
    throw new InvalidOptionError('config.metrics', 'an array of metrics', config === null || typeof config !== 'object' ? config : config.metrics);
  }
  const metrics: CollectMetricConfig[] = config.metrics.map((metric, index) => {
    const cloudwatch = metric?.cloudwatch;
    if (typeof cloudwatch !== 'object' || cloudwatch === null) {
      throw new InvalidOptionError(
        `metrics[${index}].cloudwatch`,
        `a CloudWatch query for metric ${JSON.stringify(metric?.name)} ({ namespace, metricName, dimensions, statistic } or { expression }; { events, total } for rate metrics)`,
        cloudwatch,
      );
    }
    let query: MetricQuery;
    if ('events' in cloudwatch || 'total' in cloudwatch) {
      const pair = cloudwatch as { events?: CloudWatchQuery; total?: CloudWatchQuery };
      query = { events: JSON.stringify(pair.events), total: JSON.stringify(pair.total) };
    } else {
      query = JSON.stringify(cloudwatch);
    }
    return { name: metric.name, test: metric.test, query };
  });
  const issues = cloudWatchConfigIssues(config);
  if (issues.length > 0) throw new ConfigValidationError(issues, 'config');
  return { metrics };
}

/**
 * Fetches every metric's `cloudwatch` queries for the baseline and the canary and returns the data
 * `judge(config, data)` takes (the CLI's `fetch` / `run --source cloudwatch`).
 *
 * - `step` defaults to the period the metrics give (they must agree), else to the smallest period
 *   CloudWatch keeps for the window's start (60 s under 15 days, 300 s under 63, 3600 s under 455)
 *   that keeps each series under `source.maxPoints`.
 * - Before any call: the step is a valid period for the window and its age, the start is on the
 *   boundary CloudWatch rounds it to, and each metric's `period` equals the step.
 * - All queries start together (`concurrency` defaults to 64 here), so the source coalesces them
 *   into as few GetMetricData calls as the limits allow.
 *
 * @throws ConfigValidationError listing every `cloudwatch` query of the wrong shape
 *   (`cloudWatchConfigIssues`), before any call; InvalidOptionError naming the option or the
 *   metric; SourceError from the source.
 * @example
 * const data = await collectCloudWatch(config, createCloudWatchSource({ region: 'us-east-1' }), {
 *   start: '2024-01-01T00:00:00Z', end: '2024-01-01T01:00:00Z', baseline: { scope: 'v1' }, canary: { scope: 'v2' },
 * });
 * judge(config, data).verdict // => 'pass'
 */
export async function collectCloudWatch(config: CloudWatchCollectConfig, source: CloudWatchSource, options: CollectCloudWatchOptions): Promise<CollectedData> {
  return (await collectCloudWatchDetailed(config, source, options)).data;
}

/** Like `collectCloudWatch`, and also returns what each query gave and the range used (as `collectDetailed`). */
export async function collectCloudWatchDetailed(
  config: CloudWatchCollectConfig,
  source: CloudWatchSource,
  options: CollectCloudWatchOptions,
): Promise<CollectDetails> {
  const collectConfig = cloudWatchCollectConfig(config);
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'an object', options);
  const startMs = parseTime(options.start, 'start');
  const endMs = parseTime(options.end, 'end');
  if (endMs <= startMs) throw new InvalidOptionError('end', `a time after start (${new Date(startMs).toISOString()})`, options.end);
  const nowMs = sourceNow(source);

  const periods = new Map<number, string>();
  collectConfig.metrics.forEach((metric, index) => {
    const query = metric.query;
    const templates = typeof query === 'string' ? [query] : query !== undefined && 'events' in query ? [query.events, query.total] : [''];
    for (const template of templates) {
      let query: CloudWatchQuery;
      try {
        query = parseCloudWatchQuery(template);
      } catch (error) {
        throw new InvalidOptionError(`metrics[${index}].cloudwatch`, `a CloudWatch query for metric ${JSON.stringify(metric.name)} (${(error as Error).message})`, 'an invalid query');
      }
      if (query.period !== undefined && !periods.has(query.period)) periods.set(query.period, metric.name);
    }
  });

  let stepMs: number;
  if (options.step !== undefined) {
    stepMs = parseStep(options.step, 'step');
  } else if (periods.size === 1) {
    stepMs = ([...periods.keys()][0] as number) * 1000;
  } else if (periods.size > 1) {
    const listed = [...periods].map(([period, metric]) => `${period}s (metric ${JSON.stringify(metric)})`).join(', ');
    throw new InvalidOptionError('step', `a step, since the metrics' periods differ: ${listed}; CloudWatch returns one point per period and the judge needs one grid`, undefined);
  } else {
    stepMs = chooseStep(startMs, endMs, { maxPoints: source.maxPoints, minStepSeconds: smallestCloudWatchPeriod(startMs, nowMs) });
  }

  checkCloudWatchRange({ startMs, endMs, stepMs }, nowMs);
  for (const [period, metric] of periods) {
    if (period * 1000 !== stepMs) {
      const index = collectConfig.metrics.findIndex((one) => one.name === metric);
      throw new InvalidOptionError(
        `metrics[${index}].cloudwatch.period`,
        `the step in use (${stepMs / 1000}s) for metric ${JSON.stringify(metric)}: CloudWatch returns one point per period, so run with step ${period} or drop period`,
        period,
      );
    }
  }

  return collectDetailed(collectConfig, source, { ...options, step: stepMs / 1000, concurrency: options.concurrency ?? 64 });
}

function sourceNow(source: CloudWatchSource): number {
  return typeof source.now === 'function' ? source.now() : Date.now();
}
