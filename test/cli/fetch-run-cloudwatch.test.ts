/**
 * `canary-judge run --source cloudwatch` / `fetch --source cloudwatch` end to end: the BUILT CLI as a
 * child process against moto's CloudWatch-compatible server on 127.0.0.1, with fake credentials in
 * the child's environment (the AWS SDK's default chain). The data is written with PutMetricData an
 * hour and a half before now, so CloudWatch's retention rules accept the window. In CI a missing
 * moto fails these tests (the helper throws).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, createTestServer } from '../adapters/prometheus/helpers/http-test-server.js';
import { FAKE_CREDENTIALS, REGION, startMoto } from '../adapters/cloudwatch/helpers/moto-server.js';
import { runCliProcess } from './helpers.js';
import { noise } from '../helpers/noise.js';

const moto = await startMoto();
const directory = mkdtempSync(join(tmpdir(), 'canary-judge-cloudwatch-cli-'));
afterAll(async () => {
  await moto.stop();
  rmSync(directory, { recursive: true, force: true });
});

const NAMESPACE = 'CanaryJudgeCli';
const MINUTE = 60_000;
const MINUTES = 40;
/** On a whole minute, 90 minutes ago: 1-minute data is kept, and the window ends in the past. */
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE - 90 * MINUTE;

/** Six latency samples a minute per version (v2 ~35% slower), and 1% errors for both. */
function metricData(): MetricDatum[] {
  const data: MetricDatum[] = [];
  const random = noise(7);
  for (const [version, level] of [
    ['v1', 100],
    ['v2', 135],
  ] as const) {
    for (let minute = 0; minute < MINUTES; minute++) {
      for (let sample = 0; sample < 6; sample++) {
        data.push({
          MetricName: 'Latency',
          Dimensions: [{ Name: 'version', Value: version }],
          Timestamp: new Date(T0 + minute * MINUTE + sample * 10_000),
          Value: level + (random() - 0.5) * 20,
          Unit: 'Milliseconds',
        });
      }
      const at = new Date(T0 + minute * MINUTE + 30_000);
      data.push({ MetricName: 'Requests', Dimensions: [{ Name: 'version', Value: version }], Timestamp: at, Value: 1000, Unit: 'Count' });
      data.push({ MetricName: 'Errors', Dimensions: [{ Name: 'version', Value: version }], Timestamp: at, Value: 10, Unit: 'Count' });
    }
  }
  return data;
}

const configPath = join(directory, 'canary.json');
writeFileSync(
  configPath,
  JSON.stringify({
    metrics: [
      {
        name: 'latency',
        test: 'mann-whitney',
        direction: 'increase',
        margin: { relative: 0.1 },
        critical: true,
        cloudwatch: { namespace: '${namespace}', metricName: 'Latency', dimensions: { version: '${scope}' }, statistic: 'Average', unit: 'Milliseconds' },
      },
      {
        name: 'errors',
        test: 'rate',
        margin: { relative: 0.5, absolute: 0.01 },
        cloudwatch: {
          events: { namespace: '${namespace}', metricName: 'Errors', dimensions: { version: '${scope}' }, statistic: 'Sum' },
          total: { namespace: '${namespace}', metricName: 'Requests', dimensions: { version: '${scope}' }, statistic: 'Sum' },
        },
      },
    ],
  }),
);

/** The child's environment: fake credentials for the SDK's default chain, nothing from the developer's AWS set-up. */
const env = {
  AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_REGION: undefined,
  AWS_DEFAULT_REGION: undefined,
  AWS_CONFIG_FILE: join(directory, 'no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(directory, 'no-aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

function args(command: 'fetch' | 'run', endpoint: string, extra: readonly string[] = []): string[] {
  return [
    command,
    '--config',
    configPath,
    '--source',
    'cloudwatch',
    '--region',
    REGION,
    '--endpoint',
    endpoint,
    '--start',
    new Date(T0).toISOString(),
    '--end',
    new Date(T0 + (MINUTES - 1) * MINUTE).toISOString(),
    '--step',
    '1m',
    '--baseline-scope',
    'v1',
    '--canary-scope',
    'v2',
    '--var',
    `namespace=${NAMESPACE}`,
    ...extra,
  ];
}

function expectNoCredentials(...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(FAKE_CREDENTIALS.accessKeyId);
    expect(text).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
  }
}

describe.skipIf(!moto.ok)('canary-judge run / fetch --source cloudwatch against moto', () => {
  const endpoint = moto.ok ? moto.endpoint : '';

  beforeAll(async () => {
    if (!moto.ok) return;
    await moto.reset();
    await moto.put(NAMESPACE, metricData());
  });

  it('run: a canary whose latency rose is judged fail (exit 1)', async () => {
    const result = await runCliProcess(args('run', endpoint, ['--format', 'json']), { env });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toBe('');
    const judgement = JSON.parse(result.stdout) as { verdict: string; metrics: { name: string; outcome: string }[] };
    expect(judgement.verdict).toBe('fail');
    expect(Object.fromEntries(judgement.metrics.map((metric) => [metric.name, metric.outcome]))).toEqual({ latency: 'fail', errors: 'pass' });
    expectNoCredentials(result.stdout, result.stderr);
  });

  it('fetch writes the dump (one point a minute) that judge reads with the same verdict', async () => {
    const dump = join(directory, 'data.json');
    const fetched = await runCliProcess(args('fetch', endpoint, ['--output', dump]), { env });
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stdout).toMatch(/^fetched 2 metrics \(6 queries\) from CloudWatch at http:\/\/127\.0\.0\.1:\d+ \(us-east-1\), .* step 60s, 40 points per series: data written to /);
    const data = JSON.parse(readFileSync(dump, 'utf8')) as { metrics: { latency: { canary: { values: number[]; timestamps: number[] } } } };
    expect(data.metrics.latency.canary.timestamps).toHaveLength(MINUTES);
    expect(data.metrics.latency.canary.timestamps[0]).toBe(T0 / 1000);
    expect(data.metrics.latency.canary.values.every((value) => value > 115 && value < 155)).toBe(true);
    const judged = await runCliProcess(['judge', dump, '--config', configPath]);
    expect(judged.code, judged.stderr).toBe(1);
    expect(judged.stdout).toMatch(/^FAIL/);
  });

  it('a scope with no data is named, with its query, on stderr and in the report', async () => {
    const result = await runCliProcess(args('run', endpoint, ['--format', 'markdown']).map((argument) => (argument === 'v2' ? 'v9' : argument)), { env });
    expect(result.stderr).toContain('canary-judge: warning: metric "latency" (canary): query returned no series: ');
    expect(result.stderr).toContain('\\"v9\\"');
    expect(result.stdout).toContain('canary series is empty (0 points): query returned no series');
  });
});

describe('canary-judge run --source cloudwatch when CloudWatch cannot be reached', () => {
  it('is exit 69, without credentials in the message', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const result = await runCliProcess(args('run', endpoint, ['--timeout', '8s']), { env, timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(69);
    expect(result.stderr).toMatch(/^canary-judge: error: metric "(latency|errors)" \((baseline|canary)(, events|, total)?\): /);
    expectNoCredentials(result.stdout, result.stderr);
  }, 40_000);
});

describe('canary-judge run --source cloudwatch --retries', () => {
  it('is the SDK\'s attempts minus one: --retries 0 sends each batch once, --retries 1 twice', async () => {
    // A CloudWatch endpoint that is always throttling: every attempt is one request.
    const server = await createTestServer([
      (_request, response) => {
        response.writeHead(503, { 'content-type': 'text/xml' });
        response.end('<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>busy</Message></Error></ErrorResponse>');
      },
    ]);
    try {
      const once = await runCliProcess(args('run', server.url, ['--retries', '0']), { env, timeoutMs: 30_000 });
      expect(once.code, once.stderr).toBe(69);
      const afterOnce = server.requests.length;
      const twice = await runCliProcess(args('run', server.url, ['--retries', '1']), { env, timeoutMs: 30_000 });
      expect(twice.code, twice.stderr).toBe(69);
      // One GetMetricData batch holds every query of the window; it is sent once, then twice.
      expect(afterOnce).toBe(1);
      expect(server.requests.length - afterOnce).toBe(2);
      expectNoCredentials(once.stderr, twice.stderr);
    } finally {
      await server.close();
    }
  }, 60_000);
});
