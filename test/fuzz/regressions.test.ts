/**
 * Failures the fuzz suite found, each reproduced here at the smallest input that shows it.
 */
import { describe, expect, it } from 'vitest';
import { judge, renderText } from '../../src/index.js';

/** More items than a spread argument list takes (V8 throws RangeError somewhere past ~100,000). */
const MANY = 150_000;

describe('found by the fuzz suite', () => {
  it('renderText lists 150,000 warnings (one per unused data series) instead of a RangeError', () => {
    // The data carried 200,000 series no metric uses: judge() warns once per series, and the text
    // report's `lines.push(...notes)` overflowed the stack: `judge` exited 70 (internal error).
    const judgement = judge({ metrics: [{ name: 'm', test: 'mann-whitney' }] }, { metrics: { m: { baseline: [1, 2, 3], canary: [1, 2, 3] }, unused: { baseline: [1], canary: [1] } } });
    const warnings = Array.from({ length: MANY }, (_, index) => `series "s${index}" is not used by any metric`);
    const many = { ...judgement, summary: { ...judgement.summary, warnings } };
    for (const details of [true, false]) {
      const text = renderText(many, { details });
      if (details) expect(text).toContain(`series "s${MANY - 1}" is not used by any metric`);
      expect(text.split('\n')[0]).toMatch(/^(PASS|FAIL|MARGINAL) {2}score/);
    }
  });
});
