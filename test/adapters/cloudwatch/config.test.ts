/**
 * The `cloudwatch` key of the judge's config (parseConfig) and its rendering per side.
 */
import { describe, expect, it } from 'vitest';
import { safeParseConfig } from 'canary-judge';
import { cloudWatchCollectConfig, renderCloudWatchQuery } from '../../../src/cloudwatch.js';

const latency = { namespace: 'App', metricName: 'Latency', dimensions: { AutoScalingGroupName: '${scope}' }, statistic: 'p99' };

describe('config key `cloudwatch`', () => {
  it('accepts a query, an expression, and { events, total } for rate metrics', () => {
    const parsed = safeParseConfig({
      metrics: [
        { name: 'latency', test: 'mann-whitney', cloudwatch: latency },
        { name: 'ratio', test: 'mean-ratio', cloudwatch: { expression: '100*e/t', metrics: { e: { ...latency, statistic: 'Sum' }, t: { ...latency, statistic: 'Sum' } }, period: 60 } },
        { name: 'errors', test: 'rate', cloudwatch: { events: { ...latency, statistic: 'Sum' }, total: { ...latency, metricName: 'Requests', statistic: 'Sum' } } },
      ],
    });
    expect(parsed.ok).toBe(true);
  });

  it('reports mistakes at their path', () => {
    const parsed = safeParseConfig({
      metrics: [
        { name: 'a', test: 'rate', cloudwatch: latency },
        { name: 'b', test: 'mann-whitney', cloudwatch: { ...latency, statistic: 'P99' } },
        { name: 'c', test: 'rate', cloudwatch: { events: latency } },
      ],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual([
      { path: 'metrics[0].cloudwatch', message: 'a rate metric takes two CloudWatch queries: expected { "events": { … }, "total": { … } }, received one query' },
      { path: 'metrics[1].cloudwatch.statistic', message: 'statistic must be Average, Sum, SampleCount, Minimum, Maximum or a percentile such as p99 or p99.9, received "P99"' },
      { path: 'metrics[2].cloudwatch.total', message: 'a rate query needs both "events" and "total", "total" is missing' },
    ]);
  });
});

describe('rendering per side', () => {
  it('fills dimension values and expressions, with ${period} as the step in seconds', () => {
    const config = cloudWatchCollectConfig({
      metrics: [{ name: 'x', test: 'mean-ratio', cloudwatch: { expression: "SEARCH('{App,version} version=\"${scope}\"', 'Sum', ${period})" } }],
    });
    expect(renderCloudWatchQuery(config.metrics[0]?.query as string, { scope: 'v2', step: '300s' })).toBe(
      JSON.stringify({ expression: "SEARCH('{App,version} version=\"v2\"', 'Sum', 300)" }),
    );
    expect(renderCloudWatchQuery(JSON.stringify(latency), { scope: 'asg-canary' })).toBe(
      JSON.stringify({ namespace: 'App', metricName: 'Latency', dimensions: { AutoScalingGroupName: 'asg-canary' }, statistic: 'p99' }),
    );
  });

  it('refuses values that would change an expression, and unknown variables', () => {
    const template = JSON.stringify({ expression: "SEARCH('version=\"${scope}\"', 'Sum', 60)" });
    expect(() => renderCloudWatchQuery(template, { scope: `v2"' OR x` })).toThrow(/cannot go into a metric-math expression: it contains "\\""/);
    expect(() => renderCloudWatchQuery(JSON.stringify(latency), { location: 'x' })).toThrow(/uses \$\{scope\}, which is not defined/);
    expect(() => renderCloudWatchQuery('up{job="x"}', { scope: 'v1' })).toThrow(/CloudWatch query template is not JSON/);
  });

  it('names a metric without a cloudwatch query', () => {
    expect(() => cloudWatchCollectConfig({ metrics: [{ name: 'cpu', test: 'mann-whitney' }] })).toThrow(/Invalid option `metrics\[0\]\.cloudwatch`: expected a CloudWatch query for metric "cpu"/);
  });
});
