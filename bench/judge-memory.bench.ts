/**
 * Judge memory check (issue 13): nothing of a judgement stays reachable after it returns, beyond
 * its result. Judges 100 metrics × 10,000 points per side (the judge benchmark's mix) while the
 * caller keeps its data, and compares the heap after a forced garbage collection with the heap
 * before: with the Judgement kept, after dropping it, and after three more judgements.
 *
 * The judge first sees data holding missing values (`null`, `"NaN"`), as a service does: that is
 * what once made V8 store the caller's number arrays boxed after a judgement (about 24 MB more
 * while the data was alive; src/judge/own-arrays.ts says why).
 * Target: the heap grows by less than 1 MB beyond the Judgement.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { judge, type CanaryConfigInput, type CanaryDataInput } from '../src/index.js';
import { JUDGE_BENCH_METRICS as METRICS, JUDGE_BENCH_POINTS as POINTS, mixedJudgeDataset } from './judge-dataset.js';

/** Heap growth allowed beyond the Judgement, in MB. */
export const MEMORY_SLACK_MB = 1;

/** The outcome of the memory check, printed by `npm run bench`. */
export interface MemoryCheck {
  readonly met: boolean;
  readonly lines: readonly string[];
}

function forcedCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * The same metrics over 2,000 points with a missing value in every 50 (null) and every 77 ("NaN"):
 * filled by index into `new Array(n)`, as a JavaScript caller builds them, and as JSON gives them.
 * V8 stores the two kinds differently (holey and packed arrays of anything), and its optimizing
 * compiler then widens number arrays of the matching kind that the same code reads.
 */
function dataWithGaps(config: CanaryConfigInput, data: CanaryDataInput): CanaryDataInput[] {
  const gapped = (values: readonly number[]) => {
    const result: unknown[] = new Array(2000);
    for (let index = 0; index < result.length; index++) {
      result[index] = index % 50 === 7 ? null : index % 77 === 3 ? 'NaN' : values[index];
    }
    return result;
  };
  const metrics: Record<string, unknown> = {};
  for (const metric of config.metrics ?? []) {
    const series = data.metrics[metric.name] as { baseline: unknown; canary: unknown };
    const side = (value: unknown) =>
      Array.isArray(value)
        ? gapped(value)
        : { events: gapped((value as { events: number[] }).events), total: gapped((value as { total: number[] }).total) };
    metrics[metric.name] = { baseline: side(series.baseline), canary: side(series.canary) };
  }
  return [{ metrics } as CanaryDataInput, JSON.parse(JSON.stringify({ metrics })) as CanaryDataInput];
}

const megabytes = (bytes: number) => `${bytes < 0 ? '−' : '+'}${Math.abs(bytes / 1e6).toFixed(2)}`;

/** Runs the check; `met` is false when the heap grew by `MEMORY_SLACK_MB` or more beyond the Judgement. */
export function judgeMemoryCheck(random: () => number): MemoryCheck {
  const gc = forcedCollector();
  const { config, data } = mixedJudgeDataset(random);
  for (const gaps of dataWithGaps(config, data)) for (let round = 0; round < 5; round++) judge(config, gaps);
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const before = heap();
  let judgement: ReturnType<typeof judge> | null = judge(config, data);
  const withJudgement = heap();
  const verdict = judgement.verdict;
  judgement = null;
  const afterDropping = heap();
  for (let round = 0; round < 3; round++) judge(config, data);
  const afterMore = heap();
  const growth = afterDropping - before;
  const met = growth < MEMORY_SLACK_MB * 1e6;
  return {
    met,
    lines: [
      `${met ? 'ok  ' : 'MISS'} judge memory, ${METRICS} metrics × ${POINTS.toLocaleString('en')} points per side, data kept alive: ` +
        `heap ${megabytes(withJudgement - before)} MB with the Judgement (${verdict}), ` +
        `${megabytes(growth)} MB after dropping it, ${megabytes(afterMore - before)} MB after three more judgements; target < ${MEMORY_SLACK_MB} MB beyond the Judgement`,
    ],
  };
}
