/**
 * The slope of a series over time, robust to outliers, with a variance that stays honest when the
 * residuals are serially dependent (statistics.md §2, `trend`).
 *
 * - Estimate: the Theil–Sen slope (Theil 1950, Sen 1968), the median of the slopes of all pairs of
 *   points with different times; the intercept is the median of `y − slope·t` (Conover's
 *   convention). With more than `EXACT_PAIR_LIMIT` pairs, a seeded sample of pairs is used.
 * - Variance: the exact variance of the least-squares slope under AR(1) residuals,
 *   σ²·u′R(ρ)u / Sxx (u = centred times scaled to unit length, R(ρ)ᵢⱼ = ρ^|i−j| in time order),
 *   times π/3, the inverse of the Theil–Sen slope's efficiency relative to least squares under
 *   normal errors (Sen 1968). ρ matches the lag-k autocorrelations of the least-squares residuals
 *   (k = 1..TREND_LAGS, the largest match) through their expectation under the fitted design
 *   (E r_k ≈ tr(A_k M R M) / tr(M R), M the residual projection; a ratio of expectations, as in
 *   Marriott & Pope 1954 for a mean), and σ² is the residual sum of squares over its expectation
 *   tr(M R(ρ)) instead of n − 2 (which would understate σ² when the trend absorbs slow wander).
 * - Degrees of freedom: n/u′Ru − 2 (the series is worth n/u′Ru independent points for the slope).
 *
 * Pure; O(n²) for the exact slope (O(EXACT_PAIR_LIMIT) beyond), O(n) for the variance.
 */
import { InvalidOptionError, InvalidSampleError } from '../shared/errors.js';
import { createRandom } from '../shared/random.js';
import { selectInPlace } from './select.js';

/** Above this many pairs the Theil–Sen slope is taken over a seeded random sample of this many pairs. */
export const EXACT_PAIR_LIMIT = 2_000_000;
/** Largest residual autocorrelation used (an estimate above it is capped), as for the other tests. */
export const MAX_TREND_AUTOCORRELATION = 0.95;
/** Fewest points for a slope with a variance (two for the line, one for the scatter about it). */
export const MIN_TREND_POINTS = 3;
/** Variance of the Theil–Sen slope relative to the least-squares slope under normal errors (1 / 0.955). */
export const THEIL_SEN_VARIANCE_FACTOR = Math.PI / 3;

/**
 * Median of the pairwise slopes (Theil–Sen) and the median intercept. `times` must not decrease
 * and must not all be equal.
 *
 * @example
 * theilSen([0, 1, 2, 3, 4], [1, 3, 5, 7, 100]) // => { slope: 2, intercept: 1 }
 */
export function theilSen(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  options: { readonly seed?: number | string } = {},
): { slope: number; intercept: number } {
  const n = checkSeries(times, values);
  const pairCount = (n * (n - 1)) / 2;
  let slopes: Float64Array;
  let count = 0;
  if (pairCount <= EXACT_PAIR_LIMIT) {
    slopes = new Float64Array(pairCount);
    for (let i = 0; i < n - 1; i++) {
      const ti = times[i] as number;
      const yi = values[i] as number;
      for (let j = i + 1; j < n; j++) {
        const dt = (times[j] as number) - ti;
        if (dt > 0) slopes[count++] = ((values[j] as number) - yi) / dt;
      }
    }
  } else {
    const random = createRandom(options.seed ?? 0);
    slopes = new Float64Array(EXACT_PAIR_LIMIT);
    let attempts = 0;
    while (count < EXACT_PAIR_LIMIT && attempts < 4 * EXACT_PAIR_LIMIT) {
      attempts++;
      const i = Math.floor(random() * n);
      const j = Math.floor(random() * n);
      const low = Math.min(i, j);
      const high = Math.max(i, j);
      const dt = (times[high] as number) - (times[low] as number);
      if (dt > 0) slopes[count++] = ((values[high] as number) - (values[low] as number)) / dt;
    }
  }
  if (count === 0) throw new InvalidSampleError('times', 'times: all points share one time, so no slope can be taken');
  const slope = medianInPlace(slopes.subarray(0, count));
  const offsets = new Float64Array(n);
  for (let i = 0; i < n; i++) offsets[i] = (values[i] as number) - slope * (times[i] as number);
  return { slope, intercept: medianInPlace(offsets) };
}

function medianInPlace(values: Float64Array): number {
  const n = values.length;
  const upper = selectInPlace(values, n >> 1);
  if (n % 2 === 1) return upper;
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n >> 1; i++) if ((values[i] as number) > lower) lower = values[i] as number;
  return (lower + upper) / 2;
}

function checkSeries(times: ArrayLike<number>, values: ArrayLike<number>): number {
  const n = values.length;
  if (times.length !== n) throw new InvalidSampleError('times', `times: expected one per value (${n}), received ${times.length}`);
  if (n < 2) throw new InvalidSampleError('values', `values: a slope needs at least 2 points, received ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i] as number)) throw new InvalidSampleError('values', `values[${i}] is ${String(values[i])}: values must be finite`, i, values[i]);
    if (!Number.isFinite(times[i] as number)) throw new InvalidSampleError('times', `times[${i}] is ${String(times[i])}: times must be finite`, i, times[i]);
    if (i > 0 && (times[i] as number) < (times[i - 1] as number)) {
      throw new InvalidSampleError('times', `times[${i}] is ${String(times[i])} after ${String(times[i - 1])}: times must not decrease`, i, times[i]);
    }
  }
  if ((times[n - 1] as number) === (times[0] as number)) throw new InvalidSampleError('times', 'times: all points share one time, so no slope can be taken');
  return n;
}

/** R(ρ)·v for R(ρ)ᵢⱼ = ρ^|i−j|, in O(n) by a forward and a backward recursion. */
function ar1Multiply(vector: Float64Array, rho: number): Float64Array {
  const n = vector.length;
  const result = new Float64Array(n);
  if (rho === 0) {
    result.set(vector);
    return result;
  }
  let forward = 0;
  for (let i = 0; i < n; i++) {
    forward = (vector[i] as number) + rho * forward;
    result[i] = forward;
  }
  let backward = 0;
  for (let i = n - 1; i >= 0; i--) {
    backward = (vector[i] as number) + rho * backward;
    result[i] = (result[i] as number) + backward - (vector[i] as number);
  }
  return result;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** x′A_k y with A_k the symmetric lag-k matrix (½ on the k-th off-diagonals). */
function lagForm(x: Float64Array, y: Float64Array, lag = 1): number {
  let sum = 0;
  for (let i = lag; i < x.length; i++) sum += (x[i - lag] as number) * (y[i] as number) + (x[i] as number) * (y[i - lag] as number);
  return sum / 2;
}

/**
 * The design of a straight-line fit: the unit-length constant and centred-time vectors q₁, q₂
 * (the residual projection is M = I − q₁q₁′ − q₂q₂′) and Sxx.
 */
interface LineDesign {
  readonly n: number;
  readonly q: readonly [Float64Array, Float64Array];
  readonly sxx: number;
}

function lineDesign(times: ArrayLike<number>): LineDesign {
  const n = times.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += times[i] as number;
  mean /= n;
  let sxx = 0;
  for (let i = 0; i < n; i++) sxx += ((times[i] as number) - mean) ** 2;
  const constant = new Float64Array(n).fill(1 / Math.sqrt(n));
  const centred = new Float64Array(n);
  const scale = Math.sqrt(sxx);
  for (let i = 0; i < n; i++) centred[i] = ((times[i] as number) - mean) / scale;
  return { n, q: [constant, centred], sxx };
}

/** Lags whose residual autocorrelation is matched to an AR(1) (statistics.md §2, `trend`). */
export const TREND_LAGS = 3;

/** The expectations behind the residual autocorrelations of a line fit under AR(1) with parameter ρ. */
interface ResidualMoments {
  /** E e′e / σ² = tr(M R). */
  readonly sumOfSquares: number;
  /** E e′A_k e / σ² = tr(A_k M R M) for k = 1..lags. */
  readonly lagProducts: readonly number[];
  /** u′R u: variance of the least-squares slope relative to independent points. */
  readonly slopeInflation: number;
}

/**
 * tr(MR) = n − Σₐ qₐ′Rqₐ; tr(A_k MRM) = tr(A_k R) − 2 Σₐ qₐ′A_k Rqₐ + Σₐ,b (qₐ′A_k q_b)(q_b′Rqₐ),
 * with tr(A_k R) = (n − k)ρᵏ.
 */
function residualMoments(design: LineDesign, rho: number, lags: number): ResidualMoments {
  const { n, q } = design;
  const rq = [ar1Multiply(q[0], rho), ar1Multiply(q[1], rho)] as const;
  const qRq = [
    [dot(q[0], rq[0]), dot(q[0], rq[1])],
    [dot(q[1], rq[0]), dot(q[1], rq[1])],
  ];
  const lagProducts: number[] = [];
  for (let lag = 1; lag <= lags; lag++) {
    let cross = 0;
    let both = 0;
    for (let a = 0; a < 2; a++) {
      cross += lagForm(q[a] as Float64Array, rq[a] as Float64Array, lag);
      for (let b = 0; b < 2; b++) both += lagForm(q[a] as Float64Array, q[b] as Float64Array, lag) * (qRq[b]?.[a] as number);
    }
    lagProducts.push(Math.max(0, n - lag) * rho ** lag - 2 * cross + both);
  }
  return {
    sumOfSquares: n - (qRq[0]?.[0] as number) - (qRq[1]?.[1] as number),
    lagProducts,
    slopeInflation: qRq[1]?.[1] as number,
  };
}

/** One series' least-squares residual parts, used to estimate the residual autocorrelation. */
export interface ResidualParts {
  readonly design: LineDesign;
  /** Σ eₜ² of the least-squares residuals. */
  readonly sumOfSquares: number;
  /** Σ eₜeₜ₊ₖ for k = 1..TREND_LAGS. */
  readonly lagProducts: readonly number[];
}

/**
 * Least-squares residual parts of one series (its residual sum of squares and lag-k cross-products).
 *
 * @example
 * residualParts([0, 1, 2, 3], [0, 1, 2, 3]).sumOfSquares // => 0
 */
export function residualParts(times: ArrayLike<number>, values: ArrayLike<number>): ResidualParts {
  checkSeries(times, values);
  const design = lineDesign(times);
  const y = Float64Array.from(values as ArrayLike<number>);
  const residuals = Float64Array.from(y);
  for (const direction of design.q) {
    const coefficient = dot(direction, y);
    for (let i = 0; i < residuals.length; i++) residuals[i] = (residuals[i] as number) - coefficient * (direction[i] as number);
  }
  let sumOfSquares = 0;
  for (let i = 0; i < residuals.length; i++) sumOfSquares += (residuals[i] as number) ** 2;
  const lagProducts: number[] = [];
  for (let lag = 1; lag <= TREND_LAGS; lag++) lagProducts.push(lagForm(residuals, residuals, lag));
  return { design, sumOfSquares, lagProducts };
}

/** The residual autocorrelation estimate behind a trend interval. */
export interface ResidualAutocorrelation {
  /** Pooled lag-1 autocorrelation of the least-squares residuals, as observed. */
  readonly observed: number;
  /** The AR(1) parameter used, in [0, MAX_TREND_AUTOCORRELATION]. */
  readonly corrected: number;
}

/**
 * The AR(1) parameter for the residuals: for each lag k ≤ TREND_LAGS, the ρ whose expected pooled
 * lag-k residual autocorrelation (ratio of expectations under the fitted design) equals the
 * observed one, and the largest of them. Matching several lags keeps the interval honest when the
 * residuals stay correlated longer than an AR(1) with their lag-1 value would (a level shift or a
 * slow wander left in the residuals). 0 when nothing shows dependence, `MAX_TREND_AUTOCORRELATION`
 * at most. Null when no series has a residual scatter and enough points.
 *
 * @example
 * residualAutocorrelation([residualParts([0, 1, 2, 3, 4, 5], [0, 1, 0, 1, 0, 1])])?.corrected // => 0
 */
export function residualAutocorrelation(parts: readonly ResidualParts[], lags: number = TREND_LAGS): ResidualAutocorrelation | null {
  const usable = parts.filter((part) => part.design.n >= MIN_TREND_POINTS + 1 && part.sumOfSquares > 0 && Number.isFinite(part.sumOfSquares));
  if (usable.length === 0) return null;
  const squares = usable.reduce((sum, part) => sum + part.sumOfSquares, 0);
  const observedAt = (lag: number) => usable.reduce((sum, part) => sum + (part.lagProducts[lag - 1] ?? 0), 0) / squares;
  const momentsCache = new Map<number, ResidualMoments[]>();
  const expectedAt = (rho: number, lag: number) => {
    let moments = momentsCache.get(rho);
    if (moments === undefined) {
      moments = usable.map((part) => residualMoments(part.design, rho, TREND_LAGS));
      momentsCache.set(rho, moments);
    }
    let products = 0;
    let expectedSquares = 0;
    for (const moment of moments) {
      products += moment.lagProducts[lag - 1] ?? 0;
      expectedSquares += moment.sumOfSquares;
    }
    return products / expectedSquares;
  };
  let corrected = 0;
  // No positive lag-1 dependence, nothing to widen for (an oscillating series' even lags are not a wander).
  if (observedAt(1) <= expectedAt(0, 1)) return { observed: observedAt(1), corrected };
  const maxLag = Math.min(lags, TREND_LAGS, Math.max(...usable.map((part) => part.design.n)) - MIN_TREND_POINTS);
  for (let lag = 1; lag <= maxLag; lag++) {
    const observed = observedAt(lag);
    if (observed <= expectedAt(0, lag)) continue;
    if (observed >= expectedAt(MAX_TREND_AUTOCORRELATION, lag)) {
      corrected = MAX_TREND_AUTOCORRELATION;
      break;
    }
    let low = 0;
    let high = MAX_TREND_AUTOCORRELATION;
    for (let iteration = 0; iteration < 50 && high - low > 1e-10; iteration++) {
      const middle = (low + high) / 2;
      if (expectedAt(middle, lag) < observed) low = middle;
      else high = middle;
    }
    corrected = Math.max(corrected, (low + high) / 2);
  }
  return { observed: observedAt(1), corrected };
}

/** A fitted slope with its variance. */
export interface SlopeFit {
  /** Theil–Sen slope, in value units per time unit. */
  readonly slope: number;
  /** Median intercept (value at time 0). */
  readonly intercept: number;
  /** Variance of the slope (AR(1) residuals with parameter `autocorrelation`). */
  readonly variance: number;
  /** Degrees of freedom of the variance: n / slopeInflation − 2 (at least 1). */
  readonly degreesOfFreedom: number;
  /** u′R(ρ)u: the slope's variance relative to independent points. */
  readonly slopeInflation: number;
  /** Residual standard deviation (marginal, corrected for the dependence). */
  readonly residualSd: number;
  readonly autocorrelation: number;
  readonly n: number;
}

/**
 * Fits the Theil–Sen slope of one series and its variance for a given residual autocorrelation
 * (from `residualAutocorrelation`, 0 for independent points).
 *
 * @example
 * fitSlope([0, 1, 2, 3, 4, 5], [1, 2.1, 2.9, 4.2, 4.8, 6.1], 0).slope // => 1
 */
export function fitSlope(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  autocorrelation: number,
  options: { readonly seed?: number | string } = {},
): SlopeFit {
  if (!(autocorrelation >= 0 && autocorrelation < 1)) {
    throw new InvalidOptionError('autocorrelation', 'a number in [0, 1)', autocorrelation);
  }
  const n = checkSeries(times, values);
  if (n < MIN_TREND_POINTS) throw new InvalidSampleError('values', `values: a slope with a variance needs at least ${MIN_TREND_POINTS} points, received ${n}`);
  const { slope, intercept } = theilSen(times, values, options);
  const parts = residualParts(times, values);
  const moments = residualMoments(parts.design, autocorrelation, 0);
  const marginalVariance = parts.sumOfSquares / moments.sumOfSquares;
  const variance = (THEIL_SEN_VARIANCE_FACTOR * marginalVariance * moments.slopeInflation) / parts.design.sxx;
  return {
    slope,
    intercept,
    variance,
    degreesOfFreedom: Math.max(1, n / moments.slopeInflation - 2),
    slopeInflation: moments.slopeInflation,
    residualSd: Math.sqrt(marginalVariance),
    autocorrelation,
    n,
  };
}
