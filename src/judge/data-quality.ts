/**
 * Data-quality checks run before a metric is judged. They never change an outcome; each finding is
 * reported in the metric's `dataQuality` list so a reader can tell a real regression from a broken
 * query:
 * - `size-mismatch`: the two sides hold far more different numbers of points (or usable values)
 *   than two windows of the same length and step should;
 * - `gap`: a long run of missing values, or (with timestamps) a long stretch with no points;
 * - `counter-reset`: a series that climbs almost every step (a cumulative counter) and then drops;
 * - `cumulative`: a series that never drops and rises at almost every step: a raw counter (take its
 *   rate) or values that were sorted instead of given in time order.
 */
import { plural } from '../shared/message-text.js';

/** Which check found the issue. */
export type DataQualityCheck = 'size-mismatch' | 'gap' | 'counter-reset' | 'cumulative';

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
 * A series that rises at almost every step looks like a cumulative counter: with drops, those are
 * counter resets; without any, the values are a raw counter (or were sorted).
 *
 * @example
 * checkCounter([10, 20, 30, 40, 3, 13, 23, 33, 43], 'baseline', 'values')[0].check // => 'counter-reset'
 */
export function checkCounter(values: readonly unknown[], side: SideName, what: string): DataQualityIssue[] {
  let present = 0;
  let previous = 0;
  let rises = 0;
  let drops = 0;
  let firstDrop: { from: number; to: number; index: number } | null = null;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (!isPresent(value)) continue;
    if (present > 0) {
      if (value > previous) rises++;
      else if (value < previous) {
        drops++;
        firstDrop ??= { from: previous, to: value, index };
      }
    }
    previous = value;
    present++;
  }
  const steps = present - 1;
  if (present < COUNTER_MIN_POINTS || rises < COUNTER_RISING_SHARE * steps) return [];
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
