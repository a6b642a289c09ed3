/**
 * The server's analyses fetch through a gate of two per worker thread: with one worker, a third
 * analysis waits while two fetch, and one whose time limit passes while it waits is answered 504
 * without its queries ever starting; `/healthz` answers meanwhile.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createJudgeServer, parseAnalysisTemplate, type AnalysisCollector, type AnalysisTemplate, type JudgeServer } from '../../src/server/index.js';
import type { CollectOptions } from '../../src/sources/collect.js';

let server: JudgeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function template(timeout: string): AnalysisTemplate {
  const parsed = parseAnalysisTemplate('checkout', {
    source: { prometheus: 'http://127.0.0.1:9', step: '60s', timeout },
    lookback: '30m',
    metrics: [{ name: 'latency', test: 'mann-whitney', query: 'latency{version="${scope}"}' }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.template;
}

describe('analyses fetch through a gate', () => {
  it('a third analysis waits while two fetch; its time limit passing while it waits is a 504, its queries never started', async () => {
    const started: string[] = [];
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const values = Array.from({ length: 30 }, (_, index) => 100 + (index % 7));
    const collector: AnalysisCollector = {
      secrets: [],
      async collect(_template: AnalysisTemplate, options: CollectOptions) {
        const scope = String((options.baseline as { scope: string }).scope);
        started.push(scope);
        if (scope !== 'late') await released;
        return { data: { metrics: { latency: { baseline: values, canary: values } } } as never, queries: [], startMs: Number(options.start) * 1000, endMs: Number(options.end) * 1000, stepMs: 60_000, description: 'fake' };
      },
    };
    server = createJudgeServer({ analyses: { templates: [template('1s')], collector }, workerThreads: 1 });
    const { port } = await server.listen(0, '127.0.0.1');
    const analyse = (scope: string) =>
      fetch(`http://127.0.0.1:${port}/v1/analyses/checkout/judge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ baseline: scope, canary: 'v2' }) });
    const first = analyse('one');
    const second = analyse('two');
    while (started.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    const late = await analyse('late');
    expect(late.status).toBe(504);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('source_timeout');
    expect(started).toEqual(['one', 'two']);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    release();
    // The first two were held past their own 1 s limit by the test: they answer 200 or 504, never
    // anything else, and free their places.
    for (const response of await Promise.all([first, second])) expect([200, 504]).toContain(response.status);
    const after = await analyse('late');
    expect(after.status).toBe(200);
    expect(started).toEqual(['one', 'two', 'late']);
  });
});
