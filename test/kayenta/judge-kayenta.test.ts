/**
 * judgeKayenta end to end: the CanaryJudgeResult shape, the pipeline steps Kayenta's judge adds around
 * the classifier (config defaults, NaN strategies, outliers, Error, muted, scoring) and determinism.
 */
import { describe, expect, it } from 'vitest';
import { judgeKayenta, type KayentaJudgeRequestInput } from 'canary-judge';

const shifted = (values: readonly number[], by: number) => values.map((value) => value + by);
const baseline = [10.2, 9.8, 10.1, 10.4, 9.7, 10, 10.3, 9.9, 10.05, 9.95, 10.15, 9.85];

function request(
  metrics: Record<string, unknown>[],
  pairs: Record<string, unknown>[],
  groupWeights: Record<string, number> = {},
): KayentaJudgeRequestInput {
  return {
    canaryConfig: { name: 'test', judge: { name: 'RemoteJudge-v1.0', judgeConfigurations: {} }, metrics, classifier: { groupWeights } } as KayentaJudgeRequestInput['canaryConfig'],
    scoreThresholds: { pass: 95, marginal: 75 },
    metricSetPairList: pairs as KayentaJudgeRequestInput['metricSetPairList'],
  };
}

const metric = (name: string, canary: Record<string, unknown> = {}, groups = ['default']) => ({
  name,
  query: { type: 'prometheus', metricName: name },
  groups,
  analysisConfigurations: { canary },
  scopeName: 'default',
});
const pair = (name: string, control: unknown[], experiment: unknown[], extra: Record<string, unknown> = {}) => ({
  name,
  id: `${name}-id`,
  tags: {},
  values: { control, experiment },
  ...extra,
});

describe('judgeKayenta: result shape', () => {
  it('returns the CanaryJudgeResult fields in Kayenta order, omitting a plain Pass reason', () => {
    const result = judgeKayenta(request([metric('cpu')], [pair('cpu', baseline, baseline.map((value) => value + 0.001))]));
    expect(Object.keys(result)).toEqual(['judgeName', 'results', 'groupScores', 'score']);
    expect(result.judgeName).toBe('NetflixACAJudge-v1.0');
    const [only] = result.results;
    expect(Object.keys(only!)).toEqual([
      'name', 'id', 'tags', 'classification', 'groups', 'experimentMetadata', 'controlMetadata', 'resultMetadata', 'critical', 'muted',
    ]);
    expect(only!.classification).toBe('Pass');
    expect(Object.keys(only!.experimentMetadata.stats)).toEqual(['min', 'max', 'mean', 'std', 'count']);
    expect(result.groupScores).toEqual([{ name: 'default', score: 100, classification: '', classificationReason: '' }]);
    expect(result.score).toEqual({ score: 100, classification: 'Pass', classificationReason: '' });
  });

  it('classifies a clear increase as High with Kayenta\'s reason and the ratio of means', () => {
    const result = judgeKayenta(request([metric('latency')], [pair('latency', baseline, shifted(baseline, 5))]));
    const [only] = result.results;
    expect(only!.classification).toBe('High');
    expect(only!.classificationReason).toBe('latency was classified as High');
    expect(only!.resultMetadata!.ratio).toBeCloseTo(15 / 10, 2);
    expect(result.score).toEqual({ score: 0, classification: 'Fail', classificationReason: '' });
  });

  it('writes a NaN ratio as the string "NaN" (zero baseline mean)', () => {
    const result = judgeKayenta(request([metric('errors')], [pair('errors', [0, 0, 0, 0, 0], [54.9, 54.5, 55.1, 55.6, 57.4])]));
    expect(result.results[0]!.classification).toBe('High');
    expect(result.results[0]!.resultMetadata).toEqual({ ratio: 'NaN' });
    expect(JSON.stringify(result)).toContain('"ratio":"NaN"');
  });

  it('keeps the input pair order, repeats a metric per tag set, and omits id and tags when absent', () => {
    const result = judgeKayenta(
      request(
        [metric('b'), metric('a')],
        [
          { name: 'a', values: { control: baseline, experiment: baseline } },
          pair('b', baseline, baseline, { tags: { zone: 'us-east-1a' } }),
          pair('b', baseline, baseline, { tags: { zone: 'us-east-1b' } }),
        ],
      ),
    );
    expect(result.results.map((entry) => [entry.name, entry.tags?.['zone']])).toEqual([['a', undefined], ['b', 'us-east-1a'], ['b', 'us-east-1b']]);
    expect('id' in result.results[0]!).toBe(false);
    expect('tags' in result.results[0]!).toBe(false);
    expect(result.results[0]!.classificationReason).toBe('The Canary and Baseline data are identical');
  });
});

describe('judgeKayenta: config defaults and transforms', () => {
  it('removes "NaN" points by default and reports stats after cleaning', () => {
    const result = judgeKayenta(request([metric('cpu')], [pair('cpu', [1, 'NaN', 2, 3], [1, 2, 'NaN', 'NaN', 3])]));
    expect(result.results[0]!.controlMetadata.stats).toEqual({ min: 1, max: 3, mean: 2, std: 1, count: 3 });
    expect(result.results[0]!.experimentMetadata.stats.count).toBe(3);
  });

  it('replaces NaN with 0 under nanStrategy "replace" (all-NaN vs all-NaN becomes identical zeros)', () => {
    const result = judgeKayenta(request([metric('errors', { nanStrategy: 'replace' })], [pair('errors', ['NaN', 'NaN'], ['NaN', 'NaN'])]));
    expect(result.results[0]!.classification).toBe('Pass');
    expect(result.results[0]!.controlMetadata.stats).toEqual({ min: 0, max: 0, mean: 0, std: 0, count: 2 });
  });

  it('gives Nodata (reason "Missing data for …", ratio 1.0) when a side is empty after NaN removal', () => {
    const result = judgeKayenta(request([metric('cpu'), metric('mem')], [pair('cpu', ['NaN'], [1, 2]), pair('mem', baseline, baseline)]));
    expect(result.results[0]).toMatchObject({ classification: 'Nodata', classificationReason: 'Missing data for cpu', resultMetadata: { ratio: 1 }, critical: false });
    expect(result.results[0]!.controlMetadata.stats).toEqual({ min: 0, max: 0, mean: 0, std: 0, count: 0 });
    // 1 of 2 scored results is Nodata: 50% forces the score to 0.
    expect(result.score).toEqual({ score: 0, classification: 'Fail', classificationReason: 'Canary Failed: 50% or more metrics returned NODATA' });
  });

  it('gives NodataFailMetric for mustHaveData (not critical), which counts as a failure in its group', () => {
    const result = judgeKayenta(
      request([metric('cpu', { mustHaveData: true }), metric('mem'), metric('disk')], [pair('cpu', [], [1]), pair('mem', baseline, baseline), pair('disk', baseline, baseline)]),
    );
    expect(result.results[0]!.classification).toBe('NodataFailMetric');
    expect(result.score.score).toBe(66.67);
    expect(result.score.classification).toBe('Fail');
  });

  it('fails the canary on a critical Nodata with the metric\'s reason', () => {
    const result = judgeKayenta(request([metric('cpu', { critical: true }), metric('mem')], [pair('cpu', [], []), pair('mem', baseline, baseline)]));
    expect(result.results[0]).toMatchObject({ classification: 'Nodata', critical: true });
    expect(result.score).toEqual({ score: 0, classification: 'Fail', classificationReason: 'Canary Failed: Missing data for cpu' });
  });

  it('escalates a critical High to "(Critical)" and forces 0', () => {
    const result = judgeKayenta(request([metric('latency', { critical: true }), metric('cpu')], [pair('latency', baseline, shifted(baseline, 5)), pair('cpu', baseline, baseline)]));
    expect(result.results[0]).toMatchObject({ classification: 'High', critical: true, classificationReason: 'The metric latency was classified as High (Critical)' });
    expect(result.score.classificationReason).toBe('Canary Failed: The metric latency was classified as High (Critical)');
  });

  it('honours direction: a decrease passes a metric that only fails on increase', () => {
    const result = judgeKayenta(request([metric('latency', { direction: 'increase' })], [pair('latency', baseline, shifted(baseline, -5))]));
    expect(result.results[0]!.classification).toBe('Pass');
  });

  it('applies the meanRatio gate: allowedIncrease above the observed ratio turns High into Pass', () => {
    const gated = judgeKayenta(request([metric('latency', { effectSize: { allowedIncrease: 2 } })], [pair('latency', baseline, shifted(baseline, 5))]));
    expect(gated.results[0]!.classification).toBe('Pass');
  });

  it('removes IQR outliers (P1/P99-guarded) only when outliers.strategy is "remove"', () => {
    const control = [...Array.from({ length: 200 }, (_, index) => 10 + (index % 10) / 10)];
    const experiment = [...control.slice(0, 199), 1000];
    const kept = judgeKayenta(request([metric('cpu')], [pair('cpu', control, experiment)]));
    const removed = judgeKayenta(request([metric('cpu', { outliers: { strategy: 'remove', outlierFactor: 3 } })], [pair('cpu', control, experiment)]));
    expect(kept.results[0]!.experimentMetadata.stats.count).toBe(200);
    expect(removed.results[0]!.experimentMetadata.stats.count).toBe(199);
    expect(removed.results[0]!.experimentMetadata.stats.max).toBeLessThan(11);
  });

  it('turns an all-tied rank statistic into Error, with no resultMetadata ([0] vs [5])', () => {
    const result = judgeKayenta(request([metric('cpu', { critical: true })], [pair('cpu', [0], [5])]));
    const [only] = result.results;
    expect(only).toMatchObject({ classification: 'Error', classificationReason: 'Metric Classification Failed', critical: false });
    expect('resultMetadata' in only!).toBe(false);
    // Error never fails the canary, even on a critical metric; with nothing scorable the group counts as 100.
    expect(result.score).toEqual({ score: 100, classification: 'Pass', classificationReason: '' });
  });

  it('keeps muted metrics in the results but out of the score', () => {
    const result = judgeKayenta(
      request([metric('noisy', { muted: true, critical: true }), metric('cpu')], [pair('noisy', baseline, shifted(baseline, 50)), pair('cpu', baseline, baseline)]),
    );
    expect(result.results[0]).toMatchObject({ classification: 'High', muted: true, critical: true });
    expect(result.score).toEqual({ score: 100, classification: 'Pass', classificationReason: '' });
  });

  it('spreads the unconfigured weight over unweighted groups and does not cap weights at 100', () => {
    const metrics = [metric('a', {}, ['g1']), metric('b', {}, ['g2']), metric('c', {}, ['g3'])];
    const pairs = [pair('a', baseline, baseline), pair('b', baseline, shifted(baseline, 5)), pair('c', baseline, baseline)];
    // g1 weighted 40; g2 and g3 share (100 − 40) / 2 = 30 each: 40 + 0 + 30 = 70.
    expect(judgeKayenta(request(metrics, pairs, { g1: 40 })).score).toEqual({ score: 70, classification: 'Fail', classificationReason: '' });
    // Weights summing to 120 with every group weighted: the best score is 120, unchecked as in Kayenta.
    const allPass = [pair('a', baseline, baseline), pair('b', baseline, baseline), pair('c', baseline, baseline)];
    expect(judgeKayenta(request(metrics, allPass, { g1: 40, g2: 40, g3: 40 })).score.score).toBe(120);
  });

  it('rounds the summary to two decimals, half up, and labels it Marginal at the marginal threshold', () => {
    const metrics = [metric('a'), metric('b'), metric('c')];
    const pairs = [pair('a', baseline, baseline), pair('b', baseline, baseline), pair('c', baseline, shifted(baseline, 5))];
    const result = judgeKayenta({ ...request(metrics, pairs), scoreThresholds: { pass: 95, marginal: 66.67 } });
    expect(result.score).toEqual({ score: 66.67, classification: 'Marginal', classificationReason: '' });
  });

  it('scores an empty pair list as 0 (Fail), as Kayenta does', () => {
    expect(judgeKayenta(request([metric('cpu')], [])).score).toEqual({ score: 0, classification: 'Fail', classificationReason: '' });
  });

  it('adds seeded noise to constant-vs-constant metrics: deterministic, and the seed is an option', () => {
    const body = request([metric('cpu')], [pair('cpu', [1, 1, 1, 1, 1], [10, 10, 10, 10, 10])]);
    const first = judgeKayenta(body);
    expect(first.results[0]!.classification).toBe('High');
    expect(judgeKayenta(body)).toEqual(first);
    const ratio = first.results[0]!.resultMetadata!.ratio as number;
    expect(ratio).toBeCloseTo(10, 3);
    expect(ratio).not.toBe(10);
    const reseeded = judgeKayenta(body, { seed: 'other' }).results[0]!.resultMetadata!.ratio;
    expect(reseeded).not.toBe(ratio);
  });

  it('uses the first config of a repeated metric name, as Kayenta does', () => {
    const result = judgeKayenta(request([metric('cpu', { direction: 'decrease' }), metric('cpu', { direction: 'increase' })], [pair('cpu', baseline, shifted(baseline, 5))]));
    expect(result.results[0]!.classification).toBe('Pass');
  });
});
