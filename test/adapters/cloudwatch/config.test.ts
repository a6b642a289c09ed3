/**
 * The `cloudwatch` key of the judge's config (an object to parseConfig, its shape checked by
 * cloudWatchConfigIssues) and its rendering per side.
 */
import { describe, expect, it } from 'vitest';
import { ConfigValidationError, isCanaryJudgeError, judge, parseConfig, safeParseConfig } from 'canary-judge';
import { cloudWatchCollectConfig, cloudWatchConfigIssues, collectCloudWatch, renderCloudWatchQuery, type CloudWatchSource } from '../../../src/cloudwatch.js';

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
    if (parsed.ok) expect(cloudWatchConfigIssues(parsed.value)).toEqual([]);
  });

  it('reports mistakes at their path (the adapter checks the shape; the core only that it is an object)', () => {
    const config = {
      metrics: [
        { name: 'a', test: 'rate', cloudwatch: latency },
        { name: 'b', test: 'mann-whitney', cloudwatch: { ...latency, statistic: 'P99' } },
        { name: 'c', test: 'rate', cloudwatch: { events: latency } },
      ],
    };
    expect(safeParseConfig(config).ok).toBe(true);
    expect(cloudWatchConfigIssues(config)).toEqual([
      { path: 'metrics[0].cloudwatch', message: 'a rate metric takes two CloudWatch queries: expected { "events": { … }, "total": { … } }, received one query' },
      { path: 'metrics[1].cloudwatch.statistic', message: 'statistic must be Average, Sum, SampleCount, Minimum, Maximum or a percentile such as p99 or p99.9, received "P99"' },
      { path: 'metrics[2].cloudwatch.total', message: 'a rate query needs both "events" and "total", "total" is missing' },
    ]);
    expect(() => cloudWatchCollectConfig(config)).toThrow(ConfigValidationError);
  });

  it('judge() ignores the key: any object is accepted and the verdict is the same without it', () => {
    const data = { metrics: { a: { baseline: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], canary: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } } };
    const odd = parseConfig({ metrics: [{ name: 'a', test: 'mann-whitney', minSamples: 5, cloudwatch: { anything: ['goes', 1] } }] });
    const plain = parseConfig({ metrics: [{ name: 'a', test: 'mann-whitney', minSamples: 5 }] });
    expect(odd.metrics[0]?.cloudwatch).toEqual({ anything: ['goes', 1] });
    expect(judge(odd, data).verdict).toBe(judge(plain, data).verdict);
    expect(cloudWatchConfigIssues(odd).map((issue) => issue.path)).toEqual(['metrics[0].cloudwatch.anything', 'metrics[0].cloudwatch.namespace', 'metrics[0].cloudwatch.metricName', 'metrics[0].cloudwatch.statistic']);
  });

  it('collectCloudWatch throws the ConfigValidationError listing them before any call', async () => {
    let calls = 0;
    const source = {
      description: 'a stub',
      maxPoints: 1440,
      now: () => Date.parse('2024-01-01T02:00:00Z'),
      renderQuery: (template: string) => template,
      queryRange: () => {
        calls++;
        return Promise.reject(new Error('not called'));
      },
      queryMany: () => {
        calls++;
        return Promise.reject(new Error('not called'));
      },
    } as unknown as CloudWatchSource;
    const config = parseConfig({ metrics: [{ name: 'p99', test: 'mann-whitney', cloudwatch: { ...latency, statistic: 'P99' } }] });
    const error = await collectCloudWatch(config, source, { start: '2024-01-01T00:00:00Z', end: '2024-01-01T01:00:00Z', baseline: { scope: 'v1' }, canary: { scope: 'v2' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(isCanaryJudgeError(error) && error.code).toBe('INVALID_CONFIG');
    expect((error as ConfigValidationError).issues).toEqual([
      { path: 'metrics[0].cloudwatch.statistic', message: 'statistic must be Average, Sum, SampleCount, Minimum, Maximum or a percentile such as p99 or p99.9, received "P99"' },
    ]);
    expect(calls).toBe(0);
  });

  it('reports an unreadable configuration instead of throwing', () => {
    const hostile = { metrics: [{ name: 'a', test: 'mean-ratio', get cloudwatch(): never { throw new Error('boom'); } }] };
    expect(cloudWatchConfigIssues(hostile)).toEqual([{ path: '(root)', message: expect.stringContaining('reading them threw Error: boom') as string }]);
  });

  it('suggests the CloudWatch key a typo meant, and leaves a non-object to the core schema', () => {
    expect(cloudWatchConfigIssues({ metrics: [{ name: 'a', test: 'mean-ratio', cloudwatch: { ...latency, metricNmae: 'x' } }] })).toEqual([
      { path: 'metrics[0].cloudwatch.metricNmae', message: 'Unknown key "metricNmae" (did you mean "metricName"?)' },
    ]);
    // Inside a rate pair, and for a misspelled `events`.
    expect(cloudWatchConfigIssues({ metrics: [{ name: 'r', test: 'rate', cloudwatch: { events: { ...latency, statistc: 'Sum' }, total: latency } }] })).toContainEqual({
      path: 'metrics[0].cloudwatch.events.statistc',
      message: 'Unknown key "statistc" (did you mean "statistic"?)',
    });
    expect(cloudWatchConfigIssues({ metrics: [{ name: 'r', test: 'rate', cloudwatch: { events: latency, totl: latency } }] })).toContainEqual({
      path: 'metrics[0].cloudwatch.totl',
      message: 'Unknown key "totl" (did you mean "total"?)',
    });
    const config = { metrics: [{ name: 'a', test: 'mean-ratio', cloudwatch: 'Latency' }] };
    expect(cloudWatchConfigIssues(config)).toEqual([]);
    const parsed = safeParseConfig(config);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((issue) => issue.path)).toEqual(['metrics[0].cloudwatch']);
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
