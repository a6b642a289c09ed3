/**
 * The trend test's effect: how much faster the canary grows than the baseline, per hour, in the
 * metric's unit and relative to the baseline's level (statistics.md §2, `trend`). A slow leak barely moves
 * a 30-minute mean but shows as a steeper slope.
 *
 * One function, `measureTrendEffect`, takes each side's values with their times in hours and
 * returns the effect with its interval; sequential and paired modes can call it on their own
 * windows.
 */
import { InvalidOptionError } from '../shared/errors.js';
import { quantileSorted } from '../stats/quantile.js';
import { sortedCopy } from '../stats/sort.js';
import { studentTUpperQuantile, studentTUpperTail } from '../stats/student-t.js';
import { fitSlope, residualAutocorrelation, residualParts, type SlopeFit } from '../stats/trend-slope.js';
import type { DATA_TIMESTAMP_UNITS } from '../config/data-schema.js';
import type { Effect } from './effect-types.js';
import type { SideTrend, TrendDetails } from './trend-details.js';

/** Units of the timestamps in the data: epoch (or any) seconds, or milliseconds. */
export type TimestampUnit = (typeof DATA_TIMESTAMP_UNITS)[number];

/** Hours ahead the explanation projects the gap to (statistics.md §2, `trend`). */
export const PROJECTION_HOURS = 4;

/**
 * Timestamps above this with `timestampUnit` "s" are read as milliseconds given by mistake (1e11
 * seconds is the year 5138): the slope would be off by a factor 1000.
 */
export const LARGEST_PLAUSIBLE_SECONDS = 1e11;

/**
 * Hours since `origin` of timestamps given in `unit`.
 *
 * @example
 * Array.from(toHours(Float64Array.of(0, 1800, 3600), 's', 0)) // => [0, 0.5, 1]
 */
export function toHours(times: Float64Array, unit: TimestampUnit, origin: number): Float64Array {
  const perHour = unit === 'ms' ? 3_600_000 : 3600;
  return times.map((time) => (time - origin) / perHour);
}

/** One side's values in time order with their times in hours (from any common origin). */
export interface TrendSeries {
  readonly values: ArrayLike<number>;
  readonly hours: ArrayLike<number>;
}

/** The trend effect: an Effect whose changes are per hour, and the fitted lines. */
export interface TrendEffect extends Effect {
  readonly trend: TrendDetails;
}

/** Options of `measureTrendEffect`. */
export interface TrendEffectOptions {
  readonly confidenceLevel: number;
  /** "adjust": the residuals' AR(1) dependence widens the interval; "ignore": points are independent. @default 'adjust' */
  readonly autocorrelation?: 'adjust' | 'ignore';
  /** Seed of the pair sample for very long series (more than 2,000,000 pairs). @default 0 */
  readonly seed?: number | string;
}

function medianStep(hours: ArrayLike<number>): number {
  const steps: number[] = [];
  for (let i = 1; i < hours.length; i++) steps.push((hours[i] as number) - (hours[i - 1] as number));
  if (steps.length === 0) return 0;
  return quantileSorted(sortedCopy(steps), 0.5, 7);
}

function sideTrend(series: TrendSeries, fit: SlopeFit, observed: number | null): SideTrend {
  const first = series.hours[0] as number;
  const last = series.hours[series.hours.length - 1] as number;
  return {
    slopePerHour: fit.slope,
    start: { hours: first, value: fit.intercept + fit.slope * first },
    end: { hours: last, value: fit.intercept + fit.slope * last },
    standardError: Math.sqrt(fit.variance),
    effectivePoints: fit.n / fit.slopeInflation,
    residualAutocorrelation: observed,
    points: fit.n,
  };
}

/**
 * The canary's slope minus the baseline's, per hour, with a Welch-type t interval: each side's
 * Theil–Sen slope, its variance under AR(1) residuals (ρ pooled over both sides, matched over the
 * first lags; statistics.md §2, `trend`), Welch–Satterthwaite degrees of freedom from each side's effective
 * points. Relative: divided by the baseline's median (null when that is not positive). Throws on
 * misuse (fewer than 3 points, times not increasing).
 *
 * @example
 * const hours = Array.from({ length: 30 }, (_, i) => i / 60);
 * const flat = { hours, values: hours.map((_, i) => 99.5 + (i % 2)) };
 * const climbing = { hours, values: hours.map((h, i) => 99.5 + (i % 2) + 10 * h) };
 * measureTrendEffect(flat, climbing, { confidenceLevel: 0.95 }).relative?.estimate // => 0.1
 */
export function measureTrendEffect(baseline: TrendSeries, canary: TrendSeries, options: TrendEffectOptions): TrendEffect {
  const level = options.confidenceLevel;
  if (!(level > 0 && level < 1)) throw new InvalidOptionError('confidenceLevel', 'a number in (0, 1)', level);
  const baselineParts = residualParts(baseline.hours, baseline.values);
  const canaryParts = residualParts(canary.hours, canary.values);
  const rho = options.autocorrelation === 'ignore' ? 0 : (residualAutocorrelation([baselineParts, canaryParts])?.corrected ?? 0);
  const seed = options.seed ?? 0;
  const baselineFit = fitSlope(baseline.hours, baseline.values, rho, { seed: `${String(seed)}/baseline` });
  const canaryFit = fitSlope(canary.hours, canary.values, rho, { seed: `${String(seed)}/canary` });
  const observedOf = (parts: typeof baselineParts) => residualAutocorrelation([parts], 1)?.observed ?? null;

  const estimate = canaryFit.slope - baselineFit.slope;
  const variance = baselineFit.variance + canaryFit.variance;
  const standardError = Math.sqrt(variance);
  const degrees =
    variance > 0
      ? (variance * variance) /
        ((baselineFit.variance * baselineFit.variance) / baselineFit.degreesOfFreedom +
          (canaryFit.variance * canaryFit.variance) / canaryFit.degreesOfFreedom)
      : Math.max(1, baselineFit.degreesOfFreedom + canaryFit.degreesOfFreedom);
  const t = studentTUpperQuantile((1 - level) / 2, Math.max(1, degrees));
  const halfWidth = t * standardError;
  const absolute = { estimate, interval: [estimate - halfWidth, estimate + halfWidth] as const };
  let pValue: number;
  if (standardError > 0) pValue = Math.min(1, 2 * studentTUpperTail(Math.abs(estimate) / standardError, Math.max(1, degrees)));
  else pValue = estimate === 0 ? 1 : 0;

  const baselineLevel = quantileSorted(sortedCopy(Array.from(baseline.values)), 0.5, 7);
  const hasLevel = baselineLevel > 0 && Number.isFinite(baselineLevel);
  const relative = hasLevel
    ? {
        estimate: estimate / baselineLevel,
        interval: [absolute.interval[0] / baselineLevel, absolute.interval[1] / baselineLevel] as const,
      }
    : null;

  const baselineTrend = sideTrend(baseline, baselineFit, observedOf(baselineParts));
  const canaryTrend = sideTrend(canary, canaryFit, observedOf(canaryParts));
  const now = canaryTrend.end.hours;
  const gapAt = (hours: number) =>
    hasLevel
      ? (canaryFit.intercept + canaryFit.slope * hours - (baselineFit.intercept + baselineFit.slope * hours)) / baselineLevel
      : null;
  const warnings: string[] = [];
  if (t * standardError === 0 && estimate === 0) warnings.push('both sides are exact straight lines with equal slopes; the interval has no width');

  return {
    method: `trend: Theil-Sen slopes per hour, difference with an AR(1)-adjusted least-squares variance (residual autocorrelation ${Number(rho.toPrecision(3))})`,
    pValue,
    absolute,
    relative,
    relativeUnavailable: relative === null ? `the baseline level (median ${Number(baselineLevel.toPrecision(4))}) is not positive` : null,
    informationSizes: { baseline: baselineFit.n, canary: canaryFit.n },
    sizeExponent: 3,
    warnings,
    trend: {
      baseline: baselineTrend,
      canary: canaryTrend,
      level: baselineLevel,
      autocorrelation: rho,
      gapNow: gapAt(now),
      gapProjected: gapAt(now + PROJECTION_HOURS),
      stepHours: medianStep(canary.hours),
    },
  };
}
