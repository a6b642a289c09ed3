/**
 * Round trips against moto's CloudWatch-compatible server on 127.0.0.1 (fake credentials, region
 * us-east-1): data written with PutMetricData comes back through GetMetricData on the step grid with
 * gaps kept; `collectCloudWatch` + `judge` fail a canary whose latency rose; the SDK's retry
 * strategy rides out throttling and 5xx (through a loopback proxy in front of moto); an unreachable
 * endpoint is a NETWORK error without credentials. In CI a missing moto fails these tests.
 */
import { createServer, type Server } from 'node:http';
import { inspect } from 'node:util';
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judge, parseConfig } from 'canary-judge';
import { collectCloudWatch, collectCloudWatchDetailed, createCloudWatchSource, isSourceError } from '../../../src/cloudwatch.js';
import { FAKE_CREDENTIALS, REGION, startMoto } from './helpers/moto-server.js';
import { noise } from '../../helpers/noise.js';

const moto = await startMoto();
afterAll(async () => {
  await moto.stop();
});

const NAMESPACE = 'CanaryJudgeTest';
const T0 = Date.parse('2024-03-01T00:00:00Z');
const MINUTE = 60_000;
const MINUTES = 40;
/** The clock the sources see: two hours after the window starts (so 1-minute data is kept). */
const NOW = T0 + 2 * 3_600_000;

/** Six latency samples a minute per version; the canary is ~35% slower and misses minute 7. */
function latencyData(): MetricDatum[] {
  const data: MetricDatum[] = [];
  const random = noise(42);
  for (const [version, level] of [
    ['v1', 100],
    ['v2', 135],
  ] as const) {
    for (let minute = 0; minute < MINUTES; minute++) {
      if (version === 'v2' && minute === 7) continue;
      for (let sample = 0; sample < 6; sample++) {
        data.push({
          MetricName: 'Latency',
          Dimensions: [{ Name: 'version', Value: version }],
          Timestamp: new Date(T0 + minute * MINUTE + sample * 10_000),
          Value: level + (random() - 0.5) * 20,
          Unit: 'Milliseconds',
        });
      }
    }
  }
  return data;
}

/** Requests and errors per minute (Sum): both versions 1% errors. */
function countData(): MetricDatum[] {
  const data: MetricDatum[] = [];
  for (const version of ['v1', 'v2']) {
    for (let minute = 0; minute < MINUTES; minute++) {
      const at = new Date(T0 + minute * MINUTE + 30_000);
      data.push({ MetricName: 'Requests', Dimensions: [{ Name: 'version', Value: version }], Timestamp: at, Value: 1000, Unit: 'Count' });
      data.push({ MetricName: 'Errors', Dimensions: [{ Name: 'version', Value: version }], Timestamp: at, Value: 10, Unit: 'Count' });
    }
  }
  return data;
}

const config = {
  metrics: [
    {
      name: 'latency',
      test: 'mann-whitney',
      direction: 'increase',
      margin: { relative: 0.1 },
      critical: true,
      cloudwatch: { namespace: NAMESPACE, metricName: 'Latency', dimensions: { version: '${scope}' }, statistic: 'Average', unit: 'Milliseconds' },
    },
    {
      name: 'errors',
      test: 'rate',
      margin: { relative: 0.5, absolute: 0.01 },
      cloudwatch: {
        events: { namespace: NAMESPACE, metricName: 'Errors', dimensions: { version: '${scope}' }, statistic: 'Sum' },
        total: { namespace: NAMESPACE, metricName: 'Requests', dimensions: { version: '${scope}' }, statistic: 'Sum' },
      },
    },
  ],
};

const window = { start: new Date(T0), end: new Date(T0 + (MINUTES - 1) * MINUTE), baseline: { scope: 'v1' }, canary: { scope: 'v2' } };

describe.skipIf(!moto.ok)('against moto (a local CloudWatch)', () => {
  const endpoint = moto.ok ? moto.endpoint : '';
  const source = () => createCloudWatchSource({ region: REGION, endpoint, credentials: FAKE_CREDENTIALS, now: () => NOW, maxAttempts: 2 });

  beforeAll(async () => {
    if (!moto.ok) return;
    await moto.reset();
    await moto.put(NAMESPACE, latencyData());
    await moto.put(NAMESPACE, countData());
  });

  it('round-trips per-minute averages onto the step grid, keeping the missing minute as a gap', async () => {
    const details = await collectCloudWatchDetailed(config, source(), window);
    expect(details.stepMs).toBe(MINUTE);
    const latency = details.data.metrics['latency'] as { baseline: { values: (number | null)[]; timestamps: number[] }; canary: { values: (number | null)[] } };
    expect(latency.baseline.timestamps).toHaveLength(MINUTES);
    expect(latency.baseline.timestamps[0]).toBe(T0 / 1000);
    expect(latency.baseline.values.every((value) => value !== null && value > 85 && value < 115)).toBe(true);
    expect(latency.canary.values[7]).toBeNull();
    expect(latency.canary.values.filter((value) => value === null)).toHaveLength(1);
    const canaryQuery = details.queries.find((query) => query.metric === 'latency' && query.side === 'canary');
    expect(canaryQuery).toMatchObject({ status: 'ok', points: MINUTES - 1, gaps: 1 });
    expect(JSON.parse(canaryQuery?.query ?? '{}')).toEqual({
      namespace: NAMESPACE,
      metricName: 'Latency',
      dimensions: { version: 'v2' },
      statistic: 'Average',
      unit: 'Milliseconds',
    });
    const errors = details.data.metrics['errors'] as { baseline: { events: (number | null)[]; total: (number | null)[] } };
    expect(errors.baseline.events.every((value) => value === 10)).toBe(true);
    expect(errors.baseline.total.every((value) => value === 1000)).toBe(true);
  });

  it('end to end: a canary whose latency rose is judged fail', async () => {
    const parsed = parseConfig(config);
    const data = await collectCloudWatch(parsed, source(), window);
    const judgement = judge(parsed, data);
    expect(judgement.verdict).toBe('fail');
    const latency = judgement.metrics.find((metric) => metric.name === 'latency');
    expect(latency?.outcome).toBe('fail');
    expect(judgement.metrics.find((metric) => metric.name === 'errors')?.outcome).toBe('pass');
  });

  it('gives nodata for a scope with no data', async () => {
    const details = await collectCloudWatchDetailed(config, source(), { ...window, canary: { scope: 'v9' } });
    const query = details.queries.find((one) => one.metric === 'latency' && one.side === 'canary');
    expect(query?.status).toBe('nodata');
    expect(details.data.metrics['latency']?.canary).toEqual({ values: [], timestamps: [] });
  });

  it('retries throttling and 5xx with the SDK retry strategy (through a loopback proxy)', async () => {
    let requests = 0;
    const proxy: Server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests++;
        if (requests === 1) {
          response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': 'Throttling;Sender' });
          response.end(JSON.stringify({ __type: 'Throttling', message: 'Rate exceeded' }));
          return;
        }
        if (requests === 2) {
          response.writeHead(503, { 'content-type': 'application/x-amz-json-1.0' });
          response.end(JSON.stringify({ __type: 'ServiceUnavailable', message: 'try again' }));
          return;
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string' && name !== 'host') headers[name] = value;
        void fetch(`${endpoint}${request.url ?? '/'}`, { method: request.method ?? 'POST', headers, body: Buffer.concat(chunks) }).then(async (upstream) => {
          response.writeHead(upstream.status, Object.fromEntries(upstream.headers));
          response.end(Buffer.from(await upstream.arrayBuffer()));
        });
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const address = proxy.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const throughProxy = createCloudWatchSource({ region: REGION, endpoint: `http://127.0.0.1:${port}`, credentials: FAKE_CREDENTIALS, now: () => NOW, maxAttempts: 3 });
      const result = await throughProxy.queryRange(
        JSON.stringify({ namespace: NAMESPACE, metricName: 'Latency', dimensions: { version: 'v1' }, statistic: 'Average' }),
        { startMs: T0, endMs: T0 + 9 * MINUTE, stepMs: MINUTE },
      );
      expect(requests).toBe(3);
      expect(result.series[0]?.values).toHaveLength(10);

      // With one attempt, the throttling answer is the error: its AWS code, no credentials.
      requests = 0;
      const noRetry = createCloudWatchSource({ region: REGION, endpoint: `http://127.0.0.1:${port}`, credentials: FAKE_CREDENTIALS, now: () => NOW, maxAttempts: 1 });
      const error = await noRetry.queryRange(JSON.stringify({ namespace: NAMESPACE, metricName: 'Latency', statistic: 'Average' }), { startMs: T0, endMs: T0 + 9 * MINUTE, stepMs: MINUTE }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 400, errorType: 'Throttling', attempts: 1, unavailable: true });
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('reports an unreachable endpoint as NETWORK, without credentials', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = createCloudWatchSource({ region: REGION, endpoint: `http://127.0.0.1:${port}`, credentials: FAKE_CREDENTIALS, now: () => NOW, maxAttempts: 1 });
    const error = await collectCloudWatch(config, unreachable, window).catch((caught: unknown) => caught);
    expect(isSourceError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'NETWORK', unavailable: true });
    expect((error as Error).message).toMatch(/^metric "(latency|errors)" \((baseline|canary)(, events|, total)?\): could not reach CloudWatch \(ECONNREFUSED/);
    for (const dump of [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })]) {
      expect(dump).not.toContain(FAKE_CREDENTIALS.accessKeyId);
      expect(dump).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
    }
  });

  it('is cancelled by an AbortSignal', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await collectCloudWatch(config, source(), { ...window, signal: controller.signal }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ABORTED' });
  });
});
