/**
 * Judge benchmark: 100 metrics × 10,000 points per side with the four tests mixed, against sorting
 * all of that data once (2,500,000 values: rate metrics count events and totals) in the same run.
 * Target (issue 13): ≤ 2.5× the sort.
 */
import { judge } from '../src/index.js';
import { measure, type Target } from './measure.js';
import { everyValue, JUDGE_BENCH_METRICS as METRICS, JUDGE_BENCH_POINTS as POINTS, mixedJudgeDataset } from './judge-dataset.js';

export function judgeBenchmark(random: () => number, print: (line: string) => void): Target[] {
  const { config, data } = mixedJudgeDataset(random);
  const pooled = everyValue(data);
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
