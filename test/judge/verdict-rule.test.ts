/**
 * The decision rule of issue 12 end to end through `judge`: pass means safe to promote, fail means
 * roll back (shown harm, or something required that cannot be measured), marginal means more data
 * would decide, and names the metrics and how much more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judge } from 'canary-judge';
import { evenSample, failingSeries, inconclusiveSeries, passingSeries } from './helpers.js';

const metric = (name: string, extra: Record<string, unknown> = {}) => ({ name, test: 'mann-whitney' as const, margin: { relative: 0.1 }, ...extra });

/** `count` passing metrics named p0, p1, … with their data. */
function passing(count: number): { metrics: ReturnType<typeof metric>[]; data: Record<string, unknown> } {
  const metrics = Array.from({ length: count }, (_, index) => metric(`p${index}`));
  const data = Object.fromEntries(metrics.map((entry) => [entry.name, passingSeries()]));
  return { metrics, data };
}

/** Inconclusive data whose estimate (+15%) already lies beyond a 10% margin. */
function leaningSeries(): { baseline: number[]; canary: number[] } {
  return { baseline: evenSample(12, 100, 60), canary: evenSample(12, 115, 60) };
}

describe('fail: harm shown, or something required cannot be measured', () => {
  it('one failing metric among 19 passing ones fails at a score of exactly the pass threshold', () => {
    const { metrics, data } = passing(19);
    const result = judge({ metrics: [...metrics, metric('memory')] }, { metrics: { ...data, memory: failingSeries() } });
    expect(result.score).toBe(95);
    expect(result).toMatchObject({ verdict: 'fail', summary: { decidedBy: 'harm', waitingOn: [] } });
    expect(result.metrics.at(-1)).toMatchObject({ outcome: 'fail', veto: true });
    // The plain score rule passes the same canary: the difference the evidence rule exists for.
    expect(judge({ verdictRule: 'score', metrics: [...metrics, metric('memory')] }, { metrics: { ...data, memory: failingSeries() } }).verdict).toBe('pass');
  });

  it('a critical metric with an empty canary series (or none) never passes, whatever the others do', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 25 }), fc.constantFrom('empty', 'absent'), (count, how) => {
        const { metrics, data } = passing(count);
        const memoryData = how === 'empty' ? { memory: { baseline: passingSeries().baseline, canary: [] } } : {};
        const result = judge({ metrics: [...metrics, metric('memory', { critical: true })] }, { metrics: { ...data, ...memoryData } });
        expect(result.verdict).toBe('fail');
        expect(result.summary.decidedBy).toBe('critical');
        expect(result.metrics.at(-1)).toMatchObject({ outcome: 'nodata', dataShortfall: 'missing', required: true, veto: true });
      }),
      { numRuns: 20 },
    );
  });

  it('a required metric whose query returned nothing fails, naming the source reason', () => {
    const { metrics, data } = passing(5);
    const result = judge(
      { metrics: [...metrics, metric('memory', { required: true })] },
      { metrics: { ...data, memory: { baseline: passingSeries().baseline, canary: [], noDataReasons: { canary: 'query returned no series: "mem{version=\\"v2\\"}"' } } } },
    );
    expect(result).toMatchObject({ verdict: 'fail', summary: { decidedBy: 'unmeasured' } });
    expect(result.metrics.at(-1)?.reason).toBe('canary series is empty (0 points): query returned no series: "mem{version=\\"v2\\"}"');
  });

  it('a required metric that errors fails; so does any scored metric that errors', () => {
    const bad = { baseline: { events: [1], total: [2] }, canary: [1] };
    const { metrics, data } = passing(5);
    for (const extra of [{ required: true }, {}]) {
      const result = judge({ metrics: [...metrics, metric('memory', extra)] }, { metrics: { ...data, memory: bad } });
      expect(result).toMatchObject({ verdict: 'fail', summary: { decidedBy: 'harm' } });
      expect(result.explanation).toContain('"memory" could not be judged (error)');
    }
  });

  it('a metric that is not required and has no data is left out (loudly), and does not fail the canary', () => {
    const { metrics, data } = passing(3);
    const result = judge({ metrics: [...metrics, metric('memory')] }, { metrics: data });
    expect(result.verdict).toBe('pass');
    expect(result.explanation).toContain('left out of the score: memory (nodata)');
  });
});

describe('marginal: more data would decide, and the verdict says which metrics and how much', () => {
  it('an inconclusive metric whose estimate lies beyond its margin holds a score that would pass', () => {
    const { metrics, data } = passing(19);
    const result = judge({ metrics: [...metrics, metric('memory')] }, { metrics: { ...data, memory: leaningSeries() } });
    expect(result.score).toBe(97.5);
    expect(result.metrics.at(-1)).toMatchObject({ outcome: 'inconclusive', leansToHarm: true });
    expect(result).toMatchObject({ verdict: 'marginal', summary: { decidedBy: 'held' } });
    expect(result.summary.waitingOn).toEqual([{ metric: 'memory', why: 'leans-to-harm', moreData: result.metrics.at(-1)?.moreData }]);
    expect(result.explanation).toMatch(/more data would decide: memory \(inconclusive, its estimate already beyond the margin: about \d+ more values per side\)/);
  });

  it('an inconclusive metric whose estimate is inside its margin does not hold a passing score', () => {
    const { metrics, data } = passing(19);
    const result = judge({ metrics: [...metrics, metric('memory')] }, { metrics: { ...data, memory: inconclusiveSeries() } });
    expect(result.metrics.at(-1)).toMatchObject({ outcome: 'inconclusive', leansToHarm: false });
    expect(result).toMatchObject({ verdict: 'pass', summary: { decidedBy: 'score', waitingOn: [] } });
  });

  it('a required metric with some data but too few values is marginal with what is needed, in values and time', () => {
    const { metrics, data } = passing(19);
    const timed = (values: number[]) => ({ values, timestamps: values.map((_, index) => 1_700_000_000 + 60 * index) });
    const result = judge(
      { metrics: [...metrics, metric('memory', { required: true })] },
      { metrics: { ...data, memory: { baseline: timed(evenSample(6, 100, 4)), canary: timed(evenSample(4, 100, 4)) } } },
    );
    expect(result.metrics.at(-1)).toMatchObject({
      outcome: 'nodata',
      dataShortfall: 'too-few',
      veto: false,
      // 10 values per side needed (minSamples); the canary gets one a minute, so 6 more take 6 minutes.
      moreData: { kind: 'minimum', unit: 'values', needed: { baseline: 10, canary: 10 }, more: { baseline: 4, canary: 6 }, seconds: 360 },
    });
    expect(result).toMatchObject({ verdict: 'marginal', summary: { decidedBy: 'held', waitingOn: [{ metric: 'memory', why: 'not-enough-data' }] } });
    expect(result.metrics.at(-1)?.explanation).toContain('about 4 more baseline and 6 more canary values (about 6 more minutes at this traffic) needed → nodata');
  });

  it('an inconclusive metric names the time that would likely decide it at the observed rate', () => {
    const values = inconclusiveSeries();
    const timed = (series: number[]) => ({ values: series, timestamps: series.map((_, index) => 1_700_000_000_000 + 60_000 * index) });
    // Independent samples (pairing "none"): the same timestamps on both sides would otherwise be judged as pairs.
    const result = judge({ pairing: 'none', metrics: [metric('latency')] }, { metrics: { latency: { baseline: timed(values.baseline), canary: timed(values.canary) } } });
    const moreData = result.metrics[0]?.moreData;
    expect(moreData?.kind).toBe('decide');
    // Epoch milliseconds, one point a minute: each missing value is a minute of traffic.
    expect(moreData?.seconds).toBe(60 * Math.max(moreData?.more.baseline ?? 0, moreData?.more.canary ?? 0));
    expect(result.metrics[0]?.explanation).toMatch(/would likely decide it \(about [\d.]+ more (hours|minutes|days) at this traffic\)$/);
  });

  it('pass is never given with a fail, a leaning metric or a waiting required metric (random mixes)', () => {
    const kinds = ['pass', 'fail', 'lean', 'inside', 'few', 'missing'] as const;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...kinds), { minLength: 1, maxLength: 8 }), (list) => {
        const config = list.map((kind, index) => metric(`m${index}`, kind === 'few' || kind === 'missing' ? { required: true } : {}));
        const data: Record<string, unknown> = {};
        list.forEach((kind, index) => {
          const series =
            kind === 'pass' ? passingSeries() : kind === 'fail' ? failingSeries() : kind === 'lean' ? leaningSeries() : kind === 'inside' ? inconclusiveSeries() : kind === 'few' ? { baseline: [1, 2, 3], canary: [1, 2] } : undefined;
          if (series !== undefined) data[`m${index}`] = series;
        });
        const result = judge({ metrics: config }, { metrics: data });
        const outcomes = result.metrics.map((entry) => entry.outcome);
        if (list.includes('fail') || list.includes('missing')) expect(result.verdict).toBe('fail');
        else if (list.includes('few') || outcomes.some((outcome, index) => outcome === 'inconclusive' && result.metrics[index]?.leansToHarm)) expect(result.verdict).toBe('marginal');
        if (result.verdict === 'marginal') expect(result.summary.waitingOn.length).toBeGreaterThan(0);
        else expect(result.summary.waitingOn).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('configuration and data mistakes are loud', () => {
  it('a relative margin above 1 is accepted with a warning naming the tolerated change', () => {
    const result = judge({ metrics: [metric('cpu', { margin: { relative: 10 } })] }, { metrics: { cpu: passingSeries() } });
    expect(result.summary.warnings).toContain(
      'metric "cpu": margin.relative is 10, so a change of up to +1000% is tolerated (relative margins are fractions: 0.1 = 10%); did you mean 0.1?',
    );
  });

  it('a data key that differs from a configured metric by case, spacing or punctuation gets a did-you-mean, and the nodata reason names it', () => {
    const result = judge(
      { metrics: [metric('cpu'), metric('p99 latency')] },
      { metrics: { CPU: passingSeries(), 'p99_Latency': passingSeries() } },
    );
    expect(result.summary.warnings).toEqual([
      'data for "CPU" was ignored: no metric of that name is configured; did you mean "cpu"? (names must match exactly)',
      'data for "p99_Latency" was ignored: no metric of that name is configured; did you mean "p99 latency"? (names must match exactly)',
    ]);
    expect(result.metrics.map((entry) => entry.reason)).toEqual([
      'no data for this metric; the data has "CPU": did you mean that key? (names must match exactly)',
      'no data for this metric; the data has "p99_Latency": did you mean that key? (names must match exactly)',
    ]);
    // Nothing is scored, so the canary is not promoted.
    expect(result.verdict).toBe('fail');
  });

  it('a key that matches exactly is never offered as a did-you-mean for another metric', () => {
    const result = judge({ metrics: [metric('cpu'), metric('CPU')] }, { metrics: { cpu: passingSeries(), CPU: passingSeries() } });
    expect(result.summary.warnings).toEqual([]);
  });
});
