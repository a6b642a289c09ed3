/**
 * Whatever a metric is called, the reports stay well-formed: HTML never contains a raw tag or an
 * unescaped quote from the name, a Markdown row keeps its seven cells, text has no control characters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judge, renderHtml, renderMarkdown, renderText, type CanaryConfigInput } from 'canary-judge';

const baseline = Array.from({ length: 30 }, (_, index) => 100 + (index % 7));
const canary = Array.from({ length: 30 }, (_, index) => 101 + (index % 7));

function judged(name: string) {
  const config: CanaryConfigInput = { metrics: [{ name, test: 'mann-whitney', group: name }] };
  const data = { metrics: { [name]: { baseline, canary } } };
  return { judgement: judge(config, data), data };
}

const names = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }),
  fc.constantFrom('<script>alert(1)</script>', '"><svg onload=alert(1)>', "' onmouseover='x", '</style><b>', '| a | b |', '\u001b[2J\u001b[H', '__proto__', 'constructor'),
);

describe('reports escape any metric name', () => {
  it('html: no tag, attribute break-out or control character from the name survives', () => {
    fc.assert(
      fc.property(names, (name) => {
        const { judgement, data } = judged(name);
        const html = renderHtml(judgement, { data });
        const body = html.slice(html.indexOf('<body>'));
        // Every "<" in the page starts one of the renderer's own tags.
        const tags = [...body.matchAll(/<\/?([a-zA-Z0-9]+)/g)].map((match) => match[1]);
        const allowed = new Set(['body', 'header', 'div', 'h1', 'h2', 'h3', 'h4', 'p', 'main', 'svg', 'rect', 'line', 'text', 'title', 'circle', 'path', 'g', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'span', 'section', 'dl', 'dt', 'dd', 'ul', 'li', 'footer', 'html']);
        expect(tags.filter((tag) => !allowed.has(tag ?? ''))).toEqual([]);
        expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
      }),
      { numRuns: 60 },
    );
  });

  it('markdown: each table row keeps seven cells', () => {
    fc.assert(
      fc.property(names, (name) => {
        const markdown = renderMarkdown(judged(name).judgement);
        const rows = markdown.split('\n').filter((line) => line.startsWith('| '));
        for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(9);
        expect(markdown).not.toMatch(/<(?!details|\/details|summary|\/summary|sub|\/sub)/);
      }),
      { numRuns: 60 },
    );
  });

  it('text: no control character reaches the terminal', () => {
    fc.assert(
      fc.property(names, (name) => {
        expect(renderText(judged(name).judgement)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      }),
      { numRuns: 60 },
    );
  });
});
