/**
 * What a series looks like from its size and timestamps, so a test that does not fit the data can
 * say so: the percentile test is for per-request values, and a short series with one point per
 * scrape step is almost always per-step quantiles (Prometheus `histogram_quantile`, CloudWatch
 * `p99` statistics), which Mann-Whitney compares as a series.
 *
 * Timestamps are epoch seconds or milliseconds (data-schema.ts): a median timestamp of 1e11 or more
 * (year 5138 in seconds, 1973 in milliseconds) is read as milliseconds.
 */

/** A median timestamp at or above this is read as epoch milliseconds. */
export const MILLISECOND_TIMESTAMPS_FROM = 1e11;

/**
 * Seconds per timestamp unit: 0.001 for epoch milliseconds, 1 for epoch seconds.
 *
 * @example
 * secondsPerTimestampUnit([1_700_000_000_000, 1_700_000_060_000]) // => 0.001
 */
export function secondsPerTimestampUnit(timestamps: readonly number[]): number {
  if (timestamps.length === 0) return 1;
  const middle = timestamps[Math.floor(timestamps.length / 2)] as number;
  return Math.abs(middle) >= MILLISECOND_TIMESTAMPS_FROM ? 0.001 : 1;
}

/**
 * The typical step between timestamps in seconds (the median difference), or null with fewer than
 * two points or no positive step.
 *
 * @example
 * typicalStepSeconds([0, 60, 120, 180]) // => 60
 */
export function typicalStepSeconds(timestamps: readonly number[]): number | null {
  if (timestamps.length < 2) return null;
  const steps: number[] = [];
  for (let index = 1; index < timestamps.length; index++) steps.push((timestamps[index] as number) - (timestamps[index - 1] as number));
  steps.sort((a, b) => a - b);
  const step = (steps[Math.floor(steps.length / 2)] as number) * secondsPerTimestampUnit(timestamps);
  return Number.isFinite(step) && step > 0 ? step : null;
}

/**
 * The time `timestamps` span, in seconds, counting one step for the last point (n points at an even
 * step cover n steps); null with fewer than two points.
 *
 * @example
 * coveredSeconds([0, 60, 120, 180]) // => 240
 */
export function coveredSeconds(timestamps: readonly number[]): number | null {
  if (timestamps.length < 2) return null;
  const first = timestamps[0] as number;
  const last = timestamps[timestamps.length - 1] as number;
  const span = (last - first) * secondsPerTimestampUnit(timestamps) * (timestamps.length / (timestamps.length - 1));
  return Number.isFinite(span) && span > 0 ? span : null;
}

/**
 * A duration in words, rounded to what a reader needs: "45 seconds", "25 minutes", "3.5 hours",
 * "2 days".
 *
 * @example
 * describeDuration(1500) // => '25 minutes'
 */
export function describeDuration(seconds: number): string {
  const unit = (value: number, word: string) => {
    const shown = value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
    return `${shown} ${word}${shown === 1 ? '' : 's'}`;
  };
  if (!Number.isFinite(seconds)) return 'forever';
  if (seconds < 90) return unit(Math.max(1, Math.ceil(seconds)), 'second');
  if (seconds < 90 * 60) return unit(Math.ceil(seconds / 60), 'minute');
  if (seconds < 48 * 3600) return unit(seconds / 3600, 'hour');
  return unit(seconds / 86_400, 'day');
}

/**
 * "one per minute", "one every 15 seconds": the step of a series in words.
 *
 * @example
 * describeStep(60) // => 'one per minute'
 */
export function describeStep(seconds: number): string {
  const named: readonly [number, string][] = [
    [1, 'second'],
    [60, 'minute'],
    [3600, 'hour'],
    [86_400, 'day'],
  ];
  for (const [size, word] of named) if (Math.abs(seconds - size) < 1e-6 * size) return `one per ${word}`;
  return `one every ${describeDuration(seconds)}`;
}

/** Share of steps that must equal the typical step (within 1%) for a series to count as per-step. */
export const REGULAR_STEP_SHARE = 0.8;

/**
 * Whether timestamps come at a regular step, as a scraped series does (per-request timestamps are
 * irregular): at least 80% of the steps within 1% of the median step.
 *
 * @example
 * isRegular([0, 60, 120, 180, 240]) // => true
 */
export function isRegular(timestamps: readonly number[]): boolean {
  if (timestamps.length < 2) return false;
  const steps = new Float64Array(timestamps.length - 1);
  let ascending = true;
  for (let index = 1; index < timestamps.length; index++) {
    const step = (timestamps[index] as number) - (timestamps[index - 1] as number);
    steps[index - 1] = step;
    if (index > 1 && step < (steps[index - 2] as number)) ascending = false;
  }
  // The median step. Steps that never shrink (evenly spaced timestamps: every side of a scraped
  // series the judge checks) are their own sorted order; others are sorted numerically, in place
  // (the count below does not depend on their order).
  if (!ascending) steps.sort();
  const typical = steps[Math.floor(steps.length / 2)] as number;
  if (!(typical > 0)) return false;
  let regular = 0;
  for (let index = 0; index < steps.length; index++) if (Math.abs((steps[index] as number) - typical) <= 0.01 * typical) regular++;
  return regular >= REGULAR_STEP_SHARE * steps.length;
}

/**
 * For a percentile metric given too few values for its test: what the series looks like and which
 * test fits it, or null when the timestamps look like per-request values (irregular, or closer
 * than a second apart).
 *
 * @example
 * perStepShapeHint(3, [0, 60, 120], 99) // => '3 values, one per minute: a series of per-step p99s? The percentile test needs per-request values; a per-step series is compared with test "mann-whitney"'
 */
export function perStepShapeHint(count: number, timestamps: readonly number[] | undefined, percentile: number | undefined): string | null {
  const what = percentile === undefined ? 'quantiles' : `p${percentile}s`;
  const advice = `The percentile test needs per-request values; a per-step series is compared with test "mann-whitney"`;
  if (timestamps !== undefined && timestamps.length >= 2) {
    const step = typicalStepSeconds(timestamps);
    if (step === null || step < 1 || !isRegular(timestamps)) return null;
    return `${timestamps.length} values, ${describeStep(step)}: a series of per-step ${what}? ${advice}`;
  }
  return `${count} values: a series of per-step ${what} (one per scrape)? ${advice}`;
}
