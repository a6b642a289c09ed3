/**
 * An anytime-valid confidence sequence for the ratio of two event rates (canary ÷ baseline), after
 * Lindon, Sanden & Shirikian (KDD 2022): events of the two sides are Poisson processes whose
 * intensities are rate × exposure, so each event is the canary's with probability
 * θ = r·w/(r·w + 1), w = T_c/T_b the canary's share of the exposure. Mixing the Bernoulli likelihood
 * of the event labels over a Beta prior on θ gives, for each hypothesised θ₀, the nonnegative
 * martingale M(θ₀) = B(a + X, b + N − X)/B(a, b) ÷ (θ₀^X (1 − θ₀)^(N − X)) (X canary events of N);
 * by Ville's inequality P(∃t: M(θ_true) ≥ 1/α) ≤ α, so {θ₀ : M(θ₀) < 1/α}, mapped to r, covers
 * the true ratio at every look at once.
 *
 * The mixture is exact when the canary's share of the exposure is steady over time (a fixed traffic
 * split); sums of events and totals are all it needs.
 */
import { InvalidOptionError, InvalidSampleError } from '../shared/errors.js';
import { assertProbabilityOpen } from '../shared/argument-checks.js';
import { logBeta } from './log-gamma.js';

/** Event counts of one side (events may be rounded effective counts; totals any positive exposure). */
export interface SequenceCounts {
  readonly events: number;
  readonly total: number;
}

export interface RateRatioSequenceOptions {
  /** Standard deviation of the prior on the log rate ratio, centred on "no change". @default 0.5 */
  readonly priorScale?: number;
}

export interface RateRatioSequenceResult {
  /** The rate ratio estimate; null with no events at all, Infinity with no baseline events. */
  readonly estimate: number | null;
  /** The (1 − α) confidence sequence for the ratio at this look; [0, Infinity] with no events. */
  readonly interval: readonly [number, number];
}

/** Default prior standard deviation of the log rate ratio. */
export const DEFAULT_PRIOR_SCALE = 0.5;

const LOGIT_SPAN = 60;

function logisticLogs(u: number): { logTheta: number; logOneMinus: number } {
  // log θ = −log(1 + e^−u), log(1 − θ) = −log(1 + e^u), both without cancellation.
  const logTheta = u >= 0 ? -Math.log1p(Math.exp(-u)) : u - Math.log1p(Math.exp(u));
  const logOneMinus = u <= 0 ? -Math.log1p(Math.exp(u)) : -u - Math.log1p(Math.exp(-u));
  return { logTheta, logOneMinus };
}

/**
 * The confidence sequence for canary rate ÷ baseline rate at level 1 − α, from the counts so far.
 *
 * @example
 * const { interval } = rateRatioSequence({ events: 100, total: 10_000 }, { events: 200, total: 10_000 }, 0.05);
 * interval[0] > 1 // => true
 * @throws InvalidSampleError for counts that are negative, not finite, or events above a positive total;
 *   InvalidOptionError for α outside (0, 1) or a prior scale that is not positive.
 */
export function rateRatioSequence(
  baseline: SequenceCounts,
  canary: SequenceCounts,
  alpha: number,
  options: RateRatioSequenceOptions = {},
): RateRatioSequenceResult {
  for (const [side, counts] of [['baseline', baseline], ['canary', canary]] as const) {
    if (!Number.isFinite(counts.events) || !Number.isFinite(counts.total) || counts.events < 0 || counts.total <= 0 || counts.events > counts.total) {
      throw new InvalidSampleError(side, `${side} counts must satisfy 0 ≤ events ≤ total and total > 0, received ${counts.events} of ${counts.total}`);
    }
  }
  assertProbabilityOpen(alpha, 'alpha');
  const priorScale = options.priorScale ?? DEFAULT_PRIOR_SCALE;
  if (!(priorScale > 0) || !Number.isFinite(priorScale)) throw new InvalidOptionError('priorScale', 'a positive number', priorScale);

  const x = canary.events;
  const n = canary.events + baseline.events;
  if (n === 0) return { estimate: null, interval: [0, Number.POSITIVE_INFINITY] };
  const logShare = Math.log(canary.total) - Math.log(baseline.total);
  const estimate = baseline.events === 0 ? Number.POSITIVE_INFINITY : canary.events / canary.total / (baseline.events / baseline.total);

  // Beta prior on θ centred on θ₁ = w/(w + 1) (r = 1), concentration from the prior scale of log r:
  // Var(logit θ) ≈ 1/(κ·θ₁(1 − θ₁)).
  const nullShare = 1 / (1 + Math.exp(-logShare));
  const concentration = 1 / (priorScale * priorScale * nullShare * (1 - nullShare));
  const a = concentration * nullShare;
  const b = concentration * (1 - nullShare);
  const logMixture = logBeta(a + x, b + n - x) - logBeta(a, b);
  const threshold = -Math.log(alpha);
  const logMartingale = (u: number): number => {
    const { logTheta, logOneMinus } = logisticLogs(u);
    return logMixture - x * logTheta - (n - x) * logOneMinus;
  };

  const centre = x === 0 ? -LOGIT_SPAN : x === n ? LOGIT_SPAN : Math.log(x) - Math.log(n - x);
  const bound = (direction: -1 | 1): number => {
    if ((direction < 0 && x === 0) || (direction > 0 && x === n)) return direction * Number.POSITIVE_INFINITY;
    let inside = centre;
    let step = 0.25;
    let outside = centre + direction * step;
    while (logMartingale(outside) < threshold) {
      inside = outside;
      step *= 2;
      outside = centre + direction * step;
      if (Math.abs(outside) > LOGIT_SPAN * 4) return direction * Number.POSITIVE_INFINITY;
    }
    for (let iteration = 0; iteration < 200 && Math.abs(outside - inside) > 1e-12 * Math.max(1, Math.abs(inside)); iteration++) {
      const middle = (inside + outside) / 2;
      if (logMartingale(middle) < threshold) inside = middle;
      else outside = middle;
    }
    return (inside + outside) / 2;
  };
  const lowerLogit = bound(-1);
  const upperLogit = bound(1);
  const toRatio = (u: number): number => (u === Number.NEGATIVE_INFINITY ? 0 : u === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : Math.exp(u - logShare));
  return { estimate, interval: [toRatio(lowerLogit), toRatio(upperLogit)] };
}
