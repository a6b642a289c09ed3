import { describe, expect, it } from 'vitest';
import { DataValidationError, judge, parseData, safeParseData } from 'canary-judge';
import { evenSample } from './helpers.js';

const cpuConfig = { metrics: [{ name: 'cpu', test: 'mann-whitney' as const, minSamples: 3 }] };

describe('data validation (parseData)', () => {
  it('accepts arrays, { values, timestamps } and counts, with missing values', () => {
    const data = parseData({
      metrics: {
        cpu: { baseline: [1, null, 'NaN', Number.NaN], canary: { values: [1, 2], timestamps: [10, 20] } },
        errors: { baseline: { events: [0, 1], total: [10, 11] }, canary: { events: [0], total: [5], timestamps: [1] } },
      },
    });
    expect(Object.keys(data.metrics)).toEqual(['cpu', 'errors']);
  });

  it('reports every problem with its path', () => {
    const parsed = safeParseData({
      metrics: {
        'p99 latency': { baseline: [1, 'x', Number.POSITIVE_INFINITY], canary: { values: [1, 2], timestamps: [1] } },
        errors: { baseline: { events: [1], total: [1, 2] }, canary: 5 },
      },
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual([
      { path: 'metrics["p99 latency"].baseline[1]', message: 'Invalid input: expected number | null | "NaN" | NaN, received "x"' },
      { path: 'metrics["p99 latency"].baseline[2]', message: 'Invalid input: expected number | null | "NaN" | NaN, received Infinity' },
      {
        path: 'metrics["p99 latency"].canary.timestamps',
        message: 'timestamps must have one entry per value: expected 2 (the length of values), received 1',
      },
      { path: 'metrics.errors.baseline.total', message: 'total must have one entry per events entry: expected 1, received 2' },
      { path: 'metrics.errors.canary', message: 'Invalid input: expected array | object, received 5' },
    ]);
  });

  it('rejects timestamps that go back in time', () => {
    const parsed = safeParseData({ metrics: { cpu: { baseline: { values: [1, 2, 3], timestamps: [1, 3, 2] }, canary: [1] } } });
    expect(parsed.ok ? [] : parsed.issues).toEqual([
      { path: 'metrics.cpu.baseline.timestamps[2]', message: 'timestamps must not decrease: received 2 after 3' },
    ]);
  });

  it('parseData throws a DataValidationError', () => {
    expect(() => parseData({ metrics: { cpu: { baseline: [] } } })).toThrow(DataValidationError);
  });
});

describe('data problems inside judge become reasons, never exceptions', () => {
  it('a configured metric without data is nodata', () => {
    const result = judge(cpuConfig, { metrics: {} });
    expect(result.metrics[0]).toMatchObject({ outcome: 'nodata', reason: 'no data for this metric' });
  });

  it('an empty side carries the metric source\'s reason into the nodata reason', () => {
    const reason = 'query returned no series: "cpu{version=\\"v2\\"}"';
    const result = judge(cpuConfig, { metrics: { cpu: { baseline: evenSample(20, 1, 2), canary: [], noDataReasons: { canary: reason } } } });
    expect(result.metrics[0]).toMatchObject({ outcome: 'nodata', reason: `canary series is empty (0 points): ${reason}` });
    expect(safeParseData({ metrics: { cpu: { baseline: [], canary: [], noDataReasons: { canery: 'x' } } } }).ok).toBe(false);
  });

  it('data for an unknown metric is reported in the summary warnings', () => {
    const result = judge(cpuConfig, { metrics: { cpu: { baseline: [1, 2, 3], canary: [1, 2, 3] }, cpuu: { baseline: [1], canary: [1] } } });
    expect(result.summary.warnings).toEqual(['data for "cpuu" was ignored: no metric of that name is configured']);
  });

  it('counts given to a value test, and values given to a rate test, are errors', () => {
    const result = judge(
      { metrics: [{ name: 'cpu', test: 'mann-whitney' }, { name: 'errors', test: 'rate' }] },
      { metrics: { cpu: { baseline: { events: [1], total: [2] }, canary: [1] }, errors: { baseline: [1, 2], canary: [1, 2] } } },
    );
    expect(result.metrics.map((metric) => [metric.outcome, metric.reason])).toEqual([
      ['error', 'baseline must be an array of values or { values, timestamps } for test "mann-whitney", received { events, total } counts'],
      ['error', 'baseline must be a { events, total } object of counts for test "rate", received a series of values'],
    ]);
  });

  it('a malformed series is an error naming the path', () => {
    const result = judge(cpuConfig, { metrics: { cpu: { baseline: [1, 'fast', 3], canary: [1, 2, 3] } } });
    expect(result.metrics[0]?.outcome).toBe('error');
    expect(result.metrics[0]?.reason).toBe(
      'invalid data: Invalid input: expected number | null | "NaN" | NaN, received "fast" at metrics.cpu.baseline[1]',
    );
  });

  it('data that is not an object makes every metric an error', () => {
    for (const data of [null, 42, [], { metrics: [] }, { series: {} }]) {
      const result = judge(cpuConfig, data);
      expect(result.metrics[0]?.outcome).toBe('error');
      expect(result.verdict).toBe('fail');
    }
  });
});

describe('cleaning', () => {
  const base = evenSample(20, 100, 10);

  it('removes missing values by default and reports sizes before and after', () => {
    const result = judge(cpuConfig, { metrics: { cpu: { baseline: [...base, null, 'NaN'], canary: [...base, Number.NaN] } } });
    const metric = result.metrics[0];
    expect(metric?.sizes).toEqual({ baseline: { before: 22, after: 20 }, canary: { before: 21, after: 20 } });
    expect(metric?.warnings).toContain('baseline: 2 missing values removed');
  });

  it('nan "zero" counts missing values as 0', () => {
    const result = judge(
      { metrics: [{ name: 'cpu', test: 'mann-whitney', minSamples: 3, nan: 'zero' }] },
      { metrics: { cpu: { baseline: [...base, null], canary: base } } },
    );
    expect(result.metrics[0]?.sizes.baseline).toEqual({ before: 21, after: 21 });
    expect(result.metrics[0]?.summary.baseline.min).toBe(0);
  });

  it('nan "fail" makes a metric with missing values an error', () => {
    const result = judge(
      { metrics: [{ name: 'cpu', test: 'mann-whitney', nan: 'fail' }] },
      { metrics: { cpu: { baseline: base, canary: [...base.slice(0, 5), null, ...base.slice(5)] } } },
    );
    expect(result.metrics[0]).toMatchObject({ outcome: 'error', reason: 'canary has 1 missing value (first at index 5) and nan is "fail"' });
  });

  it('IQR removes outliers on each side', () => {
    const result = judge(
      { metrics: [{ name: 'cpu', test: 'mann-whitney', outliers: { strategy: 'iqr', factor: 1.5 } }] },
      { metrics: { cpu: { baseline: [...base, 1000], canary: [...base, -500, 2000] } } },
    );
    const metric = result.metrics[0];
    expect(metric?.sizes).toEqual({ baseline: { before: 21, after: 20 }, canary: { before: 22, after: 20 } });
    expect(metric?.summary.canary.max).toBe(Math.max(...base));
    expect(metric?.warnings.some((warning) => /canary: 2 outliers outside \[.*\] removed \(IQR × 1\.5\)/.test(warning))).toBe(true);
  });

  it('fewer than minSamples usable values is nodata with the numbers', () => {
    const result = judge(
      { metrics: [{ name: 'cpu', test: 'mann-whitney' }] },
      { metrics: { cpu: { baseline: base, canary: [1, 2, null, 3] } } },
    );
    expect(result.metrics[0]).toMatchObject({
      outcome: 'nodata',
      reason: 'canary has 3 usable values after cleaning (4 points given); need at least 10 (minSamples)',
    });
  });

  it('an empty side is nodata', () => {
    const result = judge(cpuConfig, { metrics: { cpu: { baseline: [], canary: base } } });
    expect(result.metrics[0]).toMatchObject({ outcome: 'nodata', reason: 'baseline series is empty (0 points)' });
  });

  it('a percentile needs enough values beyond it', () => {
    const result = judge(
      { metrics: [{ name: 'p99', test: 'percentile', percentile: 99 }] },
      { metrics: { p99: { baseline: evenSample(600, 1, 1), canary: evenSample(100, 1, 1) } } },
    );
    expect(result.metrics[0]).toMatchObject({ outcome: 'nodata', dataShortfall: 'too-few' });
    expect(result.metrics[0]?.reason).toBe(
      'canary has 100 usable values; the p99 needs at least 500 so that 5 lie beyond it. ' +
        '100 values: a series of per-step p99s (one per scrape)? The percentile test needs per-request values; a per-step series is compared with test "mann-whitney"',
    );
  });

  it('warm-up points are dropped from both sides first', () => {
    const result = judge(
      { metrics: [{ name: 'cpu', test: 'mann-whitney', warmupPoints: 3 }] },
      { metrics: { cpu: { baseline: [500, 500, 500, ...base], canary: { values: [900, 800, 700, ...base], timestamps: base.map((_, i) => i).concat([97, 98, 99]) } } } },
    );
    expect(result.metrics[0]?.sizes.canary).toEqual({ before: 23, after: 20 });
    expect(result.metrics[0]?.summary.canary.max).toBe(Math.max(...base));
    expect(result.metrics[0]?.outcome).toBe('pass');
  });

  it('rate counts: sums, validation and the minimum total', () => {
    const config = { metrics: [{ name: 'errors', test: 'rate' as const, margin: { absolute: 0.01 } }] };
    const ok = judge(config, {
      metrics: { errors: { baseline: { events: [1, null, 2], total: [500, 400, 600] }, canary: { events: [0, 1], total: [300, 250] } } },
    });
    expect(ok.metrics[0]?.summary.baseline.counts).toEqual({ events: 3, total: 1100, rate: 3 / 1100 });
    expect(ok.metrics[0]?.sizes.baseline).toEqual({ before: 3, after: 2 });

    const tooFew = judge(config, { metrics: { errors: { baseline: { events: [1], total: [500] }, canary: { events: [0, 0], total: [30, 40] } } } });
    expect(tooFew.metrics[0]).toMatchObject({ outcome: 'nodata', reason: 'canary has a total of 70 over 2 points; need at least 100 (minSamples)' });

    const impossible = judge(config, { metrics: { errors: { baseline: { events: [7], total: [5] }, canary: { events: [0], total: [300] } } } });
    expect(impossible.metrics[0]).toMatchObject({
      outcome: 'error',
      reason: 'baseline point 0 has 7 events of 5: counts must satisfy 0 ≤ events ≤ total',
    });

    const fractional = judge(config, {
      metrics: { errors: { baseline: { events: [0.4, 0.4], total: [500.2, 500.2] }, canary: { events: [0], total: [300] } } },
    });
    expect(fractional.metrics[0]?.summary.baseline.counts).toEqual({ events: 1, total: 1000, rate: 0.001 });
    expect(fractional.metrics[0]?.warnings).toContain('baseline: counts summed to 0.8 of 1000 and were rounded to 1 of 1000');
  });
});
