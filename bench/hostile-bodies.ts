/**
 * `npm run bench:bodies`: issue 19's stall case under load, loopback only. Starts the built CLI's
 * `canary-judge serve` as a child process, then 20 clients post 4 MB `POST /v1/judge` bodies holding
 * a million invalid values each, back to back for 30 s, while a separate client probes `/healthz`
 * every 25 ms. Before the worker pool one such body blocked the event loop for 14 s. Targets: every
 * answer is the 400 listing the first 100 problems (or a 503 with Retry-After when the bounded queue
 * is full; no other status, no reset), and `/healthz` p99 under 100 ms throughout. Exits 1 when a
 * target is missed. Figures go to docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CLIENTS = 20;
const DURATION_MS = Number(process.env['BENCH_BODIES_SECONDS'] ?? 30) * 1000;
const HEALTH_P99_MS = 100;
const root = new URL('../', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli', 'main.cjs');
const print = (line: string) => process.stdout.write(`${line}\n`);

if (!existsSync(cli)) {
  print('dist/cli/main.cjs is missing: run npm run build first');
  process.exit(1);
}

const body = Buffer.from(
  JSON.stringify({
    config: { metrics: [{ name: 'latency', test: 'mann-whitney' }] },
    data: { metrics: { latency: { baseline: Array.from({ length: 1_000_000 }, () => 'x'), canary: [1, 2, 3] } } },
  }),
);

const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
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

const statuses = new Map<string, number>();
const failures: string[] = [];
const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
const deadline = performance.now() + DURATION_MS;

async function client(): Promise<void> {
  while (performance.now() < deadline) {
    try {
      const response = await fetch(`${base}/v1/judge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = (await response.json()) as { error?: { code?: string; issues?: unknown[]; problemCount?: number } };
      if (response.status === 400 && answer.error?.issues?.length === 100 && answer.error.problemCount === 1_000_000) count('400 (first 100 of 1,000,000 problems)');
      else if (response.status === 503 && response.headers.get('retry-after') !== null) count('503 (queue full, Retry-After)');
      else {
        count(`${response.status} (unexpected)`);
        failures.push(`${response.status} ${JSON.stringify(answer).slice(0, 200)}`);
      }
    } catch (error) {
      count('connection error');
      failures.push((error as Error).message);
    }
  }
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

await Promise.all(Array.from({ length: CLIENTS }, client));
probing = false;
await prober;
child.kill('SIGTERM');
const exitCode = await new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
};
const healthP99 = quantile(health, 0.99);
const answered = [...statuses.values()].reduce((sum, value) => sum + value, 0);

print(`hostile bodies: ${CLIENTS} clients posting ${(body.length / 1e6).toFixed(1)} MB bodies (1,000,000 invalid values) to POST /v1/judge for ${DURATION_MS / 1000} s`);
print(`  ${answered} answers: ${[...statuses].map(([key, value]) => `${value} × ${key}`).join(', ')}`);
print(`  /healthz during the run: ${health.length} probes, p50 ${quantile(health, 0.5).toFixed(1)} ms, p99 ${healthP99.toFixed(1)} ms, max ${Math.max(...health).toFixed(1)} ms`);
print(`  server stopped with exit code ${exitCode}`);
const targets = [
  { name: 'every answer a 400 with the first 100 problems (or 503 with Retry-After)', met: failures.length === 0, figure: `${failures.length} other answers or errors` },
  { name: `/healthz p99 < ${HEALTH_P99_MS} ms`, met: healthP99 < HEALTH_P99_MS, figure: `${healthP99.toFixed(1)} ms` },
  { name: 'graceful stop afterwards (exit 0)', met: exitCode === 0, figure: `exit ${exitCode}` },
];
for (const target of targets) print(`  ${target.met ? 'met   ' : 'MISSED'} ${target.name}: ${target.figure}`);
for (const failure of failures.slice(0, 10)) print(`  ${failure}`);
process.exitCode = targets.every((target) => target.met) ? 0 : 1;
