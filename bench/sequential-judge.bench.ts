/**
 * Sequential look benchmark (issue 15): one look of the sequential mode at 100 metrics × 10,000
 * points per side with timestamps (Mann-Whitney, percentile, mean-ratio and rate mixed; each interval
 * widened into a confidence sequence, rates by the Beta-binomial mixture), against sorting all of
 * that data once (values, events and totals) in the same run.
 */
import { judge, type CanaryConfigInput, type CanaryDataInput } from '../src/index.js';
import { measure, normalDraws, type Target } from './measure.js';

const METRICS = 100;
const POINTS = 10_000;

export function sequentialJudgeBenchmark(random: () => number, print: (line: string) => void): Target[] {
  const tests = ['mann-whitney', 'percentile', 'mean-ratio', 'rate'] as const;
  // A run of 10,000 one-minute steps: past minDuration, before maxDuration.
  const config: CanaryConfigInput = { sequential: { minDuration: '30m', maxDuration: '10000h' }, metrics: [] };
  const data: CanaryDataInput = { metrics: {} };
  const everything: number[] = [];
  const timestamps = Array.from({ length: POINTS }, (_, i) => 1_800_000_000 + 60 * i);
  for (let index = 0; index < METRICS; index++) {
    const test = tests[index % tests.length]!;
    const name = `${test} ${index}`;
    if (test === 'rate') {
      const counts = (rate: number) => {
        const total = Array.from({ length: POINTS }, () => 900 + Math.floor(random() * 200));
        const events = total.map((requests) => Math.floor(requests * rate * 2 * random()));
        everything.push(...events, ...total);
        return { events, total, timestamps };
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
      data.metrics[name] = { baseline: { values: baseline, timestamps }, canary: { values: canary, timestamps } };
    }
  }
  const check = judge(config, data);
  const sequences = check.metrics.filter((metric) => /confidence sequence/.test(metric.method ?? '')).length;
  if (check.sequential?.decidedBy === undefined || check.sequential.problem !== null || sequences !== METRICS) {
    throw new Error(`sequential benchmark: not a sequential look of ${METRICS} confidence sequences (${sequences}; ${check.sequential?.problem ?? 'no sequential report'})`);
  }
  const pooled = Float64Array.from(everything);
  const sort = measure(`sort ${pooled.length.toLocaleString('en')} values (sequential data)`, () => Float64Array.from(pooled).sort(), 5, 1);
  const judged = measure(`one sequential look at ${METRICS} metrics × ${POINTS.toLocaleString('en')} points per side`, () => judge(config, data), 5, 1);
  const { sequential: _sequential, ...fixedConfig } = config;
  const fixed = measure('the fixed judgement of the same data', () => judge(fixedConfig, data), 5, 1);
  print(`reference: ${sort.name} = ${sort.medianMs.toFixed(1)} ms; for scale, ${fixed.name}: ${fixed.medianMs.toFixed(1)} ms (the look costs ${(judged.medianMs / fixed.medianMs).toFixed(2)}× it)`);
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
