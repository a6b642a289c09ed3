import { describe, expect, it } from 'vitest';
import { judge, type MetricResult } from 'canary-judge';
import { evenSample, failingSeries, inconclusiveSeries, normalSample, passingSeries } from './helpers.js';

void normalSample;

function judgeOne(metric: Record<string, unknown>, baseline: unknown, canary: unknown): MetricResult {
  const result = judge({ metrics: [{ name: 'm', ...metric }] } as never, { metrics: { m: { baseline, canary } } });
  return result.metrics[0] as MetricResult;
}

const mannWhitney = { test: 'mann-whitney', margin: { relative: 0.1 } };

describe('three-way classification', () => {
  it('pass: the interval lies inside the tolerated region', () => {
    const { baseline, canary } = passingSeries();
    const metric = judgeOne(mannWhitney, baseline, canary);
    expect(metric).toMatchObject({ outcome: 'pass', harm: null, judgedOn: 'relative', decisionSize: null });
    const [low, high] = metric.interval.relative ?? [];
    expect(low).toBeLessThanOrEqual(0);
    expect(high).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThanOrEqual(0.1);
  });

  it('fail high: the interval lies entirely above the margin', () => {
    const { baseline, canary } = failingSeries();
    const metric = judgeOne(mannWhitney, baseline, canary);
    expect(metric).toMatchObject({ outcome: 'fail', harm: 'high' });
    expect(metric.estimate.relative).toBeCloseTo(0.5, 1);
    expect(metric.estimate.absolute).toBeCloseTo(50, 0);
    expect(metric.interval.relative?.[0]).toBeGreaterThan(0.1);
  });

  it('a decrease is harmless for direction "increase" and harmful for "decrease" and "either"', () => {
    const { baseline, canary } = failingSeries();
    expect(judgeOne(mannWhitney, canary, baseline).outcome).toBe('pass');
    expect(judgeOne({ ...mannWhitney, direction: 'decrease' }, canary, baseline)).toMatchObject({ outcome: 'fail', harm: 'low' });
    expect(judgeOne({ ...mannWhitney, direction: 'either' }, canary, baseline)).toMatchObject({ outcome: 'fail', harm: 'low' });
    expect(judgeOne({ ...mannWhitney, direction: 'either' }, baseline, canary)).toMatchObject({ outcome: 'fail', harm: 'high' });
    expect(judgeOne({ ...mannWhitney, direction: 'decrease' }, baseline, canary).outcome).toBe('pass');
  });

  it('inconclusive: the interval straddles the margin, with the size that would decide it', () => {
    const { baseline, canary } = inconclusiveSeries();
    const metric = judgeOne(mannWhitney, baseline, canary);
    expect(metric.outcome).toBe('inconclusive');
    const [low, high] = metric.interval.relative ?? [];
    expect(low).toBeLessThan(0.1);
    expect(high).toBeGreaterThan(0.1);
    expect(metric.decisionSize?.measure).toBe('relative');
    expect(metric.decisionSize?.halfWidth).toBeGreaterThan(0.1);
    expect(metric.decisionSize?.samplesToDecide?.canary).toBeGreaterThan(12);
  });

  it('the estimated size does decide it when the data grows with the same shape', () => {
    const small = judgeOne(mannWhitney, evenSample(20, 100, 150), evenSample(20, 125, 150));
    expect(small.outcome).toBe('inconclusive');
    const needed = small.decisionSize?.samplesToDecide;
    expect(needed?.baseline).toBe(needed?.canary);
    expect(needed?.canary).toBeGreaterThan(20);
    const large = judgeOne(mannWhitney, evenSample(needed?.baseline ?? 0, 100, 150), evenSample(needed?.canary ?? 0, 125, 150));
    expect(large.outcome).toBe('fail');
    const justBelow = Math.floor((needed?.canary ?? 0) / 4);
    expect(judgeOne(mannWhitney, evenSample(justBelow, 100, 150), evenSample(justBelow, 125, 150)).outcome).toBe('inconclusive');
  });

  it('with relative and absolute margins, harm needs both exceeded', () => {
    const baseline = evenSample(40, 0.001, 0.0001);
    const canary = evenSample(40, 0.0015, 0.0001);
    const both = { test: 'mann-whitney', margin: { relative: 0.1, absolute: 0.01 } };
    expect(judgeOne({ ...mannWhitney }, baseline, canary).outcome).toBe('fail');
    expect(judgeOne(both, baseline, canary)).toMatchObject({ outcome: 'pass', judgedOn: 'both' });
    expect(judgeOne({ ...both, margin: { relative: 0.1, absolute: 0.0001 } }, baseline, canary)).toMatchObject({
      outcome: 'fail',
      judgedOn: 'both',
    });
  });

  it('an absolute margin alone is judged in the metric unit', () => {
    const { baseline, canary } = failingSeries();
    expect(judgeOne({ test: 'mann-whitney', margin: { absolute: 60 } }, baseline, canary)).toMatchObject({ outcome: 'pass', judgedOn: 'absolute' });
    expect(judgeOne({ test: 'mann-whitney', margin: { absolute: 40 } }, baseline, canary)).toMatchObject({ outcome: 'fail', judgedOn: 'absolute' });
  });

  it('a baseline median of 0 leaves only an absolute margin to judge with', () => {
    const baseline = [...Array(30).fill(0), 1, 2, 3];
    const canary = [...Array(30).fill(0), 1, 2, 3];
    const relativeOnly = judgeOne(mannWhitney, baseline, canary);
    expect(relativeOnly).toMatchObject({ outcome: 'inconclusive', judgedOn: null });
    expect(relativeOnly.reason).toBe('relative change undefined (the baseline median is 0); add an absolute margin to judge this metric');
    const both = judgeOne({ test: 'mann-whitney', margin: { relative: 0.1, absolute: 0.5 } }, baseline, canary);
    expect(both).toMatchObject({ outcome: 'pass', judgedOn: 'absolute' });
    expect(both.reason).toBe('relative change undefined (the baseline median is 0): judged on the absolute margin alone');
  });

  it('constant series: equal ones pass, different ones fail', () => {
    expect(judgeOne(mannWhitney, Array(20).fill(5), Array(20).fill(5)).outcome).toBe('pass');
    expect(judgeOne(mannWhitney, Array(20).fill(5), Array(20).fill(7))).toMatchObject({ outcome: 'fail', harm: 'high' });
  });

  it('percentile: compares the quantiles', () => {
    const baseline = normalSample(2000, 100, 10, 'pb');
    const shifted = normalSample(2000, 100, 10, 'pc').map((value) => (value > 115 ? value * 1.5 : value));
    const metric = judgeOne({ test: 'percentile', percentile: 99, margin: { relative: 0.1 } }, baseline, shifted);
    expect(metric).toMatchObject({ outcome: 'fail', harm: 'high', pValue: null, adjustedPValue: null });
    expect(metric.method).toMatch(/^p99 difference, percentile bootstrap/);
  });

  it('mean-ratio: relative is ratio − 1; a non-positive baseline mean leaves the absolute margin', () => {
    const metric = judgeOne({ test: 'mean-ratio', margin: { relative: 0.1 } }, evenSample(30, 100, 10), evenSample(30, 130, 10));
    expect(metric).toMatchObject({ outcome: 'fail', harm: 'high' });
    expect(metric.estimate.relative).toBeCloseTo(0.3, 10);
    const negative = judgeOne({ test: 'mean-ratio', margin: { relative: 0.1 } }, evenSample(30, -100, 10), evenSample(30, -100, 10));
    expect(negative).toMatchObject({ outcome: 'inconclusive', judgedOn: null });
    expect(negative.reason).toMatch(/the baseline mean is negative/);
    const absolute = judgeOne({ test: 'mean-ratio', margin: { relative: 0.1, absolute: 5 } }, evenSample(30, -100, 10), evenSample(30, -100, 10));
    expect(absolute).toMatchObject({ outcome: 'pass', judgedOn: 'absolute' });
  });

  it('rate: errors against a zero baseline fail with an unbounded relative interval', () => {
    const metric = judgeOne(
      { test: 'rate', margin: { relative: 0.25, absolute: 0.001 } },
      { events: [0, 0, 0], total: [50_000, 50_000, 50_000] },
      { events: [10, 12, 8], total: [2000, 2000, 2000] },
    );
    expect(metric).toMatchObject({ outcome: 'fail', harm: 'high', judgedOn: 'both' });
    expect(metric.estimate.relative).toBeNull();
    expect(metric.interval.relative?.[1]).toBeNull();
    expect(metric.estimate.absolute).toBeCloseTo(0.005, 10);
    expect(metric.interval.absolute?.[0]).toBeGreaterThan(0.001);
  });

  it('rate: no events on either side passes on an absolute margin, and cannot be judged on a relative one', () => {
    const baseline = { events: [0, 0], total: [50_000, 50_000] };
    const canary = { events: [0, 0], total: [10_000, 10_000] };
    expect(judgeOne({ test: 'rate', margin: { relative: 0.25, absolute: 0.001 } }, baseline, canary)).toMatchObject({ outcome: 'pass' });
    const relativeOnly = judgeOne({ test: 'rate', margin: { relative: 0.25 } }, baseline, canary);
    expect(relativeOnly.outcome).toBe('inconclusive');
    expect(relativeOnly.reason).toBe('relative change undefined (there are no events on either side); add an absolute margin to judge this metric');
  });

  it('error: a test that cannot run is an error with the reason, never a pass', () => {
    // Two values near the largest double: every mean and variance overflows.
    const metric = judgeOne({ test: 'mean-ratio', minSamples: 2 }, [1e308, 1.7e308], [1.7e308, 1.7e308]);
    expect(metric.outcome).toBe('error');
    expect(metric.reason).toBe('mean-ratio test returned an undefined (NaN) result');
    expect(metric.credit).toBe(0);
  });

  it('nodata: too few values for the test itself, whatever minSamples allows', () => {
    const ratio = judgeOne({ test: 'mean-ratio', minSamples: 1 }, [5], [6]);
    expect(ratio).toMatchObject({ outcome: 'nodata', credit: null });
    expect(ratio.reason).toBe('baseline has 1 usable value; the ratio of means needs at least 2 per side (for a variance)');
    // 3 and 3 values: the exact Mann-Whitney interval reaches 90% at most, so nothing is decided at 95%
    // (it would have been a "fail" on a 90% interval, labelled 95%).
    const ranks = judgeOne({ ...mannWhitney, minSamples: 1 }, [1, 2, 3], [40, 50, 60]);
    expect(ranks).toMatchObject({ outcome: 'nodata', credit: null });
    expect(ranks.reason).toBe(
      '3 baseline and 3 canary values cannot give a 95% interval (the exact Mann-Whitney interval reaches at most 90%); about 4 values per side are needed',
    );
    // 4 and 4 reach 97.1%: decided.
    expect(judgeOne({ ...mannWhitney, minSamples: 1 }, [1, 2, 3, 4], [40, 50, 60, 70]).outcome).toBe('fail');
  });

  it('nodata: nothing usable is nodata with a reason', () => {
    const metric = judgeOne(mannWhitney, [null, null], ['NaN']);
    expect(metric).toMatchObject({ outcome: 'nodata', credit: null });
    expect(metric.reason).toBe('baseline has 0 usable values after cleaning (2 points given); need at least 10 (minSamples)');
  });
});
