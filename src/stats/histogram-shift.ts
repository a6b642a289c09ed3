/**
 * Mann-Whitney on two histograms with the same bounds, at per-request resolution (internal: used by
 * the judge's `mann-whitney` test on histogram sides):
 *
 * - the **p-value** is the Mann-Whitney test of the requests as ordinal data: a request in a higher
 *   bucket is larger, two in one bucket are a tie (normal approximation with the tie correction).
 *   It needs no assumption about where requests lie inside a bucket.
 * - the **Hodges-Lehmann shift** Δ (the median of canary − baseline over all pairs of requests) and
 *   its **modelled** interval invert the Mann-Whitney test under the interpolation assumption: the
 *   requests of a bucket are spread evenly between its bounds (those in the +Inf bucket sit at the
 *   largest finite bound). The variance is the no-ties one, nm(n + m + 1)/12.
 * - the **bucket** interval of Δ inverts the same test for every possible placement of the requests
 *   inside their buckets at once: a pair counts as surely above a shift, surely below, or either,
 *   from its buckets' bounds alone. It always contains the modelled interval.
 */
import { bucketAt, totalCount, type Histogram } from './histogram.js';
import { normalQuantile, normalUpperTail } from './normal-distribution.js';

/** Result of {@link histogramShift}. */
export interface HistogramShiftResult {
  /** Hodges-Lehmann shift under the interpolation assumption. */
  readonly estimate: number;
  /** Modelled interval at `confidenceLevel` (ends may be ±Infinity). */
  readonly modelled: readonly [number, number];
  /** Assumption-free interval at `bucketLevel` (ends may be ±Infinity). */
  readonly buckets: readonly [number, number];
  /** Two-sided p-value of "same distribution" (ordinal, tie-corrected). */
  readonly pValue: number;
  /** U statistic of the canary over the baseline (ties count ½), divided by n·m: P(canary > baseline) + ½ P(tie). */
  readonly probabilityGreater: number;
}

interface Span {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
}

/** Per-bucket request counts with the bounds used under the interpolation assumption and for the bucket bounds. */
function spans(histogram: Histogram): { modelled: Span[]; exact: Span[] } {
  const modelled: Span[] = [];
  const exact: Span[] = [];
  const largestFinite = histogram.upperBounds.length > 1 ? (histogram.upperBounds[histogram.upperBounds.length - 2] as number) : 0;
  for (let index = 0; index < histogram.upperBounds.length; index++) {
    const count = (histogram.cumulative[index] as number) - (index > 0 ? (histogram.cumulative[index - 1] as number) : 0);
    const bucket = bucketAt(histogram, index);
    exact.push({ lower: bucket.lower, upper: bucket.upper, count });
    if (bucket.upper === Number.POSITIVE_INFINITY) modelled.push({ lower: largestFinite, upper: largestFinite, count });
    else if (bucket.lower === Number.NEGATIVE_INFINITY) modelled.push({ lower: bucket.upper, upper: bucket.upper, count });
    else modelled.push({ lower: bucket.lower, upper: bucket.upper, count });
  }
  return { modelled, exact };
}

const halfSquare = (s: number): number => (s > 0 ? (s * s) / 2 : 0);

/**
 * P(V − W > δ) for V uniform on [c, d] and W uniform on [a, b] (either may be a point; a tie of
 * two points counts ½).
 */
export function probabilityDifferenceAbove(v: { lower: number; upper: number }, w: { lower: number; upper: number }, delta: number): number {
  const widthV = v.upper - v.lower;
  const widthW = w.upper - w.lower;
  // V − W ranges over [v.lower − w.upper, v.upper − w.lower].
  if (v.lower - w.upper > delta) return 1;
  if (v.upper - w.lower < delta) return 0;
  if (widthV === 0 && widthW === 0) {
    const difference = v.lower - w.lower;
    return difference > delta ? 1 : difference < delta ? 0 : 0.5;
  }
  if (widthV === 0) return clamp01((v.lower - delta - w.lower) / widthW);
  if (widthW === 0) return clamp01((v.upper - w.lower - delta) / widthV);
  // P(V + (−W) ≤ t) by inclusion–exclusion on the corners of the rectangle [c, d] × [−b, −a].
  const t = delta;
  const a1 = v.lower;
  const b1 = v.upper;
  const a2 = -w.upper;
  const b2 = -w.lower;
  const area = halfSquare(t - a1 - a2) - halfSquare(t - b1 - a2) - halfSquare(t - a1 - b2) + halfSquare(t - b1 - b2);
  return clamp01(1 - area / (widthV * widthW));
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/** Σ over bucket pairs of n_i·m_j·P(canary − baseline > δ) under the interpolation assumption. */
function modelledU(baseline: readonly Span[], canary: readonly Span[], delta: number): number {
  let sum = 0;
  for (const c of canary) {
    if (c.count === 0) continue;
    for (const b of baseline) {
      if (b.count === 0) continue;
      sum += c.count * b.count * probabilityDifferenceAbove(c, b, delta);
    }
  }
  return sum;
}

/** The δ where the (non-increasing) modelled U crosses `target`, by bisection; ±Infinity when it never does. */
function solveModelled(baseline: readonly Span[], canary: readonly Span[], target: number, total: number, range: number): number {
  if (target >= total) return Number.NEGATIVE_INFINITY;
  if (target <= 0) return Number.POSITIVE_INFINITY;
  let low = -range;
  let high = range;
  for (let iteration = 0; iteration < 200; iteration++) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) break;
    if (modelledU(baseline, canary, middle) > target) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/**
 * Mann-Whitney / Hodges-Lehmann on two histograms with the same bounds (canary − baseline).
 *
 * @example
 * const baseline = { upperBounds: [1, 2, 3, Infinity], cumulative: [50, 100, 100, 100] };
 * const canary = { upperBounds: [1, 2, 3, Infinity], cumulative: [0, 50, 100, 100] };
 * histogramShift(baseline, canary, { confidenceLevel: 0.95, bucketLevel: 0.975 }).estimate // => 1
 */
export function histogramShift(
  baseline: Histogram,
  canary: Histogram,
  options: { readonly confidenceLevel: number; readonly bucketLevel: number },
): HistogramShiftResult {
  const n = totalCount(baseline);
  const m = totalCount(canary);
  const product = n * m;
  const b = spans(baseline);
  const c = spans(canary);

  // Ordinal Mann-Whitney: buckets are ordered; two requests in one bucket are a tie.
  let u = 0;
  let below = 0;
  let tieSum = 0;
  for (let index = 0; index < b.exact.length; index++) {
    const x = (b.exact[index] as Span).count;
    const y = (c.exact[index] as Span).count;
    u += y * below + 0.5 * x * y;
    below += x;
    const tied = x + y;
    tieSum += tied * tied * tied - tied;
  }
  const all = n + m;
  const variance = (product / 12) * (all + 1 - tieSum / (all * (all - 1)));
  const pValue = variance > 0 ? Math.min(1, 2 * normalUpperTail(Math.max(0, Math.abs(u - product / 2) - 0.5) / Math.sqrt(variance))) : 1;

  // Test inversion. Continuous (no-ties) variance: the modelled requests do not tie.
  const zModelled = normalQuantile(1 - (1 - options.confidenceLevel) / 2);
  const zBuckets = normalQuantile(1 - (1 - options.bucketLevel) / 2);
  const sigma = Math.sqrt((product * (all + 1)) / 12);
  const finite = [...baseline.upperBounds, ...canary.upperBounds].filter((bound) => Number.isFinite(bound)).map(Math.abs);
  const range = 4 * Math.max(1, ...finite);
  const estimate = solveModelled(b.modelled, c.modelled, product / 2, product, range);
  const modelled: [number, number] = [
    solveModelled(b.modelled, c.modelled, product / 2 + zModelled * sigma, product, range),
    solveModelled(b.modelled, c.modelled, product / 2 - zModelled * sigma, product, range),
  ];
  const buckets = bucketShiftInterval(b.exact, c.exact, product / 2 + zBuckets * sigma, product / 2 - zBuckets * sigma);
  return {
    estimate,
    modelled,
    buckets: [Math.min(buckets[0], modelled[0]), Math.max(buckets[1], modelled[1])],
    pValue,
    probabilityGreater: product > 0 ? u / product : 0.5,
  };
}

/**
 * The shifts δ not rejected for some placement of the requests inside their buckets: a pair is
 * surely above δ when its canary bucket's lower bound minus its baseline bucket's upper bound is at
 * least δ, and possibly above when upper minus lower exceeds δ.
 */
function bucketShiftInterval(baseline: readonly Span[], canary: readonly Span[], upperTarget: number, lowerTarget: number): [number, number] {
  const surely: { threshold: number; weight: number }[] = [];
  const possibly: { threshold: number; weight: number }[] = [];
  for (const c of canary) {
    if (c.count === 0) continue;
    for (const b of baseline) {
      if (b.count === 0) continue;
      const weight = c.count * b.count;
      surely.push({ threshold: c.lower - b.upper, weight });
      possibly.push({ threshold: c.upper - b.lower, weight });
    }
  }
  const descending = (x: { threshold: number }, y: { threshold: number }) => (y.threshold > x.threshold ? 1 : y.threshold < x.threshold ? -1 : 0);
  surely.sort(descending);
  possibly.sort(descending);
  // Lower end: the largest threshold at which the sure pairs already exceed the upper critical value.
  let low = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const pair of surely) {
    if (!Number.isFinite(pair.threshold)) break;
    sum += pair.weight;
    if (sum > upperTarget) {
      low = pair.threshold;
      break;
    }
  }
  // Upper end: the largest threshold below which the possible pairs still reach the lower critical value.
  let high = Number.NEGATIVE_INFINITY;
  sum = 0;
  for (const pair of possibly) {
    sum += pair.weight;
    if (sum >= lowerTarget) {
      high = pair.threshold;
      break;
    }
  }
  if (lowerTarget <= 0) high = Number.POSITIVE_INFINITY;
  return [low, high];
}
