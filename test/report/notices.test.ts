/**
 * Warnings, data-quality findings and metrics without a result appear in every report format, not
 * only in the JSON (issue 12: "reports that an on-call engineer can act on").
 */
import { describe, expect, it } from 'vitest';
import { judge, renderHtml, renderJson, renderMarkdown, renderText, reportNotices, escapeHtml, escapeMarkdown } from 'canary-judge';
import { describeNoticeCounts } from '../../src/report/notices.js';

const minutes = (count: number) => Array.from({ length: count }, (_, i) => 1_700_000_000 + i * 60);
const level = (count: number, centre: number) => Array.from({ length: count }, (_, i) => centre + ((i * 7) % 11) / 10);

/** One of each: a config warning (margin above 1), an ignored data key with did-you-mean, a data-quality finding, a required metric without canary data. */
function noisyJudgement() {
  const config = {
    metrics: [
      { name: 'cpu', test: 'mann-whitney' as const, margin: { relative: 0.1 } },
      { name: 'memory', test: 'mann-whitney' as const, margin: { relative: 0.1 }, critical: true },
      { name: 'errors', test: 'rate' as const, margin: { relative: 10 } },
    ],
  };
  const data = {
    metrics: {
      cpu: { baseline: { values: level(60, 50), timestamps: minutes(60) }, canary: { values: level(30, 50), timestamps: minutes(30) } },
      memory: { baseline: level(60, 500), canary: [] },
      errors: { baseline: { events: Array(60).fill(1), total: Array(60).fill(1000) }, canary: { events: Array(60).fill(1), total: Array(60).fill(1000) } },
      Errors: { baseline: [1], canary: [1] },
    },
  };
  return judge(config, data);
}

describe('notices in every format', () => {
  const judgement = noisyJudgement();
  const notices = reportNotices(judgement);

  it('collects the warnings, the findings and the metric without data', () => {
    const kinds = notices.map((notice) => `${notice.metric ?? '-'}:${notice.kind}`);
    expect(kinds).toContain('cpu:data-quality');
    expect(kinds).toContain('memory:unmeasured');
    expect(kinds.filter((kind) => kind === '-:warning').length).toBeGreaterThanOrEqual(2);
    expect(notices.find((notice) => notice.metric === 'memory')?.text).toMatch(/^no data \(canary series is empty \(0 points\)\); required: fails the canary$/);
    expect(notices.some((notice) => notice.text.includes('+1000%'))).toBe(true);
    expect(notices.some((notice) => notice.text === 'data for "Errors" was ignored: no metric of that name is configured')).toBe(true);
    expect(judgement.summary.dataQualityIssues).toBe(1);
    expect(describeNoticeCounts(notices)).toBe(`1 metric without a result, ${notices.length - 2} warnings, 1 data-quality finding`);
  });

  it('text lists each one and counts them near the top', () => {
    for (const details of [true, false]) {
      const text = renderText(judgement, { details });
      expect(text.split('\n')[2]).toBe(`check: ${describeNoticeCounts(notices)} (listed below)`);
      for (const notice of notices) {
        // With details, a metric without a result is told by its own line (name, reason, outcome).
        const shown = details && notice.kind === 'unmeasured' ? 'memory: canary series is empty (0 points) → nodata' : notice.text;
        expect(text, notice.text).toContain(shown);
      }
      expect(text).toContain('data quality: size-mismatch: baseline has 60 points and canary 30');
    }
  });

  it('Markdown lists each one outside the collapsed details', () => {
    const markdown = renderMarkdown(judgement);
    const visible = markdown.split('<details>')[0] ?? '';
    expect(visible).toContain(`**Check:** ${describeNoticeCounts(notices)}`);
    for (const notice of notices) expect(visible, notice.text).toContain(escapeMarkdown(notice.text));
  });

  it('HTML lists each one before the score breakdown, and each metric its own', () => {
    const html = renderHtml(judgement);
    const top = html.slice(html.indexOf('<main>'), html.indexOf('Score breakdown'));
    for (const notice of notices) expect(top, notice.text).toContain(escapeHtml(notice.text));
    const cpuSection = html.slice(html.indexOf('<section class="metric" id="metric-0">'), html.indexOf('<section class="metric" id="metric-1">'));
    expect(cpuSection).toContain('data quality: size-mismatch:');
  });

  it('JSON keeps them where they were', () => {
    const json = JSON.parse(renderJson(judgement)) as { summary: { warnings: string[] }; metrics: { dataQuality: unknown[] }[] };
    expect(json.summary.warnings).toEqual(judgement.summary.warnings);
    expect(json.metrics[0]?.dataQuality).toHaveLength(1);
  });

  it('a clean judgement has no notices and no check line', () => {
    const clean = judge(
      { metrics: [{ name: 'cpu', test: 'mann-whitney', margin: { relative: 0.1 } }] },
      { metrics: { cpu: { baseline: level(60, 50), canary: level(60, 50) } } },
    );
    expect(reportNotices(clean)).toEqual([]);
    expect(renderText(clean)).not.toContain('check:');
    expect(renderMarkdown(clean)).not.toContain('**Check:**');
    expect(renderHtml(clean)).not.toContain('<h2>Check:');
  });
});
