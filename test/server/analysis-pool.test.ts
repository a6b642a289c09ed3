/**
 * The analysis routes on the worker pool: the metrics are fetched on the main thread, the judging
 * (and the report's rendering) runs on a worker, so `/healthz` keeps answering while analyses are
 * judged; a judge that throws on its worker is a 500 (the server lives on), one over the time
 * budget a 504, and a full queue a 503. The real judge runs through the real worker too.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createJudgeServer, parseAnalysisTemplate, type AnalysisCollector, type AnalysisTemplate, type JudgeServer, type JudgeServerOptions } from '../../src/server/index.js';
import type { CollectOptions } from '../../src/sources/collect.js';
import { pause } from './helpers/raw-http.js';

const sleepyWorker = fileURLToPath(new URL('./helpers/sleepy-worker.mjs', import.meta.url));
let server: JudgeServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function template(): AnalysisTemplate {
  const parsed = parseAnalysisTemplate('checkout', {
    source: { prometheus: 'http://127.0.0.1:9', step: '60s' },
    lookback: '30m',
    metrics: [{ name: 'latency', test: 'mann-whitney', query: 'latency{version="${scope}"}' }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.template;
}

/** A collector that answers at once with `data` (no source): the route's judging is what is tested. */
function collectorOf(data: (scope: string) => object): AnalysisCollector & { collected: number } {
  const collector = {
    secrets: [],
    collected: 0,
    async collect(_template: AnalysisTemplate, options: CollectOptions) {
      collector.collected++;
      const scope = String((options.baseline as { scope: string }).scope);
      return { data: data(scope) as never, queries: [], startMs: Number(options.start) * 1000, endMs: Number(options.end) * 1000, stepMs: 60_000, description: 'fake' };
    },
  };
  return collector;
}

async function start(collector: AnalysisCollector, options: Partial<JudgeServerOptions> = {}): Promise<string> {
  server = createJudgeServer({ analyses: { templates: [template()], collector }, ...options });
  const { port } = await server.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

const analyse = (base: string, scope: string) =>
  fetch(`${base}/v1/analyses/checkout/judge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ baseline: scope, canary: 'v2' }) });

describe('analysis routes judge on the worker pool', () => {
  it('the real judge on the real worker: pass for equal series, fail for a shifted one', async () => {
    const values = Array.from({ length: 60 }, (_, index) => 100 + (index % 7));
    const base = await start(collectorOf((scope) => ({ metrics: { latency: { baseline: values, canary: scope === 'shifted' ? values.map((value) => value * 1.5) : values } } })));
    const same = await analyse(base, 'v1');
    expect(same.status).toBe(200);
    expect(((await same.json()) as { verdict: string }).verdict).toBe('pass');
    const shifted = await analyse(base, 'shifted');
    const body = (await shifted.json()) as { verdict: string; analysis: { name: string } };
    expect(body.verdict).toBe('fail');
    expect(body.analysis.name).toBe('checkout');
    const report = await fetch(`${base}/v1/analyses/checkout/report?baseline=v1&canary=v2`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await report.text()).toContain('<!doctype html>');
  });

  it('/healthz answers while every worker is judging an analysis', async () => {
    const collector = collectorOf(() => ({ sleepMs: 2_000, metrics: {} }));
    const base = await start(collector, { workerFile: sleepyWorker, workerThreads: 1 });
    let answered = false;
    const long = analyse(base, 'v1').then((response) => ((answered = true), response.status));
    while (collector.collected === 0) await pause(20);
    await pause(100);
    for (let probe = 0; probe < 5; probe++) expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(answered).toBe(false);
    expect(await long).toBe(200);
  });

  it('a judge that throws on its worker is a bare 500 reported to onError; the server and the pool live on', async () => {
    const reported: unknown[] = [];
    const base = await start(collectorOf((scope) => ({ crash: scope === 'crash', metrics: {} })), { workerFile: sleepyWorker, workerThreads: 1, onError: (error) => reported.push(error) });
    const crashed = await analyse(base, 'crash');
    expect(crashed.status).toBe(500);
    expect(await crashed.json()).toEqual({ error: { code: 'internal_error', message: 'internal error' } });
    expect(reported).toHaveLength(1);
    expect(String((reported[0] as Error).message)).toContain('judge crashed on 1 metrics');
    expect((await analyse(base, 'fine')).status).toBe(200);
  });

  it('a judge over the time budget is a 504 and its worker is replaced', async () => {
    const base = await start(collectorOf((scope) => ({ sleepMs: scope === 'hang' ? 60_000 : 0, metrics: {} })), { workerFile: sleepyWorker, workerThreads: 1, processingTimeoutMs: 1_000 });
    const hung = await analyse(base, 'hang');
    expect(hung.status).toBe(504);
    expect(await hung.json()).toEqual({ error: { code: 'processing_timeout', message: 'the request was not processed within 1000 ms' } });
    expect((await analyse(base, 'fine')).status).toBe(200);
  });

  it('a full queue is a 503 with Retry-After', async () => {
    const base = await start(collectorOf(() => ({ sleepMs: 1_500, metrics: {} })), { workerFile: sleepyWorker, workerThreads: 1, maxQueuedRequests: 1 });
    const first = analyse(base, 'a');
    const second = analyse(base, 'b');
    await pause(400);
    const third = await analyse(base, 'c');
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('server_busy');
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
  });

  it('an analysis body over 1 MiB is refused with 413 before any fetch (it is parsed on the main thread)', async () => {
    const collector = collectorOf(() => ({ metrics: {} }));
    const base = await start(collector);
    const response = await fetch(`${base}/v1/analyses/checkout/judge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ baseline: 'v1', canary: 'v2', variables: { padding: 'x'.repeat(1_100_000) } }),
    });
    expect(response.status).toBe(413);
    expect(collector.collected).toBe(0);
  });
});
