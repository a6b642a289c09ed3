import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, renderHtml, renderJson, renderMarkdown, renderText } from 'canary-judge';
import { HOSTILE_NAME, MESSY_NAME, hostileCase, judgeExample } from './fixtures.js';

describe('renderText', () => {
  const { judgement } = judgeExample('latency-regression');

  it('starts with the verdict and the score, then a row per metric, then the explanation', () => {
    const lines = renderText(judgement).split('\n');
    expect(lines[0]).toBe('FAIL  score 62.5/100  (pass >= 95, marginal >= 75)');
    const header = lines.findIndex((line) => line.startsWith('metric'));
    expect(lines[header]).toMatch(/^metric\s+outcome\s+estimate\s+interval \(level\)\s+margin\s+compared\s+weight$/);
    expect(lines.slice(header + 1, header + 5).map((line) => line.split(/\s{2,}/)[0])).toEqual([
      'request latency',
      'p99 latency',
      '5xx ratio',
      'cpu',
    ]);
    expect(lines[header + 6]).toBe(judgement.explanation);
  });

  it('has no escape codes unless colour is asked for', () => {
    expect(renderText(judgement)).not.toContain('\u001b');
    const coloured = renderText(judgement, { color: true });
    expect(coloured).toContain('\u001b[31m');
    // Colour does not change the text once the escapes are removed.
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(renderText(judgement));
  });

  it('keeps the columns aligned', () => {
    const rows = renderText(judgement).split('\n').filter((line) => /^(metric|request latency|p99 latency|5xx ratio|cpu)\s/.test(line));
    const outcomeColumn = rows.map((row) => row.search(/(outcome|pass|fail)/));
    expect(new Set(outcomeColumn).size).toBe(1);
  });

  it('never passes terminal escapes from metric names through', () => {
    const { judgement: hostile } = hostileCase();
    const text = renderText(hostile);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\u001b[31mred');
  });

  it('--details false drops the per-metric lines', () => {
    expect(renderText(judgement, { details: false })).not.toContain('•');
  });
});

describe('renderMarkdown', () => {
  it('has a heading, a table with one row per metric, and collapsible details', () => {
    const { judgement } = judgeExample('error-spike');
    const markdown = renderMarkdown(judgement);
    expect(markdown.split('\n')[0]).toBe('### ❌ Canary FAIL: score 75.0/100');
    const rows = markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
    expect(rows).toHaveLength(1 + judgement.metrics.length);
    expect(markdown).toContain('**fail (high)**');
    expect(markdown).toContain('<details><summary>Per-metric details</summary>');
  });

  it('escapes names so they cannot add cells, HTML or links', () => {
    const { judgement } = hostileCase();
    const markdown = renderMarkdown(judgement);
    expect(markdown).not.toContain('<img');
    expect(markdown).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const messyRow = markdown.split('\n').find((line) => line.includes('cpu \\|'));
    expect(messyRow).toBeDefined();
    // Exactly the eight pipes of seven cells: the name's own pipe is escaped.
    expect(messyRow!.replace(/\\\|/g, '').split('|')).toHaveLength(9);
    expect(markdown).toContain('\\[link\\](http://example.com)');
    expect(markdown).toContain('\\*bold\\*');
  });

  it('escapeMarkdown keeps one line', () => {
    expect(escapeMarkdown('a\nb')).toBe('a b');
  });
});

describe('renderJson', () => {
  it('is the Judgement, with a stable field order', () => {
    const { judgement } = judgeExample('healthy-canary');
    const text = renderJson(judgement);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(judgement)));
    const parsed = JSON.parse(text) as Record<string, unknown> & { metrics: Record<string, unknown>[] };
    expect(Object.keys(parsed).slice(0, 4)).toEqual(['verdict', 'score', 'thresholds', 'metrics']);
    expect(Object.keys(parsed.metrics[0]!).slice(0, 4)).toEqual(['name', 'test', 'group', 'outcome']);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('orders fields the same whatever order they arrive in', () => {
    const { judgement } = judgeExample('healthy-canary');
    const shuffled = Object.fromEntries(Object.entries(judgement).reverse()) as unknown as typeof judgement;
    expect(renderJson(shuffled)).toBe(renderJson(judgement));
  });

  it('gives byte-identical output for the same input', () => {
    expect(renderJson(judgeExample('latency-regression').judgement)).toBe(renderJson(judgeExample('latency-regression').judgement));
  });
});

describe('renderHtml', () => {
  const { judgement, data } = judgeExample('latency-regression');
  const html = renderHtml(judgement, { data });

  it('is one self-contained page: no script, no external resource, a strict CSP', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('has the verdict banner, the score breakdown, and per metric an interval and distributions', () => {
    expect(html).toContain('<h1>FAIL</h1>');
    expect(html).toContain('aria-label="score breakdown"');
    const sections = html.split('<section class="metric"').length - 1;
    expect(sections).toBe(judgement.metrics.length);
    expect(html.split('aria-label="effect interval against the margin"').length - 1).toBe(judgement.metrics.length);
    expect(html.split('aria-label="baseline and canary distributions (empirical CDFs)"').length - 1).toBe(judgement.metrics.length);
    expect(html.split('aria-label="baseline and canary over time"').length - 1).toBe(judgement.metrics.length);
  });

  it('leaves out the pictures that need data when none is given', () => {
    const bare = renderHtml(judgement);
    expect(bare).not.toContain('empirical CDFs');
    expect(bare).toContain('effect interval against the margin');
  });

  it('draws no time series for data without timestamps', () => {
    const { judgement: hostile, data: hostileData } = hostileCase();
    const page = renderHtml(hostile, { data: hostileData });
    expect(page.split('aria-label="baseline and canary over time"').length - 1).toBe(1);
  });

  it('escapes every string from the config and the data', () => {
    const { judgement: hostile, data: hostileData } = hostileCase();
    const page = renderHtml(hostile, { data: hostileData, title: '<script>alert(2)</script>', subtitle: '"><b>' });
    expect(page).not.toContain(HOSTILE_NAME);
    expect(page).not.toContain('<b>group</b>');
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('"><b>');
    expect(page).toContain(escapeHtml(HOSTILE_NAME));
    expect(page).toContain(escapeHtml(MESSY_NAME.replace(/\u001b/g, '\\u001b')));
    expect(page).not.toContain('\u001b');
  });

  it('is deterministic', () => {
    expect(renderHtml(judgement, { data })).toBe(html);
  });

  it('survives data of the wrong shape', () => {
    expect(() => renderHtml(judgement, { data: { metrics: { 'p99 latency': 'nonsense', cpu: { baseline: {}, canary: 3 } } } })).not.toThrow();
    expect(() => renderHtml(judgement, { data: 42 })).not.toThrow();
  });
});
