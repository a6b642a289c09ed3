/**
 * The trend test's details beyond its effect (statistics.md §2, `trend`): each side's fitted line,
 * the level the relative slopes are expressed against, and the projected gap. The shapes only; the
 * test is in trend-effect.ts.
 */

/** One side's fitted line. */
export interface SideTrend {
  /** Theil–Sen slope in the metric's unit per hour. */
  readonly slopePerHour: number;
  /** Fitted value at the side's first and last point. */
  readonly start: { readonly hours: number; readonly value: number };
  readonly end: { readonly hours: number; readonly value: number };
  /** Standard error of the slope (per hour), with the residual dependence accounted for. */
  readonly standardError: number;
  /** Points the slope is worth: n / u′R(ρ)u. */
  readonly effectivePoints: number;
  /** Lag-1 autocorrelation of this side's least-squares residuals as observed; null with too few points. */
  readonly residualAutocorrelation: number | null;
  readonly points: number;
}

/** The trend test's details beyond the effect. */
export interface TrendDetails {
  readonly baseline: SideTrend;
  readonly canary: SideTrend;
  /** The baseline's level the relative slope is expressed against: its median. */
  readonly level: number;
  /** The AR(1) parameter of the residuals the interval used (0 with `autocorrelation: "ignore"`). */
  readonly autocorrelation: number;
  /** The gap between the fitted lines at the canary's last point, relative to the level (null without a positive level). */
  readonly gapNow: number | null;
  /** The same gap `PROJECTION_HOURS` later if both sides keep their slopes. */
  readonly gapProjected: number | null;
  /** Typical time between points, in hours (median step of the canary). */
  readonly stepHours: number;
}
