/**
 * Smoke test of the A/A calibration on real series (`npm run calibrate:real`): the committed
 * recording has the shape the evaluation expects, and a handful of its windows go through the whole
 * evaluation and render. The figures themselves come from the full run (docs/calibration-real.md).
 */
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  lag1,
  metricTable,
  REAL_METRICS,
  renderEvaluation,
  usableSizes,
  verdictTable,
  windowStarts,
  type Evaluation,
  type OutcomeCounts,
} from '../../bench/calibration/real/evaluate.js';
import { checkRecording, loadRecording, POD_NAMES, SERIES_KEYS } from '../../bench/calibration/real/recording.js';

const recording = loadRecording();
const total = (counts: OutcomeCounts): number => counts.pass + counts.fail + counts.inconclusive + counts.nodata + counts.error;

describe('A/A calibration on real series (smoke)', () => {
  it('loads a recording of both pods over the same seconds, with finite values', () => {
    expect(checkRecording(recording)).toEqual([]);
    const seconds = recording.timestamps.length;
    expect(seconds).toBe(recording.meta.durationSeconds);
    expect(seconds).toBeGreaterThanOrEqual(600);
    for (const pod of POD_NAMES) {
      for (const key of SERIES_KEYS) expect(recording.pods[pod][key]).toHaveLength(seconds);
      // Latency and pod samples may miss a second; most must be there.
      for (const key of ['meanLatencyMs', 'cpuSeconds', 'heapUsedBytes'] as const) {
        const present = recording.pods[pod][key].filter((value) => value !== null && Number.isFinite(value)).length;
        expect(present / seconds).toBeGreaterThan(0.99);
      }
      expect(recording.requestSample[pod].every((value) => Number.isFinite(value) && value > 0)).toBe(true);
    }
    expect(recording.timestamps.every((value, index) => index === 0 || value > (recording.timestamps[index - 1] as number))).toBe(true);
    expect(recording.meta.machine.node).toMatch(/^\d+\.\d+\.\d+$/);
    expect(recording.meta.achievedRatePerSecond).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(recording.meta.recordedAt))).toBe(false);
  });

  it('slides windows every n/2 seconds and keeps the sizes that fit twice', () => {
    expect(windowStarts(100, 30)).toEqual([0, 15, 30, 45, 60]);
    expect(windowStarts(20, 10)).toEqual([0, 5, 10]);
    expect(usableSizes(1200)).toEqual([10, 30, 100, 300]);
    expect(usableSizes(120)).toEqual([10, 30]);
    expect(lag1([1, 2, 3, 4, 5, 6])).toBeGreaterThan(0.4);
    expect(lag1([1, -1, 1, -1, 1, -1])).toBeLessThan(-0.5);
  });

  it('judges a handful of windows with consistent counts and renders the tables', () => {
    const evaluation: Evaluation = evaluate(recording, { sizes: [10, 30], maxWindows: 2 });
    expect(evaluation.metrics).toHaveLength(2 * REAL_METRICS.length);
    for (const row of evaluation.metrics) {
      expect(row.windows).toBe(4);
      expect(total(row.adjust)).toBe(row.windows);
      expect(total(row.ignore)).toBe(row.windows);
      expect(Object.values(row.kayentaLabels).reduce((sum, count) => sum + count, 0)).toBe(row.windows);
      expect(row.kayentaFlagged).toBeLessThanOrEqual(row.windows);
      for (const counts of [row.adjust, row.ignore]) {
        for (const count of Object.values(counts)) {
          expect(count / row.windows).toBeGreaterThanOrEqual(0);
          expect(count / row.windows).toBeLessThanOrEqual(1);
        }
      }
      expect(row.meanAutocorrelation).toBeGreaterThanOrEqual(0);
      expect(row.meanAutocorrelation).toBeLessThanOrEqual(0.95);
      expect(row.nonOverlapping).toBe(Math.floor(recording.timestamps.length / row.size));
    }
    for (const row of evaluation.verdicts) {
      for (const counts of [row.evidence, row.score, row.ignore]) {
        expect(counts.pass + counts.marginal + counts.fail).toBe(row.windows);
        expect(Object.values(counts.decidedBy).reduce((sum, count) => sum + count, 0)).toBe(row.windows);
      }
      expect(row.kayenta.Pass + row.kayenta.Marginal + row.kayenta.Fail).toBe(row.windows);
    }
    for (const row of evaluation.requests) {
      expect(row.windows).toBe(4);
      expect(total(row.adjust)).toBe(row.windows);
      expect(total(row.ignore)).toBe(row.windows);
    }
    expect(evaluation.requests).toHaveLength(2);

    const table = metricTable(evaluation, 10);
    expect(table.split('\n')).toHaveLength(2 + REAL_METRICS.length);
    for (const metric of REAL_METRICS) expect(table).toContain(`| ${metric.name} |`);
    expect(verdictTable(evaluation).split('\n')).toHaveLength(2 + 2);
    const rendered = renderEvaluation(recording, evaluation);
    expect(rendered).toContain('### n = 30 seconds per side');
    expect(rendered).not.toMatch(/NaN|undefined|Infinity/);
    // Deterministic: the same recording gives the same text.
    expect(renderEvaluation(recording, evaluate(recording, { sizes: [10, 30], maxWindows: 2 }))).toBe(rendered);
  });
});
