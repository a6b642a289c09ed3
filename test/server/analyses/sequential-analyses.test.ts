/**
 * Sequential analysis templates against a real Prometheus (Debian's package, started by the suite's
 * helper; in CI a missing Prometheus fails these tests): a template with `sequential` judges all data
 * since the request's `start` as one look of a running canary. A latency regression is rolled back,
 * a healthy canary past minDuration is promoted, a canary younger than minDuration keeps going, and a
 * lookback (a sliding window) is refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalysisCollector, createJudgeServer, loadAnalysisTemplates, type JudgeServer } from '../../../src/server/index.js';
import { startPrometheus } from '../../adapters/prometheus/helpers/prometheus-server.js';
import { SCENARIO_CONFIG, buildOpenMetrics } from '../../adapters/prometheus/helpers/scenario-data.js';

const nowSeconds = Math.floor(Date.now() / 1000);
/** The 70 minutes of samples end a minute before the test starts. */
const t0 = Math.floor(nowSeconds / 15) * 15 - 4200 - 60;
const prometheus = await startPrometheus(buildOpenMetrics(t0));
const directory = mkdtempSync(join(tmpdir(), 'canary-judge-sequential-analyses-'));

let server: JudgeServer;
let base = '';

beforeAll(async () => {
  if (!prometheus.ok) return;
  writeFileSync(
    join(directory, 'running.json'),
    JSON.stringify({ source: { prometheus: prometheus.url, step: '60s' }, sequential: { minDuration: '30m', maxDuration: '2h' }, ...SCENARIO_CONFIG }),
  );
  const loaded = await loadAnalysisTemplates(directory);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded));
  server = createJudgeServer({ analyses: { templates: loaded.templates, collector: createAnalysisCollector() } });
  const address = await server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await server?.close();
  await prometheus.stop();
  rmSync(directory, { recursive: true, force: true });
});

interface Answer {
  verdict: string;
  metrics: { name: string; outcome: string; method: string | null }[];
  sequential: { decidedBy: string; final: boolean; elapsed: number; harm: string[]; holding: string[]; minDuration: number; maxDuration: number } | undefined;
  analysis: { start: string; end: string };
  error?: { code: string; issues: { path: string; message: string }[] };
}

async function post(scenario: string, window: Record<string, unknown>): Promise<{ status: number; body: Answer }> {
  const response = await fetch(`${base}/v1/analyses/running/judge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ baseline: 'baseline', canary: 'canary', variables: { scenario }, ...window }),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

/** Ten minutes into the data, so rate(…[60s]) has samples behind every step. */
const canaryStart = t0 + 600;

describe.skipIf(!prometheus.ok)('sequential analysis templates against a real Prometheus', () => {
  it('GET /v1/analyses shows the sequential settings and no default lookback', async () => {
    const response = await fetch(`${base}/v1/analyses`);
    const { analyses } = (await response.json()) as { analyses: { name: string; lookback: string | null; sequential: unknown }[] };
    expect(analyses).toEqual([expect.objectContaining({ name: 'running', lookback: null, sequential: { minDurationSeconds: 1800, maxDurationSeconds: 7200 } })]);
  });

  it('a latency regression is rolled back at this look, judged on confidence sequences since start', async () => {
    const { status, body } = await post('latency', { start: canaryStart });
    expect(status).toBe(200);
    expect(body.verdict).toBe('fail');
    expect(body.sequential).toMatchObject({ decidedBy: 'harm', final: true, minDuration: 1800, maxDuration: 7200 });
    expect(body.sequential!.harm).toContain('p90 latency');
    expect(body.analysis.start).toBe(new Date(canaryStart * 1000).toISOString());
    for (const metric of body.metrics) if (metric.method !== null) expect(metric.method).toMatch(/confidence sequence/);
  });

  it('a healthy canary past minDuration is promoted; the same canary 20 minutes in keeps going', async () => {
    const late = await post('healthy', { start: canaryStart });
    expect(late.status).toBe(200);
    expect(late.body.verdict).toBe('pass');
    expect(late.body.sequential).toMatchObject({ decidedBy: 'pass', final: true });
    expect(late.body.sequential!.elapsed).toBeGreaterThanOrEqual(55 * 60);

    const early = await post('healthy', { start: canaryStart, end: canaryStart + 20 * 60 });
    expect(early.status).toBe(200);
    expect(early.body.verdict).toBe('marginal');
    expect(early.body.sequential).toMatchObject({ decidedBy: 'keep-going', final: false });
    expect(early.body.sequential!.elapsed).toBeLessThan(30 * 60);
  });

  it('refuses a lookback and a missing start (400, with the reason)', async () => {
    const lookback = await post('healthy', { lookback: '30m' });
    expect(lookback.status).toBe(400);
    expect(lookback.body.error?.issues).toEqual([{ path: 'lookback', message: expect.stringMatching(/this analysis is sequential/) }]);
    const none = await post('healthy', {});
    expect(none.status).toBe(400);
    expect(none.body.error?.issues.map((issue) => issue.path)).toEqual(['start']);
  });
});
