/** validate's shape check: a percentile test given a per-step series is named with the test that fits (issue 12). */
import { describe, expect, it } from 'vitest';
import { parseConfig, parseData } from 'canary-judge';
import { shapeWarnings } from '../../src/judge/shape-warnings.js';

const config = parseConfig({
  metrics: [
    { name: 'p99', test: 'percentile', percentile: 99 },
    { name: 'latency', test: 'mann-whitney' },
  ],
});
const minutes = (count: number) => Array.from({ length: count }, (_, i) => 1_795_183_200 + 60 * i);
const values = (count: number) => Array.from({ length: count }, (_, i) => 0.2 + (i % 7) / 100);

describe('shapeWarnings', () => {
  it('a per-minute series: names the step, the shape and the test that fits', () => {
    const data = parseData({ metrics: { p99: { baseline: { values: values(30), timestamps: minutes(30) }, canary: { values: values(30), timestamps: minutes(30) } } } });
    expect(shapeWarnings(config, data)).toEqual([
      'metric "p99" (percentile test, needs 500 values per side; the baseline has 30): 30 values, one per minute: a series of per-step p99s? The percentile test needs per-request values; a per-step series is compared with test "mann-whitney"',
    ]);
  });

  it('without timestamps it still asks; per-request values (irregular times, or enough of them) and other tests are left alone', () => {
    const bare = parseData({ metrics: { p99: { baseline: values(30), canary: values(600) } } });
    expect(shapeWarnings(config, bare)[0]).toContain('30 values: a series of per-step p99s (one per scrape)?');
    const irregular = Array.from({ length: 30 }, (_, i) => 1_795_183_200 + i * 1.7 + ((i * 5) % 3));
    const perRequest = parseData({ metrics: { p99: { baseline: { values: values(30), timestamps: irregular }, canary: { values: values(30), timestamps: irregular } } } });
    expect(shapeWarnings(config, perRequest)).toEqual([]);
    const enough = parseData({ metrics: { p99: { baseline: values(600), canary: values(600) }, latency: { baseline: values(5), canary: values(5) } } });
    expect(shapeWarnings(config, enough)).toEqual([]);
    expect(shapeWarnings(config, parseData({ metrics: {} }))).toEqual([]);
  });
});
