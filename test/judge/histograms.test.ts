/**
 * Histogram sides in the judge: validation (same bounds, cumulative, whole counts with a warning,
 * the right tests), the decision rule (a pass rests only on the bucket interval; a fail needs the
 * buckets to show the direction), the `histogram` section of the result, and the JSON Schemas.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, dataJsonSchema, judge, safeParseConfig, safeParseData } from '../../src/index.js';

const LE = [0.05, 0.1, 0.25, 0.5, 1, 2.5, '+Inf'] as const;
const side = (counts: number[], le: readonly (number | string)[] = LE) => ({ histogram: { le: [...le], counts } });
const p99 = (extra: Record<string, unknown> = {}) => ({ metrics: [{ name: 'latency', test: 'percentile' as const, percentile: 99, ...extra }] });

describe('histogram data', () => {
  it('refuses different bucket bounds on the two sides, naming the first difference', () => {
    const result = judge(p99(), {
      metrics: { latency: { baseline: side([1, 2, 3, 4, 5, 6, 700]), canary: side([1, 2, 3, 4, 5, 700], [0.05, 0.1, 0.3, 0.5, 1, '+Inf']) } },
    });
    const metric = result.metrics[0];
    expect(metric?.outcome).toBe('error');
    expect(metric?.reason).toMatch(/same bucket bounds: le\[2\] is 0\.25 for the baseline and 0\.3 for the canary/);
  });

  it('refuses decreasing counts, a last bound other than +Inf, and counts of the wrong length', () => {
    const bad = (baseline: unknown) => judge(p99(), { metrics: { latency: { baseline, canary: side([1, 2, 3, 4, 5, 6, 700]) } } }).metrics[0];
    expect(bad(side([1, 2, 3, 2, 5, 6, 700]))?.reason).toMatch(/cumulative and must not decrease: received 2 after 3/);
    expect(bad(side([1, 2, 700], [0.1, 0.5, 1]))?.reason).toMatch(/last bound must be "\+Inf"/);
    expect(bad(side([1, 2, 700]))?.reason).toMatch(/one entry per bound/);
    expect(safeParseData({ metrics: { latency: { baseline: side([1, 2, 3, 4, 5, 6, -1]), canary: side([1, 2, 3, 4, 5, 6, 7]) } } }).ok).toBe(false);
  });

  it('refuses more than 1000 buckets with a specific error, quickly, however long the arrays', () => {
    const histogram = (buckets: number) => {
      const le: (number | string)[] = Array.from({ length: buckets - 1 }, (_, index) => index + 1);
      le.push('+Inf');
      return { histogram: { le, counts: le.map((_, index) => index) } };
    };
    const parse = (buckets: number) => safeParseData({ metrics: { latency: { baseline: histogram(buckets), canary: histogram(buckets) } } });
    expect(parse(1000).ok).toBe(true);
    const refused = parse(1001);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.issues[0]?.path).toBe('metrics.latency.baseline.histogram.le');
      expect(refused.issues[0]?.message).toMatch(/^Too many bucket bounds: 1001 \(a histogram has at most 1000 buckets/);
    }
    const huge = parse(2_000_000);
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.issues.map((issue) => issue.message).join('\n')).toMatch(/Too many counts: 2000000/);
    // The judge reports it as the metric's error (so the verdict is fail), not a crash.
    const judged = judge(p99(), { metrics: { latency: { baseline: histogram(5000), canary: histogram(5000) } } });
    expect(judged.metrics[0]?.outcome).toBe('error');
    expect(judged.metrics[0]?.reason).toMatch(/Too many bucket bounds: 5000 .* at metrics\.latency\.baseline\.histogram\.le/);
    expect(judged.verdict).toBe('fail');
  });

  it('rounds increase() fractions to whole requests, with a warning', () => {
    const counts = [100.4, 200.2, 500.6, 900.1, 990.3, 999.5, 1000.4];
    const metric = judge(p99({ minSamples: 10 }), { metrics: { latency: { baseline: side(counts), canary: side(counts) } } }).metrics[0];
    expect(metric?.sizes.baseline.after).toBe(1000);
    expect(metric?.warnings.join('\n')).toMatch(/baseline: histogram counts were not whole .*increase\(\).*rounded to the nearest request/);
  });

  it('needs both sides to be histograms, and a test that takes them', () => {
    const histogram = side([100, 200, 500, 900, 990, 999, 1000]);
    const values = Array.from({ length: 600 }, (_, index) => 0.1 + index / 10_000);
    expect(judge(p99(), { metrics: { latency: { baseline: histogram, canary: values } } }).metrics[0]?.reason).toMatch(
      /baseline is a histogram but canary is a series of values: both sides must be histograms/,
    );
    const meanRatio = { metrics: [{ name: 'latency', test: 'mean-ratio' as const }] };
    const result = judge(meanRatio, { metrics: { latency: { baseline: histogram, canary: histogram } } }).metrics[0];
    expect(result?.outcome).toBe('error');
    expect(result?.reason).toMatch(/histogram sides are for percentile and mann-whitney metrics/);
  });

  it('an empty histogram is nodata; too few requests for the percentile is nodata with the reason', () => {
    const empty = side([0, 0, 0, 0, 0, 0, 0]);
    const some = side([100, 200, 500, 900, 990, 999, 1000]);
    expect(judge(p99(), { metrics: { latency: { baseline: some, canary: empty } } }).metrics[0]?.reason).toBe('canary histogram holds no requests (every count is 0)');
    expect(judge(p99(), { metrics: { latency: { baseline: some, canary: side([10, 20, 50, 90, 99, 100, 100]) } } }).metrics[0]?.reason).toMatch(
      /canary histogram holds 100 requests; the p99 needs at least 500/,
    );
  });
});

describe('the decision rule on histograms', () => {
  // Fine buckets (0.01 s wide around the p99) allow a pass at a 10% margin when the p99s are close.
  const fine = [...Array.from({ length: 100 }, (_, index) => Number((0.01 * (index + 1)).toFixed(2))), '+Inf'] as const;
  const shaped = (total: number, p99At: number) => {
    // A share 0.99 at or below bound p99At, the rest spread over the next four buckets.
    return fine.map((bound, index) => {
      if (bound === '+Inf') return total;
      if (bound <= p99At) return Math.round(total * 0.99 * (index + 1) / (Math.round(p99At * 100)));
      return Math.min(total, Math.round(total * 0.99 + (total * 0.01 * (Math.round(bound * 100) - Math.round(p99At * 100))) / 4));
    });
  };

  it('passes when the buckets alone keep the change inside the margin', () => {
    const metric = judge(p99(), {
      metrics: { latency: { baseline: side(shaped(200_000, 0.5), fine), canary: side(shaped(20_000, 0.5), fine) } },
    }).metrics[0];
    expect(metric?.outcome).toBe('pass');
    const [, high] = metric?.histogram?.bucketInterval.relative ?? [null, null];
    expect(high).not.toBeNull();
    expect(high as number).toBeLessThanOrEqual(0.1);
    expect(metric?.histogram?.limitedByBuckets).toBe(false);
  });

  it('with coarse buckets the same data is inconclusive and says the buckets limit what can be told apart', () => {
    const coarse = [0.25, 0.5, 1, '+Inf'] as const;
    const metric = judge(p99(), {
      metrics: { latency: { baseline: side([180_000, 198_100, 199_990, 200_000], coarse), canary: side([18_000, 19_810, 19_999, 20_000], coarse) } },
    }).metrics[0];
    expect(metric?.outcome).toBe('inconclusive');
    expect(metric?.histogram?.sameBucket).toBe(true);
    expect(metric?.histogram?.limitedByBuckets).toBe(true);
    expect(metric?.histogram?.baseline.bucket).toEqual([0.25, 0.5]);
    expect(metric?.decisionSize).toBeNull();
    expect(metric?.reason).toMatch(/both p99s lie in the bucket \(0\.25, 0\.5\]\); the buckets limit what can be told apart/);
  });

  it('fails a p99 that moved a bucket up, and reports each side\'s bucket', () => {
    const coarse = [0.25, 0.5, 1, '+Inf'] as const;
    const metric = judge(p99(), {
      metrics: { latency: { baseline: side([175_000, 198_900, 199_990, 200_000], coarse), canary: side([16_500, 19_700, 19_998, 20_000], coarse) } },
    }).metrics[0];
    expect(metric?.outcome).toBe('fail');
    expect(metric?.histogram?.shown).toBe('higher');
    expect(metric?.histogram?.baseline.bucket).toEqual([0.25, 0.5]);
    expect(metric?.histogram?.canary.bucket).toEqual([0.5, 1]);
    expect(metric?.summary.canary.count).toBe(20_000);
    expect(metric?.method).toMatch(/p99 difference of histograms/);
  });

  describe('levels in a family of metrics (statistics.md §5)', () => {
    // Twenty copies of one p99 metric: m = 20, so a fail rests on 99.75% intervals and a pass on 95%.
    const family = (canaryP99: number) => {
      const names = Array.from({ length: 20 }, (_, index) => `latency${index}`);
      const data = side(shaped(200_000, 0.5), fine);
      const canary = side(shaped(2_000, canaryP99), fine);
      return judge(
        { metrics: names.map((name) => ({ name, test: 'percentile' as const, percentile: 99 })) },
        { metrics: Object.fromEntries(names.map((name) => [name, { baseline: data, canary }])) },
      );
    };

    it('passes a histogram metric on the unwidened (pass) level, as it does a sample', () => {
      // Canary p99 near 0.51 s with 2,000 requests: the bucket interval reaches +8.2% at 95% but
      // +10.2% at 99.75%, so only the pass level shows it within the 10% margin.
      const judgement = family(0.51);
      const alone = judge(p99(), { metrics: { latency: { baseline: side(shaped(200_000, 0.5), fine), canary: side(shaped(2_000, 0.51), fine) } } }).metrics[0];
      expect(judgement.summary.intervalLevel).toBeCloseTo(0.9975, 10);
      expect(judgement.summary.passLevel).toBe(0.95);
      for (const metric of judgement.metrics) {
        expect(metric.outcome).toBe('pass');
        expect(metric.interval.level).toBe(0.95);
        // The same intervals as the metric judged alone (one metric: both levels are 95%).
        expect(metric.histogram).toEqual(alone?.histogram);
        expect(metric.histogram?.bucketInterval.relative?.[1] as number).toBeLessThanOrEqual(0.1);
      }
      expect(judgement.verdict).toBe('pass');
    });

    it('stays inconclusive when even the pass level does not show it within the margin, reported at the family-wise level', () => {
      const metric = family(0.53).metrics[0];
      expect(metric?.outcome).toBe('inconclusive');
      expect(metric?.interval.level).toBeCloseTo(0.9975, 10);
    });

    it('fails on the family-wise level', () => {
      const coarse = [0.25, 0.5, 1, '+Inf'] as const;
      const names = Array.from({ length: 20 }, (_, index) => `latency${index}`);
      const judgement = judge(
        { metrics: names.map((name) => ({ name, test: 'percentile' as const, percentile: 99 })) },
        {
          metrics: Object.fromEntries(
            names.map((name) => [name, { baseline: side([175_000, 198_900, 199_990, 200_000], coarse), canary: side([16_500, 19_700, 19_998, 20_000], coarse) }]),
          ),
        },
      );
      expect(judgement.metrics[0]?.outcome).toBe('fail');
      expect(judgement.metrics[0]?.interval.level).toBeCloseTo(0.9975, 10);
      expect(judgement.verdict).toBe('fail');
    });
  });

  it('property: a pass always has its bucket interval inside the margin; a fail always has the direction shown by the buckets', () => {
    const bounds = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, '+Inf'] as const;
    const counts = fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: bounds.length, maxLength: bounds.length }).map((raw) => {
      let sum = 0;
      return raw.map((count) => (sum += count));
    });
    fc.assert(
      fc.property(counts, counts, fc.constantFrom('percentile', 'mann-whitney'), fc.double({ min: 0.05, max: 3, noNaN: true }), (baseline, canary, test, margin) => {
        const config = { metrics: [{ name: 'm', test, ...(test === 'percentile' ? { percentile: 90 } : {}), margin: { relative: margin } }] };
        const metric = judge(config as never, { metrics: { m: { baseline: side(baseline, bounds), canary: side(canary, bounds) } } }).metrics[0];
        if (metric?.outcome === 'pass') {
          const high = metric.histogram?.bucketInterval.relative?.[1];
          expect(high).not.toBeNull();
          expect(high as number).toBeLessThanOrEqual(margin);
        }
        if (metric?.outcome === 'fail') expect(metric.histogram?.shown).toBe('higher');
      }),
      { numRuns: 150 },
    );
  });
});

describe('schemas', () => {
  it('the data JSON Schema describes histogram sides; the config one { histogram } queries', () => {
    expect(JSON.stringify(dataJsonSchema())).toContain('"histogram"');
    expect(JSON.stringify(dataJsonSchema())).toContain('+Inf');
    expect(JSON.stringify(configJsonSchema())).toMatch(/_bucket series of a classic histogram/);
  });

  it('a { histogram } query is refused on a rate or mean-ratio metric', () => {
    const result = safeParseConfig({ metrics: [{ name: 'x', test: 'mean-ratio', query: { histogram: 'h_bucket{v="${scope}"}' } }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toMatch(/a histogram query is for percentile and mann-whitney metrics/);
    expect(safeParseConfig({ metrics: [{ name: 'x', test: 'mann-whitney', query: { histogram: 'h_bucket{v="${scope}"}' } }] }).ok).toBe(true);
  });
});
