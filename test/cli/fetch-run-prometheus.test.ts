/**
 * `canary-judge fetch` and `canary-judge run` end to end: the BUILT CLI as a child process against a
 * real Prometheus (Debian's package) started on 127.0.0.1 with deterministic backfilled data
 * (test/adapters/prometheus/helpers). A healthy canary passes, a latency regression and an error
 * spike fail; a dump written by `fetch` gets the same judgement from `judge`; an unreachable URL
 * is 69; bad PromQL is 65 naming the metric and the query; missing series reach the user with the
 * query. In CI a missing Prometheus fails these tests (the helper throws).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort } from '../adapters/prometheus/helpers/http-test-server.js';
import { startPrometheus } from '../adapters/prometheus/helpers/prometheus-server.js';
import { SCENARIO_CONFIG, WINDOW, buildOpenMetrics, selector } from '../adapters/prometheus/helpers/scenario-data.js';
import { runCliProcess } from './helpers.js';

const prometheus = await startPrometheus(buildOpenMetrics());
const directory = mkdtempSync(join(tmpdir(), 'canary-judge-fetch-run-'));
afterAll(async () => {
  await prometheus.stop();
  rmSync(directory, { recursive: true, force: true });
});
const url = prometheus.ok ? prometheus.url : 'http://127.0.0.1:1';

const config = SCENARIO_CONFIG;

function writeJson(name: string, value: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

const configPath = writeJson('canary.json', config);
const window = ['--start', new Date(WINDOW.start * 1000).toISOString(), '--end', String(WINDOW.end)];
const sides = ['--baseline-scope', 'baseline', '--canary-scope', 'canary'];

function args(command: 'fetch' | 'run', scenario: string, extra: readonly string[] = [], configFile = configPath): string[] {
  return [command, '--config', configFile, '--prometheus-url', url, ...window, '--step', '60s', ...sides, '--var', `scenario=${scenario}`, ...extra];
}

interface JsonJudgement {
  verdict: string;
  metrics: { name: string; outcome: string; reason: string | null; warnings: string[] }[];
}

describe.skipIf(!prometheus.ok)('canary-judge fetch / run against a real Prometheus', () => {
  it('run: a healthy canary is judged pass (exit 0), with a text report on stdout', async () => {
    const result = await runCliProcess(args('run', 'healthy'));
    expect(result.stderr).toBe('');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^PASS {2}score 100\.0\/100/);
    for (const name of ['cpu', 'throughput', 'p90 latency', '5xx rate']) expect(result.stdout).toContain(name);
  });

  it('run: an injected latency regression is judged fail (exit 1) on p90 latency', async () => {
    const result = await runCliProcess(args('run', 'latency', ['--format', 'json']));
    expect(result.code, result.stderr).toBe(1);
    const judgement = JSON.parse(result.stdout) as JsonJudgement;
    expect(judgement.verdict).toBe('fail');
    expect(judgement.metrics.filter((metric) => metric.outcome === 'fail').map((metric) => metric.name)).toEqual(['p90 latency']);
  });

  it('run: an error spike is judged fail (exit 1) on the 5xx rate, and the report can go to a file', async () => {
    const report = join(directory, 'errors.md');
    const result = await runCliProcess(args('run', 'errors', ['--output', report]));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}score [\d.]+\/100: report written to .*errors\.md\n$/);
    const markdown = readFileSync(report, 'utf8');
    expect(markdown).toMatch(/5xx rate/);
    expect(markdown).toMatch(/fail/i);
  });

  it('fetch writes a data dump that judge reads with the same verdict and the same judgement', async () => {
    const dump = join(directory, 'latency-data.json');
    const fetched = await runCliProcess(args('fetch', 'latency', ['--output', dump]));
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stdout).toMatch(/^fetched 4 metrics \(10 queries\) from Prometheus at http:\/\/127\.0\.0\.1:\d+, .* step 60s, 61 points per series: data written to .*latency-data\.json\n$/);
    const data = JSON.parse(readFileSync(dump, 'utf8')) as { metrics: Record<string, { baseline: { timestamps: number[] } }> };
    expect(Object.keys(data.metrics)).toEqual(['cpu', 'throughput', 'p90 latency', '5xx rate']);
    expect(data.metrics['cpu']?.baseline.timestamps).toHaveLength(61);
    expect(data.metrics['cpu']?.baseline.timestamps[0]).toBe(WINDOW.start);

    const judged = await runCliProcess(['judge', dump, '--config', configPath, '--format', 'json']);
    const ran = await runCliProcess(args('run', 'latency', ['--format', 'json']));
    expect(judged.code).toBe(1);
    expect(ran.code).toBe(1);
    expect(judged.stdout).toBe(ran.stdout);
  });

  it('fetch prints the dump on stdout without --output, and picks the step itself when none is given', async () => {
    const result = await runCliProcess(args('fetch', 'healthy').filter((argument, index, all) => argument !== '--step' && all[index - 1] !== '--step'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const data = JSON.parse(result.stdout) as { metrics: Record<string, { canary: { values: number[]; timestamps: number[] } }> };
    const timestamps = data.metrics['cpu']?.canary.timestamps ?? [];
    expect(timestamps).toHaveLength(61);
    expect((timestamps[1] as number) - (timestamps[0] as number)).toBe(60);
  });

  it('names every query that returned no series: on stderr, and in the nodata reason of a judged dump or run', async () => {
    const fetched = await runCliProcess(args('fetch', 'healthy').map((argument) => (argument === 'canary' ? 'v-missing' : argument)));
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stderr).toContain('canary-judge: warning: metric "p90 latency" (canary): query returned no series: "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{scenario=\\"healthy\\",version=\\"v-missing\\"}[60s])))"');
    expect(fetched.stderr).toContain('metric "5xx rate" (canary, events): query returned no series');
    expect(fetched.stderr).toContain('metric "5xx rate" (canary, total): query returned no series');
    expect(fetched.stderr).not.toContain('(baseline');
    // The dump carries the reasons, so judging it later still says which query found nothing.
    const dumped = JSON.parse(fetched.stdout) as { metrics: Record<string, { noDataReasons?: { canary?: string } }> };
    expect(dumped.metrics['p90 latency']?.noDataReasons?.canary).toMatch(/^query returned no series: ".*v-missing.*"$/);

    const ran = await runCliProcess(args('run', 'healthy', ['--format', 'json']).map((argument) => (argument === 'canary' ? 'v-missing' : argument)));
    const judgement = JSON.parse(ran.stdout) as JsonJudgement;
    const latency = judgement.metrics.find((metric) => metric.name === 'p90 latency');
    expect(latency?.outcome).toBe('nodata');
    expect(latency?.reason).toMatch(/^canary series is empty \(0 points\): query returned no series: ".*version=\\"v-missing\\".*"$/);
    const text = await runCliProcess(args('run', 'healthy').map((argument) => (argument === 'canary' ? 'v-missing' : argument)));
    expect(text.stdout).toContain('canary series is empty (0 points): query returned no series: "avg without(instance) (app_cpu_usage{scenario=\\"healthy\\",version=\\"v-missing\\"})"');
    expect(text.code).toBe(ran.code);
  });

  it('bad PromQL is exit 65, naming the metric and the query', async () => {
    const broken = writeJson('broken.json', {
      metrics: [{ name: 'broken', test: 'mann-whitney', query: 'sum(rate(app_cpu_usage{version="${scope}"}[5m]' }],
    });
    for (const command of ['fetch', 'run'] as const) {
      const result = await runCliProcess(args(command, 'healthy', [], broken));
      expect(result.code, result.stderr).toBe(65);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^canary-judge: error: metric "broken" \((baseline|canary)\): Prometheus answered HTTP 400 .*bad_data.*; query: "sum\(rate\(app_cpu_usage\{version=\\"(baseline|canary)\\"\}\[5m\]"\n/);
      expect(result.stderr).toContain('fix it in config file');
    }
  });

  it('a query giving several series is exit 65 with the labels that differ', async () => {
    const ambiguous = writeJson('ambiguous.json', { metrics: [{ name: 'cpu', test: 'mann-whitney', query: selector('app_cpu_usage') }] });
    const result = await runCliProcess(args('run', 'healthy', [], ambiguous));
    expect(result.code, result.stderr).toBe(65);
    expect(result.stderr).toContain('instance ("i-1", "i-2")');
  });

  it('an undefined variable is exit 65 with a hint to define it with --var', async () => {
    const result = await runCliProcess(args('fetch', 'healthy').filter((argument) => argument !== '--var' && !argument.startsWith('scenario=')));
    expect(result.code, result.stderr).toBe(65);
    expect(result.stderr).toContain('${scenario}');
    expect(result.stderr).toContain('--var NAME=VALUE');
  });
});

describe('canary-judge fetch / run when Prometheus cannot be reached', () => {
  it('an unreachable URL is exit 69 after the retries, for fetch and run', async () => {
    const unreachable = `http://127.0.0.1:${await closedPort()}`;
    for (const command of ['fetch', 'run'] as const) {
      const result = await runCliProcess(
        [command, '--config', configPath, '--prometheus-url', unreachable, ...window, ...sides, '--var', 'scenario=healthy'],
        { timeoutMs: 30_000 },
      );
      expect(result.code, result.stderr).toBe(69);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/could not reach Prometheus \(.*ECONNREFUSED.*\) after 4 attempts/);
      expect(result.stderr).toContain('check --prometheus-url');
    }
  }, 60_000);
});
