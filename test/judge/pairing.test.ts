import { describe, expect, it } from 'vitest';
import { ConfigValidationError, judge, renderHtml, renderMarkdown, renderText, type MetricConfigInput } from 'canary-judge';
import { createRandom } from '../../src/shared/random.js';

const STEP = 60;
const times = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => 1_800_000_000 + STEP * (i + offset));

function normals(seed: string): () => number {
  const uniform = createRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Per-minute values driven by a strong shared load, with a little own noise per side. */
function loaded(seed: string, n: number, change = 0): { baseline: number[]; canary: number[] } {
  const normal = normals(seed);
  const load = Array.from({ length: n }, () => 100 * Math.exp(0.6 * normal()));
  return {
    baseline: load.map((value) => value * Math.exp(0.03 * normal())),
    canary: load.map((value) => value * (1 + change) * Math.exp(0.03 * normal())),
  };
}

const metric = (test: 'mann-whitney' | 'mean-ratio', extra: Partial<MetricConfigInput> = {}): MetricConfigInput => ({
  name: 'm',
  test,
  margin: { relative: 0.1 },
  ...extra,
});

describe('pairing', () => {
  it('auto pairs when the sides share their timestamps, and says so', () => {
    const { baseline, canary } = loaded('auto', 60);
    const result = judge({ metrics: [metric('mann-whitney')] }, { metrics: { m: { baseline: { values: baseline, timestamps: times(60) }, canary: { values: canary, timestamps: times(60) } } } });
    const m = result.metrics[0]!;
    expect(m.pairing).toMatchObject({ requested: 'auto', mode: 'time', pairs: 60, shared: { baseline: 1, canary: 1 } });
    expect(m.pairing!.reason).toMatch(/100% of the baseline's and 100% of the canary's points share a timestamp/);
    expect(m.method).toMatch(/^paired shift on 60 time-aligned pairs/);
    expect(m.pairing!.differences!.values).toHaveLength(60);
    expect(result.summary.pairedMetrics).toBe(1);
  });

  it('pairing removes the shared load: paired passes where independent samples cannot tell', () => {
    const { baseline, canary } = loaded('load', 60, 0.02);
    const data = { metrics: { m: { baseline: { values: baseline, timestamps: times(60) }, canary: { values: canary, timestamps: times(60) } } } };
    for (const test of ['mann-whitney', 'mean-ratio'] as const) {
      const paired = judge({ metrics: [metric(test)] }, data).metrics[0]!;
      const independent = judge({ pairing: 'none', metrics: [metric(test)] }, data).metrics[0]!;
      expect(paired.outcome).toBe('pass');
      expect(independent.outcome).toBe('inconclusive');
      expect(independent.pairing).toMatchObject({ requested: 'none', mode: 'none', pairs: null, differences: null });
      const width = (interval: readonly [number | null, number | null] | null) => (interval![1]! - interval![0]!) / 2;
      expect(width(paired.interval.relative)).toBeLessThan(width(independent.interval.relative) / 3);
      expect(paired.estimate.relative!).toBeGreaterThan(0.005);
      expect(paired.estimate.relative!).toBeLessThan(0.035);
    }
  });

  it('a regression shown on pairs fails', () => {
    const { baseline, canary } = loaded('regression', 60, 0.3);
    const data = { metrics: { m: { baseline: { values: baseline, timestamps: times(60) }, canary: { values: canary, timestamps: times(60) } } } };
    expect(judge({ metrics: [metric('mann-whitney')] }, data).metrics[0]!.outcome).toBe('fail');
    expect(judge({ metrics: [metric('mean-ratio')] }, data).metrics[0]!.outcome).toBe('fail');
  });

  it('auto falls back to independent samples below 90% shared timestamps; time pairs anyway', () => {
    const { baseline, canary } = loaded('shift', 60);
    // The canary's window starts 10 steps later: 50 of 60 points shared (83%).
    const data = { metrics: { m: { baseline: { values: baseline, timestamps: times(60) }, canary: { values: canary, timestamps: times(60, 10) } } } };
    const auto = judge({ metrics: [metric('mean-ratio')] }, data).metrics[0]!;
    expect(auto.pairing!.mode).toBe('none');
    expect(auto.pairing!.reason).toMatch(/only 83\.3% of the baseline's and 83\.3% of the canary's points share a timestamp \(pairing needs 90% of both\)/);
    const forced = judge({ metrics: [metric('mean-ratio', { pairing: 'time' })] }, data).metrics[0]!;
    expect(forced.pairing).toMatchObject({ requested: 'time', mode: 'time', pairs: 50 });
  });

  it('without timestamps: auto judges independent samples, time is an error with the reason', () => {
    const { baseline, canary } = loaded('plain', 30);
    const data = { metrics: { m: { baseline, canary } } };
    const auto = judge({ metrics: [metric('mann-whitney')] }, data).metrics[0]!;
    expect(auto.pairing).toMatchObject({ mode: 'none', reason: 'Neither side has timestamps: judged as two independent samples' });
    const forced = judge({ pairing: 'time', metrics: [metric('mann-whitney')] }, data).metrics[0]!;
    expect(forced.outcome).toBe('error');
    expect(forced.reason).toBe('pairing "time" needs timestamps on both sides, but neither side has timestamps');
  });

  it('keeps only pairs whose two points survive cleaning', () => {
    const { baseline, canary } = loaded('missing', 40);
    const withGaps = canary.map((value, i) => (i % 10 === 0 ? null : value));
    const data = { metrics: { m: { baseline: { values: baseline, timestamps: times(40) }, canary: { values: withGaps, timestamps: times(40) } } } };
    const result = judge({ metrics: [metric('mean-ratio')] }, data).metrics[0]!;
    expect(result.pairing).toMatchObject({ mode: 'time', pairs: 36 });
  });

  it('the percentile test stays unpaired; asking it for time pairing is a config error', () => {
    const { baseline, canary } = loaded('pct', 200);
    const data = { metrics: { p: { baseline: { values: baseline, timestamps: times(200) }, canary: { values: canary, timestamps: times(200) } } } };
    const result = judge({ pairing: 'time', metrics: [{ name: 'p', test: 'percentile', percentile: 90 }] }, data).metrics[0]!;
    expect(result.pairing!.mode).toBe('none');
    expect(result.pairing!.reason).toMatch(/no paired form/);
    expect(() => judge({ metrics: [{ name: 'p', test: 'percentile', percentile: 90, pairing: 'time' }] }, data)).toThrow(ConfigValidationError);
  });

  it('rates are stratified by time step, and fall back to the exact test without events on one side', () => {
    const total = Array.from({ length: 30 }, (_, i) => 1000 + 500 * (i % 3));
    const events = total.map((value) => Math.round(value * 0.01));
    const series = (e: number[]) => ({ events: e, total, timestamps: times(30) });
    const config = { metrics: [{ name: 'r', test: 'rate' as const, margin: { relative: 0.5 } }] };
    const paired = judge(config, { metrics: { r: { baseline: series(events), canary: series(events) } } }).metrics[0]!;
    expect(paired.pairing!.mode).toBe('time');
    expect(paired.method).toMatch(/Mantel–Haenszel, 30 steps/);
    expect(paired.estimate.relative).toBeCloseTo(0, 12);
    const none = judge(config, { metrics: { r: { baseline: series(events.map(() => 0)), canary: series(events) } } }).metrics[0]!;
    expect(none.pairing!.mode).toBe('none');
    expect(none.pairing!.reason).toMatch(/needs events on both sides: judged as two independent samples \(exact test\)/);
    expect(none.method).toMatch(/^rate ratio/);
  });
});

describe('levels: pass at the confidence level, fail at the family-wise level', () => {
  it('reports both levels and uses the unwidened one only for a pass', () => {
    const names = Array.from({ length: 20 }, (_, i) => `m${i}`);
    const metrics: Record<string, unknown> = {};
    names.forEach((name, index) => {
      const { baseline, canary } = loaded(`levels ${index}`, 30, 0.04);
      metrics[name] = { baseline: { values: baseline, timestamps: times(30) }, canary: { values: canary, timestamps: times(30) } };
    });
    const result = judge({ metrics: names.map((name) => ({ name, test: 'mean-ratio', margin: { relative: 0.1 } })) }, { metrics });
    expect(result.summary.passLevel).toBe(0.95);
    expect(result.summary.intervalLevel).toBeCloseTo(1 - 0.05 / 20, 15);
    for (const m of result.metrics) {
      if (m.outcome === 'pass') expect([0.95, result.summary.intervalLevel]).toContain(m.interval.level);
      else expect(m.interval.level).toBe(result.summary.intervalLevel);
    }
    // At least one metric passed only thanks to the pass level: its family-wise interval straddles.
    const rescued = result.metrics.filter((m) => m.outcome === 'pass' && m.interval.level === 0.95);
    expect(rescued.length).toBeGreaterThan(0);
    for (const m of rescued) {
      const alone = judge({ confidenceLevel: result.summary.intervalLevel, metrics: [{ name: m.name, test: 'mean-ratio', margin: { relative: 0.1 } }] }, { metrics: { [m.name]: metrics[m.name] } }).metrics[0]!;
      expect(alone.outcome).toBe('inconclusive');
    }
  });

  it('one metric alone has one level', () => {
    const { baseline, canary } = loaded('single', 30);
    const result = judge({ metrics: [metric('mean-ratio')] }, { metrics: { m: { baseline: { values: baseline, timestamps: times(30) }, canary: { values: canary, timestamps: times(30) } } } });
    expect(result.summary.passLevel).toBe(result.summary.intervalLevel);
  });
});

describe('reports show the comparison', () => {
  it('text and Markdown name the mode; HTML plots the per-step differences only when paired', () => {
    const { baseline, canary } = loaded('report', 60);
    const data = { metrics: { m: { baseline: { values: baseline, timestamps: times(60) }, canary: { values: canary, timestamps: times(60) } } } };
    const paired = judge({ metrics: [metric('mean-ratio')] }, data);
    const independent = judge({ pairing: 'none', metrics: [metric('mean-ratio')] }, data);
    expect(renderText(paired)).toMatch(/paired \(60\)/);
    expect(renderMarkdown(independent)).toMatch(/\| independent \|/);
    const html = renderHtml(paired, { data });
    expect(html).toContain('Per-step differences (paired)');
    expect(html).toContain('aria-label="per-step differences canary minus baseline"');
    expect(html).toContain('paired on 60 time-aligned steps');
    expect(renderHtml(independent, { data })).not.toContain('Per-step differences (paired)');
  });
});
