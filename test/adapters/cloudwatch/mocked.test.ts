/**
 * The paths moto cannot serve (pagination, percentiles, metric math, result status codes, errors
 * with AWS codes, the call limits), with aws-sdk-client-mock standing in for CloudWatch.
 */
import { inspect } from 'node:util';
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput, type GetMetricDataCommandOutput } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/shared/errors.js';
import {
  collect,
  cloudWatchCollectConfig,
  collectCloudWatch,
  createCloudWatchSource,
  isSourceError,
  type CloudWatchSource,
  type RangeQuery,
} from '../../../src/cloudwatch.js';
import { renameIds } from '../../../src/adapters/cloudwatch/source.js';
import { planCalls } from '../../../src/adapters/cloudwatch/batch.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const T0 = Date.parse('2024-03-01T00:00:00Z');
const MINUTE = 60_000;
const NOW = T0 + 2 * 3_600_000;
const SECRET = { accessKeyId: 'AKIAMOCKSECRETKEY123', secretAccessKey: 'mock/Secret+Access/KeyKeyKeyKeyKeyKeyKey', sessionToken: 'MockSessionTokenVeryLong123456' };

const stat = (version: string, statistic = 'Average') =>
  JSON.stringify({ namespace: 'App', metricName: 'Latency', dimensions: { version }, statistic });

let client: CloudWatchClient;
let mock: ReturnType<typeof mockClient>;
let source: CloudWatchSource;

beforeEach(() => {
  client = new CloudWatchClient({ region: 'us-east-1', credentials: SECRET });
  mock = mockClient(client);
  source = createCloudWatchSource({ client, now: () => NOW });
});
afterEach(() => {
  mock.restore();
  client.destroy();
});

const inputs = (): GetMetricDataCommandInput[] => mock.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input);
const range = (minutes: number, stepMs = MINUTE): RangeQuery => ({ startMs: T0, endMs: T0 + minutes * MINUTE, stepMs });
const times = (...minutes: number[]) => minutes.map((m) => new Date(T0 + m * MINUTE));

describe('GetMetricData requests', () => {
  it('sends ScanBy TimestampAscending, the metric stat, and an EndTime one period past the last grid point', async () => {
    mock.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'q0', Label: 'Latency', Timestamps: times(0, 1, 3), Values: [1, 2, 4], StatusCode: 'Complete' }] });
    const result = await source.queryRange(stat('v1', 'p99.9'), range(4));
    const [input] = inputs();
    expect(input).toMatchObject({
      ScanBy: 'TimestampAscending',
      StartTime: new Date(T0),
      EndTime: new Date(T0 + 5 * MINUTE),
      MetricDataQueries: [
        { Id: 'q0', ReturnData: true, MetricStat: { Metric: { Namespace: 'App', MetricName: 'Latency', Dimensions: [{ Name: 'version', Value: 'v1' }] }, Period: 60, Stat: 'p99.9' } },
      ],
    });
    // Periods CloudWatch omitted stay absent (collect turns them into null gaps).
    expect(result.series).toEqual([{ labels: { label: 'Latency' }, timestampsMs: [T0, T0 + MINUTE, T0 + 3 * MINUTE], values: [1, 2, 4] }]);
  });

  it('follows NextToken through every page and joins the pages in time order', async () => {
    mock
      .on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: 'q0', Label: 'L', Timestamps: times(0, 1), Values: [10, 11], StatusCode: 'PartialData' }], NextToken: 'page-2' })
      .resolvesOnce({ MetricDataResults: [{ Id: 'q0', Label: 'L', Timestamps: times(2), Values: [12], StatusCode: 'PartialData' }], NextToken: 'page-3' })
      .resolvesOnce({ MetricDataResults: [{ Id: 'q0', Label: 'L', Timestamps: times(4), Values: [14], StatusCode: 'Complete' }] });
    const result = await source.queryRange(stat('v1'), range(4));
    expect(inputs().map((input) => input.NextToken)).toEqual([undefined, 'page-2', 'page-3']);
    expect(result.series[0]?.values).toEqual([10, 11, 12, 14]);
    expect(result.series[0]?.timestampsMs).toEqual([0, 1, 2, 4].map((m) => T0 + m * MINUTE));
    expect(result.warnings).toEqual([]);
  });

  it('gives no series (nodata) when CloudWatch has no points, and passes messages on as warnings', async () => {
    mock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [{ Id: 'q0', Label: 'L', Timestamps: [], Values: [], StatusCode: 'Complete', Messages: [{ Code: 'ArithmeticError', Value: 'division by zero' }] }],
    });
    const result = await source.queryRange(stat('v1'), range(4));
    expect(result).toEqual({ series: [], warnings: ['ArithmeticError: division by zero'] });
  });

  it('coalesces queries issued together into one call, and keeps results apart by id', async () => {
    mock.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput): GetMetricDataCommandOutput =>
      ({
        $metadata: {},
        MetricDataResults: (input.MetricDataQueries ?? []).map((query, index) => ({ Id: query.Id, Label: query.Id, Timestamps: times(0), Values: [index], StatusCode: 'Complete' })),
      }) as GetMetricDataCommandOutput,
    );
    const results = await Promise.all([source.queryRange(stat('v1'), range(2)), source.queryRange(stat('v2'), range(2)), source.queryRange(stat('v3'), range(2))]);
    expect(inputs()).toHaveLength(1);
    expect(results.map((result) => result.series[0]?.values[0])).toEqual([0, 1, 2]);
  });
});

describe('batching within the limits', () => {
  const echo = (input: GetMetricDataCommandInput): GetMetricDataCommandOutput =>
    ({
      $metadata: {},
      MetricDataResults: (input.MetricDataQueries ?? [])
        .filter((query) => query.ReturnData !== false)
        .map((query) => ({ Id: query.Id, Label: query.Id, Timestamps: [input.StartTime as Date], Values: [1], StatusCode: 'Complete' })),
    }) as GetMetricDataCommandOutput;

  it('puts at most 500 queries in a call', async () => {
    mock.on(GetMetricDataCommand).callsFake(echo);
    const queries = Array.from({ length: 1201 }, (_, index) => stat(`v${index}`));
    const results = await source.queryMany(queries, range(10));
    expect(inputs().map((input) => input.MetricDataQueries?.length)).toEqual([500, 500, 201]);
    expect(results).toHaveLength(1201);
    expect(results.every((result) => result.series.length === 1)).toBe(true);
  });

  it('keeps entries × points within 100,800 per call (a week of minutes: 10 queries per call)', async () => {
    mock.on(GetMetricDataCommand).callsFake(echo);
    const week = 7 * 24 * 60; // 10,080 minutes → 10,081 grid points
    await source.queryMany(Array.from({ length: 25 }, (_, index) => stat(`v${index}`)), range(week));
    for (const input of inputs()) {
      const points = ((input.EndTime as Date).getTime() - (input.StartTime as Date).getTime()) / MINUTE;
      expect((input.MetricDataQueries?.length ?? 0) * points).toBeLessThanOrEqual(100_800);
    }
    expect(inputs().reduce((sum, input) => sum + (input.MetricDataQueries?.length ?? 0), 0)).toBe(25);
  });

  it('fetches a series longer than one call allows in consecutive time chunks', () => {
    const calls = planCalls([{ entries: 1, alone: false }], 150_000);
    expect(calls.map((call) => [call.fromPoint, call.toPoint])).toEqual([
      [0, 100_800],
      [100_800, 150_000],
    ]);
    const mathCalls = planCalls([{ entries: 3, alone: false }, { entries: 1, alone: false }], 60_000);
    for (const call of mathCalls) {
      const entries = call.items.reduce((sum, item) => sum + (item === 0 ? 3 : 1), 0);
      expect(entries * (call.toPoint - call.fromPoint)).toBeLessThanOrEqual(100_800);
    }
  });
});

describe('metric math', () => {
  const expression = (scope: string) =>
    JSON.stringify({
      expression: '100 * errors / requests',
      metrics: {
        errors: { namespace: 'App', metricName: 'Errors', dimensions: { version: scope }, statistic: 'Sum' },
        requests: { namespace: 'App', metricName: 'Requests', dimensions: { version: scope }, statistic: 'Sum' },
      },
    });

  it('sends the inputs as hidden entries and renames ids apart when expressions share a call', async () => {
    mock.on(GetMetricDataCommand).callsFake(
      (input: GetMetricDataCommandInput) =>
        ({
          $metadata: {},
          MetricDataResults: (input.MetricDataQueries ?? []).filter((q) => q.ReturnData).map((q) => ({ Id: q.Id, Label: q.Id, Timestamps: times(0, 1), Values: [0.5, 0.7], StatusCode: 'Complete' })),
        }) as GetMetricDataCommandOutput,
    );
    const [baseline, canary] = await source.queryMany([expression('v1'), expression('v2')], range(2));
    const [input] = inputs();
    expect(input?.MetricDataQueries).toEqual([
      { Id: 'q0', Expression: '100 * q0_errors / q0_requests', Period: 60, ReturnData: true },
      expect.objectContaining({ Id: 'q0_errors', ReturnData: false, MetricStat: expect.objectContaining({ Stat: 'Sum', Period: 60 }) }),
      expect.objectContaining({ Id: 'q0_requests', ReturnData: false }),
      { Id: 'q1', Expression: '100 * q1_errors / q1_requests', Period: 60, ReturnData: true },
      expect.objectContaining({ Id: 'q1_errors', ReturnData: false }),
      expect.objectContaining({ Id: 'q1_requests', ReturnData: false }),
    ]);
    expect(baseline?.series[0]?.values).toEqual([0.5, 0.7]);
    expect(canary?.series[0]?.values).toEqual([0.5, 0.7]);
  });

  it('gives an expression using METRICS() a call of its own with its ids as written', async () => {
    mock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const metricsQuery = JSON.stringify({ expression: 'SUM(METRICS())', metrics: { a: { namespace: 'App', metricName: 'A', statistic: 'Sum' } } });
    await source.queryMany([metricsQuery, stat('v1')], range(2));
    expect(inputs().map((input) => input.MetricDataQueries?.map((query) => query.Id))).toEqual([['result', 'a'], ['q0']]);
  });

  it('renames ids only outside string literals', () => {
    expect(renameIds(`errors/requests + SEARCH('{App,version} errors', 'Sum', 60)`, new Set(['errors', 'requests']), (id) => `q3_${id}`)).toBe(
      `q3_errors/q3_requests + SEARCH('{App,version} errors', 'Sum', 60)`,
    );
  });

  it('keeps SEARCH results as separate series, which collect reports as ambiguous', async () => {
    mock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'result', Label: 'host-a', Timestamps: times(0), Values: [1], StatusCode: 'Complete' },
        { Id: 'result', Label: 'host-b', Timestamps: times(0), Values: [2], StatusCode: 'Complete' },
      ],
    });
    const result = await source.queryRange(JSON.stringify({ expression: "SEARCH('{App,host} Latency', 'Average', 60)" }), range(2));
    expect(result.series.map((series) => series.labels)).toEqual([{ label: 'host-a' }, { label: 'host-b' }]);
  });
});

describe('errors', () => {
  const throttling = () =>
    Object.assign(new Error(`Rate exceeded for ${SECRET.accessKeyId}; Credential=${SECRET.accessKeyId}/20240301/us-east-1/monitoring/aws4_request, Signature=0123abcdef`), {
      name: 'Throttling',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, attempts: 5, totalRetryDelay: 1234 },
    });

  it('names the metric, the side and the AWS error code (through collect), and is unavailable after throttling', async () => {
    mock.on(GetMetricDataCommand).rejects(throttling());
    const config = { metrics: [{ name: 'latency', test: 'mann-whitney', cloudwatch: { namespace: 'App', metricName: 'Latency', dimensions: { version: '${scope}' }, statistic: 'p99' } }] };
    const error = await collect(cloudWatchCollectConfig(config), source, {
      start: T0 / 1000,
      end: (T0 + 10 * MINUTE) / 1000,
      step: 60,
      baseline: { scope: 'v1' },
      canary: { scope: 'v2' },
    }).catch((caught: unknown) => caught);
    expect(isSourceError(error)).toBe(true);
    if (!isSourceError(error)) return;
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.errorType).toBe('Throttling');
    expect(error.status).toBe(400);
    expect(error.attempts).toBe(5);
    expect(error.unavailable).toBe(true);
    expect(error.metric).toBe('latency');
    expect(error.message).toMatch(/^metric "latency" \((baseline|canary)\): CloudWatch answered Throttling \(HTTP 400\) after 5 attempts: Rate exceeded/);
    expect(error.message).toContain('App/Latency p99');
  });

  it('never contains credentials: not in the message, JSON, stack, inspection or cause', async () => {
    const sourceWithStatic = createCloudWatchSource({ region: 'us-east-1', credentials: SECRET, now: () => NOW });
    const staticMock = mockClient(CloudWatchClient);
    try {
      staticMock.on(GetMetricDataCommand).rejects(throttling());
      const error = await sourceWithStatic.queryRange(stat('v1'), range(4)).catch((caught: unknown) => caught);
      expect(isSourceError(error)).toBe(true);
      const dumps = [String((error as Error).message), JSON.stringify(error), String((error as Error).stack), inspect(error, { depth: 10, showHidden: true })];
      for (const dump of dumps) {
        for (const secret of [SECRET.accessKeyId, SECRET.secretAccessKey, SECRET.sessionToken, '0123abcdef']) expect(dump).not.toContain(secret);
      }
      expect((error as Error).message).toContain('Credential=[REDACTED]');
    } finally {
      staticMock.restore();
    }
  });

  it('turns a result marked Forbidden into an error for that query', async () => {
    mock.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'q0', Label: 'L', Timestamps: [], Values: [], StatusCode: 'Forbidden', Messages: [{ Code: 'AccessDenied', Value: 'no access to App' }] }] });
    const error = await source.queryRange(stat('v1'), range(2)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 403, errorType: 'Forbidden', unavailable: false });
    expect((error as Error).message).toContain('AccessDenied no access to App');
  });

  it('rejects an invalid period or window before any call', async () => {
    mock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    await expect(source.queryRange(stat('v1'), range(10, 45_000))).rejects.toThrow(
      'Invalid option `step`: expected a CloudWatch period: 1, 5, 10, 20, 30 or a multiple of 60 seconds, received 45',
    );
    const old = createCloudWatchSource({ client, now: () => T0 + 20 * 86_400_000 });
    await expect(old.queryRange(stat('v1'), range(60))).rejects.toThrow(/expected a multiple of 300s: the window starts between 15 and 63 days ago/);
    const ancient = createCloudWatchSource({ client, now: () => T0 + 500 * 86_400_000 });
    await expect(ancient.queryRange(stat('v1'), range(600, 3_600_000))).rejects.toThrow(/CloudWatch keeps no data older than that/);
    await expect(source.queryRange(stat('v1'), { startMs: T0 + 30_000, endMs: T0 + 10 * MINUTE, stepMs: MINUTE })).rejects.toThrow(/a start on a whole minute/);
    await expect(source.queryRange(stat('v1'), range(2, 300_000))).rejects.toThrow(/no longer than the window/);
    await expect(source.queryRange(JSON.stringify({ ...JSON.parse(stat('v1')), period: 300 }), range(10))).rejects.toThrow(/has period 300s but the step is 60s/);
    expect(inputs()).toHaveLength(0);
  });

  it('collectCloudWatch checks every metric against the window first, naming the metric', async () => {
    mock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const config = {
      metrics: [
        { name: 'latency', test: 'mann-whitney', cloudwatch: { namespace: 'App', metricName: 'Latency', statistic: 'Average', period: 60 } },
        { name: 'cpu', test: 'mann-whitney', cloudwatch: { namespace: 'App', metricName: 'Cpu', statistic: 'Average', period: 300 } },
      ],
    };
    const options = { start: T0 / 1000, end: (T0 + 3_600_000) / 1000, baseline: { scope: 'v1' }, canary: { scope: 'v2' } };
    await expect(collectCloudWatch(config, source, options)).rejects.toThrow(/expected a step, since the metrics' periods differ: 60s \(metric "latency"\), 300s \(metric "cpu"\)/);
    const error = await collectCloudWatch(config, source, { ...options, step: 60 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('metrics[1].cloudwatch.period');
    expect((error as Error).message).toContain('metric "cpu"');
    expect(inputs()).toHaveLength(0);
  });

  it('stops on an AbortSignal', async () => {
    mock.on(GetMetricDataCommand).callsFake(() => new Promise(() => {}));
    const controller = new AbortController();
    const pending = source.queryRange(stat('v1'), range(2), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 20);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    const already = new AbortController();
    already.abort();
    await expect(source.queryRange(stat('v1'), range(2), { signal: already.signal })).rejects.toMatchObject({ code: 'ABORTED', attempts: 0 });
  });

  it('times out with TIMEOUT after timeoutMs', async () => {
    mock.on(GetMetricDataCommand).callsFake(() => new Promise(() => {}));
    const slow = createCloudWatchSource({ client, now: () => NOW, timeoutMs: 50 });
    const error = await slow.queryRange(stat('v1'), range(2)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'TIMEOUT', unavailable: true });
    expect((error as Error).message).toContain('within the timeout of 50ms');
  });
});

describe('options', () => {
  it('rejects bad options without echoing credentials', () => {
    expect(() => createCloudWatchSource({ region: 'mars' })).toThrow('Invalid option `region`: expected an AWS region such as "us-east-1", received "mars"');
    expect(() => createCloudWatchSource({ client, region: 'us-east-1' })).toThrow(/nothing when `client` is given/);
    expect(() => createCloudWatchSource({ region: 'us-east-1', maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => createCloudWatchSource({ region: 'us-east-1', retryMode: 'fast' as 'standard' })).toThrow(/retryMode/);
    let message = '';
    try {
      createCloudWatchSource({ region: 'us-east-1', credentials: { accessKeyId: SECRET.accessKeyId } as typeof SECRET });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('credentials');
    expect(message).not.toContain(SECRET.accessKeyId);
  });

  it('describes itself without credentials', () => {
    expect(createCloudWatchSource({ region: 'eu-west-1' }).description).toBe('CloudWatch in eu-west-1');
    expect(createCloudWatchSource({ region: 'us-east-1', endpoint: 'http://user:pw-secret@127.0.0.1:5000/' }).description).toBe('CloudWatch at http://127.0.0.1:5000 (us-east-1)');
  });
});
