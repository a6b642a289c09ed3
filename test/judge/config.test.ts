import { thrown } from '../thrown.js';
import { describe, expect, it } from 'vitest';
import {
  ConfigValidationError,
  canaryConfigSchema,
  configJsonSchema,
  dataJsonSchema,
  isCanaryJudgeError,
  judge,
  parseConfig,
  safeParseConfig,
} from 'canary-judge';

function issuesOf(input: unknown): { path: string; message: string }[] {
  const parsed = safeParseConfig(input);
  if (parsed.ok) throw new Error('expected the config to be invalid');
  return [...parsed.issues];
}

describe('config defaults', () => {
  it('fills every default', () => {
    const config = parseConfig({ metrics: [{ name: 'cpu', test: 'mann-whitney' }] });
    expect(config).toEqual({
      thresholds: { pass: 95, marginal: 75 },
      confidenceLevel: 0.95,
      multipleComparisons: 'holm',
      inconclusiveCredit: 0.5,
      verdictRule: 'evidence',
      seed: 0,
      resamples: 2000,
      autocorrelation: 'adjust',
      pairing: 'auto',
      metrics: [
        {
          name: 'cpu',
          test: 'mann-whitney',
          direction: 'increase',
          margin: { relative: 0.1 },
          weight: 1,
          critical: false,
          required: false,
          muted: false,
          minSamples: 10,
          warmupPoints: 0,
          nan: 'remove',
          outliers: { strategy: 'keep' },
        },
      ],
    });
  });

  it('uses a minimum total of 100 for rate metrics and keeps an explicit minSamples', () => {
    const config = parseConfig({
      metrics: [
        { name: 'errors', test: 'rate' },
        { name: 'cpu', test: 'mean-ratio', minSamples: 3 },
      ],
    });
    expect(config.metrics.map((metric) => metric.minSamples)).toEqual([100, 3]);
  });

  it('accepts the example of the issue', () => {
    const parsed = safeParseConfig({
      thresholds: { pass: 95, marginal: 75 },
      confidenceLevel: 0.95,
      multipleComparisons: 'holm',
      metrics: [
        { name: 'p99 latency', test: 'percentile', percentile: 99, direction: 'increase', margin: { relative: 0.1 }, weight: 3, group: 'latency' },
        { name: '5xx rate', test: 'rate', direction: 'increase', margin: { relative: 0.25, absolute: 0.001 }, critical: true },
        { name: 'cpu', test: 'mann-whitney', direction: 'either', margin: { relative: 0.05 }, minSamples: 20, nan: 'remove', outliers: { strategy: 'keep' } },
        { name: 'memory', test: 'mean-ratio', direction: 'increase', margin: { relative: 0.1 } },
      ],
    });
    expect(parsed.ok).toBe(true);
  });

  it('fills the IQR factor', () => {
    const config = parseConfig({ metrics: [{ name: 'cpu', test: 'mann-whitney', outliers: { strategy: 'iqr' } }] });
    expect(config.metrics[0]?.outliers).toEqual({ strategy: 'iqr', factor: 1.5 });
  });

  it('parses its own output to the same value', () => {
    const once = parseConfig({ metrics: [{ name: 'cpu', test: 'rate', margin: { absolute: 0.01 } }] });
    expect(parseConfig(once)).toEqual(once);
  });
});

describe('config validation', () => {
  it('reports every problem at once, each with its JSON path', () => {
    const issues = issuesOf({
      thresholds: { pass: 70, marginal: 80 },
      confidenceLevel: 1.5,
      metrics: [
        { name: 'latency', test: 'percentil', weight: -1, margin: { relative: -0.1 } },
        { name: 'errors', test: 'rate', weight: 0, margin: { absolute: -1 } },
      ],
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'thresholds.marginal',
      'confidenceLevel',
      'metrics[0].test',
      'metrics[0].margin.relative',
      'metrics[0].weight',
      'metrics[1].margin.absolute',
      'metrics[1].weight',
    ]);
  });

  it('rejects a misspelled key and suggests the right one', () => {
    expect(issuesOf({ metrics: [{ name: 'cpu', test: 'rate', wieght: 2 }] })).toEqual([
      { path: 'metrics[0].wieght', message: 'Unknown key "wieght" (did you mean "weight"?)' },
    ]);
    expect(issuesOf({ treshold: {}, metrics: [] })[0]?.path).toBe('treshold');
  });

  it('checks 0 ≤ marginal ≤ pass ≤ 100', () => {
    expect(issuesOf({ thresholds: { pass: 80, marginal: 90 }, metrics: [] })).toEqual([
      {
        path: 'thresholds.marginal',
        message: 'marginal must be at most pass (0 ≤ marginal ≤ pass ≤ 100), received marginal 90 > pass 80',
      },
    ]);
    expect(issuesOf({ thresholds: { pass: 101, marginal: -1 }, metrics: [] }).map((issue) => issue.path)).toEqual([
      'thresholds.pass',
      'thresholds.marginal',
    ]);
    expect(safeParseConfig({ thresholds: { pass: 80, marginal: 80 }, metrics: [] }).ok).toBe(true);
  });

  it('refuses thresholds that are both at most 1 (scores are 0–100), suggesting the percentages', () => {
    expect(issuesOf({ thresholds: { pass: 0.95, marginal: 0.75 }, metrics: [] })).toEqual([
      { path: 'thresholds', message: 'scores are 0–100: did you mean 95 and 75? (received pass 0.95 and marginal 0.75)' },
    ]);
    expect(issuesOf({ thresholds: { pass: 1, marginal: 0.5 }, metrics: [] })[0]?.message).toMatch(/^scores are 0–100: did you mean 100 and 50\?/);
    // The judge's option thresholds go through the same check.
    expect(() => judge({ metrics: [] }, { metrics: {} }, { thresholds: { pass: 0.9, marginal: 0.8 } })).toThrow(/did you mean 90 and 80\?/);
    // One of them above 1 is a real (if lenient) choice.
    expect(safeParseConfig({ thresholds: { pass: 2, marginal: 1 }, metrics: [] }).ok).toBe(true);
  });

  it('refuses a configuration without a metrics list', () => {
    expect(issuesOf({})).toEqual([{ path: 'metrics', message: 'Required: expected array, received nothing' }]);
    expect(issuesOf({ thresholds: { pass: 95, marginal: 75 } }).map((issue) => issue.path)).toEqual(['metrics']);
    expect(safeParseConfig({ metrics: [] }).ok).toBe(true);
  });

  it('critical implies required unless required is false', () => {
    const parsed = parseConfig({
      metrics: [
        { name: 'a', test: 'rate', critical: true },
        { name: 'b', test: 'rate', critical: true, required: false },
        { name: 'c', test: 'rate' },
        { name: 'd', test: 'rate', required: true },
      ],
    });
    expect(parsed.metrics.map((metric) => [metric.critical, metric.required])).toEqual([
      [true, true],
      [true, false],
      [false, false],
      [false, true],
    ]);
  });

  it('rejects non-positive weights and negative margins, naming the received value', () => {
    expect(issuesOf({ metrics: [{ name: 'a', test: 'rate', weight: 0 }] })).toEqual([
      { path: 'metrics[0].weight', message: 'Too small: expected number to be >0 (received 0)' },
    ]);
    expect(issuesOf({ metrics: [{ name: 'a', test: 'rate', margin: { relative: -0.2 } }] })).toEqual([
      { path: 'metrics[0].margin.relative', message: 'Too small: expected number to be >=0 (received -0.2)' },
    ]);
    expect(issuesOf({ metrics: [{ name: 'a', test: 'rate', margin: {} }] })[0]?.message).toMatch(/margin needs `relative`, `absolute` or both/);
  });

  it('requires percentile for the percentile test only', () => {
    expect(issuesOf({ metrics: [{ name: 'a', test: 'percentile' }] })[0]?.path).toBe('metrics[0].percentile');
    expect(issuesOf({ metrics: [{ name: 'a', test: 'mann-whitney', percentile: 90 }] })[0]?.message).toMatch(/only applies to test "percentile"/);
    expect(issuesOf({ metrics: [{ name: 'a', test: 'percentile', percentile: 100 }] })[0]?.path).toBe('metrics[0].percentile');
  });

  it('rejects repeated metric names, even next to other problems', () => {
    const issues = issuesOf({ metrics: [{ name: 'a', test: 'nope' }, { name: 'a', test: 'rate' }] });
    expect(issues).toContainEqual({ path: 'metrics[1].name', message: 'metric names must be unique, received "a" again (first at metrics[0])' });
    expect(issues.map((issue) => issue.path)).toContain('metrics[0].test');
  });

  it('rejects outlier removal for rates and a non-positive IQR factor', () => {
    expect(issuesOf({ metrics: [{ name: 'a', test: 'rate', outliers: { strategy: 'iqr' } }] })[0]?.path).toBe('metrics[0].outliers.strategy');
    expect(issuesOf({ metrics: [{ name: 'a', test: 'mean-ratio', outliers: { strategy: 'iqr', factor: 0 } }] })[0]?.path).toBe(
      'metrics[0].outliers.factor',
    );
  });

  it('names metrics with spaces in bracket notation and the root as (root)', () => {
    expect(issuesOf(null)).toEqual([{ path: '(root)', message: 'Invalid input: expected object, received null' }]);
    expect(issuesOf({ metrics: 'cpu' })[0]?.path).toBe('metrics');
  });

  it('judge throws a ConfigValidationError listing the issues', () => {
    const caught = thrown(() => judge({ metrics: [{ name: 'a', test: 'rate', weight: -2, colour: 'red' }] } as never, { metrics: {} }));
    expect(caught).toBeInstanceOf(ConfigValidationError);
    expect(isCanaryJudgeError(caught)).toBe(true);
    const error = caught as ConfigValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual(['metrics[0].weight', 'metrics[0].colour']);
    expect(error.message).toMatchInlineSnapshot(`
      "Invalid canary-judge config: 2 problems
        ✖ Too small: expected number to be >0 (received -2) → at metrics[0].weight
        ✖ Unknown key "colour" → at metrics[0].colour"
    `);
  });

  it('validates the thresholds passed as options', () => {
    expect(() => judge({ metrics: [] }, { metrics: {} }, { thresholds: { pass: 50, marginal: 60 } })).toThrow(ConfigValidationError);
    const error = thrown(() => judge({ metrics: [] }, { metrics: {} }, { thresholds: { pass: 500 } }));
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).issues[0]?.path).toBe('options.thresholds.pass');
  });

  it('every message is one line', () => {
    const issues = issuesOf({
      thresholds: { pass: 'high' },
      metrics: [{ name: '', test: 'rate', direction: 'up', nan: 'drop', critical: 'yes', seed: -1 }],
    });
    expect(issues.length).toBeGreaterThanOrEqual(5);
    for (const issue of issues) expect(issue.message).not.toMatch(/\n/);
  });
});

describe('JSON Schema export', () => {
  it('describes the config as users write it', () => {
    const schema = configJsonSchema() as { properties: Record<string, { default?: unknown }>; additionalProperties: boolean };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual([
      '$schema',
      'thresholds',
      'confidenceLevel',
      'multipleComparisons',
      'inconclusiveCredit',
      'verdictRule',
      'seed',
      'resamples',
      'autocorrelation',
      'sequential',
      'pairing',
      'metrics',
    ]);
    expect(schema.properties.confidenceLevel?.default).toBe(0.95);
    expect(JSON.stringify(schema)).toContain('"mann-whitney"');
  });

  it('describes the data', () => {
    const schema = dataJsonSchema() as { required: string[] };
    expect(schema.required).toEqual(['metrics']);
    expect(JSON.stringify(schema)).toContain('"events"');
  });

  it('exports the zod schema itself', () => {
    expect(canaryConfigSchema.safeParse({ metrics: [] }).success).toBe(true);
    expect(canaryConfigSchema.safeParse({}).success).toBe(false);
  });
});
