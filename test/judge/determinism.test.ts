import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { judge } from 'canary-judge';

const root = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url));
const read = (name: string, file: string): unknown => JSON.parse(readFileSync(`${root}${name}/${file}`, 'utf8'));

describe('determinism', () => {
  it('the same input gives byte-identical JSON (bootstrap included)', () => {
    const config = read('variance-blow-up', 'config.json') as never;
    const data = read('variance-blow-up', 'data.json');
    const first = JSON.stringify(judge(config, data));
    const second = JSON.stringify(judge(config, structuredClone(data)));
    expect(second).toBe(first);
  });

  it('the bootstrap seed derives from the config seed and the metric name', () => {
    const data = read('healthy-canary', 'data.json') as { metrics: Record<string, unknown> };
    const metric = { name: 'p99 latency', test: 'percentile' as const, percentile: 99, margin: { relative: 0.15 } };
    const interval = (seed: number | string) =>
      judge({ seed, metrics: [metric] }, { metrics: { 'p99 latency': data.metrics['p99 latency'] } }).metrics[0]?.interval.relative;
    expect(interval(0)).toEqual(interval(0));
    expect(interval(1)).not.toEqual(interval(0));
    expect(interval('release-42')).toEqual(interval('release-42'));
  });

  it('does not mutate its inputs', () => {
    const config = Object.freeze({
      metrics: Object.freeze([Object.freeze({ name: 'a', test: 'mann-whitney' as const, outliers: Object.freeze({ strategy: 'iqr' as const }) })]),
    });
    const baseline = Object.freeze([5, 3, 1, 4, 2, 6, 8, 7, 9, 10, 100]);
    const canary = Object.freeze([15, 13, 11, 14, 12, 16, 18, 17, 19, 20, null]);
    const data = Object.freeze({ metrics: Object.freeze({ a: Object.freeze({ baseline, canary }) }) });
    expect(() => judge(config as never, data)).not.toThrow();
    expect(baseline[0]).toBe(5);
  });

  it('keeps a stable field order', () => {
    const result = judge({ metrics: [{ name: 'a', test: 'mann-whitney' }] }, { metrics: {} });
    expect(Object.keys(result)).toEqual(['verdict', 'score', 'thresholds', 'metrics', 'groups', 'explanation', 'summary']);
    expect(Object.keys(result.metrics[0] ?? {})).toEqual([
      'name', 'test', 'group', 'outcome', 'harm', 'explanation', 'reason', 'direction', 'margin', 'weight', 'critical',
      'required', 'muted', 'credit', 'pointsLost', 'veto', 'leansToHarm', 'dataShortfall', 'moreData', 'judgedOn', 'estimate',
      'interval', 'pValue', 'adjustedPValue', 'method', 'sizes', 'summary', 'decisionSize', 'autocorrelation', 'pairing',
      'dataQuality', 'warnings',
    ]);
  });
});
