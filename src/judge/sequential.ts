/**
 * The sequential mode of the judge (statistics.md §11): the clock of a running canary read from the
 * data's timestamps, the confidence-sequence widening of each metric, and the verdict at this look —
 * fail as soon as harm is shown, pass by the judge's own verdict rule once `minDuration` has passed,
 * otherwise marginal ("keep going") until `maxDuration`, where a marginal is final.
 */
import { normalQuantile } from '../stats/normal-distribution.js';
import { normalMixtureBoundary } from '../stats/normal-mixture.js';
import type { Direction } from '../config/config-schema.js';
import type { Series, TimestampUnit } from '../config/data-schema.js';
import type { SequentialConfig } from '../config/sequential-schema.js';
import { showsHarm, type Outcome, type Verdict } from './score.js';
import { timestampsOf } from './clean.js';

/** How long the canary has run, read from the data's timestamps (seconds). */
export interface SequentialClock {
  /** First and last timestamp over every series, in epoch seconds. */
  readonly start: number;
  readonly end: number;
  /** Typical step between points (median over the series), null with single points only. */
  readonly step: number | null;
  /** end − start + one step: the time the points cover. */
  readonly elapsed: number;
}

/**
 * Fewest usable points per side before a metric is tested sequentially: with fewer, its
 * autocorrelation and (for rates) its dispersion cannot be estimated, and an early look at bursty
 * errors would be judged as if they were Poisson.
 */
export const SEQUENTIAL_MIN_POINTS = 10;

/** Timestamps above this in seconds are far in the future: they are milliseconds. */
const MILLISECONDS_HINT = 1e11;

function lengthOf(series: Series): number {
  if (Array.isArray(series)) return series.length;
  if ('values' in series) return series.values.length;
  if ('events' in series) return series.events.length;
  return series.histogram.counts.length;
}

function median(values: ArrayLike<number>): number {
  // A typed array sorts numerically without a comparator (the gaps are positive and finite).
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median of the positive gaps between consecutive timestamps (in seconds); null with none. */
function medianGap(timestamps: readonly number[], scale: number): number | null {
  // Evenly spaced points (the usual case): every gap is the median, found without copying the gaps.
  let first: number | null = null;
  let regular = true;
  for (let index = 1; index < timestamps.length && regular; index++) {
    const gap = ((timestamps[index] as number) - (timestamps[index - 1] as number)) / scale;
    if (gap > 0) {
      if (first === null) first = gap;
      else if (gap !== first) regular = false;
    }
  }
  if (first === null || regular) return first;
  const gaps = new Float64Array(timestamps.length - 1);
  let count = 0;
  for (let index = 1; index < timestamps.length; index++) {
    const gap = ((timestamps[index] as number) - (timestamps[index - 1] as number)) / scale;
    if (gap > 0) gaps[count++] = gap;
  }
  return median(gaps.subarray(0, count));
}

/**
 * Reads the canary's clock from the timestamps of every metric's series: the run started at the
 * first timestamp and has lasted until the last one plus a step. Every series with points must carry
 * timestamps; otherwise the reason why the judgement cannot be sequential.
 *
 * @example
 * sequentialClock(new Map([['cpu', { baseline: { values: [1, 2], timestamps: [0, 60] }, canary: { values: [1, 2], timestamps: [0, 60] } }]]), 's').elapsed // => 120
 */
export function sequentialClock(
  data: ReadonlyMap<string, { readonly baseline: Series; readonly canary: Series }>,
  unit: TimestampUnit,
): SequentialClock | { readonly problem: string } {
  const scale = unit === 'ms' ? 1000 : 1;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const steps: number[] = [];
  const missing: string[] = [];
  for (const [name, metric] of data) {
    for (const side of ['baseline', 'canary'] as const) {
      const series = metric[side];
      const timestamps = timestampsOf(series);
      if (timestamps === undefined) {
        if (lengthOf(series) > 0) missing.push(`"${name}" (${side})`);
        continue;
      }
      if (timestamps.length === 0) continue;
      start = Math.min(start, (timestamps[0] as number) / scale);
      end = Math.max(end, (timestamps[timestamps.length - 1] as number) / scale);
      const gap = medianGap(timestamps, scale);
      if (gap !== null) steps.push(gap);
    }
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 3).join(', ') + (missing.length > 3 ? ` and ${missing.length - 3} more` : '');
    return {
      problem: `a sequential judgement needs timestamps on every series (it measures how long the canary has run), but ${shown} ${missing.length === 1 ? 'has' : 'have'} none: give each series as { values, timestamps } or { events, total, timestamps }`,
    };
  }
  if (!Number.isFinite(start)) {
    return { problem: 'a sequential judgement needs timestamps on every series (it measures how long the canary has run), but the data has no points with timestamps' };
  }
  if (unit === 's' && end > MILLISECONDS_HINT) {
    return { problem: `the timestamps look like milliseconds (${end} seconds would be after the year 5000): set "timestampUnit": "ms" in the data` };
  }
  const step = steps.length > 0 ? median(steps) : null;
  return { start, end, step, elapsed: end - start + (step ?? 0) };
}

/**
 * The number of points per side the normal-mixture boundary is tuned for: the geometric mean of
 * the shortest run that may pass (at least a twelfth of the longest) and the longest, in steps.
 *
 * @example
 * boundaryTuning({ minDuration: 300, maxDuration: 3600 }, 60) // => 17.32...
 */
export function boundaryTuning(sequential: SequentialConfig, step: number | null): number {
  const shortest = Math.max(sequential.minDuration, sequential.maxDuration / 12);
  const points = Math.sqrt(shortest * sequential.maxDuration) / (step ?? 60);
  return Math.max(1, points);
}

/**
 * The factor a fixed-sample interval at level 1 − α is widened by to become the (1 − α) confidence
 * sequence after `points` points per side: the normal-mixture boundary over z₁₋α/₂.
 *
 * @example
 * sequenceFactor(20, 0.05, 20) // => 1.548...
 */
export function sequenceFactor(points: number, alpha: number, tuneAt: number): number {
  return normalMixtureBoundary(Math.max(1, points), alpha, tuneAt) / normalQuantile(1 - alpha / 2);
}

/** What the sequential verdict needs to know about one metric. */
export interface SequentialMetricInput {
  readonly name: string;
  readonly outcome: Outcome;
  readonly critical: boolean;
  readonly required: boolean;
  readonly muted: boolean;
  readonly direction: Direction;
  readonly margin: { readonly relative: number | null; readonly absolute: number | null };
  readonly judgedOn: 'relative' | 'absolute' | 'both' | null;
  readonly estimate: { readonly absolute: number | null; readonly relative: number | null };
  readonly interval: { readonly absolute: readonly [number | null, number | null] | null; readonly relative: readonly [number | null, number | null] | null };
  /** Points per side the interval rests on (harmonic mean); 0 when untested. */
  readonly points: number;
}

/** How the sequential verdict was reached at this look. */
export type SequentialDecision = 'harm' | 'pass' | 'max-duration' | 'keep-going' | 'no-timestamps';

/** One metric's state in a sequential look. */
export interface SequentialMetricState {
  readonly name: string;
  /** `open` while its confidence sequence straddles a margin or it has too little data yet. */
  readonly state: 'pass' | 'fail' | 'open' | 'error' | 'muted';
  /** Seconds from now until its sequence would likely leave the margin (estimate stays put); null when unknown. */
  readonly estimatedSecondsToDecision: number | null;
}

/** The sequential part of a Judgement. */
export interface SequentialReport {
  /** Seconds. */
  readonly minDuration: number;
  readonly maxDuration: number;
  /** Seconds the canary has run so far (null when the data has no timestamps). */
  readonly elapsed: number | null;
  /** Typical seconds between points. */
  readonly step: number | null;
  /** Whether the verdict is final (fail, pass, or anything at maxDuration) or the run should go on. */
  readonly final: boolean;
  readonly decidedBy: SequentialDecision;
  /** The judge's verdict rule applied to the confidence sequences (what a fixed judgement of them would say). */
  readonly ruleVerdict: Verdict;
  /** Metrics that still hold the verdict open (inconclusive, or without enough data yet). */
  readonly holding: readonly string[];
  /** Metrics that show harm. */
  readonly harm: readonly string[];
  /** Seconds until the likely decision of every holding metric (at least until minDuration); null when unknown. */
  readonly estimatedSecondsToDecision: number | null;
  readonly metrics: readonly SequentialMetricState[];
  /** The confidence sequences: method and the number of points per side they are tightest at. */
  readonly boundary: { readonly method: string; readonly tunedAtPoints: number | null };
  /** Why the judgement could not be sequential (no timestamps); null otherwise. */
  readonly problem: string | null;
}

/** The method named in every sequential report. */
export const SEQUENTIAL_METHOD =
  'normal-mixture asymptotic confidence sequences (Robbins 1970; Waudby-Smith et al. 2024); rate ratios: Beta-binomial mixture martingale (Lindon, Sanden & Shirikian 2022)';

function secondsToDecision(metric: SequentialMetricInput, elapsed: number, alpha: number, tuneAt: number): number | null {
  if (metric.outcome !== 'inconclusive' || metric.points < 1 || elapsed <= 0) return null;
  const kind = metric.judgedOn === 'absolute' ? 'absolute' : 'relative';
  const interval = metric.interval[kind];
  const estimate = metric.estimate[kind];
  const margin = metric.margin[kind];
  if (interval === null || estimate === null || margin === null) return null;
  const [low, high] = interval;
  if (low === null || high === null) return null;
  // The distance the interval end facing each straddled margin must shrink below.
  const needs: number[] = [];
  const sides = metric.direction === 'increase' ? [1] : metric.direction === 'decrease' ? [-1] : [1, -1];
  for (const sign of sides) {
    const boundary = sign * margin;
    if (!(low <= boundary && boundary <= high)) continue;
    const gap = Math.abs(estimate - boundary);
    const reach = estimate < boundary ? high - estimate : estimate - low;
    if (gap === 0 || reach <= 0) return null;
    needs.push(gap / reach);
  }
  if (needs.length === 0) return null;
  // The reach scales like b(t)/√t; find the t where it has shrunk by the needed ratio.
  const ratio = Math.min(...needs);
  const now = metric.points;
  const shape = (t: number) => normalMixtureBoundary(t, alpha, tuneAt) / Math.sqrt(t);
  const target = shape(now) * ratio;
  let low2 = now;
  let high2 = now * 2;
  while (shape(high2) > target) {
    low2 = high2;
    high2 *= 2;
    if (high2 > now * 1e6) return null;
  }
  for (let iteration = 0; iteration < 60; iteration++) {
    const middle = (low2 + high2) / 2;
    if (shape(middle) > target) low2 = middle;
    else high2 = middle;
  }
  return Math.max(0, (high2 / now - 1) * elapsed);
}

/**
 * The verdict of one sequential look. `ruleVerdict` is the judge's own verdict rule applied to the
 * confidence sequences; harm (a metric that fails or errors; a required metric without data at
 * maxDuration) fails at any look; the rule's pass counts once minDuration has passed and every
 * scored metric has data; otherwise the run goes on (marginal) until maxDuration, where the rule's
 * verdict is final.
 *
 * @example
 * decideSequentially({ minDuration: 300, maxDuration: 3600 }, { start: 0, end: 540, step: 60, elapsed: 600 }, [], 'pass', 0.05, 17).verdict // => 'pass'
 */
export function decideSequentially(
  sequential: SequentialConfig,
  clock: SequentialClock,
  metrics: readonly SequentialMetricInput[],
  ruleVerdict: Verdict,
  alpha: number,
  tuneAt: number,
): { verdict: Verdict; report: SequentialReport } {
  const atMax = clock.elapsed >= sequential.maxDuration;
  const pastMin = clock.elapsed >= sequential.minDuration;
  const harm = metrics
    .filter((metric) => showsHarm(metric) && (metric.outcome !== 'nodata' || atMax))
    .map((metric) => metric.name);
  const holding = metrics
    .filter((metric) => !metric.muted && (metric.outcome === 'inconclusive' || metric.outcome === 'nodata'))
    .map((metric) => metric.name);
  const states = metrics.map((metric): SequentialMetricState => {
    const state = metric.muted
      ? 'muted'
      : metric.outcome === 'pass'
        ? 'pass'
        : metric.outcome === 'fail'
          ? 'fail'
          : metric.outcome === 'error'
            ? 'error'
            : 'open';
    const seconds = metric.muted ? null : secondsToDecision(metric, clock.elapsed, alpha, tuneAt);
    return { name: metric.name, state, estimatedSecondsToDecision: seconds === null ? null : Math.round(seconds) };
  });

  let verdict: Verdict;
  let decidedBy: SequentialDecision;
  if (harm.length > 0) {
    verdict = 'fail';
    decidedBy = 'harm';
  } else if (pastMin && ruleVerdict === 'pass' && (atMax || !metrics.some((metric) => !metric.muted && metric.outcome === 'nodata'))) {
    verdict = 'pass';
    decidedBy = 'pass';
  } else if (atMax) {
    verdict = ruleVerdict;
    decidedBy = 'max-duration';
  } else {
    verdict = 'marginal';
    decidedBy = 'keep-going';
  }
  const final = decidedBy !== 'keep-going';

  let estimate: number | null = null;
  if (!final) {
    const untilMin = Math.max(0, sequential.minDuration - clock.elapsed);
    const holdingStates = states.filter((state) => holding.includes(state.name));
    const known = holdingStates.map((state) => state.estimatedSecondsToDecision);
    if (holdingStates.length === 0) estimate = untilMin;
    else if (known.every((value) => value !== null)) estimate = Math.max(untilMin, ...(known as number[]));
    if (estimate !== null) estimate = Math.round(Math.min(estimate, sequential.maxDuration - clock.elapsed));
  }
  return {
    verdict,
    report: {
      minDuration: sequential.minDuration,
      maxDuration: sequential.maxDuration,
      elapsed: clock.elapsed,
      step: clock.step,
      final,
      decidedBy,
      ruleVerdict,
      holding: final && decidedBy !== 'max-duration' ? [] : holding,
      harm,
      estimatedSecondsToDecision: estimate,
      metrics: states,
      boundary: { method: SEQUENTIAL_METHOD, tunedAtPoints: Number(tuneAt.toPrecision(4)) },
      problem: null,
    },
  };
}

/**
 * A duration in words: 90 → `1m 30s`, 3600 → `1h`.
 *
 * @example
 * formatElapsed(5400) // => '1h 30m'
 */
export function formatElapsed(seconds: number): string {
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  const parts = [hours > 0 ? `${hours}h` : '', minutes > 0 ? `${minutes}m` : '', rest > 0 || total === 0 ? `${rest}s` : ''].filter(Boolean);
  return parts.join(' ');
}

/**
 * The sentence that opens a sequential verdict's explanation.
 *
 * @example
 * explainSequential({ elapsed: 600, maxDuration: 3600, minDuration: 300, decidedBy: 'keep-going', holding: ['cpu'], harm: [], estimatedSecondsToDecision: 420 })
 * // => 'Sequential look after 10m of at most 1h: keep going (marginal); held by cpu; a decision is likely in about 7m.'
 */
export function explainSequential(report: Pick<SequentialReport, 'elapsed' | 'maxDuration' | 'minDuration' | 'decidedBy' | 'holding' | 'harm' | 'estimatedSecondsToDecision'>): string {
  const at = `Sequential look after ${formatElapsed(report.elapsed ?? 0)} of at most ${formatElapsed(report.maxDuration)}`;
  const list = (names: readonly string[]) => (names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`);
  switch (report.decidedBy) {
    case 'harm':
      return `${at}: harm shown by ${list(report.harm)}; roll back now (the confidence sequences hold at every look).`;
    case 'pass':
      return `${at}: the confidence sequences pass the verdict rule after the minimum of ${formatElapsed(report.minDuration)}; safe to promote.`;
    case 'max-duration':
      return `${at}: the maximum duration is reached, so this verdict is final${report.holding.length > 0 ? ` (still open: ${list(report.holding)})` : ''}.`;
    case 'no-timestamps':
      return `${at}: cannot judge sequentially.`;
    case 'keep-going': {
      const held = report.holding.length > 0 ? `; held by ${list(report.holding)}` : '';
      const eta = report.estimatedSecondsToDecision === null ? '; too early to estimate when it will be decided' : `; a decision is likely in about ${formatElapsed(report.estimatedSecondsToDecision)}`;
      const waiting = report.holding.length === 0 && (report.elapsed ?? 0) < report.minDuration ? `; waiting for the minimum of ${formatElapsed(report.minDuration)}` : '';
      return `${at}: keep going (marginal)${held}${waiting}${eta}.`;
    }
  }
}
