/**
 * End to end through the library against a real Prometheus (Debian's package) started on
 * 127.0.0.1 with deterministic backfilled data (helpers/scenario-data.ts): `collect` returns the
 * judge's data with gaps kept, and `judge` on it says pass for a healthy canary and fail for a
 * latency regression and an error spike. In CI a missing Prometheus fails these tests.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { judge, type CanaryConfigInput, type CanaryDataInput } from '../../../src/index.js';
import {
  collect,
  collectDetailed,
  createPrometheusSource,
  isSourceError,
  type CollectedValues,
  type CollectedCounts,
} from '../../../src/prometheus.js';
import { startPrometheus } from './helpers/prometheus-server.js';
import { SCENARIOS, SCENARIO_CONFIG, T0, WEIRD_VERSION, WINDOW, buildOpenMetrics, selector, type Scenario } from './helpers/scenario-data.js';

const prometheus = await startPrometheus(buildOpenMetrics());
afterAll(() => prometheus.stop());
const url = prometheus.ok ? prometheus.url : 'http://127.0.0.1:1';

const config = SCENARIO_CONFIG;

const grid = Array.from({ length: 61 }, (_, index) => WINDOW.start + 60 * index);

describe.skipIf(!prometheus.ok)('against a real Prometheus', () => {
  const source = createPrometheusSource({ url, timeoutMs: 20_000, retries: 1 });
  const range = (scenario: Scenario) => ({
    start: WINDOW.start,
    end: WINDOW.end,
    step: '60s',
    baseline: { scope: 'baseline' },
    canary: { scope: 'canary' },
    variables: { scenario },
  });

  it('collects every metric as the judge data, one point per step with timestamps', async () => {
    const data = await collect(config, source, range('healthy'));
    const typed: CanaryDataInput = data; // what collect returns is what judge takes
    expect(Object.keys(typed.metrics)).toEqual(['cpu', 'throughput', 'p90 latency', '5xx rate']);
    for (const side of ['baseline', 'canary'] as const) {
      const cpu = data.metrics['cpu']?.[side] as CollectedValues;
      expect(cpu.timestamps).toEqual(grid);
      expect(cpu.values).toHaveLength(61);
      for (const value of cpu.values) expect(value).toBeGreaterThan(0.45);
      for (const value of cpu.values) expect(value).toBeLessThan(0.55);
      const throughput = data.metrics['throughput']?.[side] as CollectedValues;
      for (const value of throughput.values) expect(value).toBeGreaterThan(38);
      for (const value of throughput.values) expect(value).toBeLessThan(42);
      const latency = data.metrics['p90 latency']?.[side] as CollectedValues;
      for (const value of latency.values) expect(value).toBeGreaterThan(0.15);
      for (const value of latency.values) expect(value).toBeLessThan(0.25);
      const errors = data.metrics['5xx rate']?.[side] as CollectedCounts;
      expect(errors.timestamps).toEqual(grid);
      expect(errors.events).toHaveLength(61);
      expect(errors.total).toHaveLength(61);
      const total = (errors.total as number[]).reduce((sum, value) => sum + value, 0);
      // 2 instances × ~20 requests/s × 60 s × 61 steps
      expect(total).toBeGreaterThan(140_000);
      expect(total).toBeLessThan(153_000);
    }
  });

  const expected: Record<Scenario, { verdict: string; failing: string[] }> = {
    healthy: { verdict: 'pass', failing: [] },
    latency: { verdict: 'fail', failing: ['p90 latency'] },
    errors: { verdict: 'fail', failing: ['5xx rate'] },
  };
  for (const scenario of SCENARIOS) {
    it(`judges the ${scenario} canary ${expected[scenario].verdict}`, async () => {
      const data = await collect(config, source, range(scenario));
      const judgement = judge(config, data);
      const outcomes = Object.fromEntries(judgement.metrics.map((metric) => [metric.name, metric.outcome]));
      expect({ verdict: judgement.verdict, failing: judgement.metrics.filter((metric) => metric.outcome === 'fail').map((metric) => metric.name) }, JSON.stringify(outcomes)).toEqual(
        expected[scenario],
      );
      if (scenario === 'healthy') expect(Object.values(outcomes)).toEqual(['pass', 'pass', 'pass', 'pass']);
    });
  }

  it('picks the step itself when none is given (60s for an hour)', async () => {
    const details = await collectDetailed(config, source, { ...range('healthy'), step: undefined } as never);
    expect(details.stepMs).toBe(60_000);
    expect((details.data.metrics['cpu']?.canary as CollectedValues).values).toHaveLength(61);
  });

  it('stays under the 11,000-points limit with the automatic step, which Prometheus accepts', async () => {
    const gauge = { metrics: [{ name: 'gauge', test: 'mann-whitney', query: 'sum(app_gap_gauge{version="${scope}"})' }] };
    const atLimit = await collectDetailed(gauge, source, { start: T0, end: T0 + 11_000 * 60, baseline: { scope: 'baseline' }, canary: { scope: 'canary' } });
    expect(atLimit.stepMs).toBe(60_000);
    expect((atLimit.data.metrics['gauge']?.baseline as CollectedValues).timestamps).toHaveLength(11_001);
    // Prometheus divides durations as integers: one more second still fits, one more step does not.
    const justFits = await collectDetailed(gauge, source, { start: T0, end: T0 + 11_000 * 60 + 59, baseline: { scope: 'baseline' }, canary: { scope: 'canary' } });
    expect(justFits.stepMs).toBe(60_000);
    const beyond = await collectDetailed(gauge, source, { start: T0, end: T0 + 11_001 * 60, baseline: { scope: 'baseline' }, canary: { scope: 'canary' } });
    expect(beyond.stepMs).toBe(120_000);
    const refused = await source
      .queryRange('sum(app_gap_gauge)', { startMs: T0 * 1000, endMs: (T0 + 11_001 * 60) * 1000, stepMs: 60_000 })
      .catch((caught: unknown) => caught);
    expect(refused).toMatchObject({ code: 'HTTP_STATUS', status: 400, errorType: 'bad_data' });
    expect(String(refused)).toContain('11,000 points');
    // The same range with an explicit 60s step is refused before any request.
    await expect(
      collect(gauge, source, { start: T0, end: T0 + 11_001 * 60, step: 60, baseline: { scope: 'baseline' }, canary: { scope: 'canary' } }),
    ).rejects.toThrow(/at most 11000 points/);
  });

  it('keeps missing steps as null gaps (not compacted) and turns NaN into null', async () => {
    const gauge = { metrics: [{ name: 'gauge', test: 'mann-whitney', query: 'app_gap_gauge{version="${scope}"}' }] };
    const details = await collectDetailed(gauge, source, { start: WINDOW.start, end: WINDOW.end, step: 60, baseline: { scope: 'baseline' }, canary: { scope: 'canary' } });
    const canary = details.data.metrics['gauge']?.canary as CollectedValues;
    expect(canary.timestamps).toEqual(grid);
    const nullAt = canary.values.flatMap((value, index) => (value === null ? [index] : []));
    // NaN sample at T0+900 (step 5); no samples in (T0+1185, T0+2400): steps whose 5-minute
    // look-back holds no sample are T0+1500 … T0+2340 (steps 15 to 29).
    expect(nullAt).toEqual([5, ...Array.from({ length: 15 }, (_, index) => 15 + index)]);
    expect(canary.values.filter((value) => value !== null).every((value) => value === 2)).toBe(true);
    const record = details.queries.find((query) => query.side === 'canary');
    expect(record).toMatchObject({ status: 'ok', points: 45, gaps: 16, labels: { __name__: 'app_gap_gauge', version: 'canary' } });
  });

  it('parses "+Inf", "-Inf" and "NaN" from the server', async () => {
    const result = await source.queryRange('app_inf_gauge{version="canary"}', { startMs: (T0 + 1140) * 1000, endMs: (T0 + 1380) * 1000, stepMs: 60_000 });
    expect(result.series).toHaveLength(1);
    expect(result.series[0]?.timestampsMs).toEqual([1140, 1200, 1260, 1320, 1380].map((offset) => (T0 + offset) * 1000));
    expect(result.series[0]?.values).toEqual([1, Infinity, -Infinity, NaN, 1]);
    const gauge = { metrics: [{ name: 'inf', test: 'mann-whitney', query: 'app_inf_gauge{version="${scope}"}' }] };
    const options = { start: T0 + 1140, end: T0 + 1380, step: 60, baseline: { scope: 'baseline' }, canary: { scope: 'canary' } };
    const error = await collect(gauge, source, options).catch((caught: unknown) => caught);
    expect(isSourceError(error) && error.code).toBe('NON_FINITE_VALUE');
    expect(String(error)).toContain('+Inf');
    const lenient = await collect(gauge, source, { ...options, infinity: 'missing' });
    expect((lenient.metrics['inf']?.canary as CollectedValues).values).toEqual([1, null, null, null, 1]);
  });

  it('reports no series as nodata with the query, and the judge says nodata', async () => {
    const missing = { metrics: [{ name: 'ghost', test: 'mann-whitney', query: selector('app_cpu_usage') }] } satisfies CanaryConfigInput;
    const details = await collectDetailed(missing, source, { ...range('healthy'), variables: { scenario: 'no-such-scenario' } });
    const baselineReason = 'query returned no series: "app_cpu_usage{scenario=\\"no-such-scenario\\",version=\\"baseline\\"}"';
    expect(details.data.metrics['ghost']).toEqual({
      baseline: { values: [], timestamps: [] },
      canary: { values: [], timestamps: [] },
      noDataReasons: { baseline: baselineReason, canary: baselineReason.replace('baseline', 'canary') },
    });
    expect(details.queries[0]?.status).toBe('nodata');
    expect(details.queries[0]?.reason).toBe(baselineReason);
    const judgement = judge(missing, details.data);
    expect(judgement.metrics[0]?.outcome).toBe('nodata');
    expect(judgement.metrics[0]?.reason).toBe(`baseline series is empty (0 points): ${baselineReason}`);
  });

  it('refuses several series for one side, naming the labels that differ', async () => {
    const ungrouped = { metrics: [{ name: 'cpu', test: 'mann-whitney', query: selector('app_cpu_usage') }] };
    const error = await collect(ungrouped, source, range('healthy')).catch((caught: unknown) => caught);
    expect(isSourceError(error) && error.code).toBe('AMBIGUOUS_SERIES');
    expect((error as Error).message).toContain('differ in instance ("i-1", "i-2")');
    expect((error as Error).message).toContain('sum without(instance)');
    expect((error as Error).message).toContain('app_cpu_usage{scenario=\\"healthy\\"');
  });

  it('escapes awkward scope values so they match themselves and cannot change the query', async () => {
    const options = { start: WINDOW.start, end: WINDOW.start + 120, step: 60, baseline: { scope: WEIRD_VERSION }, canary: { scope: 'plain' } };
    for (const template of ['app_weird{version="${scope}"}', "app_weird{version='${scope}'}", 'app_weird{version=~"${scope}"}', 'sum(app_weird{version=~`${scope}`})']) {
      const gauge = { metrics: [{ name: 'weird', test: 'mann-whitney', query: template }] };
      if (template.includes('`')) {
        // A raw string cannot hold every value: the newline is fine, so this one works.
        const data = await collect(gauge, source, options);
        expect((data.metrics['weird']?.baseline as CollectedValues).values).toEqual([7, 7, 7]);
        continue;
      }
      const data = await collect(gauge, source, options);
      expect((data.metrics['weird']?.baseline as CollectedValues).values, template).toEqual([7, 7, 7]);
      expect((data.metrics['weird']?.canary as CollectedValues).values, template).toEqual([3, 3, 3]);
    }
    // Values that try to close the matcher and add an expression only ever match themselves.
    for (const attack of ['"} or vector(1) or app_weird{version="', '.*', "'} or vector(1) #", 'plain"}\n+ vector(100)']) {
      for (const template of ['app_weird{version="${scope}"}', "app_weird{version='${scope}'}", 'app_weird{version=~"${scope}"}']) {
        const gauge = { metrics: [{ name: 'weird', test: 'mann-whitney', query: template }] };
        const details = await collectDetailed(gauge, source, { ...options, baseline: { scope: attack } });
        expect(details.queries[0]?.status, `${template} with ${JSON.stringify(attack)}`).toBe('nodata');
      }
    }
  });

  it('fails with the server message and the query for bad PromQL (HTTP 400 bad_data), without retrying', async () => {
    const broken = { metrics: [{ name: 'broken', test: 'mann-whitney', query: 'sum(app_cpu_usage{version="${scope}"}' }] };
    const error = await collect(broken, source, range('healthy')).catch((caught: unknown) => caught);
    expect(isSourceError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 400, errorType: 'bad_data', attempts: 1, unavailable: false, metric: 'broken' });
    expect((error as Error).message).toMatch(/^metric "broken" \((baseline|canary)\): Prometheus answered HTTP 400 Bad Request \(bad_data: .*parse error.*\) \(not retried\): POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query_range; query: "sum\(app_cpu_usage\{version=\\"(baseline|canary)\\"\}"$/);
  });
});
