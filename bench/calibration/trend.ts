/**
 * Calibration of the trend test (issue 17): per-minute series with independent or AR(1) residuals,
 * judged with a 5%/h margin under A/A, at the margin, at 2× the margin (power), and with a one-off
 * +3% step at mid-window (a level shift, not a leak: it must rarely fail a trend margin).
 *
 * The A/A false-fail depends on how noisy the series is against the margin; its worst case over all
 * noise levels is the share of A/A intervals that lie wholly above 0 (a margin that is tiny against
 * the noise), reported as "A/A above 0".
 */
import { deriveSeed, judge, type Outcome } from '../../src/index.js';
import { ar1Series, createVariates } from './distributions.js';

export const TREND_RESIDUALS = ['independent', 'ar1-0.5', 'ar1-0.8'] as const;
export type TrendResidual = (typeof TREND_RESIDUALS)[number];
/** Per-minute points per side. */
export const TREND_SIZES = [30, 60, 240] as const;
/** Relative margin per hour. */
export const TREND_MARGIN = 0.05;
/** Level of the series and residual standard deviations (share of the level) for the step rows. */
const LEVEL = 100;
export const TREND_NOISE = 0.01;
export const STEP_NOISES = [0.005, 0.01, 0.02] as const;
/** The step: +3% of the level from the middle of the window on. */
export const STEP_SIZE = 0.03;
/** Targets of issue 17: A/A fail at most 5%; the mid-window step fails in at most 10% of runs. */
export const TREND_AA_TARGET = 0.05;
export const TREND_STEP_TARGET = 0.1;

/** What the canary gets: nothing (A/A), a slope of `multiple` × margin, or the mid-window step. */
export type TrendScenario = 'aa' | 'margin' | 'power' | 'step';

export interface TrendCell {
  readonly kind: 'trend';
  readonly residual: TrendResidual;
  readonly size: number;
  readonly scenario: TrendScenario;
  /** Residual standard deviation as a share of the level. */
  readonly noise: number;
  readonly reps: number;
}

export interface TrendCellResult {
  readonly cell: TrendCell;
  readonly ours: Record<Outcome, number>;
  /** Runs whose relative interval lies wholly above 0 (the A/A fail at a vanishing margin). */
  readonly aboveZero: number;
  /** Mean half-width of the relative interval (per hour) and mean residual autocorrelation used. */
  readonly meanHalfWidth: number;
  readonly meanAutocorrelation: number;
}

export function trendCellKey(cell: TrendCell): string {
  return `trend|${cell.residual}|${cell.size}|${cell.scenario}|${cell.noise}`;
}

/** The trend cells of a run: every residual × size for A/A, margin, power, and the step at three noise levels. */
export function planTrendCells(reps: number): TrendCell[] {
  const cells: TrendCell[] = [];
  for (const residual of TREND_RESIDUALS) {
    for (const size of TREND_SIZES) {
      for (const scenario of ['aa', 'margin', 'power'] as const) cells.push({ kind: 'trend', residual, size, scenario, noise: TREND_NOISE, reps });
      for (const noise of STEP_NOISES) cells.push({ kind: 'trend', residual, size, scenario: 'step', noise, reps });
    }
  }
  return cells;
}

function residuals(variates: ReturnType<typeof createVariates>, residual: TrendResidual, size: number): Float64Array {
  const rho = residual === 'independent' ? 0 : residual === 'ar1-0.5' ? 0.5 : 0.8;
  return ar1Series(variates, size, rho);
}

/**
 * One side in time order: level + noise·residual, plus (canary) the scenario's change; timestamps
 * one minute apart in epoch seconds.
 *
 * @example
 * trendSide(new Float64Array([0, 0, 0, 0]), 0.01, 'step', 4)[2] // => 103
 */
export function trendSide(residual: Float64Array, noise: number, change: TrendScenario | 'none', size: number): number[] {
  const values = new Array<number>(size);
  for (let i = 0; i < size; i++) {
    const hours = i / 60;
    let value = LEVEL + noise * LEVEL * (residual[i] as number);
    if (change === 'margin') value += TREND_MARGIN * LEVEL * hours;
    if (change === 'power') value += 2 * TREND_MARGIN * LEVEL * hours;
    if (change === 'step' && i >= size / 2) value += STEP_SIZE * LEVEL;
    values[i] = value;
  }
  return values;
}

export function runTrendCell(cell: TrendCell): TrendCellResult {
  const variates = createVariates(deriveSeed('canary-judge calibration v1', trendCellKey(cell)));
  const ours: Record<Outcome, number> = { pass: 0, fail: 0, inconclusive: 0, nodata: 0, error: 0 };
  const timestamps = Array.from({ length: cell.size }, (_, i) => 1_764_000_000 + 60 * i);
  const config = {
    confidenceLevel: 0.95,
    metrics: [{ name: 'memory', test: 'trend' as const, direction: 'increase' as const, margin: { relative: TREND_MARGIN } }],
  };
  let aboveZero = 0;
  let halfWidth = 0;
  let autocorrelation = 0;
  for (let rep = 0; rep < cell.reps; rep++) {
    const baseline = trendSide(residuals(variates, cell.residual, cell.size), cell.noise, 'none', cell.size);
    const canary = trendSide(residuals(variates, cell.residual, cell.size), cell.noise, cell.scenario === 'aa' ? 'none' : cell.scenario, cell.size);
    const result = judge(config, { metrics: { memory: { baseline: { values: baseline, timestamps }, canary: { values: canary, timestamps } } } }).metrics[0]!;
    ours[result.outcome]++;
    const interval = result.interval.relative;
    if (interval !== null && interval[0] !== null && interval[1] !== null) {
      if (interval[0] > 0) aboveZero++;
      halfWidth += (interval[1] - interval[0]) / 2 / cell.reps;
    }
    autocorrelation += (result.autocorrelation?.used ?? 0) / cell.reps;
  }
  return { cell, ours, aboveZero, meanHalfWidth: halfWidth, meanAutocorrelation: autocorrelation };
}

const pct = (count: number, reps: number): string => `${((count / reps) * 100).toFixed(1)}%`;

function find(results: readonly TrendCellResult[], residual: TrendResidual, size: number, scenario: TrendScenario, noise = TREND_NOISE) {
  return results.find((result) => result.cell.residual === residual && result.cell.size === size && result.cell.scenario === scenario && result.cell.noise === noise);
}

/** Two Monte Carlo standard errors of a rate near `target`. */
function slack(target: number, reps: number): number {
  return 2 * Math.sqrt((target * (1 - target)) / Math.max(1, reps));
}

function marked(count: number, reps: number, target: number): string {
  const text = pct(count, reps);
  return count / reps > target + slack(target, reps) ? `**${text}**` : text;
}

/** The trend table: one row per residual × size. */
export function trendTable(results: readonly TrendCellResult[]): string {
  const rows = [
    '| residuals | n (per minute) | A/A fail | A/A above 0 (worst case) | A/A pass | ± at A/A (per hour) | ρ used | fail at 1× margin | fail at 2× (power) | pass at 2× | step fail (noise 0.5% / 1% / 2%) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const residual of TREND_RESIDUALS) {
    for (const size of TREND_SIZES) {
      const aa = find(results, residual, size, 'aa');
      const margin = find(results, residual, size, 'margin');
      const power = find(results, residual, size, 'power');
      if (aa === undefined || margin === undefined || power === undefined) continue;
      const reps = aa.cell.reps;
      const steps = STEP_NOISES.map((noise) => {
        const step = find(results, residual, size, 'step', noise);
        return step === undefined ? '–' : marked(step.ours.fail, step.cell.reps, TREND_STEP_TARGET);
      });
      rows.push(
        `| ${residual} | ${size} | ${marked(aa.ours.fail, reps, TREND_AA_TARGET)} | ${marked(aa.aboveZero, reps, TREND_AA_TARGET)} | ${pct(aa.ours.pass, reps)} | ` +
          `±${(aa.meanHalfWidth * 100).toFixed(1)}% | ${aa.meanAutocorrelation.toFixed(2)} | ${pct(margin.ours.fail, margin.cell.reps)} | ` +
          `${pct(power.ours.fail, power.cell.reps)} | ${pct(power.ours.pass, power.cell.reps)} | ${steps.join(' / ')} |`,
      );
    }
  }
  return rows.join('\n');
}

/** The trend targets that are missed, as lines to print (empty when all are met within Monte Carlo error). */
export function trendMisses(results: readonly TrendCellResult[]): string[] {
  const misses: string[] = [];
  for (const result of results) {
    const { cell } = result;
    const name = `trend ${cell.residual} n = ${cell.size}`;
    if (cell.scenario === 'aa') {
      for (const [label, count] of [['A/A fail', result.ours.fail], ['A/A above 0', result.aboveZero]] as const) {
        if (count / cell.reps > TREND_AA_TARGET + slack(TREND_AA_TARGET, cell.reps)) {
          misses.push(`MISS ${label} ${name}: ${pct(count, cell.reps)} (target ≤ ${TREND_AA_TARGET * 100}%)`);
        }
      }
    }
    if (cell.scenario === 'step' && result.ours.fail / cell.reps > TREND_STEP_TARGET + slack(TREND_STEP_TARGET, cell.reps)) {
      misses.push(`MISS step fail ${name} noise ${cell.noise * 100}%: ${pct(result.ours.fail, cell.reps)} (target ≤ ${TREND_STEP_TARGET * 100}%)`);
    }
  }
  return misses;
}
