/**
 * The sequential mode (statistics.md §11): confidence sequences that hold uniformly over time, and
 * the verdict at each look (harm fails at any look, the verdict rule passes after minDuration,
 * marginal until maxDuration).
 */
import { describe, expect, it } from 'vitest';
import {
  createRandom,
  judge,
  normalMixtureBoundary,
  parseConfig,
  parseDurationSeconds,
  rateRatioSequence,
  safeParseConfig,
  type CanaryConfigInput,
} from 'canary-judge';
import { cleanMetric } from '../../src/judge/clean.js';
import { measureEffect } from '../../src/judge/effect.js';
import { normalQuantile } from '../../src/stats/normal-distribution.js';
import { normalSample } from './helpers.js';

const START = 1_800_000_000;
const timestamps = (count: number, step = 60, unit = 1) => Array.from({ length: count }, (_, i) => (START + i * step) * unit);
const timed = (values: number[], unit = 1) => ({ values, timestamps: timestamps(values.length, 60, unit) });

function poisson(uniform: () => number, mean: number): number {
  // Normal approximation is enough for a test's traffic; Knuth below 30.
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())));
  const limit = Math.exp(-mean);
  let product = uniform();
  let count = 0;
  while (product > limit) {
    product *= uniform();
    count++;
  }
  return count;
}

describe('normal-mixture boundary', () => {
  it('matches the closed form and exceeds the fixed-sample z at every size', () => {
    // At t = tuneAt, tρ² = c = −2 log α + log(1 − 2 log α); b² = (c + 1)/c · log((c + 1)/α²).
    const alpha = 0.05;
    const c = -2 * Math.log(alpha) + Math.log(1 - 2 * Math.log(alpha));
    expect(normalMixtureBoundary(30, alpha, 30)).toBeCloseTo(Math.sqrt(((c + 1) / c) * Math.log((c + 1) / alpha ** 2)), 12);
    for (const t of [1, 5, 17, 60, 1000, 1e6]) expect(normalMixtureBoundary(t, alpha, 17)).toBeGreaterThan(1.959963984540054);
    // Grows like √(log t) far beyond the tuning point.
    expect(normalMixtureBoundary(1e6, alpha, 17)).toBeGreaterThan(normalMixtureBoundary(1e3, alpha, 17));
  });

  it('covers a running mean at every one of 200 looks in at least 95% of seeded runs', () => {
    const uniform = createRandom('mixture coverage');
    const runs = 400;
    let missed = 0;
    for (let run = 0; run < runs; run++) {
      let sum = 0;
      for (let t = 1; t <= 200; t++) {
        sum += Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
        if (Math.abs(sum / t) > normalMixtureBoundary(t, 0.05, 20) / Math.sqrt(t)) {
          missed++;
          break;
        }
      }
    }
    // Nominal 5%; 2.2 Monte Carlo standard errors of slack at 400 runs.
    expect(missed / runs).toBeLessThanOrEqual(0.075);
    // The same 200 looks with the fixed z inflate the error far beyond 5% (the peeking problem).
    const again = createRandom('mixture coverage');
    let peeked = 0;
    for (let run = 0; run < runs; run++) {
      let sum = 0;
      for (let t = 1; t <= 200; t++) {
        sum += Math.sqrt(-2 * Math.log(1 - again())) * Math.cos(2 * Math.PI * again());
        if (Math.abs(sum / t) > 1.959963984540054 / Math.sqrt(t)) {
          peeked++;
          break;
        }
      }
    }
    expect(peeked / runs).toBeGreaterThan(0.2);
  });
});

describe('rateRatioSequence', () => {
  it('contains the estimate, is wider than the fixed-sample interval and handles zero events', () => {
    const { estimate, interval } = rateRatioSequence({ events: 100, total: 10_000 }, { events: 150, total: 10_000 }, 0.05);
    expect(estimate).toBeCloseTo(1.5, 12);
    expect(interval[0]).toBeLessThan(1.5);
    expect(interval[1]).toBeGreaterThan(1.5);
    // The exact fixed-sample interval is about [1.16, 1.94].
    expect(interval[0]).toBeLessThan(1.16);
    expect(interval[1]).toBeGreaterThan(1.94);
    expect(rateRatioSequence({ events: 0, total: 1000 }, { events: 0, total: 1000 }, 0.05)).toEqual({ estimate: null, interval: [0, Infinity] });
    const noBaseline = rateRatioSequence({ events: 0, total: 1000 }, { events: 30, total: 1000 }, 0.05);
    expect(noBaseline.estimate).toBe(Infinity);
    expect(noBaseline.interval[1]).toBe(Infinity);
    expect(noBaseline.interval[0]).toBeGreaterThan(1);
    const noCanary = rateRatioSequence({ events: 30, total: 1000 }, { events: 0, total: 1000 }, 0.05);
    expect(noCanary.interval[0]).toBe(0);
    expect(noCanary.interval[1]).toBeLessThan(1);
    expect(() => rateRatioSequence({ events: 5, total: 3 }, { events: 1, total: 10 }, 0.05)).toThrow(/events ≤ total/);
  });

  it('keeps an A/A error rate under α over 60 looks, unequal traffic included (seeded)', () => {
    const uniform = createRandom('rate sequence coverage');
    const runs = 300;
    let missed = 0;
    for (let run = 0; run < runs; run++) {
      const baseline = { events: 0, total: 0 };
      const canary = { events: 0, total: 0 };
      for (let minute = 0; minute < 60; minute++) {
        baseline.total += 1900;
        canary.total += 100;
        baseline.events += poisson(uniform, 19);
        canary.events += poisson(uniform, 1);
        if (baseline.events + canary.events === 0) continue;
        const [low, high] = rateRatioSequence(baseline, canary, 0.05).interval;
        if (low > 1 || high < 1) {
          missed++;
          break;
        }
      }
    }
    expect(missed / runs).toBeLessThanOrEqual(0.05 + 2 * Math.sqrt((0.05 * 0.95) / runs));
  });
});

describe('sequential configuration', () => {
  it('reads durations as h / m / s strings or seconds', () => {
    expect(parseDurationSeconds('1h30m')).toBe(5400);
    expect(parseDurationSeconds('90s')).toBe(90);
    expect(parseDurationSeconds(300)).toBe(300);
    expect(parseDurationSeconds('300')).toBe(300);
    expect(parseDurationSeconds('5 minutes')).toBeNull();
    const parsed = safeParseConfig({ sequential: { minDuration: '5m', maxDuration: '1h' }, metrics: [] });
    expect(parsed.ok && parsed.value.sequential).toEqual({ minDuration: 300, maxDuration: 3600 });
  });

  it('names the bad key with its path', () => {
    const bad = safeParseConfig({ sequential: { minDuration: '5 min', maxDuration: '1h', every: '1m' }, metrics: [] });
    expect(bad.ok).toBe(false);
    const paths = bad.ok ? [] : bad.issues.map((issue) => issue.path);
    expect(paths).toContain('sequential.minDuration');
    expect(paths.some((path) => path.startsWith('sequential'))).toBe(true);
    const reversed = safeParseConfig({ sequential: { minDuration: '2h', maxDuration: '1h' }, metrics: [] });
    expect(reversed.ok ? [] : reversed.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'sequential.minDuration: minDuration must be at most maxDuration, received 7200s > 3600s',
    ]);
    expect(safeParseConfig({ sequential: { minDuration: '5m' }, metrics: [] }).ok).toBe(false);
  });
});

const latency = (extra: Record<string, unknown> = {}) => ({ name: 'latency', test: 'mann-whitney' as const, margin: { relative: 0.1 }, ...extra });
const sequentialConfig = (extra: Partial<CanaryConfigInput> = {}): CanaryConfigInput => ({
  sequential: { minDuration: '30m', maxDuration: '60m' },
  metrics: [latency()],
  ...extra,
});

describe('sequential judgement', () => {
  it('says why it cannot run without timestamps, and suspects milliseconds', () => {
    const data = { metrics: { latency: { baseline: normalSample(20, 100, 2, 1), canary: normalSample(20, 100, 2, 2) } } };
    const judged = judge(sequentialConfig(), data);
    expect(judged.verdict).toBe('fail');
    expect(judged.sequential?.decidedBy).toBe('no-timestamps');
    expect(judged.sequential?.problem).toMatch(/needs timestamps on every series.*"latency" \(baseline\), "latency" \(canary\)/);
    expect(judged.explanation).toMatch(/cannot judge sequentially/);

    const inMs = { metrics: { latency: { baseline: timed(normalSample(20, 100, 2, 1), 1000), canary: timed(normalSample(20, 100, 2, 2), 1000) } } };
    expect(judge(sequentialConfig(), inMs).sequential?.problem).toMatch(/look like milliseconds.*"timestampUnit": "ms"/);
    const declared = judge(sequentialConfig(), { ...inMs, timestampUnit: 'ms' });
    expect(declared.sequential?.problem).toBeNull();
    expect(declared.sequential?.elapsed).toBe(20 * 60);
    expect(declared.summary.warnings).toEqual([]);
  });

  it('fails as soon as harm is shown, before minDuration', () => {
    const data = { metrics: { latency: { baseline: timed(normalSample(12, 100, 2, 3)), canary: timed(normalSample(12, 150, 2, 4)) } } };
    const judged = judge(sequentialConfig(), data);
    expect(judged.verdict).toBe('fail');
    expect(judged.sequential).toMatchObject({ decidedBy: 'harm', final: true, harm: ['latency'], elapsed: 720 });
    expect(judged.explanation).toMatch(/^FAIL: Sequential look after 12m of at most 1h: harm shown by latency/);
  });

  it('waits for minDuration before a pass, with the time left, then passes', () => {
    const early = { metrics: { latency: { baseline: timed(normalSample(20, 100, 2, 5)), canary: timed(normalSample(20, 100, 2, 6)) } } };
    const waiting = judge(sequentialConfig(), early);
    expect(waiting.sequential?.ruleVerdict).toBe('pass');
    expect(waiting.verdict).toBe('marginal');
    expect(waiting.sequential).toMatchObject({ decidedBy: 'keep-going', final: false, holding: [], estimatedSecondsToDecision: 600 });
    expect(waiting.explanation).toMatch(/keep going \(marginal\); waiting for the minimum of 30m; a decision is likely in about 10m/);
    const later = { metrics: { latency: { baseline: timed(normalSample(30, 100, 2, 5)), canary: timed(normalSample(30, 100, 2, 6)) } } };
    expect(judge(sequentialConfig(), later).sequential).toMatchObject({ decidedBy: 'pass', final: true });
    expect(judge(sequentialConfig(), later).verdict).toBe('pass');
  });

  it('keeps going while a metric straddles its margin, estimates when it will be decided, and is final at maxDuration', () => {
    const straddling = (count: number) => ({ metrics: { latency: { baseline: timed(normalSample(count, 100, 15, 7)), canary: timed(normalSample(count, 103, 15, 8)) } } });
    const open = judge(sequentialConfig(), straddling(40));
    expect(open.metrics[0]?.outcome).toBe('inconclusive');
    expect(open.verdict).toBe('marginal');
    expect(open.sequential?.holding).toEqual(['latency']);
    const eta = open.sequential?.estimatedSecondsToDecision;
    expect(eta).toBeGreaterThan(0);
    expect(eta).toBeLessThanOrEqual(20 * 60);
    expect(open.sequential?.metrics[0]).toMatchObject({ name: 'latency', state: 'open' });
    const atMax = judge(sequentialConfig(), straddling(60));
    expect(atMax.sequential).toMatchObject({ decidedBy: 'max-duration', final: true, holding: ['latency'] });
    expect(atMax.verdict).toBe(atMax.sequential?.ruleVerdict);
    expect(atMax.verdict).toBe('marginal');
  });

  it('passes by the judge’s own verdict rule (thresholds decide with an open metric)', () => {
    const data = {
      metrics: {
        latency: { baseline: timed(normalSample(40, 100, 2, 9)), canary: timed(normalSample(40, 100, 2, 10)) },
        cpu: { baseline: timed(normalSample(40, 100, 15, 11)), canary: timed(normalSample(40, 103, 15, 12)) },
      },
    };
    const metrics = [latency(), { name: 'cpu', test: 'mean-ratio' as const, margin: { relative: 0.1 } }];
    const strict = judge(sequentialConfig({ metrics }), data);
    expect(strict.metrics.map((metric) => metric.outcome)).toEqual(['pass', 'inconclusive']);
    expect(strict.verdict).toBe('marginal');
    const lenient = judge(sequentialConfig({ metrics, thresholds: { pass: 75, marginal: 50 } }), data);
    expect(lenient.sequential?.ruleVerdict).toBe('pass');
    expect(lenient.verdict).toBe('pass');
  });

  it('reports confidence sequences: wider than the fixed intervals of the same comparison and level, no p-values, stateless', () => {
    const data = {
      metrics: {
        latency: { baseline: timed(normalSample(40, 100, 5, 13)), canary: timed(normalSample(40, 101, 5, 14)) },
        tight: { baseline: timed(normalSample(40, 100, 5, 13)), canary: timed(normalSample(40, 101, 5, 14)) },
      },
    };
    // A sequence is held against the fixed interval of the same comparison at the same level: a
    // sequential look compares independent samples (equal timestamps would otherwise be paired), and
    // since the two-level rule (statistics.md §5) a metric is reported at the family-wise level
    // (1 − 0.05/2 here) unless only the unwidened pass level (0.95) shows it within its margin.
    const metrics = [latency({ margin: { relative: 0.066 } }), latency({ name: 'tight', margin: { relative: 0.02 } })];
    const sequence = judge(sequentialConfig({ metrics }), data).metrics;
    expect(sequence.map((metric) => [metric.outcome, metric.interval.level])).toEqual([
      ['pass', 0.95],
      ['inconclusive', 0.975],
    ]);
    const width = (interval: readonly [number | null, number | null] | null) => (interval![1] as number) - (interval![0] as number);
    for (const [index, metric] of sequence.entries()) {
      const level = metric.interval.level as number;
      const fixed = judge({ metrics: [metrics[index]!], pairing: 'none', confidenceLevel: level }, data).metrics[0]!;
      expect(fixed.interval.level).toBe(level);
      expect(width(metric.interval.relative)).toBeGreaterThan(width(fixed.interval.relative) * 1.2);
      expect(metric.estimate).toEqual(fixed.estimate);
      expect(metric.pValue).toBeNull();
      expect(metric.method).toMatch(/confidence sequence/);
    }
    expect(sequence[0]!.explanation).toMatch(/95% CS /);
    expect(JSON.stringify(judge(sequentialConfig({ metrics }), data))).toBe(JSON.stringify(judge(sequentialConfig({ metrics }), data)));
  });

  it('compares time-aligned series unpaired, and says so', () => {
    const data = { metrics: { latency: { baseline: timed(normalSample(40, 100, 5, 13)), canary: timed(normalSample(40, 101, 5, 14)) } } };
    const paired = judge({ metrics: [latency()] }, data).metrics[0]!;
    const sequence = judge(sequentialConfig(), data).metrics[0]!;
    expect(paired.pairing?.mode).toBe('time');
    expect(sequence.pairing?.mode).toBe('none');
    expect(sequence.pairing?.reason).toMatch(/sequential look compares two independent samples/);
    expect(sequence.method).not.toMatch(/paired/);
  });

  it('tests a metric from 10 points per side and judges rates with the mixture sequence', () => {
    const few = { metrics: { latency: { baseline: timed(normalSample(9, 100, 2, 15)), canary: timed(normalSample(9, 100, 2, 16)) } } };
    const judged = judge(sequentialConfig({ metrics: [latency({ minSamples: 3 })] }), few);
    expect(judged.metrics[0]).toMatchObject({ outcome: 'nodata' });
    expect(judged.metrics[0]?.reason).toMatch(/9 usable points .* from 10 points per side/);
    const uniform = createRandom('rates');
    const counts = (rate: number) => {
      const events = Array.from({ length: 30 }, () => poisson(uniform, 1000 * rate));
      return { events, total: events.map(() => 1000), timestamps: timestamps(30) };
    };
    const rates = judge(
      { sequential: { maxDuration: '1h' }, metrics: [{ name: 'errors', test: 'rate', margin: { relative: 0.25 } }] },
      { metrics: { errors: { baseline: counts(0.01), canary: counts(0.03) } } },
    );
    expect(rates.metrics[0]?.method).toMatch(/Beta-binomial mixture confidence sequence/);
    expect(rates.verdict).toBe('fail');
  });
});

describe('trend test in sequential mode', () => {
  /** Flat memory on both sides (±2 MB), per-minute points: an A/A trend canary. */
  const flat = (count: number, seed: string) => timed(normalSample(count, 475, 2, seed));
  const trendMetric = { name: 'memory', test: 'trend' as const, margin: { relative: 0.05 } };
  const trendSequential = { sequential: { minDuration: '5m', maxDuration: '60m' }, metrics: [trendMetric] } satisfies CanaryConfigInput;

  it('reports a confidence sequence: the fixed interval of the same data and level, widened about the same estimate', () => {
    const data = { metrics: { memory: { baseline: flat(30, 'trend b'), canary: flat(30, 'trend c') } } };
    const sequence = judge(trendSequential, data).metrics[0]!;
    const level = sequence.interval.level as number;
    const fixed = judge({ metrics: [trendMetric], confidenceLevel: level }, data).metrics[0]!;
    expect(fixed.interval.level).toBe(level);
    expect(sequence.estimate).toEqual(fixed.estimate);
    expect(sequence.pValue).toBeNull();
    expect(sequence.method).toMatch(/Theil-Sen/);
    expect(sequence.method).toMatch(/confidence sequence/);
    const width = (interval: readonly [number | null, number | null] | null) => (interval![1] as number) - (interval![0] as number);
    // Both ends move away from the estimate by the same factor: the normal-mixture boundary over z.
    const alpha = 1 - level;
    const tuneAt = judge(trendSequential, data).sequential!.boundary.tunedAtPoints as number;
    const factor = normalMixtureBoundary(30, alpha, tuneAt) / normalQuantile(1 - alpha / 2);
    expect(factor).toBeGreaterThan(1.2);
    for (const kind of ['absolute', 'relative'] as const) {
      // tunedAtPoints is reported to 4 significant digits, hence the 1e-3 relative tolerance.
      expect(width(sequence.interval[kind]) / width(fixed.interval[kind])).toBeCloseTo(factor, 2);
      expect(sequence.interval[kind]![0]!).toBeLessThan(fixed.interval[kind]![0]!);
      expect(sequence.interval[kind]![1]!).toBeGreaterThan(fixed.interval[kind]![1]!);
    }
  });

  it('widens monotonically in the boundary factor, and factor 1 is the fixed interval', () => {
    const metric = parseConfig({ metrics: [trendMetric] }).metrics[0]!;
    const baseline = flat(40, 'mono b');
    const canary = timed(normalSample(40, 475, 2, 'mono c').map((value, i) => value + i * 0.05));
    const cleaned = cleanMetric(metric, baseline, canary);
    expect(cleaned.problem).toBeNull();
    const at = (factor?: number) => measureEffect(metric, cleaned, { confidenceLevel: 0.95, resamples: 2000, seed: 1, ...(factor === undefined ? {} : { sequence: { factor } }) });
    const fixed = at();
    expect(at(1).absolute).toEqual(fixed.absolute);
    let previous = fixed.absolute.interval;
    for (const factor of [1.1, 1.5, 2, 3]) {
      const { interval, estimate } = at(factor).absolute;
      expect(estimate).toBe(fixed.absolute.estimate);
      expect(interval[0]).toBeLessThan(previous[0]);
      expect(interval[1]).toBeGreaterThan(previous[1]);
      previous = interval;
    }
  });

  it('covers the true slope difference (zero) at every one of 11 looks in ≥ 95% of seeded A/A runs, where peeking at the fixed interval does not', () => {
    const runs = 120;
    const looks = [10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60];
    const config = { ...trendSequential, metrics: [{ ...trendMetric, margin: { relative: 10 } }] };
    let sequentialMisses = 0;
    let fixedMisses = 0;
    for (let run = 0; run < runs; run++) {
      const baseline = normalSample(60, 475, 2, `aa trend b ${run}`);
      const canary = normalSample(60, 475, 2, `aa trend c ${run}`);
      let sequentialMissed = false;
      let fixedMissed = false;
      for (const size of looks) {
        const data = { metrics: { memory: { baseline: timed(baseline.slice(0, size)), canary: timed(canary.slice(0, size)) } } };
        const sequence = judge(config, data).metrics[0]!;
        const [low, high] = sequence.interval.absolute!;
        if (!(low! <= 0 && 0 <= high!)) sequentialMissed = true;
        const fixed = judge({ metrics: config.metrics, confidenceLevel: sequence.interval.level as number }, data).metrics[0]!;
        const [fixedLow, fixedHigh] = fixed.interval.absolute!;
        if (!(fixedLow! <= 0 && 0 <= fixedHigh!)) fixedMissed = true;
      }
      if (sequentialMissed) sequentialMisses++;
      if (fixedMissed) fixedMisses++;
    }
    // 120 runs: one Monte Carlo standard error at 5% is 2 points, so 5% + 2 SE is 9 of 120.
    // (Measured with this seed: 2 of 120 sequentially, 19 of 120 peeking at the fixed interval.)
    expect(sequentialMisses).toBeLessThanOrEqual(9);
    expect(fixedMisses).toBeGreaterThan(9);
  });
});
