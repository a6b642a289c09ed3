/**
 * The trend test through the judge (issue 17): the slow-leak story, a flat canary, timestamps and
 * their unit, the explanation in rates and projections, and the climb data-quality note.
 */
import { describe, expect, it } from 'vitest';
import { configJsonSchema, dataJsonSchema, judge } from 'canary-judge';
import { normalSample } from './helpers.js';

const START = 1_764_900_000;
/** 30 per-minute timestamps in epoch seconds. */
const seconds = Array.from({ length: 30 }, (_, i) => START + 60 * i);
const noise = (seed: string) => normalSample(30, 0, 2, seed);
/** Baseline memory flat at 475 MB with ±2 MB noise. */
const flatBaseline = noise('baseline').map((e) => 475 + e);
/** The story: canary memory climbing 475 → 553 MB over 30 minutes. */
const climbingCanary = noise('canary').map((e, i) => 475 + (78 * i) / 29 + e);
const flatCanary = noise('flat canary').map((e) => 475 + e);

const leakConfig = { metrics: [{ name: 'memory', test: 'trend' as const, margin: { relative: 0.05 } }] };
const timed = (values: number[], timestamps: number[] = seconds) => ({ values, timestamps });

describe('trend test: the slow-leak story', () => {
  it('fails a canary climbing 475 → 553 MB in 30 minutes against a 5%/h margin, in rates and projections', () => {
    const result = judge(leakConfig, { metrics: { memory: { baseline: timed(flatBaseline), canary: timed(climbingCanary) } } });
    expect(result.verdict).toBe('fail');
    const memory = result.metrics[0]!;
    expect(memory.outcome).toBe('fail');
    expect(memory.harm).toBe('high');
    // 78 MB in 29 minutes is 161 MB/h, 34% of 475 MB per hour.
    expect(memory.estimate.absolute).toBeGreaterThan(140);
    expect(memory.estimate.absolute).toBeLessThan(180);
    expect(memory.estimate.relative).toBeGreaterThan(0.29);
    expect(memory.estimate.relative).toBeLessThan(0.38);
    expect(memory.interval.relative![0]).toBeGreaterThan(0.05);
    expect(memory.explanation).toMatch(/^canary memory grows [\d.]+%\/h faster than the baseline \(95% CI [\d.]+% to [\d.]+%\/h\), above the allowed \+5%\/h; at this rate it is \d+% above the baseline after 4 hours → fail$/);
    // The projection: the gap now plus four hours of the slope difference.
    const trend = memory.trend!;
    expect(trend.gapProjected!).toBeCloseTo(trend.gapNow! + 4 * memory.estimate.relative!, 9);
    expect(trend.canary.start.time).toBe(seconds[0]);
    expect(trend.canary.end.time).toBe(seconds[29]);
    expect(trend.canary.end.value - trend.canary.start.value).toBeGreaterThan(60);
    expect(memory.method).toContain('Theil-Sen');
    // The climb is named as such, never as a counter reset.
    expect(memory.dataQuality.map((issue) => issue.check)).toEqual(['climb']);
  });

  it('passes a flat canary', () => {
    const result = judge(leakConfig, { metrics: { memory: { baseline: timed(flatBaseline), canary: timed(flatCanary) } } });
    expect(result.verdict).toBe('pass');
    expect(result.metrics[0]!.explanation).toMatch(/within the allowed \+5%\/h → pass$/);
    expect(result.metrics[0]!.dataQuality).toEqual([]);
  });

  it('takes an absolute margin in units per hour, and both', () => {
    const data = { metrics: { memory: { baseline: timed(flatBaseline), canary: timed(climbingCanary) } } };
    const absolute = judge({ metrics: [{ name: 'memory', test: 'trend', margin: { absolute: 50 } }] }, data).metrics[0]!;
    expect(absolute.outcome).toBe('fail');
    expect(absolute.explanation).toContain('/h (in its unit) faster');
    const loose = judge({ metrics: [{ name: 'memory', test: 'trend', margin: { absolute: 1000, relative: 0.05 } }] }, data).metrics[0]!;
    expect(loose.outcome).toBe('pass');
    expect(loose.judgedOn).toBe('both');
  });

  it('direction decrease fails a falling canary and passes the climbing one', () => {
    const falling = climbingCanary.map((value) => 950 - value);
    const config = { metrics: [{ name: 'memory', test: 'trend' as const, direction: 'decrease' as const, margin: { relative: 0.05 } }] };
    const down = judge(config, { metrics: { memory: { baseline: timed(flatBaseline), canary: timed(falling) } } }).metrics[0]!;
    expect(down.outcome).toBe('fail');
    expect(down.harm).toBe('low');
    expect(down.explanation).toContain('slower than the baseline');
    expect(down.explanation).toContain('below the baseline after 4 hours');
    const up = judge(config, { metrics: { memory: { baseline: timed(flatBaseline), canary: timed(climbingCanary) } } }).metrics[0]!;
    expect(up.outcome).toBe('pass');
  });

  it('is inconclusive on a short, noisy window and says how long a window would decide', () => {
    const short = seconds.slice(0, 12);
    const noisy = (seed: string, slope: number) => normalSample(12, 0, 10, seed).map((e, i) => 475 + e + slope * i);
    const result = judge(leakConfig, {
      metrics: { memory: { baseline: timed(noisy('b', 0), short), canary: timed(noisy('c', 0.3), short) } },
    }).metrics[0]!;
    expect(result.outcome).toBe('inconclusive');
    expect(result.explanation).toMatch(/with 12 points per side over 11 minutes, slope differences under ±[\d.]+%\/h cannot be told apart; about \d+ points per side \(a window of about [\d.]+ (minutes|hours)( at this step)?\) would likely decide it → inconclusive$/);
    // The slope's variance falls as n³, so the window grows as the cube root of the variance factor.
    expect(result.decisionSize!.samplesToDecide!.baseline).toBeLessThan(12 * 100);
  });
});

describe('trend test: timestamps', () => {
  it('without timestamps is nodata with the reason', () => {
    const result = judge(leakConfig, { metrics: { memory: { baseline: flatBaseline, canary: timed(climbingCanary) } } }).metrics[0]!;
    expect(result.outcome).toBe('nodata');
    expect(result.reason).toContain('baseline has no timestamps; the trend test needs them');
    expect(result.explanation).toContain('→ nodata');
  });

  it('reads milliseconds with data.timestampUnit "ms" and gives the same slope', () => {
    const inSeconds = judge(leakConfig, { metrics: { memory: { baseline: timed(flatBaseline), canary: timed(climbingCanary) } } }).metrics[0]!;
    const ms = seconds.map((time) => time * 1000);
    const inMs = judge(leakConfig, {
      timestampUnit: 'ms',
      metrics: { memory: { baseline: timed(flatBaseline, ms), canary: timed(climbingCanary, ms) } },
    });
    expect(inMs.summary.warnings).toEqual([]);
    expect(inMs.metrics[0]!.estimate.relative).toBeCloseTo(inSeconds.estimate.relative!, 12);
    expect(inMs.metrics[0]!.trend!.canary.end.time).toBe(ms[29]);
  });

  it('refuses milliseconds read as seconds, and an unknown unit', () => {
    const ms = seconds.map((time) => time * 1000);
    const mistaken = judge(leakConfig, { metrics: { memory: { baseline: timed(flatBaseline, ms), canary: timed(climbingCanary, ms) } } }).metrics[0]!;
    expect(mistaken.outcome).toBe('error');
    expect(mistaken.reason).toContain('set data.timestampUnit to "ms"');
    const unknown = judge(leakConfig, { timestampUnit: 'minutes', metrics: { memory: { baseline: timed(flatBaseline), canary: timed(climbingCanary) } } }).metrics[0]!;
    expect(unknown.outcome).toBe('error');
    expect(unknown.reason).toBe('data.timestampUnit must be "s" or "ms", received "minutes"');
  });

  it('is nodata when every point shares one time, and honours minSamples and warm-up', () => {
    const same = seconds.map(() => START);
    const stuck = judge(leakConfig, { metrics: { memory: { baseline: timed(flatBaseline, same), canary: timed(climbingCanary, same) } } }).metrics[0]!;
    expect(stuck.outcome).toBe('nodata');
    expect(stuck.reason).toContain('share one timestamp');
    const warm = judge({ metrics: [{ name: 'memory', test: 'trend', warmupPoints: 25 }] }, {
      metrics: { memory: { baseline: timed(flatBaseline), canary: timed(climbingCanary) } },
    }).metrics[0]!;
    expect(warm.outcome).toBe('nodata');
    expect(warm.reason).toContain('need at least 10 (minSamples)');
  });

  it('keeps timestamps aligned through missing values and outlier removal', () => {
    const gappy: (number | null)[] = [...climbingCanary];
    gappy[3] = null;
    gappy[17] = 1e6;
    const result = judge({ metrics: [{ name: 'memory', test: 'trend', margin: { relative: 0.05 }, outliers: { strategy: 'iqr' } }] }, {
      metrics: { memory: { baseline: timed(flatBaseline), canary: { values: gappy, timestamps: seconds } } },
    }).metrics[0]!;
    expect(result.sizes.canary.after).toBe(28);
    const full = judge(leakConfig, { metrics: { memory: { baseline: timed(flatBaseline), canary: timed(climbingCanary) } } }).metrics[0]!;
    expect(result.estimate.absolute! / full.estimate.absolute!).toBeGreaterThan(0.95);
    expect(result.estimate.absolute! / full.estimate.absolute!).toBeLessThan(1.05);
  });

  it('is in the JSON Schemas of the config and the data', () => {
    const schema = JSON.stringify(configJsonSchema());
    expect(schema).toContain('"trend"');
    const data = dataJsonSchema() as { properties: Record<string, { enum?: string[] }> };
    expect(data.properties['timestampUnit']?.enum).toEqual(['s', 'ms']);
  });
});

describe('climb data-quality note', () => {
  it('names a climbing canary under any test and suggests the trend test', () => {
    for (const test of ['mann-whitney', 'mean-ratio'] as const) {
      const result = judge({ metrics: [{ name: 'memory', test }] }, { metrics: { memory: { baseline: flatBaseline, canary: climbingCanary } } });
      const notes = result.metrics[0]!.dataQuality;
      expect(notes.map((issue) => `${issue.check}:${issue.side}`)).toEqual(['climb:canary']);
      expect(notes[0]!.message).toContain('climbs steadily through the window');
      expect(notes[0]!.message).toContain('"test": "trend"');
      expect(notes[0]!.message).not.toContain('reset');
    }
  });

  it('stays quiet when both sides climb (a shared trend, e.g. traffic) and for flat canaries', () => {
    const both = judge({ metrics: [{ name: 'memory', test: 'mann-whitney' }] }, {
      metrics: { memory: { baseline: climbingCanary.map((value) => value - 1), canary: climbingCanary } },
    });
    expect(both.metrics[0]!.dataQuality.filter((issue) => issue.check === 'climb')).toEqual([]);
    const flat = judge({ metrics: [{ name: 'memory', test: 'mann-whitney' }] }, { metrics: { memory: { baseline: flatBaseline, canary: flatCanary } } });
    expect(flat.metrics[0]!.dataQuality).toEqual([]);
  });
});

describe('trend test under the verdict rule and the two levels', () => {
  const short = seconds.slice(0, 12);
  const noisy = (seed: string, slope: number) => normalSample(12, 0, 10, seed).map((e, i) => 475 + e + slope * i);
  const cpu = { baseline: normalSample(30, 50, 1, 'cpu baseline'), canary: normalSample(30, 50, 1, 'cpu canary') };

  it('a fail is harm: the canary fails even when the other metrics outweigh it in the score', () => {
    const result = judge(
      { metrics: [{ name: 'memory', test: 'trend', margin: { relative: 0.05 }, weight: 0.01 }, { name: 'cpu', test: 'mann-whitney', weight: 100 }] },
      { metrics: { memory: { baseline: timed(flatBaseline), canary: timed(climbingCanary) }, cpu } },
    );
    expect(result.metrics.map((metric) => metric.outcome)).toEqual(['fail', 'pass']);
    expect(result.score).toBeGreaterThanOrEqual(95);
    expect(result.verdict).toBe('fail');
    expect(result.summary.decidedBy).toBe('harm');
  });

  it('a required trend metric without timestamps is unmeasured and fails the canary; not required, it is left out', () => {
    const data = { metrics: { memory: { baseline: flatBaseline, canary: flatCanary }, cpu } };
    const required = judge({ metrics: [{ name: 'memory', test: 'trend', required: true }, { name: 'cpu', test: 'mann-whitney' }] }, data);
    expect(required.metrics[0]!.outcome).toBe('nodata');
    expect(required.metrics[0]!.dataShortfall).toBe('missing');
    expect(required.verdict).toBe('fail');
    expect(required.summary.decidedBy).toBe('unmeasured');
    const optional = judge({ metrics: [{ name: 'memory', test: 'trend' }, { name: 'cpu', test: 'mann-whitney' }] }, data);
    expect(optional.verdict).toBe('pass');
  });

  it('a required trend metric with fewer than 3 points waits for more data (marginal), whatever minSamples says', () => {
    const two = seconds.slice(0, 2);
    const result = judge(
      { metrics: [{ name: 'memory', test: 'trend', required: true, minSamples: 1 }, { name: 'cpu', test: 'mann-whitney' }] },
      { metrics: { memory: { baseline: timed(flatBaseline.slice(0, 2), two), canary: timed(flatCanary.slice(0, 2), two) }, cpu } },
    );
    const memory = result.metrics[0]!;
    expect(memory.outcome).toBe('nodata');
    expect(memory.dataShortfall).toBe('too-few');
    expect(memory.reason).toContain('the trend test needs at least 3 per side');
    expect(result.verdict).toBe('marginal');
    expect(result.summary.waitingOn.map((waiting) => `${waiting.metric}:${waiting.why}`)).toEqual(['memory:not-enough-data']);
  });

  it('an inconclusive slope leaning toward harm holds the verdict at marginal, with the time that would decide it', () => {
    const result = judge(
      { metrics: [{ name: 'memory', test: 'trend', margin: { relative: 0.05 }, weight: 0.01 }, { name: 'cpu', test: 'mann-whitney', weight: 100 }] },
      { metrics: { memory: { baseline: timed(noisy('b', 0), short), canary: timed(noisy('c', 0.8), short) }, cpu } },
    );
    const memory = result.metrics[0]!;
    expect(memory.outcome).toBe('inconclusive');
    expect(memory.estimate.relative!).toBeGreaterThan(0.05);
    expect(memory.interval.relative![0]!).toBeLessThan(0.05);
    expect(memory.leansToHarm).toBe(true);
    expect(result.score).toBeGreaterThanOrEqual(95);
    expect(result.verdict).toBe('marginal');
    expect(result.summary.decidedBy).toBe('held');
    const waiting = result.summary.waitingOn[0]!;
    expect(waiting.why).toBe('leans-to-harm');
    // The trend's decision size grows as the cube root of the variance factor; at one point a minute,
    // the extra time is one minute per extra point.
    expect(waiting.moreData!.seconds).toBe(60 * (waiting.moreData!.needed.canary - 12));
  });

  it('a pass rests on the unwidened confidence level, a fail on the family-wise one', () => {
    const spread = (seed: string) => normalSample(30, 0, 9, seed).map((e) => 475 + e);
    const memory = { baseline: timed(spread('b')), canary: timed(spread('c')) };
    const family = judge(
      { metrics: [{ name: 'memory', test: 'trend', margin: { relative: 0.05 } }, { name: 'cpu', test: 'mann-whitney' }] },
      { metrics: { memory, cpu } },
    );
    expect(family.summary.intervalLevel).toBe(0.975);
    expect(family.summary.passLevel).toBe(0.95);
    // Too wide to show it within 5%/h at 97.5%, but within at 95%: a pass at the pass level.
    const alone = judge({ metrics: [{ name: 'memory', test: 'trend', margin: { relative: 0.05 } }], confidenceLevel: 0.975 }, { metrics: { memory } });
    expect(alone.metrics[0]!.outcome).toBe('inconclusive');
    expect(family.metrics[0]!.outcome).toBe('pass');
    expect(family.metrics[0]!.interval.level).toBe(0.95);
    expect(family.metrics[0]!.explanation).toContain('(95% CI');
    const leak = judge(
      { metrics: [{ name: 'memory', test: 'trend', margin: { relative: 0.05 } }, { name: 'cpu', test: 'mann-whitney' }] },
      { metrics: { memory: { baseline: timed(flatBaseline), canary: timed(climbingCanary) }, cpu } },
    );
    expect(leak.metrics[0]!.outcome).toBe('fail');
    expect(leak.metrics[0]!.interval.level).toBe(0.975);
    expect(leak.metrics[0]!.explanation).toContain('(97.5% CI');
  });
});

describe('trend test: pairing and sequential mode', () => {
  const story = { metrics: { memory: { baseline: timed(flatBaseline), canary: timed(climbingCanary) } } };
  const flat = { metrics: { memory: { baseline: timed(flatBaseline), canary: timed(flatCanary) } } };
  const trendMetric = { name: 'memory', test: 'trend' as const, margin: { relative: 0.05 } };

  it('is unpaired by nature: "time" (top level or per metric) and "auto" judge the two slopes and say why', () => {
    const unpaired = judge({ pairing: 'none', metrics: [trendMetric] }, story).metrics[0]!;
    for (const config of [{ pairing: 'time' as const, metrics: [trendMetric] }, { metrics: [{ ...trendMetric, pairing: 'time' as const }] }, { metrics: [trendMetric] }]) {
      const memory = judge(config, story).metrics[0]!;
      expect(memory.pairing).toMatchObject({ mode: 'none', pairs: null });
      expect(memory.pairing!.reason).toBe('the trend test compares the slope of each side over time and has no paired form: judged as two independent series');
      // The same numbers as asking for no pairing: the request changes only the stated reason.
      expect(memory.outcome).toBe('fail');
      expect(memory.interval).toEqual(unpaired.interval);
      expect(memory.estimate).toEqual(unpaired.estimate);
    }
  });

  it('in sequential mode its interval is a confidence sequence: the leak still fails at once, a flat canary passes after minDuration', () => {
    const sequential = { minDuration: '5m', maxDuration: '60m' };
    const leak = judge({ sequential, metrics: [trendMetric] }, story);
    expect(leak.verdict).toBe('fail');
    expect(leak.sequential).toMatchObject({ decidedBy: 'harm', final: true, harm: ['memory'] });
    const memory = leak.metrics[0]!;
    expect(memory.pValue).toBeNull();
    expect(memory.method).toContain('confidence sequence');
    // Wider than the fixed-sample interval at the same level, around the same estimate.
    const fixed = judge({ metrics: [trendMetric] }, story).metrics[0]!;
    expect(memory.estimate.relative).toBeCloseTo(fixed.estimate.relative!, 9);
    expect(memory.interval.relative![0]!).toBeLessThan(fixed.interval.relative![0]!);
    expect(memory.interval.relative![1]!).toBeGreaterThan(fixed.interval.relative![1]!);

    // A flat canary: never harm; at a 10%/h margin the wider sequence still shows it within after 30 minutes.
    const steady = judge({ sequential, metrics: [{ ...trendMetric, margin: { relative: 0.1 } }] }, flat);
    expect(steady.sequential!.harm).toEqual([]);
    expect(steady.verdict).toBe('pass');
    expect(steady.sequential).toMatchObject({ decidedBy: 'pass', final: true });
  });
});
