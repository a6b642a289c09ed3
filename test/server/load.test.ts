/**
 * Load: a fixed number of requests over loopback with bounded concurrency; no errors, bounded memory.
 */
import { describe, expect, it } from 'vitest';
import { createJudgeServer } from '../../src/server/index.js';

const TOTAL_REQUESTS = 3_000;
const CONCURRENCY = 32;

describe('load', () => {
  it(`answers ${TOTAL_REQUESTS} mixed requests (${CONCURRENCY} at a time) with no error and bounded heap growth`, async () => {
    const server = createJudgeServer();
    const { port } = await server.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    const control = Array.from({ length: 60 }, (_, index) => 50 + (index % 11));
    const kayentaBody = JSON.stringify({
      canaryConfig: { metrics: [{ name: 'latency', groups: ['perf'] }, { name: 'errors', groups: ['errors'], analysisConfigurations: { canary: { nanStrategy: 'replace' } } }], classifier: { groupWeights: {} } },
      scoreThresholds: { pass: 95, marginal: 75 },
      metricSetPairList: [
        { name: 'latency', values: { control, experiment: control.map((value) => value + 1) } },
        { name: 'errors', values: { control: control.map(() => 'NaN'), experiment: control.map((_, index) => (index % 5 === 0 ? 1 : 0)) } },
      ],
    });
    const nativeBody = JSON.stringify({
      config: { metrics: [{ name: 'latency', test: 'mann-whitney' }] },
      data: { metrics: { latency: { baseline: control, canary: control } } },
    });
    const requests = [
      () => fetch(`${base}/judge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: kayentaBody }),
      () => fetch(`${base}/v1/judge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nativeBody }),
      () => fetch(`${base}/healthz`),
      () => fetch(`${base}/judge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
    ];
    const expectedStatus = [200, 200, 200, 400];

    const runBatch = async (count: number) => {
      let next = 0;
      const failures: string[] = [];
      const worker = async () => {
        while (next < count) {
          const index = next++;
          const kind = index % requests.length;
          try {
            const response = await requests[kind]!();
            await response.arrayBuffer();
            if (response.status !== expectedStatus[kind]) failures.push(`request ${index}: status ${response.status}`);
          } catch (error) {
            failures.push(`request ${index}: ${(error as Error).message}`);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      return failures;
    };

    try {
      expect(await runBatch(200)).toEqual([]); // warm-up: JIT, connection pool
      const heapBefore = process.memoryUsage().heapUsed;
      expect(await runBatch(TOTAL_REQUESTS)).toEqual([]);
      const heapAfter = process.memoryUsage().heapUsed;
      // Generous: a leak of a few KB per request would show as tens of MB.
      expect(heapAfter - heapBefore).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await server.close();
    }
  }, 120_000);
});
