/**
 * Decimal rounding as commons-math `Precision.round(x, scale)` does it: on the number's shortest
 * decimal representation (Java's `Double.toString`), halves rounded away from zero (HALF_UP).
 *
 * Kayenta port: a deliberate copy of Kayenta's own arithmetic, kept apart from `src/stats/` so the
 * Kayenta-compatible judge matches Kayenta bit for bit. Do not merge it with the native statistics
 * (see src/kayenta/port/README.md).
 */

/**
 * Rounds `value` to `scale` decimal places, halves away from zero, working on the decimal digits of
 * `value` rather than its binary expansion (so 0.125 → 0.13 and 1.005 → 1.01). NaN and ±Infinity are
 * returned unchanged.
 *
 * @example
 * roundHalfUp(33.333333333333336, 2) // => 33.33
 * roundHalfUp(1.005, 2)              // => 1.01
 */
export function roundHalfUp(value: number, scale: number): number {
  if (!Number.isFinite(value)) return value;
  const negative = value < 0 || Object.is(value, -0);
  const [mantissa = '0', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const exponent = Number(exponentText);
  const digits = mantissa.replace('.', '');
  // The value is 0.d1d2d3… × 10^(exponent + 1); keep the digits up to `scale` places after the point.
  const kept = exponent + 1 + scale;
  if (kept < 0) return negative ? -0 : 0;
  const head = digits.slice(0, kept).padEnd(kept, '0');
  const roundUp = (digits[kept] ?? '0') >= '5';
  let integer = BigInt(head === '' ? '0' : head);
  if (roundUp) integer += 1n;
  const magnitude = Number(`${integer.toString()}e-${scale}`);
  return negative ? -magnitude : magnitude;
}
