/**
 * The server's worker pool: judging happens off the event loop, the queue is bounded (503 with
 * Retry-After) and each request has a time budget (504). A stand-in worker that blocks its thread
 * for a chosen time makes "busy" deterministic; the real judge shows the 4 MB hostile body case.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createJudgeServer, type JudgeServer, type JudgeServerOptions } from '../../src/server/index.js';
import { pause, rawPost } from './helpers/raw-http.js';

const sleepyWorker = fileURLToPath(new URL('./helpers/sleepy-worker.mjs', import.meta.url));
let server: JudgeServer | undefined;

async function start(options: JudgeServerOptions): Promise<string> {
  server = createJudgeServer(options);
  const { port } = await server.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (base: string, path: string, body: string) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('judging off the event loop', () => {
  it('/healthz answers while every worker is busy with a long request', async () => {
    const base = await start({ workerFile: sleepyWorker, workerThreads: 1 });
    let longAnswered = false;
    const long = post(base, '/v1/judge', JSON.stringify({ sleepMs: 3_000 })).then(async (response) => {
      longAnswered = true;
      return response.status;
    });
    await pause(200);
    for (let probe = 0; probe < 5; probe++) {
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
    }
    expect(longAnswered).toBe(false);
    expect(await long).toBe(200);
  });

  it('a 4 MB body with a million invalid values gets a 400 listing the first 100 problems and the count, while /healthz keeps answering', async () => {
    const base = await start({});
    const body = JSON.stringify({
      config: { metrics: [{ name: 'latency', test: 'mann-whitney' }] },
      data: { metrics: { latency: { baseline: Array.from({ length: 1_000_000 }, () => 'x'), canary: [1, 2, 3] } } },
    });
    expect(body.length).toBeGreaterThan(4_000_000);
    const heavy = post(base, '/v1/judge', body);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const response = await heavy;
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { code: string; message: string; issues: { path: string }[]; problemCount: number } };
    expect(answer.error.code).toBe('invalid_request');
    expect(answer.error.issues).toHaveLength(100);
    expect(answer.error.issues[0]!.path).toBe('data.metrics.latency.baseline[0]');
    expect(answer.error.problemCount).toBe(1_000_000);
    expect(answer.error.message).toContain('1000000 problems (the first 100 listed)');
  });
});

describe('bounded queue', () => {
  it('answers 503 with Retry-After when the worker and the queue are both taken', async () => {
    const base = await start({ workerFile: sleepyWorker, workerThreads: 1, maxQueuedRequests: 1 });
    const long = () => post(base, '/v1/judge', JSON.stringify({ sleepMs: 2_000 }));
    const first = long();
    const second = long();
    await pause(300);
    const third = post(base, '/v1/judge', JSON.stringify({ sleepMs: 0 }));
    const responses = await Promise.all([first, second, third]);
    const statuses = responses.map((response) => response.status).sort();
    // Whichever arrived last found the worker busy and the one queue place taken.
    expect(statuses).toEqual([200, 200, 503]);
    const refused = responses.find((response) => response.status === 503)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({ error: { code: 'server_busy', message: expect.stringContaining('queue is full') } });
    // Once the queue has room again, requests are accepted.
    expect((await post(base, '/v1/judge', JSON.stringify({ sleepMs: 0 }))).status).toBe(200);
  });
});

describe('time budget', () => {
  it('answers 504 when a request is not processed within the budget, and the pool recovers', async () => {
    const base = await start({ workerFile: sleepyWorker, workerThreads: 1, processingTimeoutMs: 2_000 });
    const response = await post(base, '/v1/judge', JSON.stringify({ sleepMs: 10_000 }));
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ error: { code: 'processing_timeout', message: 'the request was not processed within 2000 ms' } });
    // The blocked worker was terminated and replaced: the next request is answered.
    const next = await post(base, '/v1/judge', JSON.stringify({ sleepMs: 0 }));
    expect(next.status).toBe(200);
    expect(await next.json()).toEqual({ slept: 0, path: '/v1/judge' });
  });
});

describe('slow bodies', () => {
  it('answers 408 to a body trickled slower than the request time limit', async () => {
    const port = Number(new URL(await start({ requestTimeoutMs: 1_000 })).port);
    const request = rawPost(port, '/v1/judge', JSON.stringify({ config: { metrics: [] }, data: { metrics: {} } }));
    await request.connected;
    await request.write(0, request.bodyOffset);
    let sent = request.bodyOffset;
    let answered = false;
    void request.closed.then(() => (answered = true));
    // One byte every 100 ms: the 36-byte body would need 3.6 s.
    while (!answered && sent < request.length) {
      await request.write(sent, sent + 1).catch(() => undefined);
      sent++;
      await pause(100);
    }
    const response = await request.response;
    expect(response.status).toBe(408);
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'request_timeout', message: expect.stringContaining('request not received within 1000 ms') } });
    expect(sent).toBeLessThan(request.length);
  });
});
