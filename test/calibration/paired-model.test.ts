/**
 * The correlation model behind issue 14's paired calibration (bench/calibration/paired/model.ts):
 * fitted to the committed A/A recording, and a generator whose series have the fitted pod-to-pod
 * correlation, lag-1 autocorrelation, level and change.
 */
import { describe, expect, it } from 'vitest';
import { createVariates } from '../../bench/calibration/distributions.js';
import { fitModel, KINDS, simulatePair } from '../../bench/calibration/paired/model.js';

function pearson(a: readonly number[], b: readonly number[]): number {
  const mean = (xs: readonly number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('paired calibration model', () => {
  const model = fitModel();

  it('fits every kind of the recording per minute: a correlation and a lag-1 in [-1, 1] from 20 points per pod', () => {
    expect(Object.keys(model).sort()).toEqual([...KINDS].sort());
    for (const kind of KINDS) {
      expect(model[kind].points).toBe(20);
      expect(Math.abs(model[kind].correlation)).toBeLessThanOrEqual(1);
      expect(Math.abs(model[kind].lag1)).toBeLessThanOrEqual(1);
    }
    // The observation: heap and requests move together on the two pods far more than latency.
    expect(model.heap.correlation).toBeGreaterThan(model.latency.correlation);
    expect(model.requests.correlation).toBeGreaterThan(model.latency.correlation);
  });

  it('simulates sides with the fitted correlation and autocorrelation (log scale), the level and the change', () => {
    const kind = { ...model.cpu, correlation: 0.7, lag1: 0.5 };
    const { baseline, canary } = simulatePair(createVariates('paired model test'), kind, 20_000, { level: 50, cv: 0.3, change: 0.2 });
    const logB = baseline.map(Math.log);
    const logC = canary.map(Math.log);
    expect(pearson(logB, logC)).toBeCloseTo(0.7, 1);
    expect(pearson(logB.slice(1), logB.slice(0, -1))).toBeCloseTo(0.5, 1);
    const mean = (xs: readonly number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
    expect(mean(baseline) / 50).toBeCloseTo(1, 1);
    expect(mean(canary) / mean(baseline)).toBeCloseTo(1.2, 1);
    // Reproducible by seed.
    const again = () => simulatePair(createVariates('same seed'), kind, 200, { level: 50, cv: 0.3, change: 0.2 });
    expect(again()).toEqual(again());
    expect(simulatePair(createVariates('other seed'), kind, 200, { level: 50, cv: 0.3, change: 0.2 })).not.toEqual(again());
  });
});
