/**
 * Judge benchmark: 100 metrics × 10,000 points per side with the four tests mixed, against sorting
 * all of that data once (2,500,000 values: rate metrics count events and totals) in the same run.
 * Target (issue 13): ≤ 2.5× the sort.
 */
import { judge, type CanaryConfigInput, type CanaryDataInput } from '../src/index.js';
import { measure, normalDraws, type Target } from './measure.js';

const METRICS = 100;
const POINTS = 10_000;

export function judgeBenchmark(random: () => number, print: (line: string) => void): Target[] {
  const tests = ['mann-whitney', 'percentile', 'mean-ratio', 'rate'] as const;
  const config: CanaryConfigInput = { metrics: [] };
  const data: CanaryDataInput = { metrics: {} };
  const everything: number[] = [];
  for (let index = 0; index < METRICS; index++) {
    const test = tests[index % tests.length]!;
    const name = `${test} ${index}`;
    if (test === 'rate') {
      const counts = (rate: number) => {
        const events: number[] = [];
        const total: number[] = [];
        for (let i = 0; i < POINTS; i++) {
          const requests = 900 + Math.floor(random() * 200);
          total.push(requests);
          events.push(Math.floor(requests * rate * 2 * random()));
        }
        everything.push(...events, ...total);
        return { events, total };
      };
      config.metrics!.push({ name, test, direction: 'increase', margin: { relative: 0.25, absolute: 0.001 } });
      data.metrics[name] = { baseline: counts(0.01), canary: counts(0.0105) };
    } else {
      const baseline = normalDraws(POINTS, random, 100, 15);
      const canary = normalDraws(POINTS, random, 101, 15);
      everything.push(...baseline, ...canary);
      config.metrics!.push(
        test === 'percentile'
          ? { name, test, percentile: 99, direction: 'increase', margin: { relative: 0.1 } }
          : { name, test, direction: 'increase', margin: { relative: 0.1 } },
      );
      data.metrics[name] = { baseline, canary };
    }
  }
  const pooled = Float64Array.from(everything);
  const sort = measure(`sort ${pooled.length.toLocaleString('en')} values`, () => Float64Array.from(pooled).sort(), 5, 1);
  const judged = measure(`judge ${METRICS} metrics × ${POINTS.toLocaleString('en')} points per side`, () => judge(config, data), 5, 1);
  print(`reference: ${sort.name} = ${sort.medianMs.toFixed(1)} ms`);
  return [
    {
      name: judged.name,
      measuredMs: judged.medianMs,
      referenceName: 'sorting all that data once',
      referenceMs: sort.medianMs,
      maxRatio: 2.5,
    },
  ];
}
