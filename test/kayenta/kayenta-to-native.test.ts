/**
 * kayentaToNative: the converted config is a valid native config that the native judge accepts, the
 * mapping of each setting, and the differences that apply to the config.
 */
import { describe, expect, it } from 'vitest';
import { ConfigValidationError, judge, kayentaToNative, safeParseConfig, type KayentaCanaryConfigInput } from 'canary-judge';

const checkoutConfig = {
  name: 'checkout-canary',
  judge: { name: 'NetflixACAJudge-v1.0', judgeConfigurations: {} },
  templates: { scoped: 'namespace="$\\{location}",version="$\\{scope}"' },
  metrics: [
    {
      name: 'error ratio',
      query: { type: 'prometheus', customInlineTemplate: 'PromQL:sum(rate(errors{version="${scope}"}[2m]))' },
      groups: ['errors'],
      analysisConfigurations: {
        canary: { direction: 'increase', nanStrategy: 'replace', critical: true, effectSize: { measure: 'meanRatio', allowedIncrease: 1.2, criticalIncrease: 3.0 } },
      },
      scopeName: 'default',
    },
    {
      name: 'p50 latency',
      query: { type: 'prometheus', customInlineTemplate: 'PromQL:histogram_quantile(0.5, x)' },
      groups: ['latency'],
      analysisConfigurations: { canary: { direction: 'increase', outliers: { strategy: 'remove', outlierFactor: 3.0 }, effectSize: { measure: 'cles', allowedIncrease: 0.75 } } },
      scopeName: 'default',
    },
    {
      name: 'resident memory',
      query: { type: 'prometheus', metricName: 'process_resident_memory_bytes', customFilterTemplate: 'scoped' },
      groups: ['system'],
      analysisConfigurations: { canary: { direction: 'either', mustHaveData: true } },
      scopeName: 'default',
    },
    {
      name: 'threads',
      query: { type: 'prometheus', metricName: 'threads' },
      groups: ['system'],
      analysisConfigurations: { canary: { muted: true } },
      scopeName: 'default',
    },
  ],
  classifier: { groupWeights: { errors: 50, latency: 30, system: 20 }, scoreThresholds: { pass: 90, marginal: 70 } },
} satisfies KayentaCanaryConfigInput;

describe('kayentaToNative', () => {
  it('produces a config the native schema accepts', () => {
    const { config } = kayentaToNative(checkoutConfig);
    const parsed = safeParseConfig(config);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
  });

  it('maps every setting of each metric', () => {
    const { config } = kayentaToNative(checkoutConfig);
    expect(config.thresholds).toEqual({ pass: 90, marginal: 70 });
    expect(config.confidenceLevel).toBe(0.98);
    expect(config.multipleComparisons).toBe('none');
    expect(config.metrics).toEqual([
      {
        name: 'error ratio', test: 'mann-whitney', direction: 'increase', margin: { relative: expect.closeTo(0.2, 12) as unknown as number },
        weight: 50, group: 'errors', critical: true, required: false, muted: false, nan: 'zero', outliers: { strategy: 'keep' },
      },
      {
        name: 'p50 latency', test: 'mann-whitney', direction: 'increase', margin: { relative: 0.1 },
        weight: 30, group: 'latency', critical: false, required: false, muted: false, nan: 'remove', outliers: { strategy: 'iqr', factor: 3 },
      },
      {
        name: 'resident memory', test: 'mann-whitney', direction: 'either', margin: { relative: 0 },
        weight: 20, group: 'system', critical: false, required: true, muted: false, nan: 'remove', outliers: { strategy: 'keep' },
      },
      {
        name: 'threads', test: 'mann-whitney', direction: 'either', margin: { relative: 0 },
        group: 'system', critical: false, required: false, muted: true, nan: 'remove', outliers: { strategy: 'keep' },
      },
    ]);
  });

  it('lists the differences that apply to this config, and only those', () => {
    const { differences } = kayentaToNative(checkoutConfig);
    const text = differences.join('\n');
    expect(text).toMatch(/classifier\.scoreThresholds \(pass 90, marginal 70\)/);
    expect(text).toMatch(/"error ratio": Kayenta fails the canary on this critical metric only beyond criticalIncrease 3/);
    expect(text).toMatch(/"error ratio": nanStrategy "replace" maps to nan "zero"/);
    expect(text).toMatch(/"p50 latency": the CLES effect size/);
    expect(text).toMatch(/"p50 latency": Kayenta's outlier fences are widened/);
    expect(text).toMatch(/"resident memory": Kayenta's effect-size gate is open/);
    expect(text).toMatch(/"threads" is muted/);
    expect(text).not.toMatch(/sum to/);
    expect(text).not.toMatch(/repeats the name/);
  });

  it('spreads group weights over the group\'s metrics and notes weights that do not sum to 100', () => {
    const { config, differences } = kayentaToNative({
      metrics: [
        { name: 'a', groups: ['g1'] },
        { name: 'b', groups: ['g1'] },
        { name: 'c', groups: ['g2'] },
        { name: 'd', groups: [] },
        { name: 'a', groups: ['g2'] },
      ],
      classifier: { groupWeights: { g1: 60, g2: 60 } },
    });
    expect(config.metrics?.map((metric) => [metric.name, metric.weight, metric.muted])).toEqual([
      ['a', 30, false],
      ['b', 30, false],
      ['c', 60, false],
      ['d', undefined, true],
    ]);
    expect(differences.join('\n')).toMatch(/sum to 120, not 100/);
    expect(differences.join('\n')).toMatch(/metrics\[4\] repeats the name "a"/);
    expect(differences.join('\n')).toMatch(/"d" is in no group/);
  });

  it('takes thresholds from the options first (Kayenta reads them from the execution request)', () => {
    expect(kayentaToNative(checkoutConfig, { thresholds: { pass: 80, marginal: 60 } }).config.thresholds).toEqual({ pass: 80, marginal: 60 });
  });

  it('gives a config the native judge runs on the same data', () => {
    const { config } = kayentaToNative(checkoutConfig);
    const steady = Array.from({ length: 30 }, (_, index) => 100 + (index % 7));
    const data = { metrics: Object.fromEntries(['error ratio', 'p50 latency', 'resident memory', 'threads'].map((name) => [name, { baseline: steady, canary: steady }])) };
    expect(judge(config, data).verdict).toBe('pass');
  });

  it('rejects an invalid Kayenta config with every problem', () => {
    try {
      kayentaToNative({ metrics: [{ name: 'a', groups: 'g' }], classifier: { groupWeights: { g: 'x' } } } as unknown as KayentaCanaryConfigInput);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as ConfigValidationError).issues.map((issue) => issue.path)).toEqual(['metrics[0].groups', 'classifier.groupWeights.g']);
    }
  });
});
