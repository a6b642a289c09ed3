/**
 * Calibration of the sequential mode: a 20-metric canary with per-minute points, judged at every
 * minute for 60 minutes (statistics.md §11). Each repetition simulates the whole run once and then
 * judges its first k minutes for k = 1 … 60, exactly as an orchestrator polling the stateless judge
 * would; beside it the same data is judged by the fixed-sample judgement at every look (peeking) and
 * by the Kayenta-compatible judge every 10 minutes with fail-fast.
 *
 * Scenarios:
 * - `aa`: nothing changes;
 * - `regressed`: one metric (a Mann-Whitney latency) shifted by 2× its margin;
 * - `payment`: one critical error-rate metric, the canary on 5% of the traffic, its error rate 20%
 *   higher, judged for up to 120 minutes.
 */
import { deriveSeed, judge, judgeKayenta, type CanaryConfigInput, type MetricConfigInput } from '../../src/index.js';
import { ar1Series, createVariates, type Variates } from './distributions.js';
import { kayentaRequest } from './scenarios.js';

export const SEQUENTIAL_ROOT_SEED = 'canary-judge sequential calibration v1';
export const SEQUENTIAL_SCENARIOS = ['aa', 'regressed', 'payment'] as const;
export type SequentialScenario = (typeof SEQUENTIAL_SCENARIOS)[number];

/** Minutes judged: 60 for the 20-metric canary, 120 for the payment story. */
export const LOOKS: Readonly<Record<SequentialScenario, number>> = { aa: 60, regressed: 60, payment: 120 };
/** Minutes at which the promoted share is reported. */
export const PROMOTION_MINUTES = [15, 30, 60] as const;
/** The Kayenta-compatible judge runs every this many minutes, stopping at its first Fail. */
export const KAYENTA_INTERVAL = 10;

export interface SequentialCell {
  readonly kind: 'sequential';
  readonly scenario: SequentialScenario;
  /** Which slice of the repetitions (cells are split so the workers share the load). */
  readonly chunk: number;
  readonly reps: number;
  /** Also judge with the fixed-sample judgement at every look, and with Kayenta every 10 minutes. */
  readonly compare: boolean;
}

export interface SequentialCellResult {
  readonly cell: SequentialCell;
  /** Per repetition: minute of the first sequential `fail` / `pass` (null: never within the run). */
  readonly firstFail: (number | null)[];
  readonly firstPass: (number | null)[];
  /** Per repetition: whether the fixed judgement said `fail` at any look, and its verdict at the last look. */
  readonly fixedAnyFail: boolean[];
  readonly fixedLastPass: boolean[];
  /** Per repetition: minute of the fixed judgement's first `fail` (null: never). */
  readonly fixedFirstFail: (number | null)[];
  /** Per repetition: whether the Kayenta-compatible judge said Fail at any 10-minute look. */
  readonly kayentaAnyFail: boolean[];
}

export function sequentialCellKey(cell: SequentialCell): string {
  return `sequential|${cell.scenario}|${cell.chunk}`;
}

const START = 1_800_000_000;
const MINUTE = 60;

/** Per-minute aggregates: level 100, coefficient of variation 5%. */
const LEVEL = 100;
const SPREAD = 5;
const LOG_SIGMA = 0.05;
/** Error metrics of the 20-metric canary: 5,000 requests a minute per side at 1% errors. */
const TRAFFIC = 5000;
const ERROR_RATE = 0.01;
/** Bursty errors: the per-minute error rate varies as Gamma(shape 10) (dispersion about 6 at this traffic). */
const BURST_SHAPE = 10;
const VALUE_MARGIN = 0.1;
const RATE_MARGIN = 0.25;

type ValueShape = 'normal' | 'log-normal' | 'ar1-0.5';
type CountShape = 'poisson' | 'bursty';
interface PlannedMetric {
  readonly name: string;
  readonly test: 'mann-whitney' | 'mean-ratio' | 'rate';
  readonly shape: ValueShape | CountShape;
}

/** The 20 metrics: 8 Mann-Whitney and 8 ratio-of-means per-minute aggregates, 4 error rates. */
export function sequentialMetrics(): PlannedMetric[] {
  const shapes: ValueShape[] = ['normal', 'log-normal', 'ar1-0.5'];
  const metrics: PlannedMetric[] = [];
  for (let i = 0; i < 8; i++) metrics.push({ name: `latency ${i}`, test: 'mann-whitney', shape: shapes[i % 3] as ValueShape });
  for (let i = 0; i < 8; i++) metrics.push({ name: `resource ${i}`, test: 'mean-ratio', shape: shapes[i % 3] as ValueShape });
  for (let i = 0; i < 4; i++) metrics.push({ name: `errors ${i}`, test: 'rate', shape: i % 2 === 0 ? 'poisson' : 'bursty' });
  return metrics;
}

function gamma(variates: Variates, shape: number): number {
  // Marsaglia & Tsang (2000), shape ≥ 1.
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = variates.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = variates.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function valueSeries(variates: Variates, shape: ValueShape, minutes: number, change: number): number[] {
  const values = new Array<number>(minutes);
  const ar = shape === 'ar1-0.5' ? ar1Series(variates, minutes, 0.5) : null;
  for (let i = 0; i < minutes; i++) {
    const noise = ar === null ? variates.normal() : (ar[i] as number);
    values[i] = shape === 'log-normal' ? LEVEL * Math.exp(LOG_SIGMA * noise) : LEVEL + SPREAD * noise;
    values[i] = (values[i] as number) + change * LEVEL;
  }
  return values;
}

function countSeries(variates: Variates, shape: CountShape, minutes: number, traffic: number, rate: number): { events: number[]; total: number[] } {
  const events = new Array<number>(minutes);
  const total = new Array<number>(minutes);
  for (let i = 0; i < minutes; i++) {
    const requests = variates.poisson(traffic);
    const minuteRate = shape === 'bursty' ? (rate * gamma(variates, BURST_SHAPE)) / BURST_SHAPE : rate;
    total[i] = requests;
    events[i] = Math.min(requests, variates.poisson(requests * minuteRate));
  }
  return { events, total };
}

interface SimulatedRun {
  readonly config: CanaryConfigInput;
  readonly metrics: { name: string; baseline: { values: number[] } | { events: number[]; total: number[] }; canary: { values: number[] } | { events: number[]; total: number[] } }[];
  readonly minutes: number;
}

export function simulateRun(variates: Variates, scenario: SequentialScenario): SimulatedRun {
  const minutes = LOOKS[scenario];
  if (scenario === 'payment') {
    // 20,000 requests a minute: 5% to the canary, the rest to the baseline; 1% errors, the canary's 20% higher.
    const baseline = countSeries(variates, 'poisson', minutes, 19_000, ERROR_RATE);
    const canary = countSeries(variates, 'poisson', minutes, 1_000, ERROR_RATE * 1.2);
    const metric: MetricConfigInput = { name: 'payment errors', test: 'rate', direction: 'increase', margin: { relative: 0.1 }, critical: true, required: true };
    return {
      config: { sequential: { minDuration: '5m', maxDuration: `${minutes}m` }, metrics: [metric] },
      metrics: [{ name: 'payment errors', baseline, canary }],
      minutes,
    };
  }
  const planned = sequentialMetrics();
  const metrics = planned.map((entry, index) => {
    const regressed = scenario === 'regressed' && index === 0;
    if (entry.test === 'rate') {
      const shape = entry.shape as CountShape;
      return { name: entry.name, baseline: countSeries(variates, shape, minutes, TRAFFIC, ERROR_RATE), canary: countSeries(variates, shape, minutes, TRAFFIC, ERROR_RATE) };
    }
    const shape = entry.shape as ValueShape;
    return { name: entry.name, baseline: { values: valueSeries(variates, shape, minutes, 0) }, canary: { values: valueSeries(variates, shape, minutes, regressed ? 2 * VALUE_MARGIN : 0) } };
  });
  const configs: MetricConfigInput[] = planned.map((entry) => ({
    name: entry.name,
    test: entry.test,
    direction: 'increase',
    margin: { relative: entry.test === 'rate' ? RATE_MARGIN : VALUE_MARGIN },
  }));
  return { config: { sequential: { minDuration: '5m', maxDuration: '60m' }, metrics: configs }, metrics, minutes };
}

type Side = { values: number[] } | { events: number[]; total: number[] };

export function firstMinutes(side: Side, minutes: number): Side & { timestamps: number[] } {
  const timestamps = Array.from({ length: minutes }, (_, i) => START + i * MINUTE);
  if ('values' in side) return { values: side.values.slice(0, minutes), timestamps };
  return { events: side.events.slice(0, minutes), total: side.total.slice(0, minutes), timestamps };
}

function kayentaValues(side: Side, minutes: number): number[] {
  if ('values' in side) return side.values.slice(0, minutes);
  return side.events.slice(0, minutes).map((events, i) => ((side.total[i] as number) > 0 ? events / (side.total[i] as number) : Number.NaN));
}

export function runSequentialCell(cell: SequentialCell): SequentialCellResult {
  const variates = createVariates(deriveSeed(SEQUENTIAL_ROOT_SEED, sequentialCellKey(cell)));
  const result: SequentialCellResult = { cell, firstFail: [], firstPass: [], fixedAnyFail: [], fixedLastPass: [], fixedFirstFail: [], kayentaAnyFail: [] };
  for (let rep = 0; rep < cell.reps; rep++) {
    const run = simulateRun(variates, cell.scenario);
    const { sequential: _sequential, ...fixedConfig } = run.config;
    let firstFail: number | null = null;
    let firstPass: number | null = null;
    let fixedFirstFail: number | null = null;
    let fixedLastPass = false;
    let kayentaFail = false;
    for (let minute = 1; minute <= run.minutes; minute++) {
      const data = { metrics: Object.fromEntries(run.metrics.map((metric) => [metric.name, { baseline: firstMinutes(metric.baseline, minute), canary: firstMinutes(metric.canary, minute) }])) };
      const judged = judge(run.config, data);
      if (judged.verdict === 'fail' && firstFail === null) firstFail = minute;
      if (judged.verdict === 'pass' && firstPass === null) firstPass = minute;
      if (cell.compare) {
        const fixed = judge(fixedConfig, data);
        if (fixed.verdict === 'fail' && fixedFirstFail === null) fixedFirstFail = minute;
        if (minute === run.minutes) fixedLastPass = fixed.verdict === 'pass';
        if (minute % KAYENTA_INTERVAL === 0 && !kayentaFail) {
          const request = kayentaRequest(run.metrics.map((metric) => ({ name: metric.name, baseline: kayentaValues(metric.baseline, minute), canary: kayentaValues(metric.canary, minute) })));
          kayentaFail = judgeKayenta(request).score.classification === 'Fail';
        }
      } else if (firstFail !== null && (firstPass !== null || cell.scenario !== 'regressed')) {
        // Without the comparisons, a run can stop at its first fail (nothing later is counted)
        // unless a later pass still has to be looked for.
        break;
      }
    }
    result.firstFail.push(firstFail);
    result.firstPass.push(firstPass);
    result.fixedAnyFail.push(fixedFirstFail !== null);
    result.fixedFirstFail.push(fixedFirstFail);
    result.fixedLastPass.push(fixedLastPass);
    result.kayentaAnyFail.push(kayentaFail);
  }
  return result;
}

export interface SequentialPlan {
  /** Repetitions per scenario, and the chunks they are split into. */
  readonly reps: Readonly<Record<SequentialScenario, number>>;
  readonly chunks: number;
}

export const SEQUENTIAL_FULL: SequentialPlan = { reps: { aa: 240, regressed: 120, payment: 200 }, chunks: 8 };
export const SEQUENTIAL_QUICK: SequentialPlan = { reps: { aa: 16, regressed: 12, payment: 16 }, chunks: 4 };

export function planSequentialCells(plan: SequentialPlan): SequentialCell[] {
  const cells: SequentialCell[] = [];
  for (const scenario of SEQUENTIAL_SCENARIOS) {
    for (let chunk = 0; chunk < plan.chunks; chunk++) {
      const reps = Math.floor(plan.reps[scenario] / plan.chunks) + (chunk < plan.reps[scenario] % plan.chunks ? 1 : 0);
      cells.push({ kind: 'sequential', scenario, chunk, reps, compare: scenario === 'aa' || scenario === 'payment' });
    }
  }
  return cells;
}

/** Everything the section reports, merged over a scenario's chunks. */
export interface SequentialSummary {
  readonly scenario: SequentialScenario;
  readonly reps: number;
  readonly failAnyLook: number;
  readonly passAnyLook: number;
  readonly medianMinutesToFail: number | null;
  readonly medianMinutesToFailFixed: number | null;
  readonly promotedBy: Readonly<Record<number, number>>;
  readonly fixedFailAnyLook: number;
  readonly fixedPassAtEnd: number;
  readonly kayentaFailAnyLook: number;
  readonly failedWithin: number;
}

function medianOf(values: (number | null)[], reps: number): number | null {
  // Runs that never fail count as "later than the run": the median exists when over half fail.
  const sorted = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (sorted.length * 2 <= reps) return null;
  return sorted[Math.ceil(reps / 2) - 1] ?? null;
}

export function summariseSequential(results: readonly SequentialCellResult[]): SequentialSummary[] {
  return SEQUENTIAL_SCENARIOS.flatMap((scenario) => {
    const parts = results.filter((result) => result.cell.scenario === scenario);
    if (parts.length === 0) return [];
    const firstFail = parts.flatMap((part) => part.firstFail);
    const firstPass = parts.flatMap((part) => part.firstPass);
    const reps = firstFail.length;
    const rate = (count: number) => (reps === 0 ? 0 : count / reps);
    const promotedBy: Record<number, number> = {};
    // A run promoted at minute p stops there; count it as promoted by m when p ≤ m and no fail came first.
    for (const minute of PROMOTION_MINUTES) {
      let promoted = 0;
      for (let i = 0; i < reps; i++) {
        const pass = firstPass[i];
        const fail = firstFail[i];
        if (pass !== null && pass !== undefined && pass <= minute && (fail === null || fail === undefined || fail > pass)) promoted++;
      }
      promotedBy[minute] = rate(promoted);
    }
    return [
      {
        scenario,
        reps,
        failAnyLook: rate(firstFail.filter((value) => value !== null).length),
        passAnyLook: rate(firstPass.filter((value) => value !== null).length),
        medianMinutesToFail: medianOf(firstFail, reps),
        medianMinutesToFailFixed: medianOf(parts.flatMap((part) => part.fixedFirstFail), reps),
        promotedBy,
        fixedFailAnyLook: rate(parts.flatMap((part) => part.fixedAnyFail).filter(Boolean).length),
        fixedPassAtEnd: rate(parts.flatMap((part) => part.fixedLastPass).filter(Boolean).length),
        kayentaFailAnyLook: rate(parts.flatMap((part) => part.kayentaAnyFail).filter(Boolean).length),
        failedWithin: rate(firstFail.filter((value) => value !== null).length),
      },
    ];
  });
}

/** Targets of the sequential mode (issue 15). */
export const SEQUENTIAL_TARGETS = { aaFail: 0.05, regressedRollback: 0.9, regressedPass: 0.01 } as const;

const pct = (value: number): string => `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`;
const minutes = (value: number | null, limit: number): string => (value === null ? `> ${limit}` : String(value));

/** Checks the targets; returns the lines to print (MISS lines for missed ones) and whether all were met. */
export function checkSequentialTargets(summaries: readonly SequentialSummary[]): { lines: string[]; met: boolean } {
  const lines: string[] = [];
  let met = true;
  const slack = (target: number, n: number) => 2 * Math.sqrt((target * (1 - target)) / Math.max(1, n));
  const aa = summaries.find((summary) => summary.scenario === 'aa');
  if (aa !== undefined && aa.failAnyLook > SEQUENTIAL_TARGETS.aaFail + slack(SEQUENTIAL_TARGETS.aaFail, aa.reps)) {
    met = false;
    lines.push(`MISS sequential A/A fail at any look: ${pct(aa.failAnyLook)} (target ≤ 5%)`);
  }
  const regressed = summaries.find((summary) => summary.scenario === 'regressed');
  if (regressed !== undefined) {
    if (regressed.failAnyLook < SEQUENTIAL_TARGETS.regressedRollback - slack(SEQUENTIAL_TARGETS.regressedRollback, regressed.reps)) {
      met = false;
      lines.push(`MISS sequential rollback of one metric at 2× margin: ${pct(regressed.failAnyLook)} (target ≥ 90%)`);
    }
    if (regressed.passAnyLook > SEQUENTIAL_TARGETS.regressedPass + slack(SEQUENTIAL_TARGETS.regressedPass, regressed.reps)) {
      met = false;
      lines.push(`MISS sequential pass at any look with one metric at 2× margin: ${pct(regressed.passAnyLook)} (target ≤ 1%)`);
    }
  }
  return { lines, met };
}

/** The markdown of the sequential section (tables and the target lines). */
export function sequentialSection(summaries: readonly SequentialSummary[], plan: SequentialPlan): string {
  const get = (scenario: SequentialScenario) => summaries.find((summary) => summary.scenario === scenario);
  const aa = get('aa');
  const regressed = get('regressed');
  const payment = get('payment');
  const lines: string[] = [
    `Root seed \`${SEQUENTIAL_ROOT_SEED}\`; ${plan.reps.aa} A/A runs, ${plan.reps.regressed} regressed runs, ${plan.reps.payment} payment runs; every run judged at every minute.`,
    '',
    '| target | measured | result |',
    '| --- | ---: | --- |',
  ];
  if (aa !== undefined) {
    lines.push(`| A/A: sequential \`fail\` at any of 60 looks ≤ 5% | ${pct(aa.failAnyLook)} | ${aa.failAnyLook <= SEQUENTIAL_TARGETS.aaFail ? 'met' : '**missed**'} |`);
    lines.push(`| (beside it) fixed judgement at every look: \`fail\` at any look | ${pct(aa.fixedFailAnyLook)} | – |`);
    lines.push(`| (beside it) Kayenta-compatible judge every 10 minutes, fail-fast: \`Fail\` at any look | ${pct(aa.kayentaFailAnyLook)} | – |`);
  }
  if (regressed !== undefined) {
    lines.push(`| one metric at 2× margin: rolled back within 60 minutes ≥ 90% | ${pct(regressed.failAnyLook)} | ${regressed.failAnyLook >= SEQUENTIAL_TARGETS.regressedRollback ? 'met' : '**missed**'} |`);
    lines.push(`| one metric at 2× margin: median minutes to rollback | ${minutes(regressed.medianMinutesToFail, 60)} | reported |`);
    lines.push(`| one metric at 2× margin: \`pass\` at any look ≤ 1% | ${pct(regressed.passAnyLook)} | ${regressed.passAnyLook <= SEQUENTIAL_TARGETS.regressedPass ? 'met' : '**missed**'} |`);
  }
  if (aa !== undefined) {
    lines.push(
      `| healthy canary promoted by 15 / 30 / 60 minutes (sequential) | ${PROMOTION_MINUTES.map((minute) => pct(aa.promotedBy[minute] ?? 0)).join(' / ')} | reported |`,
    );
    lines.push(`| (beside it) fixed judgement at 60 minutes: \`pass\` | ${pct(aa.fixedPassAtEnd)} | reported |`);
  }
  if (payment !== undefined) {
    lines.push(
      `| payment story (20% error-rate regression at 5% traffic, margin 10%): rolled back within 120 minutes / median minutes to rollback | ${pct(payment.failAnyLook)} / ${minutes(payment.medianMinutesToFail, 120)} | reported |`,
    );
    lines.push(
      `| (beside it) fixed judgement at every minute: rolled back / median minutes (peeking; its A/A rate is above) | ${pct(payment.fixedFailAnyLook)} / ${minutes(payment.medianMinutesToFailFixed, 120)} | – |`,
    );
    lines.push(`| (beside it) Kayenta-compatible judge every 10 minutes: \`Fail\` within 120 minutes | ${pct(payment.kayentaFailAnyLook)} | – |`);
  }
  return lines.join('\n');
}
