/**
 * "Did you swap the config and the data?" (issue 18): a data document handed in as the
 * configuration, or a configuration as the data, is recognised from its shape and named, by the
 * library (judge, parseConfig, parseData, the safe parses) and by the CLI (judge, validate).
 */
import { describe, expect, it } from 'vitest';
import { ConfigValidationError, DataValidationError, judge, parseConfig, parseData, safeParseConfig, safeParseData } from 'canary-judge';
import { configSwapHint, dataSwapHint, looksLikeConfig, looksLikeData } from '../../src/config/swap-hint.js';
import { thrown } from '../thrown.js';

const config = { metrics: [{ name: 'latency', test: 'mann-whitney' as const, margin: { relative: 0.1 } }] };
const data = { metrics: { latency: { baseline: Array.from({ length: 20 }, (_, i) => 100 + i), canary: Array.from({ length: 20 }, (_, i) => 100 + i) } } };

describe('recognising the shapes', () => {
  it('tells data from a configuration by their metrics', () => {
    expect(looksLikeData(data)).toBe(true);
    expect(looksLikeConfig(data)).toBe(false);
    expect(looksLikeConfig(config)).toBe(true);
    expect(looksLikeData(config)).toBe(false);
  });

  it('says nothing about documents that are neither', () => {
    for (const input of [null, 3, 'metrics', [], {}, { metrics: {} }, { metrics: [] }, { metrics: [1, 2] }, { metrics: { cpu: [1, 2] } }]) {
      expect(configSwapHint(input)).toBeUndefined();
      expect(dataSwapHint(input)).toBeUndefined();
    }
  });

  it('survives an input whose getters throw', () => {
    const hostile = Object.defineProperty({}, 'metrics', {
      get() {
        throw new Error('boom');
      },
      enumerable: true,
    });
    expect(looksLikeData(hostile)).toBe(false);
    expect(looksLikeConfig(hostile)).toBe(false);
  });
});

describe('the library says it', () => {
  it('judge(data, config) throws ConfigValidationError asking whether they were swapped', () => {
    const error = thrown(() => judge(data as never, config));
    expect(error).toBeInstanceOf(ConfigValidationError);
    const hint = (error as ConfigValidationError).hint;
    expect(hint).toMatch(/^Did you swap the config and the data\? This looks like canary-judge data/);
    expect((error as Error).message).toContain(`hint: ${hint}`);
    // The problems are still listed with their paths.
    expect((error as ConfigValidationError).issues[0]?.path).toBe('metrics');
  });

  it('judge(config, config) names the swap in every metric\'s error reason', () => {
    const judgement = judge(config, config);
    expect(judgement.metrics[0]?.outcome).toBe('error');
    expect(judgement.metrics[0]?.reason).toMatch(/data\.metrics must be an object of series by metric name.*Did you swap the config and the data\? This looks like a canary-judge configuration/);
  });

  it('parseConfig(data) and parseData(config) carry the hint; the safe parses return it', () => {
    expect((thrown(() => parseConfig(data)) as ConfigValidationError).hint).toMatch(/^Did you swap/);
    const dataError = thrown(() => parseData(config));
    expect(dataError).toBeInstanceOf(DataValidationError);
    expect((dataError as DataValidationError).hint).toMatch(/^Did you swap the config and the data\? This looks like a canary-judge configuration/);
    const safeConfig = safeParseConfig(data);
    const safeData = safeParseData(config);
    expect(!safeConfig.ok && safeConfig.hint).toMatch(/^Did you swap/);
    expect(!safeData.ok && safeData.hint).toMatch(/^Did you swap/);
  });

  it('an invalid configuration that is not data gets no swap hint', () => {
    const error = thrown(() => parseConfig({ metrics: [{ name: 'x', test: 'nope' }] })) as ConfigValidationError;
    expect(error.hint).toBeUndefined();
    expect(error.message).not.toContain('swap');
  });
});
