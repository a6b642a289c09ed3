/**
 * `npm run bench`: speed targets of the statistics core, each as a ratio against sorting the same
 * amount of data once with Float64Array.prototype.sort in the same run, and the judge's memory check
 * (heap growth after a judgement, bench/judge-memory.bench.ts). Exits 1 when a target is missed.
 * Figures are recorded in docs/performance.md.
 */
import { mannWhitney, percentileDelta } from '../src/index.js';
import { benchmarkRandom, measure, normalDraws, report, type Target } from './measure.js';
import { judgeBenchmark } from './judge.bench.js';
import { pairedJudgeBenchmark } from './paired-judge.bench.js';
import { sequentialJudgeBenchmark } from './sequential-judge.bench.js';
import { cliStartupBenchmark } from './cli-startup.bench.js';
import { judgeMemoryCheck } from './judge-memory.bench.js';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const random = benchmarkRandom(20261122);
const targets: Target[] = [];

{
  const size = 100_000;
  const baseline = normalDraws(size, random, 100, 15);
  const canary = normalDraws(size, random, 101, 15);
  const pooled = Float64Array.from([...baseline, ...canary]);
  const sort = measure('sort 200,000', () => Float64Array.from(pooled).sort());
  const copy = measure('copy 200,000', () => Float64Array.from(pooled));
  const test = measure('mannWhitney n = m = 100,000', () => mannWhitney(baseline, canary), 9);
  targets.push({
    name: test.name,
    measuredMs: test.medianMs,
    referenceName: 'sorting the 200,000 values once',
    referenceMs: sort.medianMs - copy.medianMs / 2,
    maxRatio: 3,
  });
  print(`reference: sort 200,000 = ${sort.medianMs.toFixed(1)} ms (copy alone ${copy.medianMs.toFixed(1)} ms)`);

  const smallBaseline = baseline.slice(0, 10_000);
  const smallCanary = canary.slice(0, 10_000);
  const delta = measure('percentileDelta n = m = 10,000, 10,000 resamples', () =>
    percentileDelta(smallBaseline, smallCanary, { p: 0.99, resamples: 10_000, seed: 1 }),
  );
  targets.push({
    name: delta.name,
    measuredMs: delta.medianMs,
    referenceName: 'sorting 200,000 values once',
    referenceMs: sort.medianMs - copy.medianMs / 2,
    maxRatio: 5,
  });
}

targets.push(...judgeBenchmark(random, print));
targets.push(...pairedJudgeBenchmark(random, print));
targets.push(...sequentialJudgeBenchmark(random, print));
targets.push(...cliStartupBenchmark(random, print));

const allMet = report(targets, print);
const memory = judgeMemoryCheck(benchmarkRandom(20261206));
for (const line of memory.lines) print(line);
process.exitCode = allMet && memory.met ? 0 : 1;
