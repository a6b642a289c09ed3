/**
 * The `cloudwatch` key of a metric: where the CloudWatch source (`canary-judge/cloudwatch`) finds
 * the metric. Either one metric (namespace, name, dimensions, statistic) or a metric-math
 * expression; rate metrics take two of those, `{ events, total }`. Dimension values, names and
 * expressions are templates: `${scope}` (each side's scope, e.g. an Auto Scaling group or a
 * `version` dimension value), `${location}`, `${period}` (the step in seconds) and user variables.
 *
 * The core's config schema takes the key as any object and leaves its shape to this adapter, so the
 * `canary-judge` bundle carries no adapter's schema: `cloudWatchConfigIssues` (config-issues.ts)
 * checks a configuration's queries with these schemas.
 *
 * Each shape is one strict object checked by a refinement (rather than a zod union), so a mistake
 * is reported as one precise message at its path instead of "invalid input".
 */
import * as z from 'zod';

/** The plain statistics; percentiles are written `p99`, `p99.9`, `p50`. */
export const CLOUDWATCH_STATISTICS = ['Average', 'Sum', 'SampleCount', 'Minimum', 'Maximum'] as const;

/** CloudWatch's units (`StandardUnit`). */
export const CLOUDWATCH_UNITS = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes',
  'Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second',
  'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second',
  'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
] as const;

/** A percentile statistic: p0 … p100 with at most two decimals (`p99`, `p99.9`, `p99.95`). */
const PERCENTILE_STATISTIC = /^p(?:100(?:\.0{1,2})?|\d{1,2}(?:\.\d{1,2})?)$/;
/** Ids of the metrics an expression refers to (CloudWatch's rule: a lowercase letter first). */
const METRIC_ID = /^[a-z][A-Za-z0-9_]*$/;
/** CloudWatch accepts at most 30 dimensions per metric. */
const MAX_DIMENSIONS = 30;
/** Inputs of one expression: a GetMetricData call holds at most 500 queries, the expression included. */
const MAX_EXPRESSION_METRICS = 100;

/**
 * Whether a statistic is one CloudWatch's GetMetricData accepts here: Average, Sum, SampleCount,
 * Minimum, Maximum, or a percentile `pNN` / `pNN.N`.
 *
 * @example
 * isCloudWatchStatistic('p99.9') // => true
 */
export function isCloudWatchStatistic(value: unknown): boolean {
  return typeof value === 'string' && ((CLOUDWATCH_STATISTICS as readonly string[]).includes(value) || PERCENTILE_STATISTIC.test(value));
}

const statisticSchema = z
  .string()
  .refine(isCloudWatchStatistic, {
    error: (issue) =>
      `statistic must be Average, Sum, SampleCount, Minimum, Maximum or a percentile such as p99 or p99.9, received ${JSON.stringify(issue.input)}`,
  })
  .describe('Average, Sum, SampleCount, Minimum, Maximum, or a percentile pNN / pNN.N (e.g. p99, p99.9).');

const periodSchema = z
  .number()
  .int()
  .positive()
  .describe(
    'Seconds per point: 60 or a multiple of 60 (1, 5, 10, 20, 30 for high-resolution metrics). Must equal the step; when the step is not given, the metrics\' common period becomes the step.',
  );

const dimensionsSchema = z
  .record(z.string().min(1).max(255), z.string().min(1).max(1024))
  .refine((dimensions) => Object.keys(dimensions).length <= MAX_DIMENSIONS, {
    error: `CloudWatch metrics have at most ${MAX_DIMENSIONS} dimensions`,
  })
  .describe('Dimension name → value template, e.g. { "AutoScalingGroupName": "${scope}" } or { "version": "${scope}" }.');

/** One metric inside an expression's `metrics` (its period is the query's). */
export const cloudWatchMetricStatSchema = z
  .strictObject({
    namespace: z.string().min(1).max(255).describe('Namespace, e.g. "AWS/ApplicationELB" or "MyApp".'),
    metricName: z.string().min(1).max(255).describe('Metric name, e.g. "TargetResponseTime".'),
    dimensions: dimensionsSchema.optional(),
    statistic: statisticSchema,
    unit: z.enum(CLOUDWATCH_UNITS).optional().describe('Only data stored with this unit (omit for any unit).'),
  })
  .describe('A CloudWatch metric and statistic.');

/**
 * One CloudWatch query: a metric (`namespace`, `metricName`, `dimensions`, `statistic`, `unit`) or
 * a metric-math `expression` over the ids of `metrics` (or a SEARCH); `period` optional in both.
 */
export const cloudWatchQuerySchema = z
  .strictObject({
    namespace: z.string().min(1).max(255).optional().describe('Namespace, e.g. "AWS/ApplicationELB" or "MyApp".'),
    metricName: z.string().min(1).max(255).optional().describe('Metric name, e.g. "TargetResponseTime".'),
    dimensions: dimensionsSchema.optional(),
    statistic: statisticSchema.optional(),
    unit: z.enum(CLOUDWATCH_UNITS).optional().describe('Only data stored with this unit (omit for any unit).'),
    expression: z
      .string()
      .min(1)
      .max(2048)
      .optional()
      .describe('Metric-math expression (instead of a metric), e.g. "100 * errors / requests" over the ids of `metrics`, or a SEARCH(...).'),
    metrics: z
      .record(z.string(), cloudWatchMetricStatSchema)
      .optional()
      .describe('For `expression`: the metrics it refers to, by id (a lowercase letter, then letters, digits, _).'),
    period: periodSchema.optional(),
  })
  .superRefine((query, context) => {
    if (query.expression !== undefined) {
      for (const key of ['namespace', 'metricName', 'dimensions', 'statistic', 'unit'] as const) {
        if (query[key] !== undefined) {
          context.addIssue({
            code: 'custom',
            path: [key],
            message: `an expression query takes no ${key}: describe its inputs under "metrics" (id → { namespace, metricName, dimensions, statistic })`,
          });
        }
      }
      const ids = Object.keys(query.metrics ?? {});
      if (ids.length > MAX_EXPRESSION_METRICS) {
        context.addIssue({ code: 'custom', path: ['metrics'], message: `an expression takes at most ${MAX_EXPRESSION_METRICS} metrics, received ${ids.length}` });
      }
      for (const id of ids) {
        if (!METRIC_ID.test(id) || id.length > 200) {
          context.addIssue({
            code: 'custom',
            path: ['metrics', id],
            message: `metric ids start with a lowercase letter followed by letters, digits or _ (at most 200 characters), received ${JSON.stringify(id)}`,
          });
        }
      }
      return;
    }
    if (query.metrics !== undefined) {
      context.addIssue({ code: 'custom', path: ['metrics'], message: '"metrics" only goes with "expression"' });
    }
    for (const key of ['namespace', 'metricName', 'statistic'] as const) {
      if (query[key] === undefined) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `a CloudWatch query needs ${key} (with namespace, metricName and statistic), or an "expression" instead`,
        });
      }
    }
  })
  .describe('A CloudWatch metric (namespace, metricName, dimensions, statistic, period, unit) or a metric-math expression.');

/** The `cloudwatch` key of a rate metric: `{ events, total }`, two queries giving counts per period. */
export const cloudWatchQueryPairSchema = z
  .strictObject({
    events: cloudWatchQuerySchema.describe('The events counted per period (e.g. 5xx responses, statistic Sum).'),
    total: cloudWatchQuerySchema.describe('The totals per period (e.g. all requests, statistic Sum).'),
  })
  .partial()
  .superRefine((pair, context) => {
    if (pair.events === undefined && pair.total === undefined) {
      context.addIssue({ code: 'custom', path: [], message: 'expected a CloudWatch query or { events, total }, received an empty object' });
    }
    for (const key of ['events', 'total'] as const) {
      if (pair[key] === undefined && (pair.events ?? pair.total) !== undefined) {
        context.addIssue({ code: 'custom', path: [key], message: `a rate query needs both "events" and "total", "${key}" is missing` });
      }
    }
  });

/**
 * The `cloudwatch` key of a metric: one query, or for rate metrics `{ events, total }` (two
 * queries giving counts per period, typically with statistic Sum). Its JSON Schema is what
 * `canary-judge schema` prints for the key; `cloudWatchConfigIssues` checks a value against the
 * branch its keys choose, so an unknown key gets its did-you-mean.
 */
export const cloudWatchMetricQuerySchema = z
  .union([
    // The pair first: an object with `events` or `total` is reported against the pair's shape.
    cloudWatchQueryPairSchema,
    cloudWatchQuerySchema,
  ])
  .describe('CloudWatch query of the metric (used by canary-judge/cloudwatch, ignored by judge): one query, or { events, total } for rate metrics.');

/**
 * The schema a `cloudwatch` value is checked against: the pair's when it has `events` or `total`
 * (as the union tries it first), else one query's.
 *
 * @example
 * cloudWatchSchemaFor({ events: {}, total: {} }) === cloudWatchQueryPairSchema // => true
 */
export function cloudWatchSchemaFor(value: object): typeof cloudWatchQueryPairSchema | typeof cloudWatchQuerySchema {
  const { events, total } = value as { events?: unknown; total?: unknown };
  return events !== undefined || total !== undefined ? cloudWatchQueryPairSchema : cloudWatchQuerySchema;
}

/**
 * Adds the issues of a metric whose `cloudwatch` shape does not fit its test (called by
 * `cloudWatchConfigIssues`): rate metrics take `{ events, total }`, the others one query.
 */
export function addCloudWatchQueryIssues(
  metric: { readonly test?: unknown; readonly cloudwatch?: unknown },
  context: { addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string }): void },
): void {
  if (metric.cloudwatch === undefined || metric.cloudwatch === null || typeof metric.test !== 'string') return;
  const value = metric.cloudwatch as Record<string, unknown>;
  const isPair = value['events'] !== undefined || value['total'] !== undefined;
  if (metric.test === 'rate' && !isPair) {
    context.addIssue({
      code: 'custom',
      path: ['cloudwatch'],
      message: 'a rate metric takes two CloudWatch queries: expected { "events": { … }, "total": { … } }, received one query',
    });
  }
  if (metric.test !== 'rate' && isPair) {
    context.addIssue({
      code: 'custom',
      path: ['cloudwatch'],
      message: `test "${metric.test}" takes one CloudWatch query; { events, total } is for rate metrics`,
    });
  }
}
