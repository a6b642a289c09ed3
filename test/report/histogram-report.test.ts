/**
 * Every report shows a histogram metric's buckets: the bucket holding each side's estimate, the
 * change the buckets alone allow, and when the buckets limit what can be told apart.
 */
import { describe, expect, it } from 'vitest';
import { judge, renderHtml, renderJson, renderMarkdown, renderText } from '../../src/index.js';

const le = [0.25, 0.5, 1, '+Inf'];
const config = { metrics: [{ name: 'p99 latency', test: 'percentile' as const, percentile: 99 }] };
const regressed = judge(config, {
  metrics: { 'p99 latency': { baseline: { histogram: { le, counts: [175_000, 198_900, 199_990, 200_000] } }, canary: { histogram: { le, counts: [16_500, 19_700, 19_998, 20_000] } } } },
});
const healthy = judge(config, {
  metrics: { 'p99 latency': { baseline: { histogram: { le, counts: [180_000, 198_100, 199_990, 200_000] } }, canary: { histogram: { le, counts: [18_000, 19_810, 19_999, 20_000] } } } },
});

describe('histogram metrics in the reports', () => {
  it('text, Markdown and HTML name the bucket of each side and the change the buckets allow', () => {
    const bucketLine = /baseline p99 0\.49\d* in \(0\.25, 0\.5\] \(200000 requests\), canary p99 0\.6\d* in \(0\.5, 1\] \(20000 requests\); from the buckets alone the change is 0% to \+300%/;
    expect(renderText(regressed)).toMatch(bucketLine);
    expect(renderMarkdown(regressed)).toMatch(/baseline p99 0\.49\d* in \\?\(0\.25, 0\.5\\?\]/);
    expect(renderHtml(regressed)).toMatch(/<p class="buckets">buckets: baseline p99 0\.49\d* in \(0\.25, 0\.5\]/);
  });

  it('says when the buckets limit what can be told apart', () => {
    for (const report of [renderText(healthy), renderMarkdown(healthy), renderHtml(healthy)]) {
      expect(report).toMatch(/the buckets limit what can be told apart/);
    }
  });

  it('JSON carries the histogram section', () => {
    const parsed = JSON.parse(renderJson(regressed)) as { metrics: { histogram: { baseline: { bucket: unknown }; canary: { bucket: unknown }; shown: string; assumption: string } }[] };
    const histogram = parsed.metrics[0]?.histogram;
    expect(histogram?.baseline.bucket).toEqual([0.25, 0.5]);
    expect(histogram?.canary.bucket).toEqual([0.5, 1]);
    expect(histogram?.shown).toBe('higher');
    expect(histogram?.assumption).toMatch(/linear interpolation, as Prometheus histogram_quantile/);
  });
});
