/**
 * Data-quality checks run before a metric is judged. They never change an outcome; each finding is
 * reported in the metric's `dataQuality` list so a reader can tell a real regression from a broken
 * query:
 * - `size-mismatch`: the two sides hold far more different numbers of points (or usable values)
 *   than two windows of the same length and step should;
 * - `gap`: a long run of missing values, or (with timestamps) a long stretch with no points;
 * - `counter-reset`: a series that climbs almost every step (a cumulative counter) and then falls
 *   back by at least half its range (small dips in a climb are not resets);
 * - `cumulative`: a series that never drops and rises at almost every step: a raw counter (take its
 *   rate) or values that were sorted instead of given in time order;
 * - `climb`: the canary climbs steadily through the window and the baseline does not: the shape of
 *   a slow leak, which a location test barely sees (the trend test is made for it).
 */
import { plural } from '../shared/message-text.js';

/** Which check found the issue. */
export type DataQualityCheck = 'size-mismatch' | 'gap' | 'counter-reset' | 'cumulative' | 'climb';

/** One data-quality finding. */
export interface DataQualityIssue {
  readonly check: DataQualityCheck;
  readonly side: 'baseline' | 'canary' | 'both';
  readonly message: string;
}

/** Sides may differ by this share of the larger one (or by `SIZE_SLACK_POINTS`, whichever is more). */
export const SIZE_MISMATCH_SHARE = 0.1;
export const SIZE_SLACK_POINTS = 2;
/** A gap is long from this many consecutive missing points (or this share of the points, if more). */
export const GAP_MIN_POINTS = 3;
export const GAP_MIN_SHARE = 0.05;
/** Counter checks need this many usable points, and this share of the steps rising. */
export const COUNTER_MIN_POINTS = 8;
export const COUNTER_RISING_SHARE = 0.8;
/** A drop is a counter reset when it falls back by at least this share of the series' range. */
export const RESET_DROP_SHARE = 0.5;
/** A clear monotone climb: Kendall's τ between time order and value of at least this (from `COUNTER_MIN_POINTS` points). */
export const CLIMB_TAU = 0.6;

type SideName = 'baseline' | 'canary';

function isPresent(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Sizes that differ far more than two equal windows should: by more than 10% of the larger side and
 * more than 2 points. Checks the points given first, then the usable values.
 *
 * @example
 * checkSizes({ baseline: 60, canary: 31 }, { baseline: 60, canary: 31 })[0].check // => 'size-mismatch'
 */
export function checkSizes(
  given: { readonly baseline: number; readonly canary: number },
  usable: { readonly baseline: number; readonly canary: number },
): DataQualityIssue[] {
  const differs = (a: number, b: number) => Math.abs(a - b) > Math.max(SIZE_SLACK_POINTS, SIZE_MISMATCH_SHARE * Math.max(a, b));
  const smaller = (sizes: { baseline: number; canary: number }): 'baseline' | 'canary' =>
    sizes.baseline < sizes.canary ? 'baseline' : 'canary';
  if (given.baseline > 0 && given.canary > 0 && differs(given.baseline, given.canary)) {
    return [
      {
        check: 'size-mismatch',
        side: smaller(given),
        message: `baseline has ${plural(given.baseline, 'point')} and canary ${given.canary}; windows of the same length and step should hold about the same number (check the query window, step and scope)`,
      },
    ];
  }
  if (usable.baseline > 0 && usable.canary > 0 && differs(usable.baseline, usable.canary)) {
    return [
      {
        check: 'size-mismatch',
        side: smaller(usable),
        message: `baseline has ${plural(usable.baseline, 'usable value')} and canary ${usable.canary} after cleaning, from ${given.baseline} and ${given.canary} points: one side lost far more to missing values`,
      },
    ];
  }
  return [];
}

/**
 * The longest run of missing values, and (with timestamps) the longest stretch without points,
 * when it is long: at least 3 points and 5% of the series.
 *
 * @example
 * checkGaps([1, null, null, null, 2, 3], undefined, 'canary')[0].message // => 'canary: 3 missing points in a row (from index 1)'
 */
export function checkGaps(values: readonly unknown[], timestamps: readonly number[] | undefined, side: SideName): DataQualityIssue[] {
  const issues: DataQualityIssue[] = [];
  const threshold = Math.max(GAP_MIN_POINTS, Math.ceil(GAP_MIN_SHARE * values.length));
  let longest = 0;
  let longestStart = -1;
  let run = 0;
  for (let index = 0; index < values.length; index++) {
    if (isPresent(values[index])) {
      run = 0;
      continue;
    }
    run++;
    if (run > longest) {
      longest = run;
      longestStart = index - run + 1;
    }
  }
  if (longest >= threshold) {
    issues.push({ check: 'gap', side, message: `${side}: ${plural(longest, 'missing point')} in a row (from index ${longestStart})` });
  }
  if (timestamps !== undefined && timestamps.length >= 3) {
    const steps: number[] = [];
    for (let index = 1; index < timestamps.length; index++) steps.push((timestamps[index] as number) - (timestamps[index - 1] as number));
    const sorted = [...steps].sort((a, b) => a - b);
    const typical = sorted[Math.floor(sorted.length / 2)] as number;
    if (typical > 0) {
      let widest = 0;
      let widestAt = -1;
      steps.forEach((step, index) => {
        const skipped = Math.round(step / typical) - 1;
        if (skipped > widest) {
          widest = skipped;
          widestAt = index;
        }
      });
      if (widest >= Math.max(GAP_MIN_POINTS, Math.ceil(GAP_MIN_SHARE * (timestamps.length + widest)))) {
        issues.push({
          check: 'gap',
          side,
          message: `${side}: no points for ${widest} steps of ${typical} between timestamps ${timestamps[widestAt]} and ${timestamps[widestAt + 1]}`,
        });
      }
    }
  }
  return issues;
}

/**
 * A series that rises at almost every step looks like a cumulative counter: with a drop of at least
 * half its range, that is a counter reset; without any drop, the values are a raw counter (or were
 * sorted). Rises with only small dips are a climb, not a reset (see `checkClimb`).
 *
 * @example
 * checkCounter([10, 20, 30, 40, 3, 13, 23, 33, 43], 'baseline', 'values')[0].check // => 'counter-reset'
 */
export function checkCounter(values: readonly unknown[], side: SideName, what: string): DataQualityIssue[] {
  // First pass: the range, and the rises that decide whether the series looks like a counter at
  // all (most series do not, and need no second pass).
  let present = 0;
  let previous = 0;
  let rises = 0;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (!isPresent(value)) continue;
    low = Math.min(low, value);
    high = Math.max(high, value);
    if (present > 0 && value > previous) rises++;
    previous = value;
    present++;
  }
  const steps = present - 1;
  if (present < COUNTER_MIN_POINTS || rises < COUNTER_RISING_SHARE * steps) return [];
  // Second pass: the drops, measured against the range.
  const resetSize = RESET_DROP_SHARE * (high - low);
  let drops = 0;
  let anyDrop = false;
  let firstDrop: { from: number; to: number; index: number } | null = null;
  let seen = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (!isPresent(value)) continue;
    if (seen > 0 && value < previous) {
      anyDrop = true;
      if (previous - value >= resetSize) {
        drops++;
        firstDrop ??= { from: previous, to: value, index };
      }
    }
    previous = value;
    seen++;
  }
  if (firstDrop === null && anyDrop) return [];
  if (firstDrop === null) {
    return [
      {
        check: 'cumulative',
        side,
        message: `${side}: the ${what} never decrease and rise at ${rises} of ${steps} steps; a cumulative counter must be turned into a rate, and values must be given in time order (not sorted)`,
      },
    ];
  }
  return [
    {
      check: 'counter-reset',
      side,
      message: `${side}: the ${what} rise at ${rises} of ${steps} steps and drop ${plural(drops, 'time')} (first from ${format(firstDrop.from)} to ${format(firstDrop.to)} at index ${firstDrop.index}): a cumulative counter that was reset; use its rate`,
    },
  ];
}

function format(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/**
 * Kendall's τ-a between time order and value (ties count 0): +1 for a series that only rises.
 * The score (concordant − discordant pairs) is counted exactly in O(n log n): the discordant pairs
 * are the strict inversions a merge sort meets, the tied pairs come from runs of equal values.
 *
 * @example
 * kendallTrend([1, 2, 3, 5, 4]) // => 0.8
 */
export function kendallTrend(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const pairs = (n * (n - 1)) / 2;
  let sorted = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < n; i++) {
    // NaN and infinities make some pair's sign NaN: keep the pairwise definition's answer.
    if (!Number.isFinite(sorted[i] as number)) return kendallTrendPairwise(values) / pairs;
  }
  // Bottom-up merge sort; when a right-run value is taken, every value left in the left run is
  // strictly greater (ties take the left first), so those pairs are discordant.
  let scratch = new Float64Array(n);
  let discordant = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let low = 0; low < n; low += 2 * width) {
      const middle = Math.min(low + width, n);
      const high = Math.min(low + 2 * width, n);
      let left = low;
      let right = middle;
      let out = low;
      while (left < middle && right < high) {
        if ((sorted[left] as number) <= (sorted[right] as number)) scratch[out++] = sorted[left++] as number;
        else {
          discordant += middle - left;
          scratch[out++] = sorted[right++] as number;
        }
      }
      while (left < middle) scratch[out++] = sorted[left++] as number;
      while (right < high) scratch[out++] = sorted[right++] as number;
    }
    [sorted, scratch] = [scratch, sorted];
  }
  let tied = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && sorted[end] === sorted[start]) end++;
    const run = end - start;
    tied += (run * (run - 1)) / 2;
    start = end;
  }
  return (pairs - tied - 2 * discordant) / pairs;
}

/** Σ sign(vⱼ − vᵢ) over i < j, pair by pair (the definition; for series with non-finite values). */
function kendallTrendPairwise(values: ArrayLike<number>): number {
  let score = 0;
  for (let i = 0; i < values.length - 1; i++) {
    const value = values[i] as number;
    for (let j = i + 1; j < values.length; j++) score += Math.sign((values[j] as number) - value);
  }
  return score;
}

/** Longest series the climb check reads in full; longer ones are thinned evenly to this many points. */
const CLIMB_MAX_POINTS = 2000;

function thinned(values: ArrayLike<number>): Float64Array {
  if (values.length <= CLIMB_MAX_POINTS) return Float64Array.from(values as ArrayLike<number>);
  const result = new Float64Array(CLIMB_MAX_POINTS);
  for (let i = 0; i < CLIMB_MAX_POINTS; i++) result[i] = values[Math.floor((i * (values.length - 1)) / (CLIMB_MAX_POINTS - 1))] as number;
  return result;
}

function edgeMedian(values: Float64Array, fromEnd: boolean): number {
  const count = Math.max(1, Math.min(5, Math.floor(values.length / 6)));
  const slice = Array.from(fromEnd ? values.subarray(values.length - count) : values.subarray(0, count)).sort((a, b) => a - b);
  const middle = slice.length >> 1;
  return slice.length % 2 === 1 ? (slice[middle] as number) : ((slice[middle - 1] as number) + (slice[middle] as number)) / 2;
}

/**
 * A clear monotone climb of the canary that the baseline does not show: Kendall's τ between time
 * order and the cleaned values of at least `CLIMB_TAU` on the canary (from `COUNTER_MIN_POINTS`
 * points) and below it on the baseline. For any test; the note suggests the trend test unless the
 * metric already uses it.
 *
 * @example
 * const climbing = [10, 11, 12, 13, 13.5, 15, 16, 17, 18, 19];
 * const flat = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11];
 * checkClimb(flat, climbing, 'mann-whitney')[0].check // => 'climb'
 */
export function checkClimb(baseline: ArrayLike<number>, canary: ArrayLike<number>, test: string): DataQualityIssue[] {
  if (canary.length < COUNTER_MIN_POINTS) return [];
  const canaryValues = thinned(canary);
  const canaryTau = kendallTrend(canaryValues);
  if (canaryTau < CLIMB_TAU) return [];
  const baselineTau = baseline.length >= 2 ? kendallTrend(thinned(baseline)) : null;
  if (baselineTau !== null && baselineTau >= CLIMB_TAU) return [];
  const from = edgeMedian(canaryValues, false);
  const to = edgeMedian(canaryValues, true);
  const change = from > 0 ? ` (${to >= from ? '+' : ''}${Number((((to - from) / from) * 100).toPrecision(3))}%)` : '';
  const tau = (value: number) => String(Number(value.toFixed(2)));
  const baselineText = baselineTau === null ? 'the baseline does not' : `the baseline does not (τ ${tau(baselineTau)})`;
  const advice =
    test === 'trend'
      ? ''
      : '; a slow leak looks like this and a location test barely sees it: judge it with "test": "trend" and a margin per hour';
  return [
    {
      check: 'climb',
      side: 'canary',
      message: `canary: climbs steadily through the window (Kendall's τ ${tau(canaryTau)} over ${canary.length} points), from about ${format(from)} to ${format(to)}${change}, while ${baselineText}${advice}`,
    },
  ];
}
