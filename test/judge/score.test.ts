import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judge } from 'canary-judge';
import { scoreOutcomes, type Outcome, type ScoringInput, type Verdict } from '../../src/judge/score.js';
import { failingSeries, inconclusiveSeries, passingSeries } from './helpers.js';

type Kind = 'pass' | 'fail' | 'inconclusive' | 'nodata' | 'error';

/** Data producing the wanted outcome for a default Mann-Whitney metric with a 10% margin. */
function seriesFor(kind: Kind): unknown {
  if (kind === 'pass') return passingSeries();
  if (kind === 'fail') return failingSeries();
  if (kind === 'inconclusive') return inconclusiveSeries();
  if (kind === 'error') return { baseline: { events: [1], total: [2] }, canary: [1] };
  return undefined;
}

function run(metrics: { kind: Kind; extra?: Record<string, unknown> }[], config: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = {};
  const configured = metrics.map(({ kind, extra }, index) => {
    const name = `m${index}`;
    const series = seriesFor(kind);
    if (series !== undefined) data[name] = series;
    return { name, test: 'mann-whitney', margin: { relative: 0.1 }, ...extra };
  });
  const result = judge({ ...config, metrics: configured } as never, { metrics: data });
  return result;
}

describe('credits and score', () => {
  it('produces each outcome from the helpers', () => {
    const result = run([{ kind: 'pass' }, { kind: 'fail' }, { kind: 'inconclusive' }, { kind: 'nodata' }, { kind: 'error' }]);
    expect(result.metrics.map((metric) => metric.outcome)).toEqual(['pass', 'fail', 'inconclusive', 'nodata', 'error']);
    expect(result.metrics.map((metric) => metric.credit)).toEqual([1, 0, 0.5, null, 0]);
    expect(result.score).toBeCloseTo((100 * 1.5) / 4, 10);
    expect(result.summary.outcomes).toEqual({ pass: 1, fail: 1, inconclusive: 1, nodata: 1, error: 1 });
  });

  it('weights the credits', () => {
    const result = run([{ kind: 'pass', extra: { weight: 3 } }, { kind: 'fail', extra: { weight: 1 } }]);
    expect(result.score).toBe(75);
    // Under "evidence" the failing metric fails the canary whatever the score; the plain rule reads the score.
    expect(result.verdict).toBe('fail');
    expect(run([{ kind: 'pass', extra: { weight: 3 } }, { kind: 'fail', extra: { weight: 1 } }], { verdictRule: 'score' }).verdict).toBe('marginal');
    expect(result.metrics.map((metric) => metric.pointsLost)).toEqual([0, 25]);
  });

  it('inconclusive credit is configurable', () => {
    expect(run([{ kind: 'inconclusive' }], { inconclusiveCredit: 0.8 }).score).toBe(80);
    expect(run([{ kind: 'inconclusive' }], { inconclusiveCredit: 0 }).score).toBe(0);
  });

  it('verdict thresholds are inclusive', () => {
    const plain = { verdictRule: 'score' };
    const twoOfThree = [{ kind: 'pass' as const }, { kind: 'pass' as const }, { kind: 'fail' as const }];
    expect(run(twoOfThree, { ...plain, thresholds: { pass: 66, marginal: 50 } }).verdict).toBe('pass');
    expect(run([{ kind: 'pass' }, { kind: 'fail' }], { ...plain, thresholds: { pass: 60, marginal: 50 } }).verdict).toBe('marginal');
    expect(run([{ kind: 'pass' }, { kind: 'fail' }], { ...plain, thresholds: { pass: 60, marginal: 51 } }).verdict).toBe('fail');
    // Under "evidence", with an inconclusive metric (its estimate inside the margin) instead: 3 pass + 1 inconclusive = 87.5.
    const threeAndOne = [{ kind: 'pass' as const }, { kind: 'pass' as const }, { kind: 'pass' as const }, { kind: 'inconclusive' as const }];
    expect(run(threeAndOne, { thresholds: { pass: 87.5, marginal: 50 } }).verdict).toBe('pass');
    expect(run(threeAndOne, { thresholds: { pass: 87.6, marginal: 50 } }).verdict).toBe('marginal');
  });

  it('option thresholds replace the config ones and are reported', () => {
    const config = { metrics: [{ name: 'a', test: 'mann-whitney' as const }] };
    const result = judge(config, { metrics: { a: passingSeries() } }, { thresholds: { pass: 100, marginal: 100 } });
    expect(result.thresholds).toEqual({ pass: 100, marginal: 100 });
    expect(result.verdict).toBe('pass');
  });
});

describe('verdict rule: a score below marginal without shown harm', () => {
  const allInconclusive = Array.from({ length: 4 }, () => ({ kind: 'inconclusive' as const }));

  it('"evidence" (the default) makes it marginal, decided by the inconclusive metrics', () => {
    const result = run(allInconclusive);
    expect(result.score).toBe(50);
    expect(result.verdict).toBe('marginal');
    expect(result.summary.decidedBy).toBe('inconclusive');
    expect(result.summary.verdictRule).toBe('evidence');
    expect(result.explanation).toMatch(
      /^marginal: score 50 of 100 .*; no metric shows harm \(none failed or errored\); only 4 inconclusive metrics hold the score below marginal \(the data cannot tell yet\) → marginal, not fail/,
    );
    expect(result.explanation).toContain('had m0 passed, the score would be 62.5 (marginal)');
  });

  it('"score" fails on the score alone', () => {
    const result = run(allInconclusive, { verdictRule: 'score' });
    expect(result.verdict).toBe('fail');
    expect(result.summary.decidedBy).toBe('score');
    expect(result.explanation).toContain('had m0 passed, the score would be 62.5 (fail)');
  });

  it('one failing metric among inconclusive ones fails the canary under both rules', () => {
    // 1 fail + 4 inconclusive: score 40.
    for (const [verdictRule, decidedBy] of [['evidence', 'harm'], ['score', 'score']]) {
      const result = run([{ kind: 'fail' }, ...allInconclusive], { verdictRule });
      expect(result.score).toBe(40);
      expect(result.verdict).toBe('fail');
      expect(result.summary.decidedBy).toBe(decidedBy);
    }
  });

  it('an error or a required metric without data is shown harm; a muted failure or a plain nodata is not', () => {
    expect(run([{ kind: 'error' }, { kind: 'inconclusive' }]).verdict).toBe('fail');
    expect(run([{ kind: 'nodata', extra: { required: true } }, { kind: 'inconclusive' }]).verdict).toBe('fail');
    const mutedFail = run([{ kind: 'fail', extra: { muted: true } }, ...allInconclusive]);
    expect(mutedFail.verdict).toBe('marginal');
    expect(mutedFail.summary.decidedBy).toBe('inconclusive');
    const plainNodata = run([{ kind: 'nodata' }, ...allInconclusive]);
    expect(plainNodata.verdict).toBe('marginal');
  });

  it('changes nothing at or above marginal, and never overrides a critical veto', () => {
    const threePassOneInconclusive = [{ kind: 'pass' as const }, { kind: 'pass' as const }, { kind: 'pass' as const }, { kind: 'inconclusive' as const }];
    expect(run(threePassOneInconclusive).verdict).toBe('marginal');
    expect(run(threePassOneInconclusive).summary.decidedBy).toBe('score');
    const vetoed = run([{ kind: 'fail', extra: { critical: true, weight: 0.01 } }, ...allInconclusive]);
    expect(vetoed.verdict).toBe('fail');
    expect(vetoed.summary.decidedBy).toBe('critical');
  });

  it('the "had it passed" sentence applies the same rule', () => {
    // fail (weight 2) + inconclusive + pass: score 37.5. Had m0 passed: 87.5, marginal.
    const metrics = [{ kind: 'fail' as const, extra: { weight: 2 } }, { kind: 'inconclusive' as const }, { kind: 'pass' as const }];
    expect(run(metrics).explanation).toContain('had m0 passed, the score would be 87.5 (marginal)');
    // fail (weight 1) + 5 inconclusive (weight 1): score 41.7; had m0 passed, 58.3 with no harm left → marginal; under "score", fail.
    const fiveInconclusive = [{ kind: 'fail' as const }, ...allInconclusive, { kind: 'inconclusive' as const }];
    expect(run(fiveInconclusive).explanation).toContain('had m0 passed, the score would be 58.3 (marginal)');
    expect(run(fiveInconclusive, { verdictRule: 'score' }).explanation).toContain('had m0 passed, the score would be 58.3 (fail)');
  });

  it('rejects an unknown rule with its path', () => {
    expect(() => run(allInconclusive, { verdictRule: 'lenient' })).toThrow(/verdictRule/);
  });
});

describe('verdict rule properties (pure scoring)', () => {
  const outcomes: Outcome[] = ['pass', 'fail', 'inconclusive', 'nodata', 'error'];
  const metricArbitrary = fc.record({
    outcome: fc.constantFrom(...outcomes),
    weight: fc.double({ min: 0.01, max: 100, noNaN: true }),
    critical: fc.boolean(),
    required: fc.boolean(),
    muted: fc.boolean(),
  });
  const thresholdsArbitrary = fc
    .tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }))
    .map(([a, b]) => ({ pass: Math.max(a, b), marginal: Math.min(a, b) }));
  const rank: Record<Verdict, number> = { fail: 0, marginal: 1, pass: 2 };
  type Listed = { outcome: Outcome; weight: number; critical: boolean; required: boolean; muted: boolean; leansToHarm: boolean; dataShortfall: 'missing' | 'too-few' };
  const listedArbitrary = fc
    .tuple(metricArbitrary, fc.boolean(), fc.constantFrom('missing' as const, 'too-few' as const))
    .map(([metric, leansToHarm, dataShortfall]): Listed => ({ ...metric, leansToHarm, dataShortfall }));
  /** Each step makes a metric strictly less favourable to the canary. */
  const worse = (metric: Listed): Partial<Listed>[] => {
    if (metric.outcome === 'pass') return [{ outcome: 'inconclusive', leansToHarm: false }, { outcome: 'inconclusive', leansToHarm: true }, { outcome: 'fail' }, { outcome: 'error' }];
    if (metric.outcome === 'inconclusive') return [...(metric.leansToHarm ? [] : [{ leansToHarm: true }]), { outcome: 'fail' }, { outcome: 'error' }];
    if (metric.outcome === 'fail') return [{ outcome: 'error' }];
    if (metric.outcome === 'nodata' && metric.dataShortfall === 'too-few') return [{ dataShortfall: 'missing' }];
    return [];
  };
  const inputs = (list: Listed[]): ScoringInput[] => list.map((metric, index) => ({ name: `m${index}`, group: null, ...metric }));
  const harmful = (metric: Listed) => !metric.muted && (metric.outcome === 'fail' || metric.outcome === 'error');
  const unmeasured = (metric: Listed) => !metric.muted && metric.required && metric.outcome === 'nodata' && metric.dataShortfall === 'missing';
  const holding = (metric: Listed) =>
    !metric.muted && ((metric.outcome === 'inconclusive' && metric.leansToHarm) || (metric.outcome === 'nodata' && metric.required && metric.dataShortfall === 'too-few'));

  it('"evidence": fail exactly on shown harm, an unmeasured required metric or nothing scored; pass exactly with the score and nothing holding it', () => {
    fc.assert(
      fc.property(fc.array(listedArbitrary, { maxLength: 12 }), thresholdsArbitrary, fc.double({ min: 0, max: 1, noNaN: true }), (list, thresholds, credit) => {
        const evidence = scoreOutcomes(inputs(list), thresholds, credit, 'evidence');
        const plain = scoreOutcomes(inputs(list), thresholds, credit, 'score');
        expect(evidence.score).toBe(plain.score);
        expect(evidence.harmShown).toBe(list.some(harmful));
        const nothingScored = plain.decidedBy === 'nothing-scored';
        const fails = list.some(harmful) || list.some(unmeasured) || nothingScored;
        expect(evidence.verdict === 'fail').toBe(fails);
        expect(evidence.verdict === 'pass').toBe(!fails && evidence.score >= thresholds.pass && !list.some(holding));
        // The evidence rule never passes what the plain rule would not.
        if (evidence.verdict === 'pass') expect(plain.verdict).toBe('pass');
        if (evidence.verdict === 'fail' && !nothingScored) {
          expect(['critical', 'harm', 'unmeasured']).toContain(evidence.decidedBy);
          expect(evidence.metrics.some((metric) => metric.veto)).toBe(true);
        }
      }),
    );
  });

  it('any scored metric that fails makes the verdict fail (never pass), whatever the score and thresholds', () => {
    fc.assert(
      fc.property(fc.array(listedArbitrary, { maxLength: 12 }), fc.nat(), listedArbitrary, thresholdsArbitrary, (list, at, extra, thresholds) => {
        const position = at % (list.length + 1);
        const withFail = [...list.slice(0, position), { ...extra, outcome: 'fail' as const, muted: false }, ...list.slice(position)];
        const result = scoreOutcomes(inputs(withFail), thresholds, 0.5, 'evidence');
        expect(result.verdict).toBe('fail');
        expect(result.metrics[position]?.veto).toBe(true);
      }),
    );
  });

  it('under "evidence" a fail verdict always rests on shown harm, an unmeasured required metric or nothing to score', () => {
    fc.assert(
      fc.property(fc.array(listedArbitrary, { maxLength: 12 }), thresholdsArbitrary, (list, thresholds) => {
        const result = scoreOutcomes(inputs(list), thresholds, 0.5, 'evidence');
        if (result.verdict === 'fail') expect(list.some(harmful) || list.some(unmeasured) || result.decidedBy === 'nothing-scored').toBe(true);
      }),
    );
  });

  it('making one metric worse never improves the verdict, under either rule', () => {
    fc.assert(
      fc.property(
        fc.array(listedArbitrary, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.nat(),
        thresholdsArbitrary,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('evidence' as const, 'score' as const),
        (list, at, pick, thresholds, credit, rule) => {
          const index = at % list.length;
          const metric = list[index]!;
          const options = worse(metric);
          fc.pre(options.length > 0);
          const worsened = list.map((entry, i) => (i === index ? { ...entry, ...options[pick % options.length]! } : entry));
          const before = scoreOutcomes(inputs(list), thresholds, credit, rule);
          const after = scoreOutcomes(inputs(worsened), thresholds, credit, rule);
          expect(rank[after.verdict]).toBeLessThanOrEqual(rank[before.verdict]);
          expect(after.score).toBeLessThanOrEqual(before.score + 1e-9);
        },
      ),
    );
  });
});

describe('critical, required and muted', () => {
  it('a failing critical metric fails the canary whatever the score', () => {
    const metrics = Array.from({ length: 20 }, () => ({ kind: 'pass' as Kind }));
    const result = run([...metrics, { kind: 'fail', extra: { critical: true } }]);
    expect(result.score).toBeGreaterThan(95);
    expect(result).toMatchObject({ verdict: 'fail', summary: { decidedBy: 'critical' } });
    expect(result.metrics.at(-1)?.veto).toBe(true);
  });

  it('a critical metric that errors fails the canary', () => {
    const result = run([{ kind: 'pass' }, { kind: 'error', extra: { critical: true } }]);
    expect(result).toMatchObject({ verdict: 'fail', summary: { decidedBy: 'critical' } });
  });

  it('critical implies required: a critical metric without data fails the canary; with required: false it is left out with a warning', () => {
    for (const verdictRule of ['evidence', 'score']) {
      const implied = run([{ kind: 'pass' }, { kind: 'nodata', extra: { critical: true } }], { verdictRule });
      expect(implied).toMatchObject({ verdict: 'fail', summary: { decidedBy: 'critical' } });
      expect(implied.metrics[1]).toMatchObject({ required: true, veto: true, dataShortfall: 'missing' });
    }
    const optional = run([{ kind: 'pass' }, { kind: 'nodata', extra: { critical: true, required: false } }]);
    expect(optional.verdict).toBe('pass');
    expect(optional.metrics[1]?.required).toBe(false);
    expect(optional.explanation).toContain('warning: critical metric without data left out (m1) because required is false');
  });

  it('an inconclusive critical metric does not veto', () => {
    const result = run([{ kind: 'pass', extra: { weight: 9 } }, { kind: 'inconclusive', extra: { critical: true } }]);
    expect(result).toMatchObject({ verdict: 'pass', score: 95, summary: { decidedBy: 'score' } });
  });

  it('a required metric without data counts 0 and fails the canary as unmeasured', () => {
    const result = run([{ kind: 'pass' }, { kind: 'nodata', extra: { required: true } }]);
    expect(result.metrics[1]?.credit).toBe(0);
    expect(result.score).toBe(50);
    expect(result).toMatchObject({ verdict: 'fail', summary: { decidedBy: 'unmeasured' } });
    expect(result.explanation).toContain('required metric "m1" cannot be measured (no data) and fails the canary');
  });

  it('muted metrics are judged and reported but not scored, and never veto', () => {
    const result = run([{ kind: 'pass' }, { kind: 'fail', extra: { muted: true, critical: true } }]);
    expect(result.metrics[1]).toMatchObject({ outcome: 'fail', credit: null, veto: false, pointsLost: 0 });
    expect(result).toMatchObject({ verdict: 'pass', score: 100 });
    expect(result.metrics[1]?.explanation).toMatch(/\(muted: not scored\)$/);
  });
});

describe('nothing to score never passes', () => {
  it('no metrics at all', () => {
    const result = judge({ metrics: [] }, { metrics: {} });
    expect(result).toMatchObject({ verdict: 'fail', score: 0, summary: { decidedBy: 'nothing-scored' } });
    expect(result.explanation).toBe(
      'fail: score 0 of 100 (pass at 95 or more, marginal at 75 or more); the configuration has no metrics, so nothing shows the canary is safe.',
    );
  });

  it('all metrics without data', () => {
    const result = run([{ kind: 'nodata' }, { kind: 'nodata' }, { kind: 'pass', extra: { muted: true } }]);
    expect(result).toMatchObject({ verdict: 'fail', score: 0, summary: { decidedBy: 'nothing-scored' } });
    expect(result.explanation).toContain('no metric could be scored (2 without data, 1 muted)');
  });

  it('even with the lowest thresholds accepted', () => {
    expect(run([{ kind: 'nodata' }], { thresholds: { pass: 2, marginal: 0 } }).verdict).toBe('fail');
  });
});

describe('groups', () => {
  it('scores each group in order of first appearance; ungrouped metrics belong to none', () => {
    const result = run([
      { kind: 'pass', extra: { group: 'latency', weight: 2 } },
      { kind: 'fail', extra: { group: 'errors' } },
      { kind: 'inconclusive', extra: { group: 'latency' } },
      { kind: 'nodata', extra: { group: 'empty' } },
      { kind: 'pass' },
    ]);
    expect(result.groups).toEqual([
      { name: 'latency', score: (100 * 2.5) / 3, weight: 3, metrics: ['m0', 'm2'] },
      { name: 'errors', score: 0, weight: 1, metrics: ['m1'] },
      { name: 'empty', score: null, weight: 0, metrics: ['m3'] },
    ]);
  });
});

describe('multiple comparisons', () => {
  it('widens the intervals with Bonferroni and adjusts the p-values', () => {
    const result = run([{ kind: 'pass' }, { kind: 'fail' }, { kind: 'inconclusive' }, { kind: 'nodata' }, { kind: 'pass', extra: { muted: true } }]);
    expect(result.summary).toMatchObject({ comparisons: 3, confidenceLevel: 0.95, multipleComparisons: 'holm' });
    expect(result.summary.intervalLevel).toBeCloseTo(1 - 0.05 / 3, 12);
    expect(result.metrics[0]?.interval.level).toBe(result.summary.intervalLevel);
    for (const metric of result.metrics.slice(0, 3)) {
      expect(metric.adjustedPValue).toBeGreaterThanOrEqual(metric.pValue ?? 0);
    }
    expect(result.metrics[4]?.adjustedPValue).toBeNull();
  });

  it('"none" keeps the level and the p-values', () => {
    const result = run([{ kind: 'pass' }, { kind: 'fail' }], { multipleComparisons: 'none' });
    expect(result.summary.intervalLevel).toBe(0.95);
    expect(result.metrics.map((metric) => metric.adjustedPValue)).toEqual(result.metrics.map((metric) => metric.pValue));
  });

  it('bonferroni multiplies the p-values by m (capped at 1)', () => {
    const result = run([{ kind: 'fail' }, { kind: 'inconclusive' }], { multipleComparisons: 'bonferroni' });
    for (const metric of result.metrics) expect(metric.adjustedPValue).toBeCloseTo(Math.min(1, 2 * (metric.pValue ?? 0)), 12);
  });
});
