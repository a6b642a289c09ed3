/**
 * One report never writes the same level two ways: the explanations (judge), the warnings of the
 * statistics and every renderer take levels from `formatLevel` in src/shared/message-text.ts.
 */
import { describe, expect, it } from 'vitest';
import { judge, meanRatio, renderHtml, renderMarkdown, renderText } from 'canary-judge';
import { formatLevel } from '../../src/shared/message-text.js';

/** Every "NN.NNN%" written with a fractional part close to `level`, as written. */
function levelsWritten(text: string, level: number): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)%/g)) {
    const value = Number(match[1]) / 100;
    if (Math.abs(value - level) < 5e-4) found.add(match[0]);
  }
  return found;
}

describe('one level format', () => {
  const series = (shift: number) => Array.from({ length: 40 }, (_, index) => 100 + ((index * 37) % 11) + shift);
  // Three metrics under Bonferroni: intervals at 1 - 0.05 / 3 = 98.333…%, a level with more than 4 digits.
  const judgement = judge(
    {
      confidenceLevel: 0.95,
      multipleComparisons: 'bonferroni',
      metrics: [
        { name: 'a', test: 'mann-whitney', direction: 'increase' },
        { name: 'b', test: 'mann-whitney', direction: 'increase' },
        { name: 'c', test: 'mean-ratio', direction: 'increase' },
      ],
    },
    { metrics: { a: { baseline: series(0), canary: series(3) }, b: { baseline: series(0), canary: series(0) }, c: { baseline: series(0), canary: series(1) } } },
  );

  it('the interval level is written the same way in explanations, text, Markdown and HTML', () => {
    const level = judgement.summary.intervalLevel;
    expect(level).toBeCloseTo(1 - 0.05 / 3, 12);
    const written = formatLevel(level);
    expect(written).toBe('98.33%');
    const explanations = judgement.metrics.map((metric) => JSON.stringify(metric)).join('\n');
    for (const text of [explanations, renderText(judgement), renderMarkdown(judgement), renderHtml(judgement)]) {
      expect(levelsWritten(text, level)).toEqual(new Set([written]));
    }
  });

  it("the statistics' own messages use the same policy", () => {
    const result = meanRatio([-3, 4, -2, 5, 0.5], [10, 11, 9, 10], { confidenceLevel: 1 - 0.05 / 3 });
    expect(result.warnings.join(' ')).toContain('at the 98.33% level');
    expect(result.warnings.join(' ')).not.toMatch(/98\.333/);
  });
});
