/**
 * Analysis templates and requests, without a server: what a template may hold (and the JSON path of
 * each problem), and how the native body, Flagger's payload and the report's query parameters are
 * read into the two sides' variables and the window.
 */
import { describe, expect, it } from 'vitest';
import { readAnalysisQuery, readAnalysisRequest } from '../../../src/server/analyses/analysis-request.js';
import { parseAnalysisTemplate, type AnalysisTemplate } from '../../../src/server/index.js';

const NOW = Date.parse('2024-01-01T01:00:30Z');
const source = { prometheus: 'http://prometheus:9090' };

function template(input: Record<string, unknown>): AnalysisTemplate {
  const parsed = parseAnalysisTemplate('t', { source, ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.template;
}

const flaggerTemplate = template({
  lookback: '10m',
  scopes: { baseline: '${name}-primary', canary: '${name}' },
  metrics: [{ name: 'p99', test: 'mann-whitney', query: 'p99{namespace="${namespace}",deployment="${scope}"}' }],
});

describe('parseAnalysisTemplate', () => {
  it('lists every problem with its JSON path', () => {
    const parsed = parseAnalysisTemplate('bad name', {
      source: { prometheus: 'ftp://x', step: 'soon', token: 'x' },
      lookback: 600,
      scopes: { baseline: '${scope}-x' },
      metrics: [{ name: 'a', test: 'mann-whitney' }],
    });
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['(file name)', 'source.token', 'source.step', 'source.prometheus', 'lookback', 'scopes.canary']));
  });

  it('needs a query per metric for its source, and request-filled placeholders inside quotes', () => {
    const noQuery = parseAnalysisTemplate('t', { source, metrics: [{ name: 'a', test: 'mann-whitney' }] });
    expect(noQuery.ok ? [] : noQuery.issues.map((issue) => issue.path)).toEqual(['metrics[0].query']);
    const outside = parseAnalysisTemplate('t', { source, metrics: [{ name: 'a', test: 'mann-whitney', query: 'a{v="${scope}"} > ${limit}' }] });
    expect(outside.ok ? '' : outside.issues[0]!.message).toMatch(/\$\{limit\} is outside a quoted string/);
    const unquotedScope = parseAnalysisTemplate('t', { source, metrics: [{ name: 'a', test: 'mann-whitney', query: 'a_${scope}' }] });
    expect(unquotedScope.ok).toBe(false);
    // ${step} is the server's own and may stand anywhere.
    expect(parseAnalysisTemplate('t', { source, metrics: [{ name: 'a', test: 'mann-whitney', query: 'rate(a{v="${scope}"}[${step}])' }] }).ok).toBe(true);
  });

  it('CloudWatch: a query of the wrong shape is named at its path, with a did-you-mean (the adapter\'s check)', () => {
    const parsed = parseAnalysisTemplate('t', {
      source: { cloudwatch: { region: 'us-east-1' } },
      metrics: [
        { name: 'a', test: 'mann-whitney', cloudwatch: { namespace: 'App', metricName: 'Latency', dimensions: { Version: '${scope}' }, statistic: 'P99' } },
        { name: 'b', test: 'mann-whitney', cloudwatch: { namespace: 'App', metricNme: 'Latency', dimensions: { Version: '${scope}' }, statistic: 'Average' } },
      ],
    });
    expect(parsed.ok ? [] : parsed.issues).toEqual([
      { path: 'metrics[0].cloudwatch.statistic', message: expect.stringContaining('statistic must be Average, Sum, SampleCount, Minimum, Maximum or a percentile') as string },
      { path: 'metrics[1].cloudwatch.metricNme', message: 'Unknown key "metricNme" (did you mean "metricName"?)' },
      { path: 'metrics[1].cloudwatch.metricName', message: expect.stringContaining('a CloudWatch query needs metricName') as string },
    ]);
  });

  it('CloudWatch: a request may not choose the metric name', () => {
    const parsed = parseAnalysisTemplate('t', {
      source: { cloudwatch: { region: 'us-east-1' } },
      metrics: [{ name: 'a', test: 'mann-whitney', cloudwatch: { namespace: 'App', metricName: '${metric}', dimensions: { Version: '${scope}' }, statistic: 'Average' } }],
    });
    expect(parsed.ok ? '' : parsed.issues[0]!.path).toBe('metrics[0].cloudwatch.metricName');
  });

  it('collects the variables: placeholders of queries and scopes, minus scope and step', () => {
    expect(flaggerTemplate.variables).toEqual(['name', 'namespace']);
    expect(flaggerTemplate.lookbackMs).toBe(600_000);
  });
});

describe('readAnalysisRequest', () => {
  it('Flagger: name and namespace become variables, the scopes come from the template, the window from its lookback', () => {
    const read = readAnalysisRequest(flaggerTemplate, { name: 'podinfo', namespace: 'test', phase: 'Progressing', checksum: 'abc', metadata: {} }, NOW);
    expect(read.ok && read.request).toEqual({
      baseline: { name: 'podinfo', namespace: 'test', scope: 'podinfo-primary' },
      canary: { name: 'podinfo', namespace: 'test', scope: 'podinfo' },
      variables: { name: 'podinfo', namespace: 'test' },
      startMs: Date.parse('2024-01-01T00:50:30Z'),
      endMs: NOW,
      shape: 'flagger',
    });
  });

  it('Flagger: metadata names the scopes and the window, other entries are variables (unknown ones are 400)', () => {
    const read = readAnalysisRequest(flaggerTemplate, { name: 'podinfo', namespace: 'test', phase: 'Progressing', metadata: { baseline: 'a', canary: 'b', start: '2024-01-01T00:00:00Z', end: '1704070800' } }, NOW);
    expect(read.ok && [read.request.baseline.scope, read.request.canary.scope, read.request.startMs, read.request.endMs]).toEqual(['a', 'b', Date.parse('2024-01-01T00:00:00Z'), 1_704_070_800_000]);
    const unknown = readAnalysisRequest(flaggerTemplate, { name: 'p', namespace: 't', phase: 'Progressing', metadata: { region: 'eu' } }, NOW);
    expect(unknown.ok ? [] : unknown.issues.map((issue) => issue.path)).toEqual(['metadata.region']);
  });

  it('native: a side may hold its own variables; a missing one names the side', () => {
    const two = template({ lookback: '5m', metrics: [{ name: 'a', test: 'mann-whitney', query: 'a{v="${scope}",r="${region}"}' }] });
    const read = readAnalysisRequest(two, { baseline: { scope: 'v1', region: 'eu' }, canary: 'v2' }, NOW);
    expect(read.ok).toBe(false);
    expect(read.ok ? [] : read.issues.map((issue) => issue.message)).toEqual([expect.stringContaining('missing variable "region" (for the canary)')]);
    expect(read.ok ? [] : read.expected).toEqual(['region']);
  });

  it('the window: start or lookback, not both; end after start; a default only from the template', () => {
    const bare = template({ metrics: [{ name: 'a', test: 'mann-whitney', query: 'a{v="${scope}"}' }] });
    const paths = (body: object) => {
      const read = readAnalysisRequest(bare, { baseline: 'a', canary: 'b', ...body }, NOW);
      return read.ok ? [] : read.issues.map((issue) => issue.path);
    };
    expect(paths({})).toEqual(['start']);
    expect(paths({ start: 1_704_067_200, lookback: '5m' })).toEqual(['lookback']);
    expect(paths({ start: '2024-01-01T02:00:00Z' })).toEqual(['end']);
    expect(paths({ start: 1_704_067_200 })).toEqual([]);
  });
});

describe('readAnalysisQuery', () => {
  it('reads scopes, side variables, shared variables and the window from query parameters', () => {
    const two = template({ metrics: [{ name: 'a', test: 'mann-whitney', query: 'a{v="${scope}",r="${region}",n="${namespace}"}' }] });
    const read = readAnalysisQuery(two, new URLSearchParams('baseline=v1&canary=v2&baseline.region=eu&canary.region=us&namespace=shop&lookback=30m'), NOW);
    expect(read.ok && [read.request.baseline, read.request.canary, (read.request.endMs - read.request.startMs) / 60_000]).toEqual([
      { namespace: 'shop', region: 'eu', scope: 'v1' },
      { namespace: 'shop', region: 'us', scope: 'v2' },
      30,
    ]);
    const twice = readAnalysisQuery(two, new URLSearchParams('baseline=v1&baseline=v3&canary=v2&region=x&namespace=y&lookback=1m'), NOW);
    expect(twice.ok ? [] : twice.issues.map((issue) => issue.path)).toEqual(['baseline']);
  });
});

describe('templates with sequential', () => {
  const sequential = { minDuration: '10m', maxDuration: '2h' };
  const metrics = [{ name: 'a', test: 'mann-whitney', query: 'a{v="${scope}"}' }];

  it('carry the sequential settings into the config, and refuse a default lookback (a sliding window)', () => {
    expect(template({ sequential, metrics }).config.sequential).toEqual({ minDuration: 600, maxDuration: 7200 });
    const withLookback = parseAnalysisTemplate('t', { source, sequential, lookback: '10m', metrics });
    expect(withLookback.ok ? [] : withLookback.issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['lookback', expect.stringMatching(/judges all data since the canary started .* takes no default lookback/)],
    ]);
    const bad = parseAnalysisTemplate('t', { source, sequential: { maxDuration: 'soon' }, metrics });
    expect(bad.ok ? [] : bad.issues.map((issue) => issue.path)).toEqual(['sequential.maxDuration']);
  });

  it('a request gives the canary\'s start (native, Flagger metadata or query), never a lookback', () => {
    const sequentialTemplate = template({ sequential, metrics });
    const native = readAnalysisRequest(sequentialTemplate, { baseline: 'a', canary: 'b', start: '2024-01-01T00:00:00Z' }, NOW);
    expect(native.ok && [native.request.startMs, native.request.endMs]).toEqual([Date.parse('2024-01-01T00:00:00Z'), NOW]);
    const flagger = readAnalysisRequest(sequentialTemplate, { name: 'p', namespace: 't', phase: 'Progressing', metadata: { baseline: 'a', canary: 'b', start: '1704067200' } }, NOW);
    expect(flagger.ok && flagger.request.startMs).toBe(1_704_067_200_000);
    const query = readAnalysisQuery(sequentialTemplate, new URLSearchParams('baseline=a&canary=b&start=1704067200'), NOW);
    expect(query.ok && query.request.startMs).toBe(1_704_067_200_000);

    const problems = (body: object) => {
      const read = readAnalysisRequest(sequentialTemplate, { baseline: 'a', canary: 'b', ...body }, NOW);
      return read.ok ? [] : read.issues.map((issue) => [issue.path, issue.message]);
    };
    expect(problems({ lookback: '10m' })).toEqual([['lookback', expect.stringMatching(/this analysis is sequential: .* give "start"/)]]);
    expect(problems({})).toEqual([['start', expect.stringMatching(/Required: when the canary started/)]]);
    const flaggerLookback = readAnalysisRequest(sequentialTemplate, { name: 'p', namespace: 't', phase: 'Progressing', metadata: { baseline: 'a', canary: 'b', lookback: '5m' } }, NOW);
    expect(flaggerLookback.ok ? [] : flaggerLookback.issues.map((issue) => issue.path)).toEqual(['metadata.lookback']);
  });
});
