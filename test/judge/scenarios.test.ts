/**
 * Golden scenarios: realistic data from test/fixtures/scenarios/generate.ts, with the verdict and
 * the per-metric outcomes a careful reader expects written by hand in expected.json.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { judge } from 'canary-judge';

interface Expected {
  description: string;
  verdict: string;
  decidedBy: string;
  score: { value: number; tolerance: number };
  metrics: Record<
    string,
    {
      outcome: string | string[];
      harm?: string;
      relative?: { value: number | null; tolerance?: number };
      absolute?: { value: number | null; tolerance?: number };
    }
  >;
}

const root = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url));
// stories/ holds issue 12's canary stories, run through the library and the CLI by test/cli/stories.test.ts.
const scenarios = readdirSync(root).filter((name) => name !== 'stories' && statSync(root + name).isDirectory()).sort();
const read = (name: string, file: string): unknown => JSON.parse(readFileSync(`${root}${name}/${file}`, 'utf8'));

describe('golden scenarios', () => {
  it('has the six scenarios', () => {
    expect(scenarios).toEqual([
      'error-spike-zero-baseline',
      'healthy-canary',
      'latency-regression',
      'low-traffic',
      'variance-blow-up',
      'warm-up-spike',
    ]);
  });

  it.each(scenarios)('%s', (name) => {
    const expected = read(name, 'expected.json') as Expected;
    const result = judge(read(name, 'config.json') as never, read(name, 'data.json'));
    expect(result.verdict).toBe(expected.verdict);
    expect(result.summary.decidedBy).toBe(expected.decidedBy);
    expect(Math.abs(result.score - expected.score.value)).toBeLessThanOrEqual(expected.score.tolerance);
    expect(result.metrics.map((metric) => metric.name).sort()).toEqual(Object.keys(expected.metrics).sort());
    for (const metric of result.metrics) {
      const want = expected.metrics[metric.name];
      if (want === undefined) throw new Error(`no expectation for ${metric.name}`);
      const context = `${name} / ${metric.name}: ${metric.explanation}`;
      const outcomes = Array.isArray(want.outcome) ? want.outcome : [want.outcome];
      expect(outcomes, context).toContain(metric.outcome);
      if (want.harm !== undefined) expect(metric.harm, context).toBe(want.harm);
      for (const kind of ['relative', 'absolute'] as const) {
        const number = want[kind];
        if (number === undefined) continue;
        const actual = metric.estimate[kind];
        if (number.value === null) {
          expect(actual, context).toBeNull();
        } else {
          expect(actual, context).not.toBeNull();
          expect(Math.abs((actual ?? Number.NaN) - number.value), context).toBeLessThanOrEqual(number.tolerance ?? 0);
        }
      }
      expect(metric.explanation.endsWith(`→ ${metric.outcome}`) || metric.explanation.includes(`→ ${metric.outcome}:`) || metric.muted).toBe(true);
    }
  });
});
