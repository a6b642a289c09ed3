/**
 * Every case of Kayenta's own tests (test/fixtures/kayenta/kayenta-cases.json, see its README) except the
 * live-Prometheus integration runs, checked with the tolerances Kayenta's tests use.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kayentaCles, kayentaCohenD, kayentaMeanRatio } from '../../src/kayenta/port/effect-sizes.js';
import { classifyKayentaMetric } from '../../src/kayenta/mann-whitney-classifier.js';
import { classifyByMeanInequality } from '../../src/kayenta/mean-inequality-classifier.js';
import { kayentaMannWhitneyInterval } from '../../src/kayenta/port/mann-whitney-interval.js';
import { iqrOutliers, kSigmaOutliers } from '../../src/kayenta/port/outlier-detectors.js';
import { kayentaPercentile } from '../../src/kayenta/port/percentile.js';
import { kayentaSummaryStatistics } from '../../src/kayenta/port/summary-statistics.js';
import { removeNaNs, removeOutliers, replaceNaNs } from '../../src/kayenta/port/transforms.js';
import { scoreKayentaResults } from '../../src/kayenta/weighted-sum-scorer.js';
import { wilcoxonShiftStatistic } from '../../src/kayenta/port/wilcoxon-shift-statistic.js';
import { normalQuantile } from '../../src/stats/normal-distribution.js';
import type { KayentaMetricLabel } from '../../src/kayenta/labels.js';

type Json = Record<string, unknown>;
interface KayentaCase {
  readonly name: string;
  readonly kind: string;
  readonly source: string;
  readonly baseline: unknown[] | null;
  readonly canary: unknown[] | null;
  readonly config: Json;
  readonly expected: Json;
}

const cases = JSON.parse(
  readFileSync(new URL('../fixtures/kayenta/kayenta-cases.json', import.meta.url), 'utf8'),
) as KayentaCase[];

/** The fixture writes NaN as "NaN". */
const numbers = (values: unknown): number[] => (values as unknown[]).map((value) => (value === 'NaN' ? Number.NaN : (value as number)));
const number = (value: unknown): number => (value === 'NaN' ? Number.NaN : (value as number));
const ofKind = (kind: string) => cases.filter((testCase) => testCase.kind === kind).map((testCase) => [testCase.name, testCase] as const);

/** Kayenta's tests compare with `===` unless they give a tolerance. */
function expectClose(actual: number, expected: number, tolerance = 0): void {
  if (Number.isNaN(expected)) expect(actual).toBeNaN();
  else if (tolerance === 0) expect(actual).toBe(expected);
  else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
}

describe('kayenta-cases.json', () => {
  it('has the 89 cases the research notes describe, 86 of them runnable here', () => {
    expect(cases).toHaveLength(89);
    const runnable = cases.filter((testCase) => testCase.kind !== 'integration');
    expect(runnable).toHaveLength(86);
    const handled = new Set([
      'metricClassifier', 'meanInequalityClassifier', 'scorer', 'effectSize', 'percentile', 'summaryStats',
      'outlierDetector', 'transform', 'mannWhitney', 'wilcoxonDiff', 'normalQuantile',
    ]);
    expect(runnable.filter((testCase) => !handled.has(testCase.kind))).toEqual([]);
  });
});

describe('metric classifier (ClassifierSuite, called directly with its own tolerance and confidence)', () => {
  it.each(ofKind('metricClassifier'))('%s', (_, testCase) => {
    const config = testCase.config;
    const result = classifyKayentaMetric(
      'test-metric',
      numbers(testCase.baseline),
      numbers(testCase.canary),
      {
        direction: config['direction'] as 'increase' | 'decrease' | 'either',
        nanStrategy: config['nanStrategy'] as 'remove' | 'replace',
        critical: config['isCriticalMetric'] as boolean,
        mustHaveData: config['isDataRequired'] as boolean,
        effectSize: {
          measure: config['effectSizeMeasure'] as 'meanRatio' | 'cles',
          allowedIncrease: config['allowedIncrease'] as number,
          allowedDecrease: config['allowedDecrease'] as number,
          criticalIncrease: config['criticalIncrease'] as number,
          criticalDecrease: config['criticalDecrease'] as number,
        },
      },
      { tolerance: config['tolerance'] as number, confidenceLevel: config['confLevel'] as number },
    );
    const expected = testCase.expected;
    if ('classification' in expected) expect(result.classification).toBe(expected['classification']);
    if ('critical' in expected) expect(result.critical).toBe(expected['critical']);
    if ('deviation' in expected) expect(result.deviation).toBe(expected['deviation']);
    if (expected['deviationIsNaN'] === true) expect(result.deviation).toBeNaN();
    if (expected['reasonNonEmpty'] === true) expect(result.reason).toMatch(/.+/);
  });
});

describe('mean inequality classifier', () => {
  it.each(ofKind('meanInequalityClassifier'))('%s', (_, testCase) => {
    const config = testCase.config;
    const result = classifyByMeanInequality(numbers(testCase.baseline), numbers(testCase.canary), {
      direction: config['direction'] as 'either',
      nanStrategy: config['nanStrategy'] as 'remove',
      critical: config['isCriticalMetric'] as boolean,
      mustHaveData: config['isDataRequired'] as boolean,
    });
    expect(result.classification).toBe(testCase.expected['classification']);
  });
});

describe('weighted sum scorer (ScorerSuite)', () => {
  it.each(ofKind('scorer'))('%s', (_, testCase) => {
    const metricResults = testCase.config['metricResults'] as {
      name: string;
      classification: KayentaMetricLabel;
      groups: string[];
      critical: boolean;
    }[];
    const scored = scoreKayentaResults(
      metricResults.map((result) => ({ ...result, muted: false, classificationReason: `${result.name} was classified as ${result.classification}` })),
      testCase.config['groupWeights'] as Record<string, number>,
    );
    expect(scored.score).toBe(testCase.expected['summaryScore']);
    const groupScores = testCase.expected['groupScores'] as Record<string, number> | undefined;
    if (groupScores !== undefined) {
      expect(Object.fromEntries(scored.groupScores.map((group) => [group.name, group.score]))).toEqual(groupScores);
    }
    const sorted = testCase.expected['groupScoresSorted'] as number[] | undefined;
    if (sorted !== undefined) expect(scored.groupScores.map((group) => group.score).sort((a, b) => a - b)).toEqual(sorted);
  });
});

describe('effect sizes (StatisticSuite)', () => {
  it.each(ofKind('effectSize'))('%s', (_, testCase) => {
    const control = numbers(testCase.baseline);
    const experiment = numbers(testCase.canary);
    const tolerance = (testCase.expected['tolerance'] as number | undefined) ?? 0;
    const measure = testCase.config['measure'];
    if (measure === 'meanRatio') expectClose(kayentaMeanRatio(experiment, control), number(testCase.expected['meanRatio']), tolerance);
    else if (measure === 'cles') expectClose(kayentaCles(experiment, control), number(testCase.expected['cles']), tolerance);
    else if (measure === 'cohenD') expectClose(kayentaCohenD(experiment, control), number(testCase.expected['cohenD']), tolerance);
    else throw new Error(`unknown measure ${String(measure)}`);
  });
});

describe('percentiles (R-7)', () => {
  it.each(ofKind('percentile'))('%s', (_, testCase) => {
    const values = numbers(testCase.config['values']);
    const checks = Object.keys(testCase.expected).filter((key) => /^p\d+$/.test(key));
    expect(checks.length).toBeGreaterThan(0);
    for (const key of checks) {
      const tolerance = (testCase.expected[`${key}Tolerance`] as number | undefined) ?? 1e-12;
      expectClose(kayentaPercentile(values, Number(key.slice(1))), testCase.expected[key] as number, tolerance);
    }
  });
});

describe('summary statistics', () => {
  it.each(ofKind('summaryStats'))('%s', (_, testCase) => {
    const stats = kayentaSummaryStatistics(numbers(testCase.config['values']));
    const expected = testCase.expected;
    expect(stats.min).toBe(expected['min']);
    expect(stats.max).toBe(expected['max']);
    expect(stats.mean).toBe(expected['mean']);
    expect(stats.count).toBe(expected['count']);
    expectClose(stats.std, expected['std'] as number, (expected['stdTolerance'] as number | undefined) ?? 0);
  });
});

function detector(config: Json): (values: readonly number[]) => boolean[] {
  if (config['detector'] === 'IQR') {
    return (values) => iqrOutliers(values, { factor: config['factor'] as number, reduceSensitivity: config['reduceSensitivity'] as boolean });
  }
  if (config['detector'] === 'KSigma') return (values) => kSigmaOutliers(values, config['k'] as number);
  throw new Error(`unknown detector ${String(config['detector'])}`);
}

describe('outlier detectors (DetectorSuite)', () => {
  it.each(ofKind('outlierDetector'))('%s', (_, testCase) => {
    expect(detector(testCase.config)(numbers(testCase.config['values']))).toEqual(testCase.expected['isOutlier']);
  });
});

describe('transforms (TransformSuite)', () => {
  it.each(ofKind('transform'))('%s', (_, testCase) => {
    const values = numbers(testCase.config['values']);
    const transform = testCase.config['transform'];
    let actual: number[];
    if (transform === 'removeNaNs') actual = removeNaNs(values);
    else if (transform === 'replaceNaNs') actual = replaceNaNs(values, testCase.config['replacement'] as number);
    else if (transform === 'removeOutliers') actual = removeOutliers(values, detector(testCase.config));
    else throw new Error(`unknown transform ${String(transform)}`);
    expect(actual).toEqual(numbers(testCase.expected['values']));
  });
});

describe('Mann-Whitney interval and estimate (MannWhitneySuite)', () => {
  it.each(ofKind('mannWhitney'))('%s', (_, testCase) => {
    const experiment = numbers(testCase.canary);
    const control = numbers(testCase.baseline);
    const level = testCase.config['confidenceLevel'] as number;
    const expected = testCase.expected;
    const tolerance = expected['tolerance'] as number;
    const interval = kayentaMannWhitneyInterval(experiment, control, level);
    expectClose(interval.lower, expected['ciLower'] as number, tolerance);
    expectClose(interval.upper, expected['ciUpper'] as number, tolerance);
    expectClose(interval.estimate, expected['estimate'] as number, (expected['estimateTolerance'] as number | undefined) ?? tolerance);

    // The intermediate values of the solver, where the test asserts them.
    if ('muMin' in expected) {
      expectClose(interval.shiftMinimum, expected['muMin'] as number, tolerance);
      expectClose(interval.shiftMaximum, expected['muMax'] as number, tolerance);
      const upperQuantile = -normalQuantile((1 - level) / 2);
      expectClose(upperQuantile, expected['zqLower'] as number, tolerance);
      expectClose(-upperQuantile, expected['zqUpper'] as number, tolerance);
      const f = (shift: number, quantile: number) => wilcoxonShiftStatistic(experiment, control, shift, quantile);
      expectClose(f(interval.shiftMinimum, upperQuantile), expected['fLower1'] as number, tolerance);
      expectClose(f(interval.shiftMaximum, upperQuantile), expected['fUpper1'] as number, tolerance);
      expectClose(f(interval.shiftMinimum, -upperQuantile), expected['fLower2'] as number, tolerance);
      expectClose(f(interval.shiftMaximum, -upperQuantile), expected['fUpper2'] as number, tolerance);
    }
  });

  it.each(ofKind('wilcoxonDiff'))('%s', (_, testCase) => {
    const tolerance = testCase.expected['tolerance'] as number;
    for (const [key, value] of Object.entries(testCase.expected)) {
      const match = /^wilcoxonDiff\(mu=([\d.-]+),q=([\d.-]+)\)$/.exec(key);
      if (match === null) continue;
      const statistic = wilcoxonShiftStatistic(numbers(testCase.canary), numbers(testCase.baseline), Number(match[1]), Number(match[2]));
      expectClose(statistic, value as number, tolerance);
    }
  });

  it.each(ofKind('normalQuantile'))('%s', (_, testCase) => {
    expectClose(normalQuantile(testCase.config['p'] as number), testCase.expected['zQuant'] as number, testCase.expected['tolerance'] as number);
  });
});
