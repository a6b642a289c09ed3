/**
 * Reads a golden fixture written by test/fixtures/r/*.R. R writes non-finite numbers as the strings
 * "NaN", "Inf" and "-Inf"; they are turned back into numbers here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function readGolden<T = unknown>(name: string): T {
  const file = fileURLToPath(new URL(`./fixtures/golden/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8'), (_key, value: unknown) => {
    if (value === 'NaN') return Number.NaN;
    if (value === 'Inf') return Number.POSITIVE_INFINITY;
    if (value === '-Inf') return Number.NEGATIVE_INFINITY;
    return value;
  }) as T;
}

/** |actual − expected| ≤ tolerance·max(|expected|, tiny); equal infinities and NaNs agree. */
export function relativeError(actual: number, expected: number): number {
  if (Number.isNaN(expected)) return Number.isNaN(actual) ? 0 : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(expected)) return actual === expected ? 0 : Number.POSITIVE_INFINITY;
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}
