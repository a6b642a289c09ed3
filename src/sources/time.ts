/**
 * Time ranges of range queries: instants, steps and the automatic step. Everything is integer
 * milliseconds inside; the data handed to the judge carries epoch seconds, like Prometheus.
 */
import { InvalidOptionError } from '../shared/errors.js';

/** An instant: a `Date`, epoch **seconds** (number or numeric string), or an RFC 3339 string. */
export type TimeInput = Date | number | string;
/** A step: seconds (number) or a Prometheus duration string such as `"30s"`, `"1m"`, `"1h30m"`. */
export type StepInput = number | string;

/** The smallest step chosen automatically, in seconds: Prometheus's default scrape interval (1m). */
export const DEFAULT_MIN_STEP_SECONDS = 60;

/** Epoch seconds above this are almost certainly milliseconds (year 5138). */
const LARGEST_EPOCH_SECONDS = 1e11;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;
const DURATION = /^(\d+(ms|[smhdwy]))+$/;
const DURATION_PART = /(\d+)(ms|[smhdwy])/g;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/**
 * Turns an instant into epoch milliseconds.
 *
 * @throws InvalidOptionError for anything else, including numbers that look like milliseconds.
 * @example
 * parseTime('2024-01-01T00:00:00Z', 'start') // => 1704067200000
 */
export function parseTime(value: TimeInput, option: string): number {
  const expected = 'a Date, epoch seconds, or an RFC 3339 time such as "2024-01-01T00:00:00Z"';
  let ms: number;
  if (value instanceof Date) {
    ms = value.getTime();
  } else if (typeof value === 'number' || (typeof value === 'string' && NUMERIC.test(value))) {
    const seconds = Number(value);
    if (Math.abs(seconds) > LARGEST_EPOCH_SECONDS) {
      throw new InvalidOptionError(option, `${expected} (${String(value)} looks like milliseconds: divide by 1000)`, value);
    }
    ms = Math.round(seconds * 1000);
  } else if (typeof value === 'string' && RFC3339.test(value)) {
    ms = Date.parse(value);
  } else {
    throw new InvalidOptionError(option, expected, value);
  }
  if (!Number.isFinite(ms)) throw new InvalidOptionError(option, expected, value);
  return ms;
}

/**
 * Turns a step into milliseconds.
 *
 * @throws InvalidOptionError unless it is a positive number of seconds or a duration such as `"1m30s"`.
 * @example
 * parseStep('1m30s', 'step') // => 90000
 */
export function parseStep(value: StepInput, option: string): number {
  let ms = Number.NaN;
  if (typeof value === 'number' || (typeof value === 'string' && NUMERIC.test(value))) {
    ms = Math.round(Number(value) * 1000);
  } else if (typeof value === 'string' && DURATION.test(value)) {
    ms = 0;
    for (const match of value.matchAll(DURATION_PART)) ms += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  if (!Number.isFinite(ms) || ms < 1) {
    throw new InvalidOptionError(option, 'a positive number of seconds or a duration such as "30s", "1m" or "1h30m" (at least 1ms)', value);
  }
  return ms;
}

/**
 * Writes milliseconds as a Prometheus duration: whole seconds as `"60s"`, anything else as `"1500ms"`.
 *
 * @example
 * formatDuration(60000) // => '60s'
 */
export function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Steps the automatic choice picks from, in seconds (after these: whole days). */
const NICE_STEPS_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** Options of `chooseStep`. */
export interface ChooseStepOptions {
  /**
   * Most points one series may have, counted like Prometheus: `(end − start) / step` must not
   * exceed it.
   * @default Infinity
   */
  readonly maxPoints?: number;
  /**
   * Smallest step to pick, in seconds.
   * @default DEFAULT_MIN_STEP_SECONDS (60)
   */
  readonly minStepSeconds?: number;
}

/**
 * Picks a round step (1s, 2s, 5s, …, 1m, 2m, 5m, …, 1d, then whole days) of at least
 * `minStepSeconds` that keeps the range under `maxPoints` points.
 *
 * @example
 * chooseStep(0, 86_400_000 * 10, { maxPoints: 11_000 }) // => 120000 (7,200 points; 60s would give 14,400)
 */
export function chooseStep(startMs: number, endMs: number, options: ChooseStepOptions = {}): number {
  const maxPoints = options.maxPoints ?? Number.POSITIVE_INFINITY;
  const minStepMs = (options.minStepSeconds ?? DEFAULT_MIN_STEP_SECONDS) * 1000;
  const range = Math.max(0, endMs - startMs);
  const fits = (stepMs: number) => stepMs >= minStepMs && Math.floor(range / stepMs) <= maxPoints;
  for (const seconds of NICE_STEPS_SECONDS) {
    if (fits(seconds * 1000)) return seconds * 1000;
  }
  const days = Math.max(1, Math.ceil(range / maxPoints / 86_400_000), Math.ceil(minStepMs / 86_400_000));
  return days * 86_400_000;
}

/**
 * The evaluation instants of a range query, in epoch milliseconds: start, start + step, … up to end.
 *
 * @example
 * stepGrid(0, 120_000, 60_000) // => [0, 60000, 120000]
 */
export function stepGrid(startMs: number, endMs: number, stepMs: number): number[] {
  const grid: number[] = [];
  for (let time = startMs; time <= endMs; time += stepMs) grid.push(time);
  return grid;
}
