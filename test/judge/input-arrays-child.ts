/**
 * Child process of input-arrays.test.ts, run with `--allow-natives-syntax`: reports whether V8
 * still stores the caller's number arrays as unboxed doubles after `judge()` has read them, once
 * the judge's code has also read arrays holding missing values (so its optimized loads are
 * polymorphic). Prints one JSON line.
 */
import { judge, type CanaryConfigInput, type CanaryDataInput } from '../../src/index.js';

const hasDoubleElements = new Function('array', 'return %HasDoubleElements(array)') as (array: unknown) => boolean;

const POINTS = 3000;
let state = 20261206;
const random = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
/** Filled by index into `new Array(n)`: V8 stores these as holey double arrays. */
const draws = (mean: number): number[] => {
  const values = new Array<number>(POINTS);
  for (let i = 0; i < POINTS; i++) values[i] = mean + 15 * (random() + random() + random() - 1.5);
  return values;
};
const tests = ['mann-whitney', 'percentile', 'mean-ratio', 'rate'] as const;
const config: CanaryConfigInput = {
  metrics: Array.from({ length: 12 }, (_, index) => {
    const test = tests[index % tests.length]!;
    return test === 'percentile' ? { name: `m${index}`, test, percentile: 95 } : { name: `m${index}`, test };
  }),
};
const counts = () => {
  const total = Array.from({ length: POINTS }, () => 900 + Math.floor(random() * 200));
  return { events: total.map((requests) => Math.floor(requests * 0.02 * random())), total };
};
const freshData = (): CanaryDataInput => ({
  metrics: Object.fromEntries(
    config.metrics!.map((metric) => [metric.name, metric.test === 'rate' ? { baseline: counts(), canary: counts() } : { baseline: draws(100), canary: draws(101) }]),
  ),
});
/** The same shapes with missing values, holey (built by index) and packed (from JSON). */
const withGaps = (data: CanaryDataInput): CanaryDataInput[] => {
  const gapped = (values: readonly unknown[]) => {
    const result: unknown[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) result[i] = i % 50 === 7 ? null : i % 77 === 3 ? 'NaN' : values[i];
    return result;
  };
  const side = (series: unknown) =>
    Array.isArray(series)
      ? gapped(series)
      : { events: gapped((series as { events: unknown[] }).events), total: gapped((series as { total: unknown[] }).total) };
  const metrics = Object.fromEntries(
    Object.entries(data.metrics).map(([name, series]) => [name, { baseline: side((series as { baseline: unknown }).baseline), canary: side((series as { canary: unknown }).canary) }]),
  );
  return [{ metrics } as CanaryDataInput, JSON.parse(JSON.stringify({ metrics })) as CanaryDataInput];
};

for (const gaps of withGaps(freshData())) for (let round = 0; round < 5; round++) judge(config, gaps);

const data = freshData();
const valueArrays = Object.values(data.metrics).flatMap((series) => {
  const { baseline, canary } = series as { baseline: unknown; canary: unknown };
  return Array.isArray(baseline) && Array.isArray(canary) ? [baseline, canary] : [];
});
const doubleBefore = valueArrays.filter(hasDoubleElements).length;
const judgement = judge(config, data);
const doubleAfter = valueArrays.filter(hasDoubleElements).length;
process.stdout.write(
  `${JSON.stringify({
    arrays: valueArrays.length,
    doubleBefore,
    doubleAfter,
    outcomes: judgement.metrics.map((metric) => metric.outcome),
  })}\n`,
);
