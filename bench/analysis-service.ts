/**
 * `npm run bench:service`: load on the analysis service, loopback only. Starts a real Prometheus
 * (scripts/prometheus, backfilled with the test scenarios ending now) and the built CLI's
 * `canary-judge serve --analyses` as a child process, then sends 1,000 analysis requests (healthy,
 * latency and errors scenarios in turn) at concurrency 20 while a separate client probes /healthz
 * every 25 ms. Targets: no error (every answer 200 with the scenario's verdict), /healthz p99 under
 * 200 ms throughout, the server's resident memory flat (growth over the last 800 requests under
 * 10% of the level after the first 200). Exits 1 when a target is missed. Figures go to
 * docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrometheus } from '../test/adapters/prometheus/helpers/prometheus-server.js';
import { SCENARIO_CONFIG, buildOpenMetrics } from '../test/adapters/prometheus/helpers/scenario-data.js';

const TOTAL = 1_000;
const CONCURRENCY = 20;
const HEALTH_P99_MS = 200;
const root = new URL('../', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli', 'main.cjs');
const print = (line: string) => process.stdout.write(`${line}\n`);

if (!existsSync(cli)) {
  print('dist/cli/main.cjs is missing: run npm run build first');
  process.exit(1);
}

const t0 = Math.floor(Date.now() / 15_000) * 15 - 4200 - 60;
const prometheus = await startPrometheus(buildOpenMetrics(t0));
if (!prometheus.ok) {
  print(`no Prometheus: ${prometheus.reason}`);
  process.exit(1);
}
const directory = mkdtempSync(join(tmpdir(), 'canary-judge-bench-service-'));
writeFileSync(join(directory, 'scenario.json'), JSON.stringify({ source: { prometheus: prometheus.url, step: '60s' }, lookback: '60m', ...SCENARIO_CONFIG }));

const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--analyses', directory], { stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
const port = await new Promise<number>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`the server did not start: ${stderr}`)), 20_000);
  child.stderr.on('data', () => {
    const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
    if (match !== null) {
      clearTimeout(timer);
      resolve(Number(match[1]));
    }
  });
});
const base = `http://127.0.0.1:${port}`;

/** The child's resident set in MiB (Linux /proc). */
function rssMiB(): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

const expected: Record<string, string> = { healthy: 'pass', latency: 'fail', errors: 'fail' };
const scenarios = Object.keys(expected);
const failures: string[] = [];
const latencies: number[] = [];
const memory: { done: number; rss: number }[] = [];
let done = 0;
let next = 0;

async function analyse(index: number): Promise<void> {
  const scenario = scenarios[index % scenarios.length] as string;
  const started = performance.now();
  try {
    const response = await fetch(`${base}/v1/analyses/scenario/judge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ baseline: 'baseline', canary: 'canary', variables: { scenario } }),
    });
    const body = (await response.json()) as { verdict?: string };
    if (response.status !== 200 || body.verdict !== expected[scenario]) failures.push(`request ${index} (${scenario}): ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
  } catch (error) {
    failures.push(`request ${index}: ${(error as Error).message}`);
  }
  latencies.push(performance.now() - started);
  done++;
  if (done % 100 === 0) memory.push({ done, rss: rssMiB() });
}

const health: number[] = [];
let probing = true;
const prober = (async () => {
  while (probing) {
    const started = performance.now();
    try {
      const response = await fetch(`${base}/healthz`);
      await response.arrayBuffer();
      if (response.status !== 200) failures.push(`/healthz: ${response.status}`);
    } catch (error) {
      failures.push(`/healthz: ${(error as Error).message}`);
    }
    health.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
})();

const startedAll = performance.now();
memory.push({ done: 0, rss: rssMiB() });
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < TOTAL) await analyse(next++);
  }),
);
const elapsedS = (performance.now() - startedAll) / 1000;
probing = false;
await prober;
child.kill('SIGTERM');
await new Promise((resolve) => child.once('close', resolve));
await prometheus.stop();
rmSync(directory, { recursive: true, force: true });

const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
};
const healthP99 = quantile(health, 0.99);
const after200 = memory.find((point) => point.done === 200)?.rss ?? Number.NaN;
const atEnd = memory[memory.length - 1]?.rss ?? Number.NaN;
const growth = (atEnd - after200) / after200;

print(`analysis service: ${TOTAL} requests at concurrency ${CONCURRENCY} against a real Prometheus (4 metrics, 8 range queries, 61 points per series each)`);
print(`  throughput ${(TOTAL / elapsedS).toFixed(1)} analyses/s over ${elapsedS.toFixed(1)} s; analysis latency p50 ${quantile(latencies, 0.5).toFixed(0)} ms, p99 ${quantile(latencies, 0.99).toFixed(0)} ms`);
print(`  /healthz during the run: ${health.length} probes, p50 ${quantile(health, 0.5).toFixed(1)} ms, p99 ${healthP99.toFixed(1)} ms, max ${Math.max(...health).toFixed(1)} ms`);
print(`  server RSS (MiB) by requests done: ${memory.map((point) => `${point.done}: ${point.rss.toFixed(0)}`).join(', ')}`);
const targets = [
  { name: 'no error', met: failures.length === 0, figure: `${failures.length} errors` },
  { name: `/healthz p99 < ${HEALTH_P99_MS} ms`, met: healthP99 < HEALTH_P99_MS, figure: `${healthP99.toFixed(1)} ms` },
  { name: 'memory flat (RSS growth after the first 200 requests < 10%)', met: growth < 0.1, figure: `${(growth * 100).toFixed(1)}% (${after200.toFixed(0)} → ${atEnd.toFixed(0)} MiB)` },
];
for (const target of targets) print(`  ${target.met ? 'met   ' : 'MISSED'} ${target.name}: ${target.figure}`);
for (const failure of failures.slice(0, 10)) print(`  ${failure}`);
process.exitCode = targets.every((target) => target.met) ? 0 : 1;
