/**
 * CloudWatch queries as `collect` handles them: a metric's `cloudwatch` object is carried as a JSON
 * *template* (a string, which is what `MetricSource.renderQuery` takes), expanded per side into a
 * JSON *query* with every placeholder filled in, and turned into GetMetricData `MetricDataQuery`
 * entries by the source.
 */
import { cloudWatchQuerySchema, CLOUDWATCH_UNITS } from './query-schema.js';
import { SourceError } from '../../sources/source-error.js';
import { expandTemplate, type TemplateVariables } from '../../sources/template.js';

/** A CloudWatch unit (`StandardUnit`). */
export type CloudWatchUnit = (typeof CLOUDWATCH_UNITS)[number];

/** One metric and statistic (inside an expression's `metrics`, or the base of a metric query). */
export interface CloudWatchMetricStat {
  /** e.g. `AWS/ApplicationELB`, `MyApp`. */
  readonly namespace: string;
  /** e.g. `TargetResponseTime`. */
  readonly metricName: string;
  /** Dimension name → value (a template: `${scope}`, `${location}`, user variables). */
  readonly dimensions?: Readonly<Record<string, string>>;
  /** `Average`, `Sum`, `SampleCount`, `Minimum`, `Maximum`, or a percentile `p99`, `p99.9`. */
  readonly statistic: string;
  /** Only data stored with this unit. */
  readonly unit?: CloudWatchUnit;
}

/** A query of one metric. */
export interface CloudWatchStatQuery extends CloudWatchMetricStat {
  /** Seconds per point; must equal the step. */
  readonly period?: number;
}

/** A metric-math query: an expression over the ids of `metrics`, or a SEARCH(...). */
export interface CloudWatchExpressionQuery {
  readonly expression: string;
  readonly metrics?: Readonly<Record<string, CloudWatchMetricStat>>;
  /** Seconds per point; must equal the step. */
  readonly period?: number;
}

/** One CloudWatch query. */
export type CloudWatchQuery = CloudWatchStatQuery | CloudWatchExpressionQuery;

/** The `cloudwatch` key of a metric: one query, or `{ events, total }` for rate metrics. */
export type CloudWatchMetricQuery = CloudWatchQuery | { readonly events: CloudWatchQuery; readonly total: CloudWatchQuery };

/** True for a metric-math query. */
export function isExpressionQuery(query: CloudWatchQuery): query is CloudWatchExpressionQuery {
  return typeof (query as { expression?: unknown }).expression === 'string';
}

/**
 * Characters a variable's value may not carry into a metric-math expression: quotes and backslashes
 * (they would end the SEARCH string the value sits in), brackets and braces (they would change the
 * expression's structure) and control characters.
 */
const UNSAFE_IN_EXPRESSION = /["'\\(){}[\]\u0000-\u001f\u007f]/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Expands a CloudWatch query template (the JSON of a `cloudwatch` query) with one side's
 * variables, and returns the query as canonical JSON (what `queryRange` takes).
 *
 * - Templated: `namespace`, `metricName`, dimension names and values, `expression`, and the same
 *   fields of an expression's `metrics`. `${period}` is the step in seconds (unless you define it).
 * - Values landing in an expression may not contain quotes, backslashes, brackets, braces or
 *   control characters; dimension values may not be empty or hold control characters.
 *
 * @throws SourceError `INVALID_TEMPLATE` for a template that is not a CloudWatch query, an unknown
 *   variable or an unsafe value.
 * @example
 * renderCloudWatchQuery('{"namespace":"App","metricName":"Latency","dimensions":{"version":"${scope}"},"statistic":"p99"}', { scope: 'v2' })
 * // => '{"namespace":"App","metricName":"Latency","dimensions":{"version":"v2"},"statistic":"p99"}'
 */
export function renderCloudWatchQuery(template: string, variables: TemplateVariables): string {
  const query = parseQueryJson(template, 'query template');
  const withPeriod = withPeriodVariable(variables);
  const plain = (text: string, field: string) => expandTemplate(text, withPeriod, (value, name) => checkPlainValue(value, name, field));
  const stat = (metric: CloudWatchMetricStat, where: string): CloudWatchMetricStat => {
    const dimensions: Record<string, string> = {};
    for (const [name, value] of Object.entries(metric.dimensions ?? {})) {
      const expandedName = plain(name, `${where}dimensions`);
      const expandedValue = plain(value, `${where}dimensions.${name}`);
      if (expandedName === '' || expandedValue === '') {
        throw new SourceError(
          'INVALID_TEMPLATE',
          `CloudWatch dimension ${JSON.stringify(name)} expands to an empty ${expandedName === '' ? 'name' : 'value'}; give the variable a value`,
        );
      }
      if (Object.prototype.hasOwnProperty.call(dimensions, expandedName)) {
        throw new SourceError('INVALID_TEMPLATE', `CloudWatch dimension names must be unique, ${JSON.stringify(expandedName)} appears twice after expansion`);
      }
      Object.defineProperty(dimensions, expandedName, { value: expandedValue, enumerable: true, writable: true, configurable: true });
    }
    return {
      namespace: plain(metric.namespace, `${where}namespace`),
      metricName: plain(metric.metricName, `${where}metricName`),
      ...(metric.dimensions === undefined ? {} : { dimensions }),
      statistic: metric.statistic,
      ...(metric.unit === undefined ? {} : { unit: metric.unit }),
    };
  };

  let rendered: CloudWatchQuery;
  if (isExpressionQuery(query)) {
    const metrics: Record<string, CloudWatchMetricStat> = {};
    for (const [id, metric] of Object.entries(query.metrics ?? {})) {
      Object.defineProperty(metrics, id, { value: stat(metric, `metrics.${id}.`), enumerable: true, writable: true, configurable: true });
    }
    rendered = {
      expression: expandTemplate(query.expression, withPeriod, (value, name) => checkExpressionValue(value, name)),
      ...(query.metrics === undefined ? {} : { metrics }),
      ...(query.period === undefined ? {} : { period: query.period }),
    };
  } else {
    rendered = { ...stat(query, ''), ...(query.period === undefined ? {} : { period: query.period }) };
  }
  return JSON.stringify(rendered);
}

/**
 * Reads a rendered query (the output of `renderCloudWatchQuery`).
 *
 * @throws SourceError `INVALID_TEMPLATE` when it is not the JSON of a CloudWatch query.
 */
export function parseCloudWatchQuery(query: string): CloudWatchQuery {
  return parseQueryJson(query, 'query');
}

/**
 * Describes a query in one short line for messages, e.g. `App/Latency p99 {version=v2}` or
 * `expression 100*errors/requests`.
 */
export function describeCloudWatchQuery(query: CloudWatchQuery): string {
  if (isExpressionQuery(query)) return `expression ${query.expression}`;
  const dimensions = Object.entries(query.dimensions ?? {}).map(([name, value]) => `${name}=${value}`);
  return `${query.namespace}/${query.metricName} ${query.statistic}${dimensions.length === 0 ? '' : ` {${dimensions.join(', ')}}`}`;
}

function parseQueryJson(text: string, what: string): CloudWatchQuery {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SourceError(
      'INVALID_TEMPLATE',
      `CloudWatch ${what} is not JSON (the CloudWatch source takes the JSON of a metric's \`cloudwatch\` query; convert a config with cloudWatchCollectConfig): ${shorten(text)}`,
    );
  }
  const parsed = cloudWatchQuerySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.map(String).join('.')}`;
    throw new SourceError('INVALID_TEMPLATE', `CloudWatch ${what} is not a CloudWatch query${path}: ${issue?.message ?? 'invalid'}`);
  }
  return value as CloudWatchQuery;
}

function withPeriodVariable(variables: TemplateVariables): TemplateVariables {
  if (Object.prototype.hasOwnProperty.call(variables, 'period')) return variables;
  const step = variables['step'];
  const match = typeof step === 'string' ? /^(\d+)s$/.exec(step) : null;
  if (match === null) return variables;
  return { ...variables, period: match[1] as string };
}

function checkPlainValue(value: string, name: string, field: string): string {
  if (CONTROL.test(value)) {
    throw new SourceError('INVALID_TEMPLATE', `value of \${${name}} cannot go into CloudWatch ${field}: it contains a control character`);
  }
  return value;
}

function checkExpressionValue(value: string, name: string): string {
  const bad = UNSAFE_IN_EXPRESSION.exec(value);
  if (bad !== null) {
    throw new SourceError(
      'INVALID_TEMPLATE',
      `value of \${${name}} cannot go into a metric-math expression: it contains ${JSON.stringify(bad[0])} (quotes, backslashes, brackets, braces and control characters are refused)`,
    );
  }
  return value;
}

function shorten(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}
