/**
 * The calibration scenarios: which distributions each test is run on, how a true change of k times
 * the margin is put into the canary so that the change *in the test's own terms* is exactly k·margin,
 * and the configurations given to our judge and to the Kayenta-compatible judge.
 */
import type { CanaryConfigInput, KayentaJudgeRequestInput, MetricConfigInput } from '../../src/index.js';
import { ar1Series, type Variates } from './distributions.js';

export const TESTS = ['mann-whitney', 'percentile', 'mean-ratio', 'rate'] as const;
export type TestName = (typeof TESTS)[number];

export const VALUE_DISTRIBUTIONS = ['normal', 'log-normal', 'student-t2', 'ar1-0.5', 'ar1-0.8'] as const;
export const COUNT_DISTRIBUTIONS = ['poisson', 'zero-inflated'] as const;
export type ValueDistribution = (typeof VALUE_DISTRIBUTIONS)[number];
export type CountDistribution = (typeof COUNT_DISTRIBUTIONS)[number];
export type Distribution = ValueDistribution | CountDistribution;

export const SIZES = [10, 30, 100, 1000] as const;
/** True change as a multiple of the margin: 0 is A/A; 1 is the boundary (a change the margin still tolerates). */
export const MULTIPLES = [0, 0.5, 1, 2, 4] as const;

/** Level of every interval (one metric: no multiple-comparison widening). α = 1 − level. */
export const CONFIDENCE_LEVEL = 0.95;
export const ALPHA = 1 - CONFIDENCE_LEVEL;
/** Relative margins: 10% for levels (latency, cpu), 25% for error rates. */
export const MARGINS: Readonly<Record<TestName, number>> = { 'mann-whitney': 0.1, percentile: 0.1, 'mean-ratio': 0.1, rate: 0.25 };
/** The percentile judged by the percentile test. */
export const PERCENTILE = 95;

/** Value level and spread: every value distribution has median 100 (t and AR: also mean 100). */
const LEVEL = 100;
const SPREAD = 30;
const LOG_SIGMA = 0.6;
const T_SCALE = 10;
/** Counts: Poisson traffic of 200 requests per point at a 1% error rate; zero-inflated: 20 requests per point, 70% of points error-free by construction. */
const ERROR_RATE = 0.01;
const POISSON_TRAFFIC = 200;
const LOW_TRAFFIC = 20;
const ZERO_SHARE = 0.7;

export function distributionsFor(test: TestName): readonly Distribution[] {
  return test === 'rate' ? COUNT_DISTRIBUTIONS : VALUE_DISTRIBUTIONS;
}

/** One side of a value metric in time order. */
export function valueSide(variates: Variates, distribution: ValueDistribution, size: number): number[] {
  const values = new Array<number>(size);
  switch (distribution) {
    case 'normal':
      for (let i = 0; i < size; i++) values[i] = LEVEL + SPREAD * variates.normal();
      return values;
    case 'log-normal':
      for (let i = 0; i < size; i++) values[i] = LEVEL * Math.exp(LOG_SIGMA * variates.normal());
      return values;
    case 'student-t2':
      for (let i = 0; i < size; i++) values[i] = LEVEL + T_SCALE * variates.studentT2();
      return values;
    case 'ar1-0.5':
    case 'ar1-0.8': {
      const series = ar1Series(variates, size, distribution === 'ar1-0.5' ? 0.5 : 0.8);
      for (let i = 0; i < size; i++) values[i] = LEVEL + SPREAD * (series[i] as number);
      return values;
    }
  }
}

/**
 * Puts a true change of `change` (relative, e.g. 0.2) into canary values, so that the judged
 * quantity moves by exactly that much: a location shift of change × the population median for the
 * Mann-Whitney (Hodges-Lehmann) shift, a scaling for a percentile and for the mean ratio.
 */
export function applyChange(values: number[], test: TestName, change: number): number[] {
  if (change === 0) return values;
  if (test === 'mann-whitney') return values.map((value) => value + change * LEVEL);
  return values.map((value) => value * (1 + change));
}

/** One side of a count metric: events out of requests per point, error rate multiplied by `factor`. */
export function countSide(
  variates: Variates,
  distribution: CountDistribution,
  size: number,
  factor: number,
): { events: number[]; total: number[] } {
  const events = new Array<number>(size);
  const total = new Array<number>(size);
  for (let i = 0; i < size; i++) {
    if (distribution === 'poisson') {
      const requests = variates.poisson(POISSON_TRAFFIC);
      total[i] = requests;
      events[i] = Math.min(requests, variates.poisson(requests * ERROR_RATE * factor));
    } else {
      const requests = variates.poisson(LOW_TRAFFIC);
      total[i] = requests;
      const erroring = variates.uniform() >= ZERO_SHARE;
      events[i] = erroring ? variates.binomial(requests, Math.min(1, (ERROR_RATE * factor) / (1 - ZERO_SHARE))) : 0;
    }
  }
  return { events, total };
}

/** Our metric configuration for a test (direction increase: a rise is harmful). */
export function metricConfig(name: string, test: TestName): MetricConfigInput {
  const margin = { relative: MARGINS[test] };
  if (test === 'percentile') return { name, test, percentile: PERCENTILE, direction: 'increase', margin };
  return { name, test, direction: 'increase', margin };
}

export function nativeConfig(
  metrics: MetricConfigInput[],
  autocorrelation: 'adjust' | 'ignore',
  verdictRule: 'evidence' | 'score' = 'evidence',
): CanaryConfigInput {
  return { confidenceLevel: CONFIDENCE_LEVEL, autocorrelation, verdictRule, metrics };
}

/**
 * The Kayenta request for the same data. Kayenta has one test (Mann-Whitney with its tolerance rule);
 * rate metrics are given to it as per-point error ratios, as a Kayenta user would query them.
 * Direction `increase` as ours; every other key at Kayenta's default (no margin exists).
 */
export function kayentaRequest(series: { name: string; baseline: number[]; canary: number[] }[]): KayentaJudgeRequestInput {
  return {
    canaryConfig: {
      metrics: series.map((metric) => ({ name: metric.name, groups: ['all'], analysisConfigurations: { canary: { direction: 'increase' } } })),
      classifier: { groupWeights: { all: 100 } },
    },
    scoreThresholds: { pass: 95, marginal: 75 },
    metricSetPairList: series.map((metric) => ({ name: metric.name, values: { control: metric.baseline, experiment: metric.canary } })),
  } as KayentaJudgeRequestInput;
}

/** Per-point error ratios of count data (NaN for a point without requests, which Kayenta removes). */
export function ratios(counts: { events: number[]; total: number[] }): number[] {
  return counts.events.map((events, i) => ((counts.total[i] as number) > 0 ? events / (counts.total[i] as number) : Number.NaN));
}
