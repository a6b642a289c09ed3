/**
 * Smoke test of the calibration harness (`npm run calibrate`): a few cells with a few repetitions,
 * in this thread, to keep the harness working. The real figures come from the full run
 * (docs/calibration.md); nothing here asserts a rate beyond what a handful of runs can show.
 */
import { describe, expect, it } from 'vitest';
import { createVariates } from '../../bench/calibration/distributions.js';
import { FULL, planCells, QUICK } from '../../bench/calibration/plan.js';
import { falseFailSvg, indexResults, metricTable, oneRegressedTable, powerSvg, regressionTable, summaryTable, verdictTable } from '../../bench/calibration/report.js';
import { applyChange, countSide, valueSide } from '../../bench/calibration/scenarios.js';
import { previousRuleVerdict, regressedMetrics, runCell, verdictMetrics, type MetricCell, type MetricCellResult, type VerdictCellResult } from '../../bench/calibration/simulate.js';

const metricCell = (overrides: Partial<MetricCell>): MetricCell => ({
  kind: 'metric',
  test: 'mann-whitney',
  distribution: 'normal',
  size: 30,
  multiple: 0,
  reps: 6,
  ignore: true,
  kayentaReps: 3,
  ...overrides,
});

describe('calibration harness (smoke)', () => {
  it('plans every test × distribution × size × change, plus the 20-metric canaries', () => {
    const cells = planCells(QUICK, { kayenta: true });
    // 3 value tests × 5 distributions + rate × 2 distributions = 17 combinations, × 4 sizes × 5 changes;
    // per size one A/A canary and three regressed canaries (one metric, four metrics, all twenty).
    expect(cells.length).toBe(17 * 4 * 5 + 4 * 4);
    const regressed = cells.filter((cell) => cell.kind === 'verdict' && cell.regression !== undefined);
    expect(regressed.map((cell) => (cell.kind === 'verdict' ? `${cell.regression}@${cell.size}×${cell.multiple}` : ''))).toEqual(
      [10, 30, 100, 1000].flatMap((size) => [`one@${size}×2`, `one-per-test@${size}×2`, `all@${size}×2`]),
    );
    expect(FULL.reps).toBeGreaterThan(QUICK.reps);
    expect(planCells(QUICK, { kayenta: false }).every((cell) => cell.kayentaReps === 0)).toBe(true);
  });

  it('generates the distributions it claims', () => {
    const variates = createVariates('smoke');
    const normal = valueSide(variates, 'normal', 4000);
    const mean = normal.reduce((sum, value) => sum + value, 0) / normal.length;
    expect(mean).toBeGreaterThan(98);
    expect(mean).toBeLessThan(102);
    const poisson = countSide(variates, 'poisson', 2000, 1);
    const traffic = poisson.total.reduce((sum, value) => sum + value, 0) / 2000;
    expect(traffic).toBeGreaterThan(195);
    expect(traffic).toBeLessThan(205);
    const zeroInflated = countSide(variates, 'zero-inflated', 4000, 1);
    const zeros = zeroInflated.events.filter((events) => events === 0).length / 4000;
    expect(zeros).toBeGreaterThan(0.7);
    // A change of k × margin moves the judged quantity by exactly that much.
    expect(applyChange([100, 200], 'mann-whitney', 0.2)).toEqual([120, 220]);
    expect(applyChange([100, 200], 'mean-ratio', 0.2)).toEqual([120, 240]);
  });

  it('runs metric cells reproducibly and counts every repetition', () => {
    const cell = metricCell({ test: 'mean-ratio', distribution: 'ar1-0.8', size: 100, multiple: 1 });
    const first = runCell(cell) as MetricCellResult;
    expect(runCell(cell)).toEqual(first);
    expect(Object.values(first.ours).reduce((sum, value) => sum + value, 0)).toBe(6);
    expect(Object.values(first.ignored!).reduce((sum, value) => sum + value, 0)).toBe(6);
    expect(first.kayenta).not.toBeNull();
    expect(first.meanAutocorrelation).toBeGreaterThan(0.5);
    expect(first.meanWidening).toBeGreaterThan(1.5);
  });

  it('sees a large regression and judges rates and the Kayenta-compatible judge on the same data', () => {
    const large = runCell(metricCell({ size: 1000, multiple: 4, reps: 3, kayentaReps: 1 })) as MetricCellResult;
    expect(large.ours.fail).toBe(3);
    expect(large.kayenta!.High).toBe(1);
    const rate = runCell(metricCell({ test: 'rate', distribution: 'zero-inflated', size: 30, multiple: 2 })) as MetricCellResult;
    expect(Object.values(rate.kayenta!).reduce((sum, value) => sum + value, 0)).toBe(3);
  });

  it('judges a 20-metric canary and renders tables and plots', () => {
    const verdict = runCell({ kind: 'verdict', size: 30, reps: 2, kayentaReps: 1 }) as VerdictCellResult;
    expect(verdict.ours.pass + verdict.ours.marginal + verdict.ours.fail).toBe(2);
    expect(verdict.scoreRule.pass + verdict.scoreRule.marginal + verdict.scoreRule.fail).toBe(2);
    // A regressed canary: the four regressed metrics (one per test) carry a +40% change at n = 1000.
    expect(regressedMetrics(verdictMetrics(), 'one-per-test').filter(Boolean)).toHaveLength(4);
    const regression = runCell({ kind: 'verdict', size: 1000, reps: 1, kayentaReps: 0, regression: 'one-per-test', multiple: 4 }) as VerdictCellResult;
    expect(regression.ours.meanFailed).toBeGreaterThanOrEqual(2);
    expect(regression.ours.pass).toBe(0);
    expect(verdict.kayenta!.pass + verdict.kayenta!.marginal + verdict.kayenta!.fail).toBe(1);
    const results = [
      runCell(metricCell({ multiple: 0 })),
      runCell(metricCell({ multiple: 1 })),
      runCell(metricCell({ multiple: 2 })),
      verdict,
    ];
    const lookup = indexResults(results);
    expect(metricTable(lookup, 'mann-whitney')).toContain('| normal | 30 |');
    expect(summaryTable(lookup)).toContain('| mann-whitney | normal |');
    expect(verdictTable(lookup)).toContain('| 30 |');
    expect(regressionTable(indexResults([regression]))).toContain('| 4 (one per test) at 4× margin | 1000 | 0% |');
    for (const svg of [powerSvg(lookup), falseFailSvg(lookup)]) {
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg).not.toContain('NaN');
    }
  });

  it('regresses exactly one metric per canary, each in turn', () => {
    const plan = verdictMetrics();
    for (const rep of [0, 7, 19, 20, 33]) {
      const regressed = regressedMetrics(plan, 'one', rep);
      expect(regressed.filter(Boolean)).toHaveLength(1);
      expect(regressed.indexOf(true)).toBe(rep % 20);
    }
  });

  it('counts the relations the evidence rule guarantees (verdict-rule.ts), and the previous rule beside it', () => {
    // One metric regressed at 4× its margin with 1000 points per side: the regressed metric fails
    // in most canaries, so the rule's "any harm fails" branch is exercised, not only vacuously true.
    const one = runCell({ kind: 'verdict', size: 1000, reps: 20, kayentaReps: 0, regression: 'one', multiple: 4 }) as VerdictCellResult;
    const healthy = runCell({ kind: 'verdict', size: 100, reps: 3, kayentaReps: 0 }) as VerdictCellResult;
    expect(one.ours.regressedMetricFail).toBeGreaterThanOrEqual(10);
    for (const result of [one, healthy]) {
      const { ours, previousRule, scoreRule } = result;
      // Rule "evidence": a metric showing harm (fail or error) vetoes the canary, and with no metric
      // required nothing else can fail it: verdict fail <=> some metric shows harm, canary by canary.
      expect(ours.failWithoutHarm).toBe(0);
      expect(ours.fail).toBe(ours.anyMetricHarm);
      // Any metric fail is never pass.
      expect(ours.passWithFailedMetric).toBe(0);
      // So the canary fails at least as often as the regressed metric fails inside it.
      expect(ours.fail).toBeGreaterThanOrEqual(ours.regressedMetricFail);
      // Pass needs the score to reach thresholds.pass: never more passes than the plain score rule.
      expect(ours.pass).toBeLessThanOrEqual(scoreRule.pass);
      // The previous default rule on the same judgements: pass on the score alone (so exactly the
      // plain rule's passes), and below marginal fail only with harm shown.
      expect(previousRule.pass).toBe(scoreRule.pass);
      expect(previousRule.fail + previousRule.decidedByInconclusive).toBe(scoreRule.fail);
      expect(previousRule.pass + previousRule.marginal + previousRule.fail).toBe(result.cell.reps);
    }
    expect(one.ours.pass).toBeLessThanOrEqual(one.previousRule.pass);
    const table = oneRegressedTable(indexResults([one]));
    expect(table).toContain(`| 1000 | ${Math.round((100 * one.ours.pass) / 20)}% |`);
    expect(table.split('\n')).toHaveLength(3);
  });

  it('computes the previous rule as it was: a score of 95 with one failed metric passed', () => {
    const thresholds = { pass: 95, marginal: 75 };
    expect(previousRuleVerdict({ score: 95, thresholds, summary: { outcomes: { fail: 1, error: 0 } } })).toBe('pass');
    expect(previousRuleVerdict({ score: 80, thresholds, summary: { outcomes: { fail: 1, error: 0 } } })).toBe('marginal');
    expect(previousRuleVerdict({ score: 50, thresholds, summary: { outcomes: { fail: 0, error: 0 } } })).toBe('marginal');
    expect(previousRuleVerdict({ score: 50, thresholds, summary: { outcomes: { fail: 0, error: 1 } } })).toBe('fail');
  });
});
