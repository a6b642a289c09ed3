/**
 * The cells of a calibration run, and their repetition counts for the full and the quick mode.
 */
import type { Cell } from './simulate.js';
import { distributionsFor, MULTIPLES, SIZES, TESTS } from './scenarios.js';

export interface Plan {
  /** Repetitions per metric cell. */
  readonly reps: number;
  /** Repetitions of the Kayenta-compatible judge per cell below 1000 points, and at 1000 (it is ~7× slower there). */
  readonly kayentaReps: number;
  readonly kayentaRepsLarge: number;
  /** Repetitions of the 20-metric canary per size (Kayenta: the same below 1000 points, `verdictKayentaLarge` at 1000). */
  readonly verdictReps: number;
  readonly verdictKayentaLarge: number;
  /** Repetitions of the 20-metric canary with regressed metrics, per size and regression (Kayenta: the same). */
  readonly regressionReps: number;
  /**
   * Repetitions of the 20-metric canary with exactly one metric regressed (issue 12's target: `pass`
   * at most 1%, so it needs more canaries than the other regressions). Kayenta: `regressionReps`.
   */
  readonly oneRegressedReps: number;
}

export const FULL: Plan = { reps: 600, kayentaReps: 600, kayentaRepsLarge: 150, verdictReps: 300, verdictKayentaLarge: 100, regressionReps: 100, oneRegressedReps: 400 };
export const QUICK: Plan = { reps: 120, kayentaReps: 120, kayentaRepsLarge: 30, verdictReps: 50, verdictKayentaLarge: 20, regressionReps: 20, oneRegressedReps: 80 };

/** The regressed 20-metric canaries: one metric (each in turn), four (one per test), or all twenty, at 2× their margin. */
export const REGRESSIONS = ['one', 'one-per-test', 'all'] as const;
export const REGRESSION_MULTIPLE = 2;

/** Multiples at which the "no adjustment" judge also runs (to show what the adjustment changes). */
const IGNORE_MULTIPLES = new Set([0, 1, 2]);

export function planCells(plan: Plan, options: { kayenta: boolean }): Cell[] {
  const cells: Cell[] = [];
  for (const test of TESTS) {
    for (const distribution of distributionsFor(test)) {
      for (const size of SIZES) {
        for (const multiple of MULTIPLES) {
          const kayenta = options.kayenta && (test === 'mann-whitney' || test === 'rate');
          cells.push({
            kind: 'metric',
            test,
            distribution,
            size,
            multiple,
            reps: plan.reps,
            ignore: IGNORE_MULTIPLES.has(multiple),
            kayentaReps: kayenta ? (size >= 1000 ? plan.kayentaRepsLarge : plan.kayentaReps) : 0,
          });
        }
      }
    }
  }
  for (const size of SIZES) {
    cells.push({
      kind: 'verdict',
      size,
      reps: plan.verdictReps,
      kayentaReps: options.kayenta ? (size >= 1000 ? plan.verdictKayentaLarge : plan.verdictReps) : 0,
    });
    for (const regression of REGRESSIONS) {
      cells.push({
        kind: 'verdict',
        size,
        reps: regression === 'one' ? plan.oneRegressedReps : plan.regressionReps,
        kayentaReps: options.kayenta ? Math.min(plan.regressionReps, size >= 1000 ? plan.verdictKayentaLarge : plan.regressionReps) : 0,
        regression,
        multiple: REGRESSION_MULTIPLE,
      });
    }
  }
  return cells;
}

/** A rough cost of a cell, to hand the expensive ones out first. */
export function costOf(cell: Cell): number {
  const perRep = cell.kind === 'verdict' ? 20 * (1 + cell.size / 100) : 1 + cell.size / 100;
  const kayenta = cell.kayentaReps * (cell.kind === 'verdict' ? 20 : 1) * (1 + cell.size / 50);
  return cell.reps * perRep * (cell.kind === 'metric' && cell.ignore ? 2 : 1) + kayenta;
}
