/**
 * The judge server, started for real on 127.0.0.1 (port 0) and spoken to over HTTP.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJudgeServer, type JudgeServer } from '../../src/server/index.js';

const steady = Array.from({ length: 30 }, (_, index) => 100 + (index % 7));
const kayentaBody = {
  canaryConfig: {
    name: 'checkout',
    judge: { name: 'RemoteJudge-v1.0', judgeConfigurations: {} },
    metrics: [{ name: 'latency', query: { type: 'prometheus', customInlineTemplate: 'PromQL:x{v="$\\{scope}"}' }, groups: ['perf'], analysisConfigurations: { canary: { direction: 'increase' } } }],
    classifier: { groupWeights: { perf: 100 } },
  },
  scoreThresholds: { pass: 95, marginal: 75 },
  metricSetPairList: [{ name: 'latency', id: 'p1', tags: {}, values: { control: steady, experiment: steady.map((value) => value + 20) } }],
};
const nativeBody = {
  config: { metrics: [{ name: 'latency', test: 'mann-whitney', direction: 'increase' }] },
  data: { metrics: { latency: { baseline: steady, canary: steady } } },
};

let server: JudgeServer;
let base = '';

beforeAll(async () => {
  server = createJudgeServer({ bodyLimitBytes: 200_000, requestTimeoutMs: 1_000 });
  const address = await server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await server.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('routes', () => {
  it('POST /judge answers Kayenta\'s CanaryJudgeResult', async () => {
    const response = await post('/judge', kayentaBody);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const result = (await response.json()) as { judgeName: string; results: { classification: string }[]; score: unknown };
    expect(result.judgeName).toBe('NetflixACAJudge-v1.0');
    expect(result.results[0]!.classification).toBe('High');
    expect(result.score).toEqual({ score: 0, classification: 'Fail', classificationReason: '' });
  });

  it('POST /v1/judge answers the native Judgement', async () => {
    const response = await post('/v1/judge', nativeBody);
    expect(response.status).toBe(200);
    const judgement = (await response.json()) as { verdict: string; metrics: unknown[] };
    expect(judgement.verdict).toBe('pass');
    expect(judgement.metrics).toHaveLength(1);
  });

  it('POST /v1/judge accepts the sequential config: each call is a look at the data so far', async () => {
    const times = (count: number) => Array.from({ length: count }, (_, index) => 1_800_000_000 + 60 * index);
    const look = (count: number, shift: number) => ({
      config: { sequential: { minDuration: '20m', maxDuration: '1h' }, metrics: [{ name: 'latency', test: 'mann-whitney', direction: 'increase' }] },
      data: {
        metrics: {
          latency: {
            baseline: { values: steady.slice(0, count), timestamps: times(count) },
            canary: { values: steady.slice(0, count).map((value) => value + shift), timestamps: times(count) },
          },
        },
      },
    });
    const early = (await (await post('/v1/judge', look(15, 0))).json()) as { verdict: string; sequential: { decidedBy: string; final: boolean; elapsed: number } };
    expect(early.verdict).toBe('marginal');
    expect(early.sequential).toMatchObject({ decidedBy: 'keep-going', final: false, elapsed: 900 });
    const later = (await (await post('/v1/judge', look(25, 0))).json()) as { verdict: string; sequential: { decidedBy: string } };
    expect(later).toMatchObject({ verdict: 'pass', sequential: { decidedBy: 'pass' } });
    const harmed = await post('/v1/judge?failStatus=412', look(12, 40));
    expect(harmed.status).toBe(412);
    expect(((await harmed.json()) as { sequential: { decidedBy: string } }).sequential.decidedBy).toBe('harm');

    const untimed = await post('/v1/judge', { config: look(12, 0).config, data: { metrics: { latency: { baseline: steady, canary: steady } } } });
    expect(untimed.status).toBe(400);
    const body = (await untimed.json()) as { error: { code: string; issues: { path: string; message: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues[0]?.path).toBe('data');
    expect(body.error.issues[0]?.message).toMatch(/needs timestamps/);
  });

  it('POST /v1/judge?failStatus=412 answers a fail verdict with 412 (for Flagger webhooks)', async () => {
    const failing = { ...nativeBody, data: { metrics: { latency: { baseline: steady, canary: steady.map((value) => value * 2) } } } };
    const response = await post('/v1/judge?failStatus=412', failing);
    expect(response.status).toBe(412);
    expect(((await response.json()) as { verdict: string }).verdict).toBe('fail');
    expect((await post('/v1/judge?failStatus=412', nativeBody)).status).toBe(200);
    expect((await post('/v1/judge?failStatus=abc', nativeBody)).status).toBe(400);
  });

  it('POST /v1/judge accepts Flagger\'s webhook payload with the config and data in its metadata', async () => {
    const failing = { latency: { baseline: steady, canary: steady.map((value) => value * 2) } };
    const flagger = (metrics: unknown) => ({
      name: 'podinfo',
      namespace: 'test',
      phase: 'Progressing',
      checksum: 'abc',
      metadata: { config: JSON.stringify(nativeBody.config), data: JSON.stringify({ metrics }) },
    });
    expect((await post('/v1/judge?failStatus=412', flagger(failing))).status).toBe(412);
    expect((await post('/v1/judge?failStatus=412', flagger(nativeBody.data.metrics))).status).toBe(200);
    const broken = await post('/v1/judge', { name: 'podinfo', namespace: 'test', phase: 'Progressing', metadata: { config: '{' } });
    expect(broken.status).toBe(400);
    const issues = ((await broken.json()) as { error: { issues: { path: string }[] } }).error.issues;
    expect(issues.map((issue) => issue.path)).toEqual(['metadata.config', 'metadata.data']);
  });

  it('GET /judges lists both judges; GET /healthz answers ok', async () => {
    const judges = await fetch(`${base}/judges`);
    expect(await judges.json()).toEqual([
      { name: 'NetflixACAJudge-v1.0', visible: true, endpoint: 'POST /judge' },
      { name: 'canary-judge-v1', visible: true, endpoint: 'POST /v1/judge' },
    ]);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const head = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });
});

describe('errors', () => {
  it('invalid JSON → 400 invalid_json', async () => {
    const response = await post('/judge', '{"canaryConfig": ');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_json');
    expect(body.error.message).toMatch(/^request body is not valid JSON/);
  });

  it('a Kayenta body with schema problems → 400 listing every problem with its path', async () => {
    const response = await post('/judge', { ...kayentaBody, scoreThresholds: { pass: '95' }, metricSetPairList: [{ name: 'nope', values: { control: [], experiment: [] } }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string; message: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((issue) => issue.path).sort()).toEqual(['metricSetPairList[0].name', 'scoreThresholds.marginal', 'scoreThresholds.pass']);
  });

  it('a native body with problems in config, data and thresholds → 400 with prefixed paths', async () => {
    const response = await post('/v1/judge', { config: { metrics: [{ name: 'x', test: 'nope' }] }, data: { metrics: { x: { baseline: 'a' } } }, extra: 1 });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: { path: string }[] } };
    const paths = body.error.issues.map((issue) => issue.path);
    expect(paths).toContain('extra');
    expect(paths).toContain('config.metrics[0].test');
    expect(paths.some((path) => path.startsWith('data.metrics.x'))).toBe(true);

    const badThresholds = await post('/v1/judge', { ...nativeBody, thresholds: { pass: 50, marginal: 80 } });
    expect(badThresholds.status).toBe(400);
    const thresholdIssues = ((await badThresholds.json()) as { error: { issues: { path: string }[] } }).error.issues;
    expect(thresholdIssues.map((issue) => issue.path)).toEqual(['thresholds.marginal']);
  });

  it('404 for an unknown path, 405 with Allow for a wrong method, 415 for a non-JSON body', async () => {
    const missing = await fetch(`${base}/nowhere`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const wrongMethod = await fetch(`${base}/judge`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const wrongType = await post('/judge', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(wrongType.status).toBe(415);
  });

  it('a body over the limit → 413', async () => {
    const huge = JSON.stringify({ ...kayentaBody, padding: 'x'.repeat(300_000) });
    const response = await post('/judge', huge);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
  });

  it('a body over the limit without content-length (chunked) → 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${base}/judge`);
      const request = httpRequest({ host: url.hostname, port: url.port, path: '/judge', method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      for (let index = 0; index < 30; index++) request.write('x'.repeat(10_000));
      request.end();
    });
    expect(status).toBe(413);
  });

  it('a request that stalls mid-body → 408 from the request timeout', async () => {
    const url = new URL(base);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write('POST /judge HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"canaryConfig":');
      });
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('never shows a stack trace; the server keeps answering after bad requests', async () => {
    const responses = await Promise.all([post('/judge', 'null'), post('/judge', '[1,2]'), post('/v1/judge', '"x"'), post('/judge', '')]);
    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(await response.text()).not.toMatch(/\bat \w+ \(|node:internal|\.ts:\d+/);
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
