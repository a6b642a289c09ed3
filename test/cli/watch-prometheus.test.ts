/**
 * `canary-judge watch` end to end: the BUILT CLI as a child process against a real Prometheus
 * (Debian's package, started by the suite's helper) holding a stable and a canary version for three
 * scenarios, backfilled to end a minute before the test starts, so that `--start now-62m` covers them.
 * A latency regression rolls back at the first look (exit 1); a healthy canary past minDuration
 * passes (exit 0); a canary with too little data yet keeps going until SIGINT, which stops it with
 * exit 130 and the last judgement written. In CI a missing Prometheus fails these tests (the helper
 * throws).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPrometheus } from '../adapters/prometheus/helpers/prometheus-server.js';
import { SCENARIO_CONFIG, buildOpenMetrics } from '../adapters/prometheus/helpers/scenario-data.js';
import { cli, root, runCliProcess } from './helpers.js';

const nowSeconds = Math.floor(Date.now() / 1000);
/** The 70 minutes of samples end a minute before the test starts. */
const t0 = Math.floor(nowSeconds / 15) * 15 - 4200 - 60;
const prometheus = await startPrometheus(buildOpenMetrics(t0));
const directory = mkdtempSync(join(tmpdir(), 'canary-judge-watch-prometheus-'));
afterAll(async () => {
  await prometheus.stop();
  rmSync(directory, { recursive: true, force: true });
});
const url = prometheus.ok ? prometheus.url : 'http://127.0.0.1:1';

const configPath = join(directory, 'canary.json');
writeFileSync(configPath, JSON.stringify({ ...SCENARIO_CONFIG, sequential: { minDuration: '10m', maxDuration: '2h' } }));

function args(scenario: string, start: string, extra: readonly string[] = []): string[] {
  return [
    'watch', '--config', configPath, '--prometheus-url', url, '--start', start, '--step', '60s', '--every', '1s',
    '--baseline-scope', 'baseline', '--canary-scope', 'canary', '--var', `scenario=${scenario}`, ...extra,
  ];
}

interface Look {
  look: number;
  verdict: string;
  metrics: { name: string; outcome: string }[];
  sequential: { decidedBy: string; final: boolean; elapsed: number; harm: string[]; holding: string[] };
}

const looksOf = (stdout: string): Look[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Look);

describe.skipIf(!prometheus.ok)('canary-judge watch against a real Prometheus', () => {
  it('rolls back a latency regression at the first look (exit 1), one JSON judgement per look', async () => {
    const result = await runCliProcess(args('latency', 'now-62m', ['--format', 'jsonl']), { timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(1);
    const looks = looksOf(result.stdout);
    expect(looks).toHaveLength(1);
    expect(looks[0]).toMatchObject({ look: 1, verdict: 'fail', sequential: { decidedBy: 'harm', final: true } });
    expect(looks[0]!.sequential.harm).toContain('p90 latency');
    expect(looks[0]!.sequential.elapsed).toBeGreaterThanOrEqual(55 * 60);
  });

  it('promotes a healthy canary once minDuration has passed (exit 0) and writes the HTML report', async () => {
    const report = join(directory, 'healthy.html');
    const result = await runCliProcess(args('healthy', 'now-62m', ['--output', report]), { timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^PASS/);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('Confidence sequences over 1 look');
    for (const name of ['cpu', 'throughput', 'p90 latency', '5xx rate']) expect(html).toContain(`aria-label="${name}: relative change, confidence sequence at each look"`);
  });

  it('SIGINT stops a running watch: exit 130, the last judgement written, the reason on stderr', async () => {
    // Three minutes before the data ends: too few points per metric yet, so every look keeps going.
    const output = join(directory, 'interrupted.json');
    const child = spawn(process.execPath, [cli, ...args('healthy', 'now-4m', ['--format', 'jsonl', '--output', output])], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    // Interrupt after the second look, while it waits for the next tick.
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.split('\n').filter(Boolean).length >= 2) resolve();
      });
      child.on('close', () => resolve());
    });
    child.kill('SIGINT');
    const { code, signal } = await closed;
    clearTimeout(killer);
    expect(signal, stderr).toBeNull();
    expect(code, stderr).toBe(130);
    const looks = looksOf(stdout);
    expect(looks.length).toBeGreaterThanOrEqual(2);
    const last = looks.at(-1)!;
    expect(last).toMatchObject({ look: looks.length, verdict: 'marginal', sequential: { decidedBy: 'keep-going', final: false } });
    expect(last.sequential.holding.length).toBeGreaterThan(0);
    // The last line of standard output is a whole judgement, and the report file holds the same look.
    expect(stdout.endsWith('}\n')).toBe(true);
    const written = JSON.parse(readFileSync(output, 'utf8')) as Look;
    expect(written.verdict).toBe('marginal');
    expect(written.sequential).toEqual(last.sequential);
    expect(stderr).toMatch(/interrupted by SIGINT: the last judgement \(marginal, not final\) was written/);
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
