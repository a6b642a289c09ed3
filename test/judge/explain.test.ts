import { describe, expect, it } from 'vitest';
import { judge } from 'canary-judge';
import { evenSample, failingSeries, inconclusiveSeries, passingSeries } from './helpers.js';

describe('metric explanations', () => {
  const result = judge(
    {
      multipleComparisons: 'none',
      metrics: [
        { name: 'latency', test: 'mann-whitney', margin: { relative: 0.1 } },
        { name: 'cpu', test: 'mann-whitney', direction: 'either', margin: { relative: 0.1 } },
        { name: 'memory', test: 'mann-whitney', margin: { relative: 0.1 } },
        { name: 'throughput', test: 'mann-whitney', direction: 'decrease', margin: { absolute: 20 } },
        { name: 'errors', test: 'rate', margin: { relative: 0.25, absolute: 0.001 }, critical: true },
        { name: 'disk', test: 'mann-whitney' },
        { name: 'gc', test: 'mean-ratio', nan: 'fail' },
        { name: 'queue', test: 'mann-whitney', margin: { relative: 0.1 } },
      ],
    },
    {
      metrics: {
        latency: failingSeries(),
        cpu: passingSeries(),
        memory: inconclusiveSeries(),
        throughput: { baseline: failingSeries().canary, canary: failingSeries().baseline },
        errors: { baseline: { events: [0, 0], total: [40_000, 40_000] }, canary: { events: [9, 11], total: [2000, 2000] } },
        gc: { baseline: [1, 2, null], canary: [1, 2, 3] },
        queue: { baseline: [...Array(20).fill(0), 1, 2], canary: [...Array(20).fill(0), 1, 2] },
      },
    },
  );
  const lines = Object.fromEntries(result.metrics.map((metric) => [metric.name, metric.explanation]));

  it('fail, with the numbers and the margin', () => {
    expect(lines.latency).toMatchInlineSnapshot(`"latency +50% (95% CI +49.3% to +50.7%) is above the allowed +10% → fail"`);
    expect(lines.throughput).toMatchInlineSnapshot(`"throughput -50 absolute (95% CI -50.5 to -49.5) is below the allowed -20 → fail"`);
    expect(lines.errors).toMatchInlineSnapshot(`"errors 0% → 0.5% (0 of 80,000 → 20 of 4,000): +0.005 absolute (95% CI +0.00324 to +0.00771) and +∞ (95% CI +9770% to +∞) are both above the allowed +0.001 and +25% → fail"`);
  });

  it('pass', () => {
    expect(lines.cpu).toMatchInlineSnapshot(`"cpu 0% (95% CI -0.498% to +0.502%) is within the allowed ±10% → pass"`);
  });

  it('inconclusive, with what cannot be told apart and the size that would decide', () => {
    expect(lines.memory).toMatchInlineSnapshot(`"memory +5% (95% CI -9.11% to +22.6%) straddles the allowed +10% → inconclusive: with 12 values per side, changes under ±15.9% cannot be told apart; about 247 values per side would likely decide it"`);
    expect(lines.queue).toMatchInlineSnapshot(`"queue: relative change undefined (the baseline median is 0); add an absolute margin to judge this metric → inconclusive"`);
  });

  it('nodata and error', () => {
    expect(lines.disk).toMatchInlineSnapshot(`"disk: no data for this metric → nodata"`);
    expect(lines.gc).toMatchInlineSnapshot(`"gc: baseline has 1 missing value (first at index 2) and nan is "fail" → error"`);
  });

  it('the verdict names the metrics that decided it and what they cost', () => {
    expect(result.explanation).toMatchInlineSnapshot(`"fail: score 28.6 of 100 (pass at 95 or more, marginal at 75 or more); critical metric "errors" (fail) fails the canary regardless of the score; "latency", "throughput" show harm; "gc" could not be judged (error): a scored metric that fails or errors fails the canary whatever the score; points lost: latency fail -14.3 (weight 1 of 7), throughput fail -14.3 (weight 1 of 7), errors fail -14.3 (weight 1 of 7), gc error -14.3 (weight 1 of 7), memory inconclusive -7.1 (weight 1 of 7), queue inconclusive -7.1 (weight 1 of 7); left out of the score: disk (nodata)."`);
  });
});

describe('verdict explanations', () => {
  it('says what would have flipped a marginal verdict (rule "score")', () => {
    const result = judge(
      { verdictRule: 'score', metrics: [{ name: 'a', test: 'mann-whitney', weight: 4 }, { name: 'b', test: 'mann-whitney' }] },
      { metrics: { a: passingSeries(), b: failingSeries() } },
    );
    expect(result.explanation).toMatchInlineSnapshot(`"marginal: score 80 of 100 (pass at 95 or more, marginal at 75 or more); points lost: b fail -20 (weight 1 of 5); had b passed, the score would be 100 (pass)."`);
  });

  it('a failing metric fails the canary at a score that would pass (rule "evidence"), and says what would have flipped it', () => {
    const result = judge(
      { metrics: [{ name: 'a', test: 'mann-whitney', weight: 19 }, { name: 'b', test: 'mann-whitney' }] },
      { metrics: { a: passingSeries(), b: failingSeries() } },
    );
    expect(result.explanation).toMatchInlineSnapshot(`"fail: score 95 of 100 (pass at 95 or more, marginal at 75 or more); "b" shows harm: a scored metric that fails or errors fails the canary whatever the score; points lost: b fail -5 (weight 1 of 20); had b passed, the score would be 100 (pass)."`);
  });

  it('all passing', () => {
    const result = judge({ metrics: [{ name: 'a', test: 'mann-whitney' }] }, { metrics: { a: passingSeries() } });
    expect(result.explanation).toMatchInlineSnapshot(`"pass: score 100 of 100 (pass at 95 or more, marginal at 75 or more); every scored metric passed."`);
  });

  it('unequal sizes report the canary size that would decide', () => {
    const result = judge(
      { metrics: [{ name: 'a', test: 'mann-whitney' }] },
      { metrics: { a: { baseline: evenSample(400, 100, 200), canary: evenSample(12, 105, 200) } } },
    );
    expect(result.metrics[0]?.explanation).toMatchInlineSnapshot(`"a +5% (95% CI -31.3% to +42.4%) straddles the allowed +10% → inconclusive: with 400 baseline and 12 canary values, changes under ±36.8% cannot be told apart; about 44371 baseline and 1332 canary values would likely decide it"`);
  });
});

describe('rate metrics: the rates first, and the absolute change leads when the baseline rate is near zero (issue 12)', () => {
  /** `events` of `total` spread evenly over 10 steps. */
  const counts = (events: number, total: number) => {
    const spread = (value: number) => Array.from({ length: 10 }, (_, i) => Math.floor((value * (i + 1)) / 10) - Math.floor((value * i) / 10));
    return { events: spread(events), total: spread(total) };
  };
  const explain = (baseline: [number, number], canary: [number, number]) =>
    judge({ metrics: [{ name: 'errors', test: 'rate', margin: { relative: 0.5, absolute: 0.001 } }] }, { metrics: { errors: { baseline: counts(...baseline), canary: counts(...canary) } } })
      .metrics[0]!.explanation;

  it('0.098% → 7.58%: the rates, then the absolute change, and the huge ratio only after it', () => {
    const line = explain([12, 12_230], [901, 11_887]);
    expect(line.startsWith('errors 0.0981% → 7.58% (12 of 12,230 → 901 of 11,887): +0.0748 absolute')).toBe(true);
    expect(line.indexOf('absolute')).toBeLessThan(line.indexOf('+7620%'));
    expect(line).toMatch(/→ fail$/);
  });

  it('comparable rates: the rates, then the ratio first', () => {
    const line = explain([120, 12_230], [160, 11_887]);
    expect(line.startsWith('errors 0.981% → 1.35% (120 of 12,230 → 160 of 11,887): +37.2%')).toBe(true);
    expect(line.indexOf('+37.2%')).toBeLessThan(line.indexOf('absolute'));
  });
});
