/**
 * Smoke test of the histogram calibration (`npm run calibrate:histograms`): exact multinomial bucket
 * draws, a few repetitions of the target scenarios, and the generated table. The published figures
 * come from the full run (docs/calibration.md).
 */
import { describe, expect, it } from 'vitest';
import { renderSection, targetMet } from '../../bench/calibration/histograms/run.js';
import { bucketProbabilities, drawHistogram, runScenario, SCENARIOS } from '../../bench/calibration/histograms/simulate.js';
import { createRandom } from '../../src/shared/random.js';

describe('histogram calibration (smoke)', () => {
  it('draws cumulative counts whose bucket shares match the log-normal', () => {
    const random = createRandom('smoke');
    const shares = bucketProbabilities(0.14);
    const counts = drawHistogram(200_000, shares, random);
    expect(counts.at(-1)).toBe(200_000);
    for (let index = 1; index < counts.length; index++) expect(counts[index]).toBeGreaterThanOrEqual(counts[index - 1] as number);
    shares.forEach((share, index) => expect(Math.abs((counts[index] as number) / 200_000 - share)).toBeLessThan(0.005));
  });

  it('runs the target scenarios and renders their table', () => {
    const results = SCENARIOS.filter((scenario) => scenario.target !== undefined).map((scenario) => runScenario(scenario, 12));
    const crossing = results.find((result) => result.scenario.id === 'crossing');
    expect(crossing?.outcomes.fail).toBeGreaterThanOrEqual(9);
    for (const result of results) expect(result.outcomes.pass ?? 0).toBe(0);
    expect(results.map(targetMet)).toEqual([true, true, true]);
    expect(renderSection(results, 12)).toMatch(/\| p99 0\.45 s, canary \+20% .* \| fail ≥ 90%: /);
  });
});
