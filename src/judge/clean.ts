/**
 * Data cleaning before a test: warm-up trimming, the missing-value policy, IQR outlier removal and
 * the minimum-sample guard. Trouble in the data is never thrown; it comes back as a `problem`
 * (`nodata` or `error`) with a reason that names the side, the count and the rule.
 */
import { plural } from '../shared/message-text.js';
import { sortedCopy } from '../stats/sort.js';
import { quantileSorted } from '../stats/quantile.js';
import type { MetricConfig } from '../config/config-schema.js';
import type { NoDataReasons, Series } from '../config/data-schema.js';
import { checkClimb, checkCounter, checkGaps, checkSizes, type DataQualityIssue } from './data-quality.js';
import type { CountPoints } from './dependence.js';
import { isRegular, perStepShapeHint } from './data-shape.js';
import type { DataShortfall } from './verdict-rule.js';
import { MIN_TREND_POINTS } from '../stats/trend-slope.js';

/** One side after cleaning. */
export interface CleanedSide {
  /** Points given (after the warm-up was dropped nothing is re-counted: this is the raw length). */
  readonly before: number;
  /** Usable values (for rates: usable points) after cleaning. */
  readonly after: number;
  /** The cleaned values sorted ascending (for rates: the per-point rates of points with a total > 0). */
  readonly sorted: Float64Array;
  /** The cleaned values in time order (outliers removed; for rates: the per-point rates of points with a total > 0). */
  readonly ordered: Float64Array;
  /** Value metrics with timestamps: the timestamp of each `ordered` value, as given (seconds or ms); null otherwise. */
  readonly times: Float64Array | null;
  /** Rate metrics: events and totals of the usable points with a total > 0, in time order; null otherwise. */
  readonly points: CountPoints | null;
  /** Summed events and totals (rate metrics only; 0 otherwise). */
  readonly events: number;
  readonly total: number;
}

/** A problem that stops a metric from being tested. */
export interface CleaningProblem {
  readonly outcome: 'nodata' | 'error';
  readonly reason: string;
  /** nodata only: `missing` when a side has no points, `too-few` when it has fewer usable values than the test needs. */
  readonly shortfall?: DataShortfall;
  /** too-few only: the usable values (rate metrics: the summed total) each side needs. */
  readonly needed?: number;
}

/** Both sides of a metric after cleaning, and the first problem found (if any). */
export interface CleanedMetric {
  readonly kind: 'values' | 'counts';
  readonly baseline: CleanedSide;
  readonly canary: CleanedSide;
  readonly problem: CleaningProblem | null;
  readonly warnings: readonly string[];
  /** Data-quality findings (they never change the outcome). */
  readonly dataQuality: readonly DataQualityIssue[];
}

type Side = 'baseline' | 'canary';

const EMPTY_SIDE: CleanedSide = Object.freeze({
  before: 0,
  after: 0,
  sorted: new Float64Array(0),
  ordered: new Float64Array(0),
  times: null,
  points: null,
  events: 0,
  total: 0,
});

/**
 * A missing measurement: `null`, `"NaN"` or NaN (the `nan` policy decides what it becomes).
 *
 * @example
 * isMissing('NaN') // => true
 */
export function isMissing(value: unknown): boolean {
  return value === null || value === 'NaN' || (typeof value === 'number' && Number.isNaN(value));
}

/** The values of a value series, or undefined when the series holds counts. */
function valuesOf(series: Series): readonly unknown[] | undefined {
  if (Array.isArray(series)) return series;
  if (typeof series === 'object' && series !== null && 'values' in series && Array.isArray(series.values)) return series.values;
  return undefined;
}

/**
 * The timestamps of a series, when given.
 *
 * @example
 * timestampsOf({ values: [1, 2], timestamps: [0, 60] }) // => [0, 60]
 */
export function timestampsOf(series: Series): readonly number[] | undefined {
  if (typeof series === 'object' && series !== null && !Array.isArray(series) && 'timestamps' in series && Array.isArray(series.timestamps)) {
    return series.timestamps;
  }
  return undefined;
}

/** The points after the warm-up: the series itself when there is none (read-only here, so not copied). */
function afterWarmup<T>(series: readonly T[], start: number): readonly T[];
function afterWarmup<T>(series: readonly T[] | undefined, start: number): readonly T[] | undefined;
function afterWarmup<T>(series: readonly T[] | undefined, start: number): readonly T[] | undefined {
  return series === undefined || start === 0 ? series : series.slice(start);
}

function countsOf(series: Series): { events: readonly unknown[]; total: readonly unknown[] } | undefined {
  if (typeof series === 'object' && series !== null && !Array.isArray(series) && 'events' in series) {
    return { events: series.events, total: series.total };
  }
  return undefined;
}

interface SideResult {
  readonly side: CleanedSide;
  readonly problem: CleaningProblem | null;
  readonly warnings: string[];
}

/** Applies warm-up, missing-value and outlier rules to one side of a value metric. */
function cleanValueSide(raw: readonly unknown[], metric: MetricConfig, sideName: Side, timestamps: readonly number[] | undefined): SideResult {
  const warnings: string[] = [];
  const before = raw.length;
  const start = Math.min(metric.warmupPoints, before);
  // Kept values (and their times) go straight into typed arrays sized for every point, then trimmed.
  const capacity = before - start;
  const kept = new Float64Array(capacity);
  const timeSource = timestamps !== undefined && timestamps.length === before ? timestamps : null;
  const keptTimes = timeSource === null ? null : new Float64Array(capacity);
  let keptCount = 0;
  let missing = 0;
  let firstMissing = -1;
  for (let index = start; index < before; index++) {
    const value = raw[index];
    if (typeof value === 'number' && Number.isFinite(value)) {
      if (keptTimes !== null && timeSource !== null) keptTimes[keptCount] = timeSource[index] as number;
      kept[keptCount++] = value;
    } else if (isMissing(value)) {
      missing++;
      if (firstMissing < 0) firstMissing = index;
      if (metric.nan === 'zero') {
        if (keptTimes !== null && timeSource !== null) keptTimes[keptCount] = timeSource[index] as number;
        kept[keptCount++] = 0;
      }
    } else {
      const side: CleanedSide = { ...EMPTY_SIDE, before };
      return {
        side,
        problem: {
          outcome: 'error',
          reason: `${sideName}[${index}] is ${String(value)}: values must be finite numbers (use null for a missing point)`,
        },
        warnings,
      };
    }
  }
  if (missing > 0 && metric.nan === 'fail') {
    return {
      side: { ...EMPTY_SIDE, before },
      problem: {
        outcome: 'error',
        reason: `${sideName} has ${plural(missing, 'missing value')} (first at index ${firstMissing}) and nan is "fail"`,
      },
      warnings,
    };
  }
  if (missing > 0) {
    warnings.push(
      metric.nan === 'zero'
        ? `${sideName}: ${plural(missing, 'missing value')} counted as 0`
        : `${sideName}: ${plural(missing, 'missing value')} removed`,
    );
  }
  if (start > 0) warnings.push(`${sideName}: first ${plural(start, 'point')} dropped as warm-up`);

  let ordered = keptCount === capacity ? kept : kept.slice(0, keptCount);
  let times = keptTimes === null ? null : keptCount === capacity ? keptTimes : keptTimes.slice(0, keptCount);
  let sorted = sortedCopy(ordered);
  if (metric.outliers.strategy === 'iqr' && sorted.length >= 4) {
    const lowerQuartile = quantileSorted(sorted, 0.25, 7);
    const upperQuartile = quantileSorted(sorted, 0.75, 7);
    const spread = metric.outliers.factor * (upperQuartile - lowerQuartile);
    const low = lowerQuartile - spread;
    const high = upperQuartile + spread;
    let first = 0;
    let end = sorted.length;
    while (first < end && (sorted[first] as number) < low) first++;
    while (end > first && (sorted[end - 1] as number) > high) end--;
    const removed = sorted.length - (end - first);
    if (removed > 0) {
      warnings.push(`${sideName}: ${plural(removed, 'outlier')} outside [${round(low)}, ${round(high)}] removed (IQR × ${metric.outliers.factor})`);
      sorted = sorted.slice(first, end);
      if (times !== null) {
        const inside = (value: number) => value >= low && value <= high;
        const original = ordered;
        times = times.filter((_, index) => inside(original[index] as number));
      }
      ordered = ordered.filter((value) => value >= low && value <= high);
    }
  }
  return { side: { before, after: sorted.length, sorted, ordered, times, points: null, events: 0, total: 0 }, problem: null, warnings };
}

/** Applies warm-up and missing-value rules to one side of a rate metric and sums its counts. */
function cleanCountSide(
  raw: { events: readonly unknown[]; total: readonly unknown[] },
  metric: MetricConfig,
  sideName: Side,
): SideResult {
  const warnings: string[] = [];
  const before = raw.events.length;
  if (raw.total.length !== before) {
    return {
      side: { ...EMPTY_SIDE, before },
      problem: {
        outcome: 'error',
        reason: `${sideName}.total must have one entry per events entry: expected ${before}, received ${raw.total.length}`,
      },
      warnings,
    };
  }
  const start = Math.min(metric.warmupPoints, before);
  let events = 0;
  let total = 0;
  let missing = 0;
  let firstMissing = -1;
  let usable = 0;
  const rates: number[] = [];
  const pointEvents: number[] = [];
  const pointTotals: number[] = [];
  for (let index = start; index < before; index++) {
    const eventValue = raw.events[index];
    const totalValue = raw.total[index];
    if (isMissing(eventValue) || isMissing(totalValue)) {
      missing++;
      if (firstMissing < 0) firstMissing = index;
      if (metric.nan === 'zero') usable++;
      continue;
    }
    if (typeof eventValue !== 'number' || typeof totalValue !== 'number' || !Number.isFinite(eventValue) || !Number.isFinite(totalValue)) {
      return {
        side: { ...EMPTY_SIDE, before },
        problem: {
          outcome: 'error',
          reason: `${sideName} point ${index} is ${String(eventValue)} events of ${String(totalValue)}: counts must be finite numbers`,
        },
        warnings,
      };
    }
    if (eventValue < 0 || totalValue < 0 || eventValue > totalValue) {
      return {
        side: { ...EMPTY_SIDE, before },
        problem: {
          outcome: 'error',
          reason: `${sideName} point ${index} has ${eventValue} events of ${totalValue}: counts must satisfy 0 ≤ events ≤ total`,
        },
        warnings,
      };
    }
    events += eventValue;
    total += totalValue;
    usable++;
    if (totalValue > 0) {
      rates.push(eventValue / totalValue);
      pointEvents.push(eventValue);
      pointTotals.push(totalValue);
    }
  }
  if (missing > 0 && metric.nan === 'fail') {
    return {
      side: { ...EMPTY_SIDE, before },
      problem: {
        outcome: 'error',
        reason: `${sideName} has ${plural(missing, 'missing point')} (first at index ${firstMissing}) and nan is "fail"`,
      },
      warnings,
    };
  }
  if (missing > 0) {
    warnings.push(
      metric.nan === 'zero'
        ? `${sideName}: ${plural(missing, 'missing point')} counted as 0 events of 0`
        : `${sideName}: ${plural(missing, 'missing point')} removed`,
    );
  }
  if (start > 0) warnings.push(`${sideName}: first ${plural(start, 'point')} dropped as warm-up`);
  const roundedEvents = Math.round(events);
  const roundedTotal = Math.round(total);
  if (roundedEvents !== events || roundedTotal !== total) {
    warnings.push(`${sideName}: counts summed to ${round(events)} of ${round(total)} and were rounded to ${roundedEvents} of ${roundedTotal}`);
  }
  return {
    side: {
      before,
      after: usable,
      sorted: sortedCopy(rates),
      ordered: Float64Array.from(rates),
      times: null,
      points: { events: Float64Array.from(pointEvents), total: Float64Array.from(pointTotals) },
      events: roundedEvents,
      total: roundedTotal,
    },
    problem: null,
    warnings,
  };
}

function round(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/**
 * Cleans both sides of a metric and checks `minSamples`. The first problem found wins; sides are
 * still returned (possibly empty) so sizes can be reported.
 *
 * @example
 * const metric = parseConfig({ metrics: [{ name: 'cpu', test: 'mann-whitney', minSamples: 2 }] }).metrics[0];
 * cleanMetric(metric, [1, null, 3], [2, 'NaN']).problem?.reason
 * // => 'canary has 1 usable value after cleaning (2 points given); need at least 2 (minSamples)'
 */
export function cleanMetric(
  metric: MetricConfig,
  baseline: Series,
  canary: Series,
  noDataReasons: NoDataReasons = {},
): CleanedMetric {
  const isRate = metric.test === 'rate';
  const kind = isRate ? 'counts' : 'values';
  const results: SideResult[] = [];
  const dataQuality: DataQualityIssue[] = [];
  for (const [sideName, series] of [['baseline', baseline], ['canary', canary]] as const) {
    const start = metric.warmupPoints;
    const timestamps = afterWarmup(timestampsOf(series), start);
    if (isRate) {
      const counts = countsOf(series);
      if (counts === undefined) {
        return shapeProblem(metric, kind, sideName, 'a { events, total } object of counts', 'a series of values');
      }
      results.push(cleanCountSide(counts, metric, sideName));
      const events = afterWarmup(counts.events, start);
      const total = afterWarmup(counts.total, start);
      const joined = events.map((value, index) => (isMissing(value) || isMissing(total[index]) ? null : value));
      dataQuality.push(...checkGaps(joined, timestamps, sideName));
      dataQuality.push(...checkCounter(total, sideName, 'totals'), ...checkCounter(events, sideName, 'events'));
    } else {
      const values = valuesOf(series);
      if (values === undefined) {
        return shapeProblem(metric, kind, sideName, 'an array of values or { values, timestamps }', '{ events, total } counts');
      }
      results.push(cleanValueSide(values, metric, sideName, timestampsOf(series)));
      const kept = afterWarmup(values, start);
      dataQuality.push(...checkGaps(kept, timestamps, sideName), ...checkCounter(kept, sideName, 'values'));
    }
  }
  const [baselineResult, canaryResult] = results as [SideResult, SideResult];
  const warnings = [...baselineResult.warnings, ...canaryResult.warnings];
  const problem =
    baselineResult.problem ??
    canaryResult.problem ??
    sizeProblem(metric, baselineResult.side, canaryResult.side, noDataReasons, {
      baseline: afterWarmup(timestampsOf(baseline), metric.warmupPoints),
      canary: afterWarmup(timestampsOf(canary), metric.warmupPoints),
    });
  // Per-request samples differ in size by nature (a 5% canary gets less traffic): only series with
  // one point per step (rate counts, or regular timestamps on both sides) must have equal lengths.
  const sizes = isPerStep(isRate, timestampsOf(baseline), timestampsOf(canary))
    ? checkSizes(
        { baseline: baselineResult.side.before, canary: canaryResult.side.before },
        { baseline: baselineResult.side.after, canary: canaryResult.side.after },
      )
    : [];
  const climb = checkClimb(baselineResult.side.ordered, canaryResult.side.ordered, metric.test);
  // A canary that climbs while the baseline does not is a leak's shape, not a raw counter.
  const counterNotes = climb.length > 0 ? dataQuality.filter((issue) => !(issue.check === 'cumulative' && issue.side === 'canary')) : dataQuality;
  return {
    kind,
    baseline: baselineResult.side,
    canary: canaryResult.side,
    problem,
    warnings,
    dataQuality: [...sizes, ...counterNotes, ...climb],
  };
}

/**
 * Whether both sides are per-step series, whose lengths over the same window must agree: rate
 * counts (events and totals per step), or values whose timestamps come at a regular step on both
 * sides. Values without timestamps, or at irregular times, may be per-request samples.
 *
 * @example
 * isPerStep(false, [0, 60, 120, 180], [0, 60, 120]) // => true
 */
export function isPerStep(isRate: boolean, baseline: readonly number[] | undefined, canary: readonly number[] | undefined): boolean {
  if (isRate) return true;
  return baseline !== undefined && canary !== undefined && isRegular(baseline) && isRegular(canary);
}

function shapeProblem(metric: MetricConfig, kind: 'values' | 'counts', side: Side, expected: string, received: string): CleanedMetric {
  return {
    kind,
    baseline: EMPTY_SIDE,
    canary: EMPTY_SIDE,
    problem: {
      outcome: 'error',
      reason: `${side} must be ${expected} for test "${metric.test}", received ${received}`,
    },
    warnings: [],
    dataQuality: [],
  };
}

/** Fewest points expected beyond a percentile for its bootstrap interval to mean anything. */
export const TAIL_POINTS = 5;

/**
 * The fewest values per side a percentile test needs: enough that `TAIL_POINTS` are expected
 * beyond the percentile (500 for p99, 100 for p95, 10 for p50).
 *
 * @example
 * tailMinimum(99) // => 500
 */
export function tailMinimum(percentile: number): number {
  const tailShare = Math.min(percentile, 100 - percentile);
  return Math.ceil((TAIL_POINTS * 100) / tailShare - 1e-6);
}

/**
 * The usable values (rate metrics: the summed total) each side needs for the metric's test:
 * `minSamples`, and at least 2 for a ratio of means, 3 for a trend (a line and a scatter about
 * it), and enough for the tail of a percentile.
 *
 * @example
 * neededPerSide(parseConfig({ metrics: [{ name: 'p99', test: 'percentile', percentile: 99 }] }).metrics[0]) // => 500
 */
export function neededPerSide(metric: MetricConfig): number {
  if (metric.test === 'rate') return metric.minSamples;
  let needed = metric.minSamples;
  if (metric.test === 'mean-ratio') needed = Math.max(needed, 2);
  if (metric.test === 'trend') needed = Math.max(needed, MIN_TREND_POINTS);
  if (metric.test === 'percentile' && metric.percentile !== undefined) needed = Math.max(needed, tailMinimum(metric.percentile));
  return needed;
}

/**
 * Why a side cannot be judged by the trend test for lack of time: no timestamps, or all usable
 * points at one time. Either way more of the same data would not help, so the metric is
 * unmeasured (`missing`), not waiting for more values.
 */
function trendTimeProblem(sideName: Side, side: CleanedSide): CleaningProblem | null {
  if (side.times === null) {
    return {
      outcome: 'nodata',
      shortfall: 'missing',
      reason: `${sideName} has no timestamps; the trend test needs them: give each side as { "values": [...], "timestamps": [...] } (epoch seconds, or milliseconds with data.timestampUnit "ms")`,
    };
  }
  const times = side.times;
  if (times.length >= 2 && (times[times.length - 1] as number) === (times[0] as number)) {
    return {
      outcome: 'nodata',
      shortfall: 'missing',
      reason: `${sideName}: all ${side.after} usable points share one timestamp, so no slope over time can be taken`,
    };
  }
  return null;
}

function sizeProblem(
  metric: MetricConfig,
  baseline: CleanedSide,
  canary: CleanedSide,
  noDataReasons: NoDataReasons,
  timestamps: { readonly baseline: readonly number[] | undefined; readonly canary: readonly number[] | undefined },
): CleaningProblem | null {
  for (const [sideName, side] of [['baseline', baseline], ['canary', canary]] as const) {
    if (side.before === 0) {
      const sourceReason = noDataReasons[sideName];
      return {
        outcome: 'nodata',
        shortfall: 'missing',
        reason: `${sideName} series is empty (0 points)${sourceReason === undefined ? '' : `: ${sourceReason}`}`,
      };
    }
    if (metric.test === 'trend') {
      const problem = trendTimeProblem(sideName, side);
      if (problem !== null) return problem;
    }
  }
  const needed = neededPerSide(metric);
  const tooFew = (reason: string): CleaningProblem => ({ outcome: 'nodata', shortfall: 'too-few', needed, reason });
  for (const [sideName, side] of [['baseline', baseline], ['canary', canary]] as const) {
    if (metric.test === 'rate') {
      if (side.after === 0) {
        return tooFew(`${sideName} has no usable points after cleaning (${plural(side.before, 'point')} given); need a total of at least ${metric.minSamples} (minSamples)`);
      }
      if (side.total < metric.minSamples) {
        return tooFew(`${sideName} has a total of ${side.total} over ${plural(side.after, 'point')}; need at least ${metric.minSamples} (minSamples)`);
      }
    } else if (side.after < metric.minSamples) {
      return tooFew(
        `${sideName} has ${plural(side.after, 'usable value')} after cleaning (${plural(side.before, 'point')} given); need at least ${metric.minSamples} (minSamples)` +
          (metric.test === 'percentile' ? percentileHint(metric, side, timestamps[sideName]) : ''),
      );
    } else if (metric.test === 'mean-ratio' && side.after < 2) {
      return tooFew(`${sideName} has ${plural(side.after, 'usable value')}; the ratio of means needs at least 2 per side (for a variance)`);
    } else if (metric.test === 'trend' && side.after < MIN_TREND_POINTS) {
      return tooFew(`${sideName} has ${plural(side.after, 'usable value')}; the trend test needs at least ${MIN_TREND_POINTS} per side (a line and a scatter about it)`);
    } else if (metric.test === 'percentile' && metric.percentile !== undefined) {
      const tail = tailMinimum(metric.percentile);
      if (side.after < tail) {
        return tooFew(
          `${sideName} has ${plural(side.after, 'usable value')}; the p${metric.percentile} needs at least ${tail} so that ${TAIL_POINTS} lie beyond it` +
            percentileHint(metric, side, timestamps[sideName]),
        );
      }
    }
  }
  return null;
}

function percentileHint(metric: MetricConfig, side: CleanedSide, timestamps: readonly number[] | undefined): string {
  const hint = perStepShapeHint(side.before, timestamps, metric.percentile);
  return hint === null ? '' : `. ${hint}`;
}
