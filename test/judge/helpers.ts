/**
 * Seeded data for the judge tests (no Math.random: every run sees the same numbers).
 */
import { createRandom } from 'canary-judge';

/** `count` normal draws with the given mean and standard deviation. */
export function normalSample(count: number, mean: number, stddev: number, seed: number | string): number[] {
  const uniform = createRandom(seed);
  return Array.from({ length: count }, () => {
    const u = 1 - uniform();
    const v = uniform();
    return mean + stddev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  });
}

/**
 * An evenly spread sample (no randomness at all): center + spread·((i + 0.5)/count − 0.5) for
 * i = 0..count−1, given in zig-zag order (lowest, highest, second lowest, …). The judge reads values
 * in time order and widens intervals for autocorrelation; a rising order would look like a
 * perfectly autocorrelated series (or a counter), the zig-zag like none.
 */
export function evenSample(count: number, center: number, spread: number): number[] {
  const value = (index: number) => center + spread * ((index + 0.5) / count - 0.5);
  return Array.from({ length: count }, (_, position) => value(position % 2 === 0 ? position / 2 : count - 1 - (position - 1) / 2));
}

/** A one-metric config for a Mann-Whitney test with the given extra keys. */
export function mannWhitneyMetric(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, test: 'mann-whitney', margin: { relative: 0.1 }, ...extra };
}

/** Data that passes a 10% Mann-Whitney margin: two identical, tight samples. */
export function passingSeries(): { baseline: number[]; canary: number[] } {
  return { baseline: evenSample(40, 100, 4), canary: evenSample(40, 100, 4) };
}

/** Data that fails a 10% Mann-Whitney margin high: the canary is 50% higher. */
export function failingSeries(): { baseline: number[]; canary: number[] } {
  return { baseline: evenSample(40, 100, 4), canary: evenSample(40, 150, 4) };
}

/** Data that is inconclusive for a 10% margin: a +5% shift with a wide spread and few points. */
export function inconclusiveSeries(): { baseline: number[]; canary: number[] } {
  return { baseline: evenSample(12, 100, 60), canary: evenSample(12, 105, 60) };
}
