/**
 * A real Prometheus that goes away in the middle of a run of analysis requests, then comes back:
 * while it is down the answers are 502 with the cause (connection refused), never a crash or a
 * hang; /healthz keeps answering; once it is back on the same port the analyses pass again.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAnalysisCollector, createJudgeServer, loadAnalysisTemplates } from '../../../src/server/index.js';
import { startPrometheus } from '../../adapters/prometheus/helpers/prometheus-server.js';
import { SCENARIO_CONFIG, buildOpenMetrics } from '../../adapters/prometheus/helpers/scenario-data.js';

const t0 = Math.floor(Date.now() / 15_000) * 15 - 4200 - 60;
const prometheus = await startPrometheus(buildOpenMetrics(t0));
const directory = mkdtempSync(join(tmpdir(), 'canary-judge-outage-'));
afterAll(async () => {
  await prometheus.stop();
  rmSync(directory, { recursive: true, force: true });
});

describe.skipIf(!prometheus.ok)('a Prometheus that goes away mid-run', () => {
  it('gives 502s with the cause while it is down, no crash, and recovers when it returns', async () => {
    if (!prometheus.ok) return;
    writeFileSync(join(directory, 'scenario.json'), JSON.stringify({ source: { prometheus: prometheus.url, step: '60s', timeout: '5s', retries: 1 }, lookback: '60m', ...SCENARIO_CONFIG }));
    const loaded = await loadAnalysisTemplates(directory);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded));
    const server = createJudgeServer({ analyses: { templates: loaded.templates, collector: createAnalysisCollector() } });
    const { port } = await server.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    const analyse = async () => {
      const response = await fetch(`${base}/v1/analyses/scenario/judge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ baseline: 'baseline', canary: 'canary', variables: { scenario: 'healthy' } }),
      });
      return { status: response.status, body: (await response.json()) as { verdict?: string; error?: { code: string; message: string } } };
    };
    try {
      const statuses: number[] = [];
      let killed: Promise<void> | undefined;
      // Four clients in parallel; Prometheus is killed after the 6th answer.
      let count = 0;
      const outcomes: { status: number; body: { verdict?: string; error?: { code: string; message: string } } }[] = [];
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (count < 24) {
            count++;
            const outcome = await analyse();
            outcomes.push(outcome);
            statuses.push(outcome.status);
            if (outcomes.length === 6) killed = prometheus.kill();
          }
        }),
      );
      await killed;
      for (const outcome of outcomes) {
        if (outcome.status === 200) expect(outcome.body.verdict).toBe('pass');
        else {
          expect(outcome.status, JSON.stringify(outcome.body)).toBe(502);
          expect(outcome.body.error?.code).toBe('source_unavailable');
          expect(outcome.body.error?.message).toMatch(/127\.0\.0\.1:\d+/);
        }
      }
      const down = await analyse();
      expect(down.status).toBe(502);
      expect(down.body.error?.message).toMatch(/unreachable|refused|ECONNREFUSED/i);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(statuses.slice(0, 6).every((status) => status === 200)).toBe(true);

      expect(await prometheus.restart()).toBe(true);
      const back = await analyse();
      expect(back.status, JSON.stringify(back.body)).toBe(200);
      expect(back.body.verdict).toBe('pass');
    } finally {
      await server.close();
    }
  });
});
