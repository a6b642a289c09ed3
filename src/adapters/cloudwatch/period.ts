/**
 * Which periods CloudWatch can answer for a window, checked before any call. CloudWatch returns one
 * point per period, timestamped at the period's start, so the period *is* the step of `collect`'s
 * grid; what it can be depends on how old the window's start is (retention), and CloudWatch rounds
 * old start times down, so the start must already be on that boundary for points to land on the
 * grid.
 *
 * Retention (GetMetricData documentation): periods under 60 s for 3 hours (high-resolution custom
 * metrics only), 60 s for 15 days, 300 s for 63 days, 3600 s for 455 days. Start times are rounded
 * down to the minute (under 15 days old), to 5 minutes (15–63 days) or to the hour (older).
 */
import { InvalidOptionError } from '../../shared/errors.js';
import type { RangeQuery } from '../../sources/metric-source.js';

/** Periods under a minute that high-resolution metrics allow. */
export const CLOUDWATCH_HIGH_RESOLUTION_PERIODS: readonly number[] = Object.freeze([1, 5, 10, 20, 30]);

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** What data CloudWatch still keeps for a start time of a given age. */
interface RetentionTier {
  /** Oldest age (ms) this tier covers. */
  readonly maxAgeMs: number;
  /** Periods must be a multiple of this (seconds). */
  readonly multipleSeconds: number;
  /** Start times are rounded down to this (seconds). */
  readonly roundingSeconds: number;
  readonly describe: string;
}

const TIERS: readonly RetentionTier[] = [
  { maxAgeMs: 3 * HOUR, multipleSeconds: 1, roundingSeconds: 60, describe: 'under 3 hours ago' },
  { maxAgeMs: 15 * DAY, multipleSeconds: 60, roundingSeconds: 60, describe: 'between 3 hours and 15 days ago' },
  { maxAgeMs: 63 * DAY, multipleSeconds: 300, roundingSeconds: 300, describe: 'between 15 and 63 days ago' },
  { maxAgeMs: 455 * DAY, multipleSeconds: 3600, roundingSeconds: 3600, describe: 'between 63 and 455 days ago' },
];

/**
 * The smallest period (seconds) CloudWatch keeps for a window starting at `startMs`, seen at
 * `nowMs`: 60 under 15 days, 300 under 63 days, 3600 under 455 days (60 too for windows under 3
 * hours old: sub-minute periods are for high-resolution metrics only, so they are never chosen
 * automatically).
 *
 * @throws InvalidOptionError when the start is more than 455 days old (CloudWatch keeps nothing).
 * @example
 * smallestCloudWatchPeriod(Date.parse('2024-01-01T00:00:00Z'), Date.parse('2024-01-20T00:00:00Z')) // => 300
 */
export function smallestCloudWatchPeriod(startMs: number, nowMs: number): number {
  return Math.max(60, tierFor(startMs, nowMs).multipleSeconds);
}

/**
 * Checks that CloudWatch can answer a range: the step is a valid period (1, 5, 10, 20, 30 or a
 * multiple of 60 seconds), no longer than the window, kept for a start that old, and the start is
 * on the boundary CloudWatch rounds it to.
 *
 * @throws InvalidOptionError naming `step` or `start`, saying what would work.
 * @example
 * checkCloudWatchRange({ startMs: 0, endMs: 3_600_000, stepMs: 45_000 }, 3_600_000)
 * // throws: Invalid option `step`: expected a CloudWatch period: 1, 5, 10, 20, 30 or a multiple of 60 seconds, received 45
 */
export function checkCloudWatchRange(range: RangeQuery, nowMs: number): void {
  const { startMs, endMs, stepMs } = range;
  const seconds = stepMs / 1000;
  if (!Number.isInteger(seconds) || seconds < 1 || (seconds < 60 && !CLOUDWATCH_HIGH_RESOLUTION_PERIODS.includes(seconds)) || (seconds >= 60 && seconds % 60 !== 0)) {
    throw new InvalidOptionError('step', 'a CloudWatch period: 1, 5, 10, 20, 30 or a multiple of 60 seconds', seconds);
  }
  if (stepMs > endMs - startMs) {
    throw new InvalidOptionError(
      'step',
      `a period no longer than the window (${(endMs - startMs) / 1000}s from ${iso(startMs)} to ${iso(endMs)}), so each side gets more than one point`,
      seconds,
    );
  }
  const tier = tierFor(startMs, nowMs);
  if (seconds % tier.multipleSeconds !== 0) {
    throw new InvalidOptionError(
      'step',
      `a multiple of ${tier.multipleSeconds}s: the window starts ${tier.describe} (${iso(startMs)}), and CloudWatch keeps only ${tier.multipleSeconds}s data that old`,
      seconds,
    );
  }
  if (seconds < 60 && startMs % stepMs !== 0) {
    throw new InvalidOptionError('start', `a start on a multiple of the ${seconds}s period, so points land on the step grid`, iso(startMs));
  }
  const roundingMs = tier.roundingSeconds * 1000;
  if (startMs % roundingMs !== 0) {
    const rounded = Math.floor(startMs / roundingMs) * roundingMs;
    throw new InvalidOptionError(
      'start',
      `a start on a whole ${tier.roundingSeconds === 60 ? 'minute' : tier.roundingSeconds === 300 ? '5 minutes' : 'hour'}: CloudWatch rounds a start ${tier.describe} down to it, so points would miss the step grid (use ${iso(rounded)})`,
      iso(startMs),
    );
  }
}

function tierFor(startMs: number, nowMs: number): RetentionTier {
  const age = nowMs - startMs;
  const tier = TIERS.find((candidate) => age <= candidate.maxAgeMs);
  if (tier === undefined) {
    throw new InvalidOptionError('start', `a start at most 455 days ago: CloudWatch keeps no data older than that (now is ${iso(nowMs)})`, iso(startMs));
  }
  return tier;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
