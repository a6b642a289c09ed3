/**
 * The judge benchmarks' data: 100 metrics × 10,000 points per side, the four tests in turn
 * (Mann-Whitney, percentile p99, mean-ratio on normal draws; rate on per-step event and total
 * counts). Shared by the speed benchmark (bench/judge.bench.ts) and the memory check
 * (bench/judge-memory.bench.ts) so both measure the same judgement.
 */
import type { CanaryConfigInput, CanaryDataInput } from '../src/index.js';
import { normalDraws } from './measure.js';

export const JUDGE_BENCH_METRICS = 100;
export const JUDGE_BENCH_POINTS = 10_000;

/** A rate metric's side: per-step totals of 900–1,099 requests and events at about `rate`. */
function rateCounts(random: () => number, rate: number): { events: number[]; total: number[] } {
  const events: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < JUDGE_BENCH_POINTS; i++) {
    const requests = 900 + Math.floor(random() * 200);
    total.push(requests);
    events.push(Math.floor(requests * rate * 2 * random()));
  }
  return { events, total };
}

/**
 * The config and data of the mixed judgement, drawn from `random`.
 *
 * @example
 * const { config, data } = mixedJudgeDataset(benchmarkRandom(1));
 * config.metrics!.length // => 100
 */
export function mixedJudgeDataset(random: () => number): { config: CanaryConfigInput; data: CanaryDataInput } {
  const tests = ['mann-whitney', 'percentile', 'mean-ratio', 'rate'] as const;
  const config: CanaryConfigInput = { metrics: [] };
  const data: CanaryDataInput = { metrics: {} };
  for (let index = 0; index < JUDGE_BENCH_METRICS; index++) {
    const test = tests[index % tests.length]!;
    const name = `${test} ${index}`;
    if (test === 'rate') {
      config.metrics!.push({ name, test, direction: 'increase', margin: { relative: 0.25, absolute: 0.001 } });
      const baseline = rateCounts(random, 0.01);
      data.metrics[name] = { baseline, canary: rateCounts(random, 0.0105) };
    } else {
      config.metrics!.push(
        test === 'percentile'
          ? { name, test, percentile: 99, direction: 'increase', margin: { relative: 0.1 } }
          : { name, test, direction: 'increase', margin: { relative: 0.1 } },
      );
      const baseline = normalDraws(JUDGE_BENCH_POINTS, random, 100, 15);
      data.metrics[name] = { baseline, canary: normalDraws(JUDGE_BENCH_POINTS, random, 101, 15) };
    }
  }
  return { config, data };
}

/** Every number of the dataset (values, events and totals), for the sort it is measured against. */
export function everyValue(data: CanaryDataInput): Float64Array {
  const values: number[] = [];
  for (const series of Object.values(data.metrics)) {
    for (const side of [series.baseline, series.canary] as unknown[]) {
      if (Array.isArray(side)) values.push(...(side as number[]));
      else {
        const counts = side as { events: number[]; total: number[] };
        values.push(...counts.events, ...counts.total);
      }
    }
  }
  return Float64Array.from(values);
}
