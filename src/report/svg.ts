/**
 * Small SVG building blocks for the HTML report: scales, "nice" axis ticks, and the three charts
 * (effect interval against the margin, overlaid ECDFs, time series). Every function returns markup
 * as a string; every string that comes from outside is escaped by the caller with `escapeHtml`.
 */

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<img src=x onerror="alert(1)">') // => '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A coordinate written with at most one decimal. */
export function coordinate(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** A linear map from a data interval onto a pixel interval. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (value) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0));
}

/** About `count` round tick values covering [low, high] (steps of 1, 2 or 5 × a power of ten). */
export function niceTicks(low: number, high: number, count = 5): number[] {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [];
  if (low === high) return [low];
  const rawStep = (high - low) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rawStep));
  const fraction = rawStep / power;
  const step = (fraction >= 5 ? 10 : fraction >= 2 ? 5 : fraction >= 1 ? 2 : 1) * power;
  const first = Math.ceil(low / step) * step;
  const ticks: number[] = [];
  for (let tick = first; tick <= high + step * 1e-9; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

/** Widens [low, high] by `fraction` on each side (and to a unit interval when empty). */
export function pad(low: number, high: number, fraction = 0.05): [number, number] {
  if (low === high) {
    const spread = low === 0 ? 1 : Math.abs(low) * 0.1;
    return [low - spread, high + spread];
  }
  const spread = (high - low) * fraction;
  return [low - spread, high + spread];
}

/** Type-7 quantile of ascending values (p in [0, 1]). */
export function quantileOfSorted(sorted: readonly number[], p: number): number {
  const count = sorted.length;
  if (count === 0) return Number.NaN;
  const position = (count - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(count - 1, below + 1);
  const lower = sorted[below] as number;
  const upper = sorted[above] as number;
  return lower + (upper - lower) * (position - below);
}

export const BASELINE_COLOUR = '#3b6fb6';
export const CANARY_COLOUR = '#d9622b';
