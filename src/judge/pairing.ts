/**
 * Pairing: whether a metric is judged on time-aligned pairs (canary_t against baseline_t) or as two
 * independent samples, and the aligned pairs themselves.
 *
 * `pairing: "auto"` (default) pairs when at least `AUTO_PAIRING_SHARE` of the points of both sides
 * share a timestamp (after the warm-up), `"time"` pairs on whatever timestamps are shared (an error
 * without timestamps), `"none"` never pairs. The percentile test has no paired form. A pair is used
 * when both of its points survive cleaning (missing values per the `nan` policy, outliers outside
 * the range the side kept).
 */
import { isMissing, timestampsOf, type CleanedMetric, type CleaningProblem } from './clean.js';
import type { MetricConfig, PairingPolicy } from '../config/config-schema.js';
import type { Series } from '../config/data-schema.js';

/** Share of each side's points that must share a timestamp for `pairing: "auto"` to pair. */
export const AUTO_PAIRING_SHARE = 0.9;
/** Most per-step differences kept for plotting (longer series are averaged in consecutive bins). */
export const MAX_PLOTTED_STEPS = 240;

/** Time-aligned pairs of one metric, in time order. */
export interface AlignedPairs {
  readonly timestamps: Float64Array;
  /** Values (value tests) or per-step rates (rate test) of each side. */
  readonly baseline: Float64Array;
  readonly canary: Float64Array;
  /** Rate test: the per-step counts; null otherwise. */
  readonly counts: {
    readonly baseline: { readonly events: Float64Array; readonly total: Float64Array };
    readonly canary: { readonly events: Float64Array; readonly total: Float64Array };
  } | null;
}

/** The pairing decision of one metric. */
export interface PairingDecision {
  readonly requested: PairingPolicy;
  readonly mode: 'time' | 'none';
  /** Why this mode, in one sentence. */
  readonly reason: string;
  /** Share of each side's points (after warm-up) whose timestamp the other side has too; null without timestamps. */
  readonly shared: { readonly baseline: number; readonly canary: number } | null;
  /** The pairs, when paired. */
  readonly pairs: AlignedPairs | null;
  /** A problem that stops the metric (only with `pairing: "time"`). */
  readonly problem: CleaningProblem | null;
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

function none(requested: PairingPolicy, reason: string, shared: PairingDecision['shared'] = null): PairingDecision {
  return { requested, mode: 'none', reason, shared, pairs: null, problem: null };
}

function stop(requested: PairingPolicy, outcome: 'nodata' | 'error', reason: string, shared: PairingDecision['shared'] = null): PairingDecision {
  return { requested, mode: 'none', reason, shared, pairs: null, problem: { outcome, reason } };
}

/** A measurement after the `nan` policy (missing counts as 0 under "zero"); null when it is not usable. */
function usableValue(value: unknown, zeroMissing: boolean): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (zeroMissing && isMissing(value)) return 0;
  return null;
}

/** A finite count (a missing point's events and total are 0 under "zero": never a usable step). */
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** How far `decidePairing` goes. */
export interface PairingOptions {
  /**
   * false: decide and count the usable pairs (the decision and its reason are the same) but do not
   * build them, for a comparison that will not use them (a sequential look compares the sides
   * unpaired). @default true
   */
  readonly align?: boolean;
}

/**
 * Indices of the timestamps both sides share from `start` on, found by a merge: timestamps never
 * decrease (the data schema checks it), so this is O(n); a timestamp repeated on a side is matched once.
 */
function sharedIndices(baselineTimes: readonly number[], canaryTimes: readonly number[], start: number): { baseline: Int32Array; canary: Int32Array; count: number } {
  const capacity = Math.max(0, Math.min(baselineTimes.length, canaryTimes.length) - start);
  const baseline = new Int32Array(capacity);
  const canary = new Int32Array(capacity);
  let count = 0;
  let i = start;
  let j = start;
  let lastMatched = Number.NaN;
  while (i < baselineTimes.length && j < canaryTimes.length) {
    const baselineTime = baselineTimes[i] as number;
    const canaryTime = canaryTimes[j] as number;
    if (baselineTime < canaryTime) i++;
    else if (baselineTime > canaryTime) j++;
    else {
      if (baselineTime !== lastMatched) {
        baseline[count] = i;
        canary[count] = j;
        count++;
      }
      lastMatched = baselineTime;
      i++;
      j++;
    }
  }
  return { baseline, canary, count };
}

/**
 * Decides how a metric is compared and aligns its pairs. Call after cleaning succeeded (the cleaned
 * sides give the range of values each side kept).
 *
 * @example
 * const metric = parseConfig({ metrics: [{ name: 'cpu', test: 'mean-ratio', minSamples: 2 }] }).metrics[0];
 * const series = (values) => ({ values, timestamps: values.map((_, i) => 60 * i) });
 * const data = [series([1, 2, 3]), series([2, 3, 4])];
 * decidePairing(metric, 'auto', data[0], data[1], cleanMetric(metric, data[0], data[1])).mode // => 'time'
 */
export function decidePairing(
  metric: MetricConfig,
  requested: PairingPolicy,
  baseline: Series,
  canary: Series,
  cleaned: CleanedMetric,
  options: PairingOptions = {},
): PairingDecision {
  if (requested === 'none') return none(requested, 'pairing "none": judged as two independent samples');
  if (metric.test === 'trend') {
    return none(requested, 'the trend test compares the slope of each side over time and has no paired form: judged as two independent series');
  }
  if (metric.test === 'percentile') {
    return none(requested, 'the percentile test compares the two distributions and has no paired form: judged as two independent samples');
  }
  const baselineTimes = timestampsOf(baseline);
  const canaryTimes = timestampsOf(canary);
  if (baselineTimes === undefined || canaryTimes === undefined) {
    const missing = baselineTimes === undefined && canaryTimes === undefined ? 'neither side has' : `the ${baselineTimes === undefined ? 'baseline' : 'canary'} has no`;
    const sentence = `${missing} timestamps`;
    if (requested === 'time') return stop(requested, 'error', `pairing "time" needs timestamps on both sides, but ${sentence}`);
    return none(requested, `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}: judged as two independent samples`);
  }
  const start = metric.warmupPoints;
  const matches = sharedIndices(baselineTimes, canaryTimes, start);
  const baselinePoints = Math.max(0, baselineTimes.length - start);
  const canaryPoints = Math.max(0, canaryTimes.length - start);
  const shared = {
    baseline: baselinePoints > 0 ? matches.count / baselinePoints : 0,
    canary: canaryPoints > 0 ? matches.count / canaryPoints : 0,
  };
  const shareText = `${percent(shared.baseline)} of the baseline's and ${percent(shared.canary)} of the canary's points share a timestamp`;
  if (requested === 'auto' && (shared.baseline < AUTO_PAIRING_SHARE || shared.canary < AUTO_PAIRING_SHARE)) {
    return none(requested, `only ${shareText} (pairing needs ${percent(AUTO_PAIRING_SHARE)} of both): judged as two independent samples`, shared);
  }

  // The usable pairs, written straight into arrays sized for every match (only counted when not aligning).
  const align = options.align ?? true;
  const isRate = metric.test === 'rate';
  const capacity = align ? matches.count : 0;
  const timestamps = new Float64Array(capacity);
  const baselineValues = new Float64Array(capacity);
  const canaryValues = new Float64Array(capacity);
  const counts = isRate && align ? { be: new Float64Array(capacity), bt: new Float64Array(capacity), ce: new Float64Array(capacity), ct: new Float64Array(capacity) } : null;
  let pairCount = 0;
  const lowB = cleaned.baseline.sorted[0] ?? Number.NEGATIVE_INFINITY;
  const highB = cleaned.baseline.sorted[cleaned.baseline.sorted.length - 1] ?? Number.POSITIVE_INFINITY;
  const lowC = cleaned.canary.sorted[0] ?? Number.NEGATIVE_INFINITY;
  const highC = cleaned.canary.sorted[cleaned.canary.sorted.length - 1] ?? Number.POSITIVE_INFINITY;
  // Read the series once: a value series' measurements, a count series' events and totals.
  const read = (series: Series, key: 'values' | 'events' | 'total'): readonly unknown[] =>
    (Array.isArray(series) ? series : (series as Partial<Record<typeof key, unknown[]>>)[key]) ?? [];
  const zeroMissing = metric.nan === 'zero';
  const [baselineRead, canaryRead] = isRate ? [read(baseline, 'events'), read(canary, 'events')] : [read(baseline, 'values'), read(canary, 'values')];
  const [baselineTotals, canaryTotals] = isRate ? [read(baseline, 'total'), read(canary, 'total')] : [[], []];
  for (let match = 0; match < matches.count; match++) {
    const i = matches.baseline[match] as number;
    const j = matches.canary[match] as number;
    if (isRate) {
      // A step with no total (or a missing one) has no rate: only steps with a total > 0 pair.
      const baselineEvents = baselineRead[i];
      const baselineTotal = baselineTotals[i];
      const canaryEvents = canaryRead[j];
      const canaryTotal = canaryTotals[j];
      if (!isCount(baselineEvents) || !isCount(baselineTotal) || !isCount(canaryEvents) || !isCount(canaryTotal) || !(baselineTotal > 0) || !(canaryTotal > 0)) continue;
      if (counts !== null) {
        counts.be[pairCount] = baselineEvents;
        counts.bt[pairCount] = baselineTotal;
        counts.ce[pairCount] = canaryEvents;
        counts.ct[pairCount] = canaryTotal;
        baselineValues[pairCount] = baselineEvents / baselineTotal;
        canaryValues[pairCount] = canaryEvents / canaryTotal;
      }
    } else {
      const b = usableValue(baselineRead[i], zeroMissing);
      const c = usableValue(canaryRead[j], zeroMissing);
      if (b === null || c === null || b < lowB || b > highB || c < lowC || c > highC) continue;
      if (align) {
        baselineValues[pairCount] = b;
        canaryValues[pairCount] = c;
      }
    }
    if (align) timestamps[pairCount] = baselineTimes[i] as number;
    pairCount++;
  }
  const needed = isRate ? 2 : Math.max(2, metric.minSamples);
  if (pairCount < needed) {
    const sentence = `${pairCount} usable time-aligned ${pairCount === 1 ? 'pair' : 'pairs'} (${shareText}); need at least ${needed}`;
    if (requested === 'time') return stop(requested, 'nodata', `pairing "time": ${sentence}`, shared);
    return none(requested, `only ${sentence}: judged as two independent samples`, shared);
  }
  const kept = (values: Float64Array) => values.subarray(0, pairCount);
  const pairs: AlignedPairs | null = align
    ? {
        timestamps: kept(timestamps),
        baseline: kept(baselineValues),
        canary: kept(canaryValues),
        counts:
          counts === null
            ? null
            : { baseline: { events: kept(counts.be), total: kept(counts.bt) }, canary: { events: kept(counts.ce), total: kept(counts.ct) } },
      }
    : null;
  const reason =
    requested === 'time'
      ? `pairing "time": ${pairCount} time-aligned pairs (${shareText})`
      : `${shareText}: judged on ${pairCount} time-aligned pairs`;
  return { requested, mode: 'time', reason, shared, pairs, problem: null };
}

/**
 * Per-step differences canary − baseline for a plot, averaged in consecutive bins when there are
 * more than `limit` steps (each bin's timestamp is its first step's).
 *
 * @example
 * plottedDifferences({ timestamps: Float64Array.from([0, 60]), baseline: Float64Array.from([1, 2]), canary: Float64Array.from([2, 2]), counts: null })
 * // => { timestamps: [0, 60], differences: [1, 0] }
 */
export function plottedDifferences(pairs: AlignedPairs, limit: number = MAX_PLOTTED_STEPS): { timestamps: number[]; differences: number[] } {
  const n = pairs.timestamps.length;
  const bins = Math.min(n, limit);
  const timestamps: number[] = [];
  const differences: number[] = [];
  for (let bin = 0; bin < bins; bin++) {
    const from = Math.floor((bin * n) / bins);
    const to = Math.floor(((bin + 1) * n) / bins);
    let sum = 0;
    for (let i = from; i < to; i++) sum += (pairs.canary[i] as number) - (pairs.baseline[i] as number);
    timestamps.push(pairs.timestamps[from] as number);
    differences.push(Number((sum / (to - from)).toPrecision(6)));
  }
  return { timestamps, differences };
}
