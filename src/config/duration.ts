/**
 * Durations as the `sequential` key writes them ("90s", "5m", "1h30m" or a number of seconds), in a
 * module without zod so the config fast path can resolve them; sequential-schema.ts re-exports it.
 */
const DURATION = /^(?:\d+(?:\.\d+)?[hms])+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)([hms])/g;
const SECONDS_PER_UNIT: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1 };

/**
 * Seconds of a duration written as "90s", "5m", "1h30m" or a number of seconds; null when it is
 * not one.
 *
 * @example
 * parseDurationSeconds('1h30m') // => 5400
 */
export function parseDurationSeconds(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  if (!DURATION.test(text)) return null;
  let seconds = 0;
  for (const match of text.matchAll(DURATION_PART)) seconds += Number(match[1]) * (SECONDS_PER_UNIT[match[2] as string] as number);
  return seconds;
}
