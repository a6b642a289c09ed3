/**
 * The did-you-mean of unknown config and data keys knows every key the schemas accept, because the
 * list is read from the schemas (src/config/known-keys.ts), not kept by hand.
 */
import { describe, expect, it } from 'vitest';
import { safeParseConfig, safeParseData } from 'canary-judge';
import { knownKeys } from '../../src/config/known-keys.js';

describe('known keys come from the schemas', () => {
  it('include the keys the hand-kept list had lost (query, cloudwatch, noDataReasons); the CloudWatch query keys are the adapter\'s', () => {
    expect(knownKeys()).toEqual(expect.arrayContaining(['query', 'cloudwatch', 'noDataReasons']));
    // The shape of `cloudwatch` is checked (with its own did-you-mean) by canary-judge/cloudwatch.
    expect(knownKeys()).not.toContain('metricName');
    expect(knownKeys()).toEqual(expect.arrayContaining(['thresholds', 'confidenceLevel', 'verdictRule', 'margin', 'values', 'timestamps', 'events', 'total']));
    expect(new Set(knownKeys()).size).toBe(knownKeys().length);
  });

  it('suggest a key that only the derived list knows', () => {
    const config = safeParseConfig({ metrics: [{ name: 'latency', test: 'mann-whitney', qeury: 'x' }] });
    expect(config.ok).toBe(false);
    if (!config.ok) expect(config.issues).toContainEqual({ path: 'metrics[0].qeury', message: 'Unknown key "qeury" (did you mean "query"?)' });
    const data = safeParseData({ metrics: { latency: { baseline: [1], canary: [2], noDataReason: {} } } });
    expect(data.ok).toBe(false);
    if (!data.ok) expect(data.issues.map((issue) => issue.message)).toContain('Unknown key "noDataReason" (did you mean "noDataReasons"?)');
  });
});
