/**
 * The root finder Kayenta uses for its Mann-Whitney interval and estimate (`KayentaBrentSolver`): a
 * port of R's `zeroin` (Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4) with a
 * fixed absolute tolerance of 1e-4 and at most 1001 steps.
 *
 * Kayenta port: a deliberate copy of Kayenta's own arithmetic, kept apart from `src/stats/` so the
 * Kayenta-compatible judge matches Kayenta bit for bit. Do not merge it with the native statistics
 * (see src/kayenta/port/README.md).
 */

/** R's and Kayenta's `DBL_EPSILON`. */
const MACHINE_EPSILON = 2.220446049250313e-16;
/** Kayenta's absolute tolerance: steps stop once the bracket is within 2·ε·|b| + 5e-5 of the root. */
const ABSOLUTE_TOLERANCE = 1e-4;
/** Kayenta allows 1000 + 1 evaluations and returns the last iterate when they run out. */
const MAXIMUM_STEPS = 1001;

/**
 * A zero of `f` inside [lower, upper], given f at both ends (they should differ in sign). Combines
 * bisection, secant and inverse quadratic interpolation exactly as Kayenta does, including its quirks:
 * the tolerance is absolute (so small-magnitude roots are only resolved to about ±5e-5) and the last
 * iterate is returned, not an error, when the step budget runs out.
 *
 * @example
 * kayentaBrentRoot(0, 2, -2, 2, (x) => x * x - 2) // => 1.4142133199955025 (within the 1e-4 tolerance)
 */
export function kayentaBrentRoot(
  lower: number,
  upper: number,
  valueAtLower: number,
  valueAtUpper: number,
  f: (x: number) => number,
): number {
  let previous = lower; // a: the previous iterate
  let best = upper; // b: the current best estimate
  let opposite = previous; // c: keeps f(c) of the opposite sign to f(b)
  let valuePrevious = valueAtLower;
  let valueBest = valueAtUpper;
  let valueOpposite = valuePrevious;

  if (valuePrevious === 0) return previous;
  if (valueBest === 0) return best;

  for (let remaining = MAXIMUM_STEPS; remaining > 0; remaining--) {
    const previousStep = best - previous;

    if (Math.abs(valueOpposite) < Math.abs(valueBest)) {
      // Make b the best approximation: rotate a ← b, b ← c, c ← a.
      previous = best;
      best = opposite;
      opposite = previous;
      valuePrevious = valueBest;
      valueBest = valueOpposite;
      valueOpposite = valuePrevious;
    }

    const tolerance = 2 * MACHINE_EPSILON * Math.abs(best) + ABSOLUTE_TOLERANCE / 2;
    let step = (opposite - best) / 2;

    if (Math.abs(step) <= tolerance || isZeroWithinOneUlp(valueBest)) return best;

    if (Math.abs(previousStep) >= tolerance && Math.abs(valuePrevious) > Math.abs(valueBest)) {
      // Try interpolation; the step is kept as p / q to delay the division.
      const towardsOpposite = opposite - best;
      let numerator: number;
      let denominator: number;
      if (previous === opposite) {
        // Only two distinct points: linear (secant) interpolation.
        const ratio = valueBest / valuePrevious;
        numerator = towardsOpposite * ratio;
        denominator = 1 - ratio;
      } else {
        // Inverse quadratic interpolation through a, b and c.
        const previousOverOpposite = valuePrevious / valueOpposite;
        const bestOverOpposite = valueBest / valueOpposite;
        const bestOverPrevious = valueBest / valuePrevious;
        numerator =
          bestOverPrevious *
          (towardsOpposite * previousOverOpposite * (previousOverOpposite - bestOverOpposite) -
            (best - previous) * (bestOverOpposite - 1));
        denominator = (previousOverOpposite - 1) * (bestOverOpposite - 1) * (bestOverPrevious - 1);
      }
      if (numerator > 0) denominator = -denominator;
      else numerator = -numerator;

      // Accept the interpolated step only if it stays well inside [b, c] and shrinks fast enough.
      if (
        numerator < 0.75 * towardsOpposite * denominator - Math.abs(tolerance * denominator) / 2 &&
        numerator < Math.abs((previousStep * denominator) / 2)
      ) {
        step = numerator / denominator;
      }
    }

    if (Math.abs(step) < tolerance) step = step > 0 ? tolerance : -tolerance;

    previous = best;
    valuePrevious = valueBest;
    best += step;
    valueBest = f(best);
    if ((valueBest > 0 && valueOpposite > 0) || (valueBest < 0 && valueOpposite < 0)) {
      opposite = previous;
      valueOpposite = valuePrevious;
    }
  }
  return best;
}

/** commons-math `Precision.equals(x, 0)`: equal to zero within one unit in the last place. */
function isZeroWithinOneUlp(value: number): boolean {
  return Math.abs(value) <= Number.MIN_VALUE;
}
