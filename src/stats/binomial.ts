/**
 * The binomial distribution Bin(n, p) computed for exact tests: log-density, tails that keep
 * their relative accuracy far out (probabilities down to 1e-300 and below, in log space), R's
 * two-sided p-value rule of `binom.test`, and Clopper–Pearson bounds. Internal helper of
 * {@link rateRatio}.
 *
 * The success probability is always passed as the pair (p, q = 1 − p), each accurate on its own,
 * so that neither is ever recovered by a subtraction that would lose its small digits.
 *
 * References: Loader (2000), "Fast and accurate computation of binomial probabilities" (saddle
 * point density with the Stirling error and deviance terms, as in R's `dbinom`); Clopper &
 * Pearson (1934); R's `binom.test` for the two-sided p-value.
 */
import { HALF_LOG_TWO_PI } from './log-gamma.js';

const LOG_TWO_PI = 2 * HALF_LOG_TWO_PI;

/**
 * Stirling's error log(n!) − [(n + ½)·log n − n + log √(2π)] for a non-negative integer n
 * (0 for n = 0, as in Loader's table).
 */
function stirlingError(n: number): number {
  if (n === 0) return 0;
  if (n <= 15) {
    let factorial = 1;
    for (let k = 2; k <= n; k++) factorial *= k; // exact: 15! < 2^53
    return Math.log(factorial) - (n + 0.5) * Math.log(n) + n - HALF_LOG_TWO_PI;
  }
  const inverseSquare = 1 / (n * n);
  return (1 / 12 - inverseSquare * (1 / 360 - inverseSquare * (1 / 1260 - inverseSquare * (1 / 1680 - inverseSquare / 1188)))) / n;
}

/**
 * Loader's deviance term x·log(x/μ) + μ − x, by its series when x is close to μ (where the
 * direct formula cancels).
 */
function devianceTerm(x: number, mean: number): number {
  if (Math.abs(x - mean) < 0.1 * (x + mean)) {
    const ratio = (x - mean) / (x + mean);
    const ratioSquared = ratio * ratio;
    let sum = (x - mean) * ratio;
    let power = 2 * x * ratio;
    for (let j = 1; j < 1000; j++) {
      power *= ratioSquared;
      const next = sum + power / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / mean) + mean - x;
}

/**
 * log P(X = k) for X ~ Bin(n, p), integer 0 ≤ k ≤ n. O(1).
 *
 * @example
 * Math.exp(logBinomialDensity(3, 10, 0.5, 0.5)) // => 0.11718749999999982 (120/1024)
 */
export function logBinomialDensity(k: number, n: number, p: number, q: number): number {
  if (k < 0 || k > n) return Number.NEGATIVE_INFINITY;
  if (p === 0) return k === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (q === 0) return k === n ? 0 : Number.NEGATIVE_INFINITY;
  if (k === 0) return n * (p < 0.5 ? Math.log1p(-p) : Math.log(q));
  if (k === n) return n * (q < 0.5 ? Math.log1p(-q) : Math.log(p));
  const logCorrection =
    stirlingError(n) -
    stirlingError(k) -
    stirlingError(n - k) -
    devianceTerm(k, n * p) -
    devianceTerm(n - k, n * q);
  return logCorrection - 0.5 * (LOG_TWO_PI + Math.log(k) + Math.log1p(-k / n));
}

/** log(1 − e^l) for l ≤ 0 (Mächler 2012). */
export function logOneMinusExp(logValue: number): number {
  return logValue > -Math.LN2 ? Math.log(-Math.expm1(logValue)) : Math.log1p(-Math.exp(logValue));
}

/** Relative size below which the remaining terms of a tail sum are dropped. */
const SUM_TOLERANCE = 2 ** -60;

/**
 * log Σ_{i=0..k} P(X = i) summed from the top term down, for k ≤ n·p where the terms decrease.
 * Cost O(min(k, √(npq)·√log(1/ε))).
 */
function logSumDownward(k: number, n: number, p: number, q: number): number {
  const logTop = logBinomialDensity(k, n, p, q);
  if (logTop === Number.NEGATIVE_INFINITY) return logTop;
  const oddsAgainst = q / p;
  let term = 1;
  let sum = 1;
  for (let i = k; i > 0; i--) {
    term *= (i / (n - i + 1)) * oddsAgainst; // P(X = i − 1) / P(X = i), relative to the top term
    sum += term;
    if (term < sum * SUM_TOLERANCE) break;
  }
  return logTop + Math.log(sum);
}

/** log Σ_{i=k..n} P(X = i) summed from the bottom term up, for k ≥ n·p where the terms decrease. */
function logSumUpward(k: number, n: number, p: number, q: number): number {
  const logBottom = logBinomialDensity(k, n, p, q);
  if (logBottom === Number.NEGATIVE_INFINITY) return logBottom;
  const oddsFor = p / q;
  let term = 1;
  let sum = 1;
  for (let i = k; i < n; i++) {
    term *= ((n - i) / (i + 1)) * oddsFor; // P(X = i + 1) / P(X = i)
    sum += term;
    if (term < sum * SUM_TOLERANCE) break;
  }
  return logBottom + Math.log(sum);
}

/**
 * log P(X ≤ k) for X ~ Bin(n, p). The smaller tail is summed directly, the larger one is its
 * complement (which is then ≥ about ¼, so nothing is lost).
 */
export function logBinomialLowerTail(k: number, n: number, p: number, q: number): number {
  if (k < 0) return Number.NEGATIVE_INFINITY;
  if (k >= n) return 0;
  if (k <= n * p) return logSumDownward(k, n, p, q);
  return logOneMinusExp(logSumUpward(k + 1, n, p, q));
}

/** log P(X ≥ k) for X ~ Bin(n, p). */
export function logBinomialUpperTail(k: number, n: number, p: number, q: number): number {
  if (k <= 0) return 0;
  if (k > n) return Number.NEGATIVE_INFINITY;
  if (k >= n * p) return logSumUpward(k, n, p, q);
  return logOneMinusExp(logSumDownward(k - 1, n, p, q));
}

/** R's tolerance for "as probable as the observation" in `binom.test`. */
const RELATIVE_ERROR = 1 + 1e-7;

/**
 * Two-sided p-value of the exact binomial test, R's `binom.test` rule: the probability of all
 * outcomes whose density is at most the observed one (times 1 + 1e-7). The other tail's cut-off is
 * found by bisection over the monotone side of the density: O(log n) density evaluations plus two
 * tail sums.
 *
 * @example
 * binomialTwoSidedPValue(2, 10, 0.5, 0.5) // => 0.10937499999999936 (R binom.test(2, 10): 0.109375)
 */
export function binomialTwoSidedPValue(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 1 : 0;
  if (q === 0) return x === n ? 1 : 0;
  const mean = n * p;
  if (x === mean) return 1;
  const threshold = logBinomialDensity(x, n, p, q) + Math.log(RELATIVE_ERROR);
  const atMostObserved = (i: number): boolean => logBinomialDensity(i, n, p, q) <= threshold;
  let pValue: number;
  if (x < mean) {
    // The density is non-increasing on [ceil(mean), n]: find the first i there that qualifies.
    let low = Math.ceil(mean);
    let high = n + 1; // n + 1 stands for "none"
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (atMostObserved(middle)) high = middle;
      else low = middle + 1;
    }
    pValue = Math.exp(logBinomialLowerTail(x, n, p, q)) + Math.exp(logBinomialUpperTail(low, n, p, q));
  } else {
    // The density is non-decreasing on [0, floor(mean)]: find the last i there that qualifies.
    let low = -1; // −1 stands for "none"
    let high = Math.floor(mean);
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (atMostObserved(middle)) low = middle;
      else high = middle - 1;
    }
    pValue = Math.exp(logBinomialLowerTail(low, n, p, q)) + Math.exp(logBinomialUpperTail(x, n, p, q));
  }
  return Math.min(1, pValue);
}

/** A success probability given by its log-odds t = log(p/q), with p and q each accurate. */
export interface ProbabilityPair {
  readonly logOdds: number;
  readonly p: number;
  readonly q: number;
}

function fromLogOdds(logOdds: number): ProbabilityPair {
  return { logOdds, p: 1 / (1 + Math.exp(-logOdds)), q: 1 / (1 + Math.exp(logOdds)) };
}

/**
 * Clopper–Pearson lower bound: the p with P(X ≥ x) = α, i.e. R's `qbeta(α, x, n − x + 1)`, for
 * 1 ≤ x ≤ n. Returned as log-odds with accurate p and q, so that the odds p/q need no subtraction.
 */
export function clopperPearsonLower(x: number, n: number, alpha: number): ProbabilityPair {
  const logAlpha = Math.log(alpha);
  return solveIncreasingInLogOdds(startingLogOdds(x, n), (pair) => {
    const logTail = logBinomialUpperTail(x, n, pair.p, pair.q);
    // d/dt log P(X ≥ x) = x·q·P(X = x) / P(X ≥ x).
    const slope = x * pair.q * Math.exp(logBinomialDensity(x, n, pair.p, pair.q) - logTail);
    return { value: logTail - logAlpha, slope };
  });
}

/**
 * Clopper–Pearson upper bound: the p with P(X ≤ x) = α, i.e. R's `qbeta(1 − α, x + 1, n − x)`,
 * for 0 ≤ x ≤ n − 1.
 */
export function clopperPearsonUpper(x: number, n: number, alpha: number): ProbabilityPair {
  const logAlpha = Math.log(alpha);
  return solveIncreasingInLogOdds(startingLogOdds(x, n), (pair) => {
    const logTail = logBinomialLowerTail(x, n, pair.p, pair.q);
    // d/dt log P(X ≤ x) = −(n − x)·p·P(X = x) / P(X ≤ x); the function solved is log α − log P(X ≤ x).
    const slope = (n - x) * pair.p * Math.exp(logBinomialDensity(x, n, pair.p, pair.q) - logTail);
    return { value: logAlpha - logTail, slope };
  });
}

function startingLogOdds(x: number, n: number): number {
  return Math.log((x + 0.5) / (n - x + 0.5));
}

interface Evaluation {
  readonly value: number;
  readonly slope: number;
}

/**
 * Root of an increasing function of the log-odds: bracket by doubling steps, then Newton steps
 * that fall back to bisection whenever they leave the bracket (or the function is not finite).
 */
function solveIncreasingInLogOdds(start: number, evaluate: (pair: ProbabilityPair) => Evaluation): ProbabilityPair {
  let low: number;
  let high: number;
  const first = evaluate(fromLogOdds(start));
  if (first.value === 0) return fromLogOdds(start);
  let step = 1;
  if (first.value < 0) {
    low = start;
    high = start + step;
    while (evaluate(fromLogOdds(high)).value < 0) {
      low = high;
      step *= 2;
      high = start + step;
    }
  } else {
    high = start;
    low = start - step;
    while (evaluate(fromLogOdds(low)).value > 0) {
      high = low;
      step *= 2;
      low = start - step;
    }
  }
  let t = (low + high) / 2;
  for (let iteration = 0; iteration < 300; iteration++) {
    const { value, slope } = evaluate(fromLogOdds(t));
    if (value === 0) break;
    if (value < 0) low = t;
    else high = t;
    let next = t - value / slope;
    if (!Number.isFinite(next) || next <= low || next >= high) next = (low + high) / 2;
    const tolerance = 1e-15 * Math.max(1, Math.abs(t));
    if (Math.abs(next - t) <= tolerance || high - low <= tolerance) {
      t = next;
      break;
    }
    t = next;
  }
  return fromLogOdds(t);
}
