/**
 * `collect` with an in-memory source: the shape of the judge's data, gaps, nodata, ambiguity,
 * rate metrics, variables, steps, concurrency, cancellation and progress.
 */
import { describe, expect, it } from 'vitest';
import { judge, type CanaryDataInput } from '../../src/index.js';
import {
  collect,
  collectDetailed,
  isSourceError,
  renderPromQL,
  SourceError,
  type CollectConfig,
  type CollectedCounts,
  type CollectedValues,
  type MetricSource,
  type RangeQuery,
  type RangeResult,
  type RangeSeries,
} from '../../src/prometheus.js';

const T0 = 1_704_067_200;
const WINDOW = { start: T0, end: T0 + 240, step: 60, baseline: { scope: 'b' }, canary: { scope: 'c' } };

/** A source answering from a function of the query; records queries and ranges, counts in-flight calls. */
function fakeSource(answer: (query: string, range: RangeQuery) => RangeSeries[] | Promise<RangeSeries[]>, maxPoints?: number) {
  const calls: { query: string; range: RangeQuery }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const source: MetricSource & { calls: typeof calls; maxInFlight: () => number } = {
    description: 'a fake source',
    ...(maxPoints === undefined ? {} : { maxPoints }),
    calls,
    maxInFlight: () => maxInFlight,
    renderQuery: renderPromQL,
    async queryRange(query: string, range: RangeQuery, options = {}): Promise<RangeResult> {
      calls.push({ query, range });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await Promise.resolve();
        if (options.signal?.aborted) throw new SourceError('ABORTED', 'aborted', { query });
        return { series: await answer(query, range), warnings: [] };
      } finally {
        inFlight--;
      }
    },
  };
  return source;
}

/** One series with a value at each of `offsets` seconds after T0. */
function series(labels: Record<string, string>, points: [number, number][]): RangeSeries {
  return { labels, timestampsMs: points.map(([offset]) => (T0 + offset) * 1000), values: points.map(([, value]) => value) };
}

const full = (value: number) =>
  series({}, [
    [0, value],
    [60, value],
    [120, value],
    [180, value],
    [240, value],
  ]);
const timestamps = [0, 60, 120, 180, 240].map((offset) => T0 + offset);

describe('collect', () => {
  it('returns the judge data: values on the step grid with timestamps in seconds, per side', async () => {
    const source = fakeSource((query) => [full(query.includes('"b"') ? 1 : 2)]);
    const config = { metrics: [{ name: 'latency', test: 'mann-whitney', query: 'x{v="${scope}"}' }] };
    const data = await collect(config, source, WINDOW);
    const typed: CanaryDataInput = data;
    expect(typed).toEqual({
      metrics: { latency: { baseline: { values: [1, 1, 1, 1, 1], timestamps }, canary: { values: [2, 2, 2, 2, 2], timestamps } } },
    });
    expect(source.calls.map((call) => call.query)).toEqual(['x{v="b"}', 'x{v="c"}']);
    expect(source.calls[0]?.range).toEqual({ startMs: T0 * 1000, endMs: (T0 + 240) * 1000, stepMs: 60_000 });
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('keeps missing steps and NaN as null gaps (never compacts)', async () => {
    const source = fakeSource(() => [
      series({}, [
        [0, 1],
        [120, NaN],
        [240, 3],
      ]),
    ]);
    const data = await collect({ metrics: [{ name: 'm', test: 'mann-whitney', query: 'x' }] }, source, WINDOW);
    expect(data.metrics['m']?.baseline).toEqual({ values: [1, null, null, null, 3], timestamps });
  });

  it('turns ±Inf into NON_FINITE_VALUE, or into null with infinity: "missing"', async () => {
    const source = fakeSource(() => [series({}, [[60, Infinity]])]);
    const config = { metrics: [{ name: 'p99', test: 'mann-whitney', query: 'x' }] };
    const error = await collect(config, source, WINDOW).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'NON_FINITE_VALUE', metric: 'p99', side: 'baseline', query: 'x' });
    expect((error as Error).message).toMatch(/^metric "p99" \(baseline\): value \+Inf at 2024-01-01T00:01:00.000Z/);
    const data = await collect(config, source, { ...WINDOW, infinity: 'missing' });
    expect((data.metrics['p99']?.baseline as CollectedValues).values).toEqual([null, null, null, null, null]);
  });

  it('gives an empty series for a query with no series, and records why with the query', async () => {
    const source = fakeSource((query) => (query.includes('"c"') ? [] : [full(1)]));
    const config = { metrics: [{ name: 'm', test: 'mann-whitney', query: 'x{v="${scope}"}' }] };
    const details = await collectDetailed(config, source, WINDOW);
    expect(details.data.metrics['m']?.canary).toEqual({ values: [], timestamps: [] });
    expect(details.queries.find((query) => query.side === 'canary')).toMatchObject({
      status: 'nodata',
      reason: 'query returned no series: "x{v=\\"c\\"}"',
      points: 0,
      gaps: 5,
    });
    const judgement = judge({ metrics: [{ name: 'm', test: 'mann-whitney', minSamples: 3 }] }, details.data);
    expect(judgement.metrics[0]?.outcome).toBe('nodata');
  });

  it('refuses several series for one side, naming the labels that differ and how to aggregate', async () => {
    const source = fakeSource(() => [
      series({ __name__: 'x', pod: 'a', zone: 'z1', app: 'api' }, [[0, 1]]),
      series({ __name__: 'x', pod: 'b', zone: 'z1', app: 'api' }, [[0, 1]]),
      series({ __name__: 'x', pod: 'c', zone: 'z2', app: 'api' }, [[0, 1]]),
      series({ __name__: 'x', pod: 'd', zone: 'z2', app: 'api' }, [[0, 1]]),
    ]);
    const error = await collect({ metrics: [{ name: 'cpu', test: 'mean-ratio', query: 'x{v="${scope}"}' }] }, source, WINDOW).catch(
      (caught: unknown) => caught,
    );
    expect(isSourceError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'metric "cpu" (baseline): query returned 4 series that differ in pod ("a", "b", "c", … 4 values), zone ("z1", "z2"); the judge needs exactly one series per side: aggregate them away, e.g. sum without(pod, zone) (…) or avg without(pod, zone) (…); query: "x{v=\\"b\\"}"',
    );
    expect(error).toMatchObject({ code: 'AMBIGUOUS_SERIES', metric: 'cpu', side: 'baseline', query: 'x{v="b"}', unavailable: false });
  });

  it('collects a rate metric as { events, total } from its two queries', async () => {
    const source = fakeSource((query) => {
      if (query.startsWith('errors')) return [series({}, [[0, 1], [60, 2], [240, 0]])];
      return [full(100)];
    });
    const config = { metrics: [{ name: '5xx', test: 'rate', query: { events: 'errors{v="${scope}"}', total: 'requests{v="${scope}"}' } }] };
    const data = await collect(config, source, WINDOW);
    expect(data.metrics['5xx']?.canary).toEqual({ events: [1, 2, null, null, 0], total: [100, 100, 100, 100, 100], timestamps });
    expect(source.calls.map((call) => call.query).sort()).toEqual(['errors{v="b"}', 'errors{v="c"}', 'requests{v="b"}', 'requests{v="c"}']);
  });

  it('gives empty counts when either rate query returns no series', async () => {
    const source = fakeSource((query) => (query.startsWith('errors') ? [] : [full(100)]));
    const config = { metrics: [{ name: '5xx', test: 'rate', query: { events: 'errors', total: 'requests' } }] };
    const details = await collectDetailed(config, source, WINDOW);
    expect(details.data.metrics['5xx']?.baseline).toEqual({ events: [], total: [], timestamps: [] } satisfies CollectedCounts);
    expect(details.queries.filter((query) => query.status === 'nodata').map((query) => query.role)).toEqual(['events', 'events']);
  });

  it('substitutes scope, location, shared and per-side variables and the built-in step', async () => {
    const source = fakeSource(() => []);
    const config = { metrics: [{ name: 'm', test: 'mann-whitney', query: 'x{v="${scope}",l="${location}",c="${cluster}",t="${team}"}[${step}]' }] };
    await collect(config, source, {
      ...WINDOW,
      step: '2m',
      end: T0 + 480,
      variables: { cluster: 'shared', team: 'core' },
      baseline: { scope: 'v1', location: 'eu-west-1' },
      canary: { scope: 'v2', location: 'eu-west-1', cluster: 'canary-cluster' },
    });
    expect(source.calls.map((call) => call.query)).toEqual([
      'x{v="v1",l="eu-west-1",c="shared",t="core"}[120s]',
      'x{v="v2",l="eu-west-1",c="canary-cluster",t="core"}[120s]',
    ]);
  });

  it('fails on a template problem before any request, naming the metric', async () => {
    const source = fakeSource(() => [full(1)]);
    const config = {
      metrics: [
        { name: 'ok', test: 'mann-whitney', query: 'x' },
        { name: 'bad', test: 'mann-whitney', query: 'x{r="${region}"}' },
      ],
    };
    const error = await collect(config, source, WINDOW).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'INVALID_TEMPLATE', metric: 'bad', side: 'baseline' });
    expect((error as Error).message).toBe('metric "bad" (baseline): query template uses ${region}, which is not defined; defined: scope, step');
    expect(source.calls).toHaveLength(0);
  });

  it('refuses bad options and metrics without a usable query', async () => {
    const source = fakeSource(() => [full(1)]);
    const one = { metrics: [{ name: 'm', test: 'mann-whitney', query: 'x' }] };
    const cases: [CollectConfig, Record<string, unknown>, RegExp][] = [
      [{ metrics: [{ name: 'm', test: 'mann-whitney' }] }, {}, /`metrics\[0\]\.query`: expected a query template for metric "m"/],
      [{ metrics: [{ name: 'r', test: 'rate', query: 'x' }] }, {}, /`metrics\[0\]\.query`: expected \{ events, total \} query templates/],
      [{ metrics: [{ name: 'a', test: 'mann-whitney', query: 'x' }, { name: 'a', test: 'mann-whitney', query: 'y' }] }, {}, /metrics\[1\]\.name/],
      [one, { end: T0 }, /`end`: expected a time after start/],
      [one, { start: T0 * 1000 }, /looks like milliseconds/],
      [one, { step: 'soon' }, /`step`/],
      [one, { concurrency: 0 }, /`concurrency`/],
      [one, { infinity: 'drop' }, /`infinity`/],
      [one, { variables: { step: '5m' } }, /`variables\.step`: expected nothing: \$\{step\} is built in/],
      [one, { canary: { location: 'x' } }, /`canary\.scope`/],
      [one, { baseline: { scope: 'b', extra: 3 } }, /`baseline\.extra`: expected a string/],
    ];
    for (const [config, overrides, message] of cases) {
      await expect(collect(config, source, { ...WINDOW, ...overrides } as never), String(message)).rejects.toThrow(message);
    }
    expect(source.calls).toHaveLength(0);
  });

  it('picks a step under the source limit, and refuses an explicit step above it', async () => {
    const source = fakeSource((_query, range) => [
      { labels: {}, timestampsMs: [range.startMs], values: [1] },
    ], 100);
    const details = await collectDetailed({ metrics: [{ name: 'm', test: 'mann-whitney', query: 'x' }] }, source, {
      ...WINDOW,
      step: undefined,
      end: T0 + 3 * 3600,
    } as never);
    expect(details.stepMs).toBe(120_000); // 60s would give 180 points
    expect((details.data.metrics['m']?.baseline as CollectedValues).values).toHaveLength(91);
    await expect(
      collect({ metrics: [{ name: 'm', test: 'mann-whitney', query: 'x' }] }, source, { ...WINDOW, end: T0 + 3 * 3600, step: 60 }),
    ).rejects.toThrow('Invalid option `step`: expected a step giving at most 100 points per series (a fake source limit): at least 108s for this range, received 60');
  });

  it('refuses points that are not on the step grid', async () => {
    const source = fakeSource(() => [series({}, [[30, 1]])]);
    await expect(collect({ metrics: [{ name: 'm', test: 'mann-whitney', query: 'x' }] }, source, WINDOW)).rejects.toThrow(/not on the step grid/);
  });

  it('runs at most `concurrency` queries at once and reports progress', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const source = fakeSource(async () => {
      await gate;
      return [full(1)];
    });
    const config = { metrics: Array.from({ length: 10 }, (_, index) => ({ name: `m${index}`, test: 'mann-whitney', query: `m${index}` })) };
    const progress: number[] = [];
    const promise = collect(config, source, { ...WINDOW, concurrency: 3, onProgress: ({ done, total }) => progress.push(done / total) });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(source.calls).toHaveLength(3);
    release();
    const data = await promise;
    expect(Object.keys(data.metrics)).toEqual(config.metrics.map((metric) => metric.name));
    expect(source.maxInFlight()).toBe(3);
    expect(progress).toHaveLength(20);
    expect(progress.at(-1)).toBe(1);
  });

  it('stops starting queries after the first failure and rejects with it once', async () => {
    const source = fakeSource((query) => {
      if (query === 'm1') throw new SourceError('HTTP_STATUS', 'Prometheus answered HTTP 400', { status: 400, query });
      return [full(1)];
    });
    const config = { metrics: Array.from({ length: 20 }, (_, index) => ({ name: `m${index}`, test: 'mann-whitney', query: `m${index}` })) };
    const error = await collect(config, source, { ...WINDOW, concurrency: 2 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 400, metric: 'm1', query: 'm1' });
    expect((error as Error).message).toBe('metric "m1" (baseline): Prometheus answered HTTP 400');
    expect((error as Error & { cause: unknown }).cause).toBeInstanceOf(SourceError);
    expect(source.calls.length).toBeLessThan(8);
  });

  it('rejects with ABORTED for an aborted signal, before or during', async () => {
    const source = fakeSource(() => [full(1)]);
    const config = { metrics: [{ name: 'm', test: 'mann-whitney', query: 'x' }] };
    await expect(collect(config, source, { ...WINDOW, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(source.calls).toHaveLength(0);
    const controller = new AbortController();
    const slow = fakeSource(
      () =>
        new Promise<RangeSeries[]>((_resolve, reject) => {
          controller.signal.addEventListener('abort', () => reject(new SourceError('ABORTED', 'aborted')));
        }),
    );
    const promise = collect(config, slow, { ...WINDOW, signal: controller.signal });
    controller.abort();
    await expect(promise).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('keeps a metric named __proto__ as data', async () => {
    const source = fakeSource(() => [full(1)]);
    const data = await collect({ metrics: [{ name: '__proto__', test: 'mann-whitney', query: 'x' }] }, source, WINDOW);
    expect(Object.keys(data.metrics)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(data.metrics)).toBe(Object.prototype);
  });
});
