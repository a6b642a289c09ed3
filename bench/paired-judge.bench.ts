/**
 * Paired judge benchmark (issue 14): 100 metrics × 10,000 time-aligned points per side (Mann-Whitney,
 * mean-ratio and rate, judged on pairs: the sides share their timestamps), against sorting all of
 * that data once (values, events and totals) in the same run.
 */
import { judge, type CanaryConfigInput, type CanaryDataInput } from '../src/index.js';
import { measure, normalDraws, type Target } from './measure.js';

const METRICS = 100;
const POINTS = 10_000;

export function pairedJudgeBenchmark(random: () => number, print: (line: string) => void): Target[] {
  const tests = ['mann-whitney', 'mean-ratio', 'rate'] as const;
  const config: CanaryConfigInput = { metrics: [] };
  const data: CanaryDataInput = { metrics: {} };
  const everything: number[] = [];
  const timestamps = Array.from({ length: POINTS }, (_, i) => 1_800_000_000 + 60 * i);
  for (let index = 0; index < METRICS; index++) {
    const test = tests[index % tests.length]!;
    const name = `${test} ${index}`;
    if (test === 'rate') {
      const traffic = Array.from({ length: POINTS }, () => 900 + Math.floor(random() * 200));
      const counts = (rate: number) => {
        const total = traffic.map((requests) => requests + Math.floor(random() * 20));
        const events = total.map((requests) => Math.floor(requests * rate * 2 * random()));
        everything.push(...events, ...total);
        return { events, total, timestamps };
      };
      config.metrics!.push({ name, test, direction: 'increase', margin: { relative: 0.25, absolute: 0.001 } });
      data.metrics[name] = { baseline: counts(0.01), canary: counts(0.0105) };
    } else {
      const load = normalDraws(POINTS, random, 100, 15);
      const noise = normalDraws(2 * POINTS, random, 0, 5);
      const baseline = load.map((value, i) => value + (noise[i] as number));
      const canary = load.map((value, i) => 1.01 * value + (noise[POINTS + i] as number));
      everything.push(...baseline, ...canary);
      config.metrics!.push({ name, test, direction: 'increase', margin: { relative: 0.1 } });
      data.metrics[name] = { baseline: { values: baseline, timestamps }, canary: { values: canary, timestamps } };
    }
  }
  const check = judge(config, data);
  if (check.summary.pairedMetrics !== METRICS) throw new Error(`paired benchmark: only ${check.summary.pairedMetrics} of ${METRICS} metrics were paired`);
  const pooled = Float64Array.from(everything);
  const sort = measure(`sort ${pooled.length.toLocaleString('en')} values (paired data)`, () => Float64Array.from(pooled).sort(), 5, 1);
  const judged = measure(`judge ${METRICS} paired metrics × ${POINTS.toLocaleString('en')} points per side`, () => judge(config, data), 5, 1);
  print(`reference: ${sort.name} = ${sort.medianMs.toFixed(1)} ms`);
  return [
    {
      name: judged.name,
      measuredMs: judged.medianMs,
      referenceName: 'sorting all that data once',
      referenceMs: sort.medianMs,
      maxRatio: 3,
    },
  ];
}
