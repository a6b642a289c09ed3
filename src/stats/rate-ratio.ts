/**
 * Ratio of two event rates (errors per request) with the exact conditional test, R's
 * `poisson.test` for two samples.
 */
import { InvalidSampleError } from '../shared/errors.js';
import { assertOneOf, assertProbabilityOpen } from '../shared/argument-checks.js';
import { binomialTwoSidedPValue, clopperPearsonLower, clopperPearsonUpper, logBinomialLowerTail, logBinomialUpperTail } from './binomial.js';
import type { Alternative } from './mann-whitney.js';

/** Event counts of one side: `events` (an integer) out of `total` exposure (requests, seconds…). */
export interface Counts {
  readonly events: number;
  readonly total: number;
}

export interface RateRatioOptions {
  /** @default 0.95 */
  confidenceLevel?: number;
  /** @default 'two-sided' ('greater': the canary's rate is higher) */
  alternative?: Alternative;
}

export interface RateRatioResult {
  /** (canary.events / canary.total) / (baseline.events / baseline.total); null when both have no events. */
  readonly estimate: number | null;
  /** Interval for the rate ratio; [0, Infinity] when both sides have no events. */
  readonly confidenceInterval: readonly [number, number];
  readonly confidenceLevel: number;
  readonly alternative: Alternative;
  readonly pValue: number;
  readonly baselineRate: number;
  readonly canaryRate: number;
  readonly method: string;
  readonly warnings: readonly string[];
}

const ALTERNATIVES: readonly Alternative[] = ['two-sided', 'greater', 'less'];
const METHOD = 'Exact conditional test of the ratio of two Poisson rates (binomial given the total events; R poisson.test)';

/**
 * Compares the canary's event rate with the baseline's. Conditionally on the total E of events,
 * the canary's events are Binomial(E, π) with π = r·T_c/(r·T_c + T_b), r the rate ratio; the test
 * of r = 1 is the exact binomial test of π (two-sided: R's `binom.test` rule), the interval is the
 * Clopper–Pearson interval for π mapped to r = π/(1 − π) · T_b/T_c. Same numbers as R's
 * `poisson.test(c(canary.events, baseline.events), c(canary.total, baseline.total), r = 1,
 * alternative, conf.level)`, with these additions:
 * - no events on either side (where R stops with an error): estimate null, p-value 1, interval [0, ∞];
 * - no baseline events: estimate Infinity (canary events > 0), upper bound Infinity;
 * - one-sided alternatives report [0, upper] ('less') or [lower, Infinity] ('greater');
 * - the complement of the null proportion, T_b/(T_c + T_b), is computed directly where R uses
 *   1 − p: this differs from R only when the canary's exposure exceeds the baseline's by many
 *   orders of magnitude, and is then the more accurate of the two;
 * - the interval bounds come from log-odds, so π/(1 − π) needs no subtraction even for π near 1.
 *
 * Tail probabilities are summed directly in log space, never as 1 − p, so p-values down to about
 * 1e-300 keep their relative precision. Cost O(√E) per tail evaluation near the centre (O(1) far
 * out), about 10 evaluations per interval bound.
 *
 * Reference: Clopper & Pearson (1934); Cox (1953) for the conditional argument; R `poisson.test`.
 *
 * @example
 * rateRatio({ events: 10, total: 1000 }, { events: 25, total: 1000 }).pValue // => 0.016673847800120722
 * @throws InvalidSampleError (side `baseline` / `canary`) for counts that are not finite and
 *   non-negative, non-integer events, a total that is not positive, or more events than total.
 * @throws InvalidOptionError for `confidenceLevel` outside (0, 1) or an unknown `alternative`.
 */
export function rateRatio(baseline: Counts, canary: Counts, options: RateRatioOptions = {}): RateRatioResult {
  assertCounts(baseline, 'baseline');
  assertCounts(canary, 'canary');
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  const alternative = options.alternative ?? 'two-sided';
  assertProbabilityOpen(confidenceLevel, 'confidenceLevel');
  assertOneOf(alternative, ALTERNATIVES, 'alternative');

  const baselineRate = baseline.events / baseline.total;
  const canaryRate = canary.events / canary.total;
  const warnings: string[] = [];
  const common = { confidenceLevel, alternative, baselineRate, canaryRate, method: METHOD };

  const totalEvents = canary.events + baseline.events;
  if (totalEvents === 0) {
    warnings.push('Neither side has any events: the rate ratio is undefined and the test has nothing to compare.');
    return { ...common, estimate: null, confidenceInterval: [0, Number.POSITIVE_INFINITY], pValue: 1, warnings };
  }
  if (baseline.events === 0) {
    warnings.push('The baseline has no events: the estimated ratio is infinite and the interval has no upper bound.');
  }

  // Null proportion of canary events, computed as R does (r = 1); its complement separately.
  const exposure = canary.total + baseline.total;
  const [nullP, nullQ] = Number.isFinite(exposure)
    ? [canary.total / exposure, baseline.total / exposure]
    : [1 / (1 + baseline.total / canary.total), 1 / (1 + canary.total / baseline.total)]; // totals near 1e308

  const x = canary.events;
  const n = totalEvents;

  let pValue: number;
  if (alternative === 'less') pValue = Math.exp(logBinomialLowerTail(x, n, nullP, nullQ));
  else if (alternative === 'greater') pValue = Math.exp(logBinomialUpperTail(x, n, nullP, nullQ));
  else pValue = binomialTwoSidedPValue(x, n, nullP, nullQ);
  pValue = Math.min(1, pValue);

  // π/(1 − π) · T_b/T_c, with π/(1 − π) = e^t from the bound's log-odds t.
  const toRatio = (logOdds: number): number => Math.exp(logOdds) * (baseline.total / canary.total);
  const alpha = alternative === 'two-sided' ? (1 - confidenceLevel) / 2 : 1 - confidenceLevel;
  const lower = alternative === 'less' || x === 0 ? 0 : toRatio(clopperPearsonLower(x, n, alpha).logOdds);
  const upper =
    alternative === 'greater' || x === n ? Number.POSITIVE_INFINITY : toRatio(clopperPearsonUpper(x, n, alpha).logOdds);

  return {
    ...common,
    estimate: canaryRate / baselineRate,
    confidenceInterval: [lower, upper],
    pValue,
    warnings,
  };
}

function assertCounts(counts: Counts, side: string): void {
  if (typeof counts !== 'object' || counts === null) {
    throw new InvalidSampleError(side, `${side} must be an object { events, total }, received ${counts === null ? 'null' : typeof counts}`);
  }
  const { events, total } = counts as { events: unknown; total: unknown };
  if (typeof events !== 'number' || !Number.isFinite(events) || events < 0) {
    throw new InvalidSampleError(side, `${side}.events must be a finite non-negative number, received ${String(events)}`, undefined, events);
  }
  if (!Number.isInteger(events)) {
    throw new InvalidSampleError(side, `${side}.events must be a whole number of events, received ${events}`, undefined, events);
  }
  if (typeof total !== 'number' || !Number.isFinite(total) || total <= 0) {
    throw new InvalidSampleError(side, `${side}.total must be a finite positive number, received ${String(total)}`, undefined, total);
  }
  if (events > total) {
    throw new InvalidSampleError(
      side,
      `${side}.events (${events}) exceeds ${side}.total (${total}): events must be counted among the total`,
      undefined,
      events,
    );
  }
}
