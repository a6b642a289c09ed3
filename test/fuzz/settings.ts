/**
 * The fuzz seed: FUZZ_SEED, else FAST_CHECK_SEED (the suite's seed, test/setup/fast-check.ts), else
 * a fixed one, so every run is reproducible.
 */
export const DEFAULT_FUZZ_SEED = 20261205;

/** The seed the fuzz runs from. */
export function fuzzSeed(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const seed = Number.parseInt(env['FUZZ_SEED'] ?? env['FAST_CHECK_SEED'] ?? String(DEFAULT_FUZZ_SEED), 10);
  return Number.isFinite(seed) ? seed : DEFAULT_FUZZ_SEED;
}
