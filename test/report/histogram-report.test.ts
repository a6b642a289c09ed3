/**
 * Every report shows a histogram metric's buckets: the bucket holding each side's estimate, the
 * change the buckets alone allow, and when the buckets limit what can be told apart.
 */
import { describe, expect, it } from 'vitest';
import { judge, renderHtml, renderJson, renderMarkdown, renderText } from '../../src/index.js';
import { histogramChart } from '../../src/report/html-charts.js';

const le = [0.25, 0.5, 1, '+Inf'];
const config = { metrics: [{ name: 'p99 latency', test: 'percentile' as const, percentile: 99 }] };
const regressedData = {
  metrics: { 'p99 latency': { baseline: { histogram: { le, counts: [175_000, 198_900, 199_990, 200_000] } }, canary: { histogram: { le, counts: [16_500, 19_700, 19_998, 20_000] } } } },
};
const regressed = judge(config, regressedData);
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

  it('the HTML report charts both sides\' buckets: the share above each bound, the quantile line, the bucket of each estimate', () => {
    const html = renderHtml(regressed, { data: regressedData });
    expect(html).toContain('<h4>Histogram buckets</h4>');
    const chart = histogramChart(regressed.metrics[0]!, regressedData);
    expect(chart).not.toBeNull();
    const svg = chart as string;
    expect(html).toContain(svg);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    // Three finite bounds per side: a point each, with the share of requests above it.
    expect(svg.match(/<circle /g)).toHaveLength(6);
    expect(svg).toContain('<title>baseline: 12.5% above 0.25</title>');
    expect(svg).toContain('<title>canary: 1.5% above 0.5</title>');
    // The p99 line at 1%, and each side's bucket with its estimate.
    expect(svg).toContain('1% of requests lie above the p99');
    expect(svg).toMatch(/<title>baseline p99 0\.49\d* in \(0\.25, 0\.5\]<\/title>/);
    expect(svg).toMatch(/<title>canary p99 0\.6\d* in \(0\.5, 1\]<\/title>/);
  });

  it('draws no bucket chart without the data document, for other metrics, or for malformed buckets; escapes names', () => {
    expect(renderHtml(regressed)).not.toContain('Histogram buckets');
    const values = judge({ metrics: [{ name: 'cpu', test: 'mean-ratio' }] }, { metrics: { cpu: { baseline: [1, 2, 3, 4], canary: [1, 2, 3, 4] } } });
    expect(histogramChart(values.metrics[0]!, { metrics: { cpu: { baseline: [1, 2, 3, 4], canary: [1, 2, 3, 4] } } })).toBeNull();
    const broken = { metrics: { 'p99 latency': { baseline: { histogram: { le: ['x', 1], counts: [1, 2] } }, canary: regressedData.metrics['p99 latency'].canary } } };
    expect(histogramChart(regressed.metrics[0]!, broken)).toBeNull();
    const name = '<script>alert(1)</script>';
    const hostile = { metrics: { [name]: regressedData.metrics['p99 latency'] } };
    const judged = judge({ metrics: [{ name, test: 'percentile', percentile: 99 }] }, hostile);
    const html = renderHtml(judged, { data: hostile });
    expect(html).toContain('<h4>Histogram buckets</h4>');
    expect(html).not.toContain('<script>alert');
  });
});
