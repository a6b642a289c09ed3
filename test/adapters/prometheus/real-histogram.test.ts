/**
 * Histogram metrics end to end against a real Prometheus (Debian's package) with the backfilled
 * `http_request_duration_seconds` buckets of helpers/scenario-data.ts (median 0.1 s, doubled on the
 * canary of the `latency` scenario): `collect` turns a `{ histogram }` query into
 * `sum by (le) (increase(<selector>[<window>]))` per side and returns `{ histogram: { le, counts } }`;
 * the judge fails the regression on the buckets and will not pass the healthy canary on precision
 * the buckets do not have; the built CLI does the same. In CI a missing Prometheus fails these tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { judge, type CanaryConfigInput } from '../../../src/index.js';
import { collect, collectDetailed, createPrometheusSource, type CollectedHistogram } from '../../../src/prometheus.js';
import { runCliProcess } from '../../cli/helpers.js';
import { startPrometheus } from './helpers/prometheus-server.js';
import { BUCKETS, WINDOW, buildOpenMetrics, selector, type Scenario } from './helpers/scenario-data.js';

const prometheus = await startPrometheus(buildOpenMetrics());
const directory = mkdtempSync(join(tmpdir(), 'canary-judge-histogram-'));
afterAll(async () => {
  await prometheus.stop();
  rmSync(directory, { recursive: true, force: true });
});
const url = prometheus.ok ? prometheus.url : 'http://127.0.0.1:1';

const buckets = selector('http_request_duration_seconds_bucket');
const config = {
  metrics: [
    { name: 'p99 latency', test: 'percentile', percentile: 99, margin: { relative: 0.1 }, query: { histogram: buckets } },
    { name: 'latency', test: 'mann-whitney', margin: { relative: 0.1 }, query: { histogram: buckets } },
  ],
} satisfies CanaryConfigInput;

const range = (scenario: Scenario, canary = 'canary') => ({
  start: WINDOW.start,
  end: WINDOW.end,
  baseline: { scope: 'baseline' },
  canary: { scope: canary },
  variables: { scenario },
});

describe.skipIf(!prometheus.ok)('histogram metrics against a real Prometheus', () => {
  const source = createPrometheusSource({ url, timeoutMs: 20_000, retries: 1 });

  it('collects each side as the requests per bucket over the window, with the query it sent', async () => {
    const details = await collectDetailed(config, source, range('latency'));
    const queries = details.queries.filter((query) => query.metric === 'p99 latency');
    expect(queries.map((query) => [query.side, query.role, query.query])).toEqual([
      ['baseline', 'histogram', 'sum by (le) (increase(http_request_duration_seconds_bucket{scenario="latency",version="baseline"}[3600s]))'],
      ['canary', 'histogram', 'sum by (le) (increase(http_request_duration_seconds_bucket{scenario="latency",version="canary"}[3600s]))'],
    ]);
    for (const side of ['baseline', 'canary'] as const) {
      const { histogram } = details.data.metrics['p99 latency']?.[side] as CollectedHistogram;
      expect(histogram.le).toEqual([...BUCKETS, '+Inf']);
      // 2 instances × about 20 requests/s × 3600 s.
      const total = histogram.counts[histogram.counts.length - 1] as number;
      expect(total).toBeGreaterThan(130_000);
      expect(total).toBeLessThan(160_000);
      for (let index = 1; index < histogram.counts.length; index++) {
        expect(histogram.counts[index]).toBeGreaterThanOrEqual(histogram.counts[index - 1] as number);
      }
    }
    const baseline = (details.data.metrics['p99 latency']?.baseline as CollectedHistogram).histogram;
    const canary = (details.data.metrics['p99 latency']?.canary as CollectedHistogram).histogram;
    // Median 0.1 s on the baseline, 0.2 s on the canary: half the requests under 0.1 s, about 8% of the canary's.
    expect((baseline.counts[1] as number) / (baseline.counts.at(-1) as number)).toBeCloseTo(0.5, 1);
    expect((canary.counts[1] as number) / (canary.counts.at(-1) as number)).toBeLessThan(0.15);
  });

  it('fails the doubled latency on both tests, showing the bucket of each side', async () => {
    const data = await collect(config, source, range('latency'));
    const judgement = judge(config, data);
    expect(judgement.verdict).toBe('fail');
    const p99 = judgement.metrics.find((metric) => metric.name === 'p99 latency');
    expect(p99?.outcome).toBe('fail');
    // p99 = 0.1 s × e^(0.5 × 2.33) ≈ 0.32 s on the baseline, 0.64 s on the canary.
    expect(p99?.histogram?.baseline.bucket).toEqual([0.3, 0.4]);
    expect(p99?.histogram?.canary.bucket).toEqual([0.5, 0.75]);
    expect(p99?.histogram?.shown).toBe('higher');
    expect(p99?.summary.baseline.count).toBe(p99?.histogram?.baseline.requests);
    expect(judgement.metrics.find((metric) => metric.name === 'latency')?.outcome).toBe('fail');
  });

  it('does not pass the healthy canary on precision the buckets do not have', async () => {
    const data = await collect(config, source, range('healthy'));
    const judgement = judge(config, data);
    expect(judgement.verdict).not.toBe('pass');
    const p99 = judgement.metrics.find((metric) => metric.name === 'p99 latency');
    expect(p99?.outcome).toBe('inconclusive');
    expect(p99?.histogram?.sameBucket).toBe(true);
    expect(p99?.histogram?.limitedByBuckets).toBe(true);
    expect(p99?.reason).toMatch(/the buckets limit what can be told apart/);
    for (const metric of judgement.metrics) expect(metric.outcome).not.toBe('fail');
  });

  it('escapes the scope into the selector, and a side without series is nodata with the query', async () => {
    const details = await collectDetailed(config, source, range('latency', 'v2"} or vector(1) #'));
    const canaryQuery = details.queries.find((query) => query.metric === 'p99 latency' && query.side === 'canary');
    expect(canaryQuery?.query).toBe(
      'sum by (le) (increase(http_request_duration_seconds_bucket{scenario="latency",version="v2\\"} or vector(1) #"}[3600s]))',
    );
    expect(canaryQuery?.status).toBe('nodata');
    const metric = judge(config, details.data).metrics.find((one) => one.name === 'p99 latency');
    expect(metric?.outcome).toBe('nodata');
    expect(metric?.reason).toContain('canary series is empty (0 points): query returned no series');
  });

  it('the built CLI runs a histogram metric: fail, exit 1, with the buckets in the report', async () => {
    const configPath = join(directory, 'histogram.json');
    writeFileSync(configPath, JSON.stringify(config));
    const args = ['run', '--config', configPath, '--prometheus-url', url, '--start', String(WINDOW.start), '--end', String(WINDOW.end)];
    const sides = ['--baseline-scope', 'baseline', '--canary-scope', 'canary', '--var', 'scenario=latency'];
    const result = await runCliProcess([...args, ...sides]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/p99 latency/);
    expect(result.stdout).toMatch(/\(0\.3, 0\.4\]/);
    expect(result.stdout).toMatch(/\(0\.5, 0\.75\]/);
  });
});
