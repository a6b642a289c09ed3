/**
 * The histogram calibration (`npm run calibrate:histograms`): Prometheus' default buckets,
 * log-normal request latencies (σ 0.5), 200,000 baseline and 20,000 canary requests per analysis,
 * judged by `percentile` (p99) and `mann-whitney` with a +10% margin. Each repetition draws the
 * bucket counts exactly (a multinomial draw, as sequential binomials by inversion from the mode),
 * which is the same as drawing every request and counting it into its bucket.
 *
 * Besides outcome rates it measures how often each interval of the change covers the truth: the
 * modelled interval against the change of the interpolated quantiles of the true bucket shares
 * (what it claims to cover), the bucket interval against the true change of the log-normal.
 */
import { judge } from '../../../src/judge/judge.js';
import { createRandom, type RandomSource } from '../../../src/shared/random.js';
import { logBinomialDensity } from '../../../src/stats/binomial.js';
import { histogramQuantile } from '../../../src/stats/histogram.js';
import { histogramShift } from '../../../src/stats/histogram-shift.js';
import { normalLowerTail, normalQuantile } from '../../../src/stats/normal-distribution.js';

/** Prometheus client libraries' default histogram buckets (seconds). */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const SIGMA = 0.5;
export const BASELINE_REQUESTS = 200_000;
export const CANARY_REQUESTS = 20_000;
export const MARGIN = 0.1;
export const ROOT_SEED = 'canary-judge histogram calibration v1';

/** One simulated situation. */
export interface Scenario {
  readonly id: string;
  readonly test: 'percentile' | 'mann-whitney';
  /** The baseline's true p99 (seconds). */
  readonly baselineP99: number;
  /** Canary latencies are the baseline's times this factor. */
  readonly factor: number;
  readonly description: string;
  /** The target, when the scenario has one. */
  readonly target?: { readonly outcome: 'pass' | 'fail'; readonly atMost?: number; readonly atLeast?: number };
}

export const SCENARIOS: readonly Scenario[] = [
  { id: 'crossing', test: 'percentile', baselineP99: 0.45, factor: 1.2, description: 'p99 0.45 s, canary +20% (p99 crosses the 0.5 s bound)', target: { outcome: 'fail', atLeast: 0.9 } },
  { id: 'aa', test: 'percentile', baselineP99: 0.45, factor: 1, description: 'A/A, p99 0.45 s', target: { outcome: 'fail', atMost: 0.05 } },
  { id: 'same-bucket', test: 'percentile', baselineP99: 0.64, factor: 1.2, description: 'p99 0.64 s, canary +20% (both p99s in (0.5, 1])', target: { outcome: 'pass', atMost: 0.05 } },
  { id: 'aa-same-bucket', test: 'percentile', baselineP99: 0.64, factor: 1, description: 'A/A, p99 0.64 s' },
  { id: 'inside-margin', test: 'percentile', baselineP99: 0.45, factor: 1.05, description: 'p99 0.45 s, canary +5% (inside the margin)' },
  { id: 'near-margin', test: 'percentile', baselineP99: 0.47, factor: 1.08, description: 'p99 0.47 s, canary +8% (inside the margin, crosses 0.5 s)' },
  { id: 'mw-aa', test: 'mann-whitney', baselineP99: 0.45, factor: 1, description: 'Mann-Whitney, A/A (median 0.14 s)' },
  { id: 'mw-regressed', test: 'mann-whitney', baselineP99: 0.45, factor: 1.2, description: 'Mann-Whitney, canary +20%' },
];

/** Counts per outcome and interval coverage over the repetitions of a scenario. */
export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly reps: number;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly sameBucket: number;
  readonly limitedByBuckets: number;
  /** Repetitions whose modelled relative interval covers the interpolated truth, and whose bucket interval covers the true change. */
  readonly modelledCovers: number;
  readonly bucketCovers: number;
  /** The change the modelled interval aims at (interpolated quantiles of the true shares), and the true one. */
  readonly modelledTruth: number;
  readonly trueChange: number;
}

/** Cumulative probabilities of the log-normal at each bound (the last, +Inf, is 1). */
export function bucketProbabilities(median: number, bounds: readonly number[] = DEFAULT_BUCKETS): number[] {
  return [...bounds.map((bound) => normalLowerTail(Math.log(bound / median) / SIGMA)), 1];
}

/** Bin(n, p) drawn exactly: inversion, searching outward from the mode. */
export function binomial(n: number, p: number, random: RandomSource): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = 1 - p;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const u = random();
  const atMode = Math.exp(logBinomialDensity(mode, n, p, q));
  let sum = atMode;
  if (u < sum) return mode;
  let down = mode;
  let up = mode;
  let pDown = atMode;
  let pUp = atMode;
  for (;;) {
    const canDown = down > 0;
    const canUp = up < n;
    if (!canDown && !canUp) return mode;
    // Take the more probable neighbour next, so the search stays near the mode.
    const nextDown = canDown ? (pDown * down * q) / ((n - down + 1) * p) : -1;
    const nextUp = canUp ? (pUp * (n - up) * p) / ((up + 1) * q) : -1;
    if (nextDown >= nextUp) {
      down--;
      pDown = nextDown;
      sum += pDown;
      if (u < sum) return down;
    } else {
      up++;
      pUp = nextUp;
      sum += pUp;
      if (u < sum) return up;
    }
    if (pDown < 1e-300 && pUp < 1e-300) return mode;
  }
}

/** A multinomial draw of `n` requests into buckets with the given cumulative probabilities: cumulative counts. */
export function drawHistogram(n: number, cumulativeProbabilities: readonly number[], random: RandomSource): number[] {
  const counts: number[] = [];
  let remaining = n;
  let remainingProbability = 1;
  let cumulative = 0;
  let previous = 0;
  for (const probability of cumulativeProbabilities) {
    const share = probability - previous;
    previous = probability;
    const drawn = remainingProbability > 0 ? binomial(remaining, Math.min(1, share / remainingProbability), random) : 0;
    remaining -= drawn;
    remainingProbability -= share;
    cumulative += drawn;
    counts.push(cumulative);
  }
  counts[counts.length - 1] = n;
  return counts;
}

/**
 * The Hodges-Lehmann shift of two log-normals with σ = SIGMA (the median of canary − baseline over
 * independent pairs), by bisection on P(Y − X ≤ d) = ½ integrated over X on a fine grid.
 */
export function logNormalShift(baselineMedian: number, canaryMedian: number): number {
  const steps = 4000;
  const probabilityBelow = (d: number): number => {
    let sum = 0;
    for (let i = 0; i < steps; i++) {
      const z = -8 + (16 * (i + 0.5)) / steps;
      const x = baselineMedian * Math.exp(SIGMA * z);
      const density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
      const y = x + d;
      sum += density * (y > 0 ? normalLowerTail(Math.log(y / canaryMedian) / SIGMA) : 0) * (16 / steps);
    }
    return sum;
  };
  let low = -10 * baselineMedian;
  let high = 10 * canaryMedian;
  for (let iteration = 0; iteration < 60; iteration++) {
    const middle = (low + high) / 2;
    if (probabilityBelow(middle) < 0.5) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

function medianFor(p99: number): number {
  return p99 / Math.exp(SIGMA * normalQuantile(0.99));
}

/** Runs `reps` repetitions of a scenario from its own seed. */
export function runScenario(scenario: Scenario, reps: number): ScenarioResult {
  const random = createRandom(`${ROOT_SEED}/${scenario.id}`);
  const baselineMedian = medianFor(scenario.baselineP99);
  const canaryMedian = baselineMedian * scenario.factor;
  const baselineShares = bucketProbabilities(baselineMedian);
  const canaryShares = bucketProbabilities(canaryMedian);
  const upperBounds = [...DEFAULT_BUCKETS, Number.POSITIVE_INFINITY];
  const le = [...DEFAULT_BUCKETS, '+Inf' as const];
  const p = scenario.test === 'percentile' ? 0.99 : 0.5;
  // What the modelled interval aims at: the change computed from the true bucket shares under the
  // interpolation assumption; what the bucket interval aims at: the change of the log-normals.
  const expected = (shares: number[]) => ({ upperBounds, cumulative: shares.map((share) => share * 1e6) });
  const interpolatedMedian = histogramQuantile(expected(baselineShares), 0.5);
  const modelledTruth =
    scenario.test === 'percentile'
      ? histogramQuantile(expected(canaryShares), p) / histogramQuantile(expected(baselineShares), p) - 1
      : histogramShift(expected(baselineShares), expected(canaryShares), { confidenceLevel: 0.5, bucketLevel: 0.5 }).estimate / interpolatedMedian;
  const trueChange = scenario.test === 'percentile' ? scenario.factor - 1 : logNormalShift(baselineMedian, canaryMedian) / baselineMedian;
  const config = {
    metrics: [
      scenario.test === 'percentile'
        ? { name: 'latency', test: 'percentile' as const, percentile: 99, margin: { relative: MARGIN } }
        : { name: 'latency', test: 'mann-whitney' as const, margin: { relative: MARGIN } },
    ],
  };
  const outcomes: Record<string, number> = {};
  let sameBucket = 0;
  let limitedByBuckets = 0;
  let modelledCovers = 0;
  let bucketCovers = 0;
  for (let rep = 0; rep < reps; rep++) {
    const data = {
      metrics: {
        latency: {
          baseline: { histogram: { le, counts: drawHistogram(BASELINE_REQUESTS, baselineShares, random) } },
          canary: { histogram: { le, counts: drawHistogram(CANARY_REQUESTS, canaryShares, random) } },
        },
      },
    };
    const metric = judge(config, data).metrics[0];
    if (metric === undefined) throw new Error('no metric result');
    outcomes[metric.outcome] = (outcomes[metric.outcome] ?? 0) + 1;
    if (metric.histogram?.sameBucket === true) sameBucket++;
    if (metric.histogram?.limitedByBuckets === true) limitedByBuckets++;
    const covers = (interval: readonly [number | null, number | null] | null | undefined, value: number) =>
      interval !== null && interval !== undefined && (interval[0] === null || interval[0] <= value) && (interval[1] === null || value <= interval[1]);
    if (covers(metric.interval.relative, modelledTruth)) modelledCovers++;
    if (covers(metric.histogram?.bucketInterval.relative, trueChange)) bucketCovers++;
  }
  return { scenario, reps, outcomes, sameBucket, limitedByBuckets, modelledCovers, bucketCovers, modelledTruth, trueChange };
}
