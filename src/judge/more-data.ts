/**
 * How much more data would likely decide a metric that is waiting (inconclusive, or with too few
 * values for its test), in values (rate metrics: summed totals) per side and, when timestamps
 * exist, as a duration at the traffic observed so far.
 */
import { describeDuration } from './data-shape.js';

/** Sizes per side. */
export interface SideSizes {
  readonly baseline: number;
  readonly canary: number;
}

/** More data a waiting metric needs. */
export interface MoreData {
  /** `decide`: the size at which an inconclusive result would likely (80% power) be decided; `minimum`: the size the test needs to run at all. */
  readonly kind: 'decide' | 'minimum';
  /** What is counted: usable values, or (rate metrics) the summed total, described as requests. */
  readonly unit: 'values' | 'total';
  /** Size needed per side. */
  readonly needed: SideSizes;
  /** How much more than now per side (0 when a side already has enough). */
  readonly more: SideSizes;
  /** Seconds at the observed rate until both sides have enough; null without timestamps (or with no traffic to extrapolate). */
  readonly seconds: number | null;
}

/**
 * The more-data estimate from what each side needs, what it has, and the seconds its points cover
 * (null without timestamps). Both sides are collected at the same time, so the duration is that of
 * the slower side.
 *
 * @example
 * moreDataFor('decide', 'values', { baseline: 60, canary: 90 }, { baseline: 60, canary: 30 }, { baseline: 1800, canary: 1800 }).seconds // => 3600
 */
export function moreDataFor(
  kind: MoreData['kind'],
  unit: MoreData['unit'],
  needed: SideSizes,
  have: SideSizes,
  covered: { readonly baseline: number | null; readonly canary: number | null },
): MoreData {
  const more = { baseline: Math.max(0, Math.ceil(needed.baseline - have.baseline)), canary: Math.max(0, Math.ceil(needed.canary - have.canary)) };
  let seconds: number | null = 0;
  for (const side of ['baseline', 'canary'] as const) {
    if (more[side] === 0) continue;
    const span = covered[side];
    if (span === null || have[side] <= 0 || seconds === null) {
      seconds = null;
      continue;
    }
    seconds = Math.max(seconds, (more[side] * span) / have[side]);
  }
  return { kind, unit, needed: { ...needed }, more, seconds: seconds !== null && Number.isFinite(seconds) ? seconds : null };
}

/**
 * The more-data estimate in words: "about 296 more canary values (about 25 more minutes at this
 * traffic)".
 *
 * @example
 * describeMoreData({ kind: 'minimum', unit: 'values', needed: { baseline: 500, canary: 500 }, more: { baseline: 470, canary: 470 }, seconds: 28200 }) // => 'about 470 more values per side (about 7.8 more hours at this traffic)'
 */
export function describeMoreData(moreData: MoreData): string {
  const { more } = moreData;
  const word = moreData.unit === 'total' ? 'requests' : 'values';
  let amount: string;
  if (more.baseline === more.canary) amount = `about ${more.canary} more ${word} per side`;
  else if (more.baseline === 0) amount = `about ${more.canary} more canary ${word}`;
  else if (more.canary === 0) amount = `about ${more.baseline} more baseline ${word}`;
  else amount = `about ${more.baseline} more baseline and ${more.canary} more canary ${word}`;
  if (moreData.seconds === null) return amount;
  const [count, ...rest] = describeDuration(moreData.seconds).split(' ');
  return `${amount} (about ${count} more ${rest.join(' ')} at this traffic)`;
}
