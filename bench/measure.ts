/**
 * Timing helpers for the benchmarks: every figure is a median over repeated runs after warm-up,
 * and every target is a ratio against a reference measured in the same run on the same data.
 */

export interface Measurement {
  readonly name: string;
  readonly medianMs: number;
}

/** Runs `task` a few times to warm up, then `runs` times, and returns the median duration. */
export function measure(name: string, task: () => unknown, runs = 15, warmup = 3): Measurement {
  for (let i = 0; i < warmup; i++) task();
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    task();
    durations.push(performance.now() - start);
  }
  durations.sort((a, b) => a - b);
  return { name, medianMs: durations[Math.floor(durations.length / 2)] as number };
}

/** A fast seeded generator for benchmark data (not the library's, so data making is not measured with it). */
export function benchmarkRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

/** Standard normal draws by Box-Muller from a uniform source. */
export function normalDraws(count: number, random: () => number, mean = 0, sd = 1): number[] {
  const values = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const u = 1 - random();
    const v = random();
    values[i] = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return values;
}

export interface Target {
  readonly name: string;
  readonly measuredMs: number;
  readonly referenceName: string;
  readonly referenceMs: number;
  readonly maxRatio: number;
}

/** Prints one line per target and returns whether all were met. */
export function report(targets: readonly Target[], print: (line: string) => void): boolean {
  let allMet = true;
  for (const target of targets) {
    const ratio = target.measuredMs / target.referenceMs;
    const met = ratio <= target.maxRatio;
    allMet &&= met;
    print(
      `${met ? 'ok  ' : 'MISS'} ${target.name}: ${target.measuredMs.toFixed(1)} ms = ${ratio.toFixed(2)}× ${target.referenceName} (${target.referenceMs.toFixed(1)} ms); target ≤ ${target.maxRatio}×`,
    );
  }
  return allMet;
}
