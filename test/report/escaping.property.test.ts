/**
 * Whatever a user writes (metric names, group names, the nodata reasons a source hands back, the
 * report's title and subtitle), the reports stay well-formed. HTML: the page is read by a strict
 * tokenizer that accepts only the renderer's own elements and attributes, double-quoted attribute
 * values, fixed shapes for `href`, `id` and `style`, no event handler, no `javascript:`, and text with
 * no raw `<` `>` and only the five entities `escapeHtml` writes; and every user string is found,
 * decoded, in the page's text. Markdown rows keep their seven cells; text has no control characters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judge, renderHtml, renderMarkdown, renderText, type CanaryConfigInput } from 'canary-judge';
import { printable } from '../../src/report/format.js';

const baseline = Array.from({ length: 30 }, (_, index) => 100 + (index % 7));
const canary = Array.from({ length: 30 }, (_, index) => 101 + (index % 7));
const regressed = Array.from({ length: 30 }, (_, index) => 180 + (index % 7));

function judged(name: string) {
  const config: CanaryConfigInput = { metrics: [{ name, test: 'mann-whitney', group: name }] };
  const data = { metrics: { [name]: { baseline, canary } } };
  return { judgement: judge(config, data), data };
}

/** Strings an attacker would try, and arbitrary ones. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)",
  '" onmouseover="alert(1)" x="',
  '</title><script>alert(1)</script>',
  '</style><b>',
  '</text></svg><img src=x onerror=alert(1)>',
  '<![CDATA[<script>]]>',
  '<!-- x -->',
  'javascript:alert(1)',
  '&lt;script&gt;',
  '&#60;svg&#62;',
  '| a | b |',
  '\u001b[2J\u001b[H',
  '__proto__',
  'constructor',
];
const strings = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }),
  fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom('<', '>', '"', "'", '&', '=', '/', ' ', 'a', 's', 'v', 'g', ';', '#', ':', '\n') }),
  fc.constantFrom(...HOSTILE),
);
const names = strings;

// --- a strict reader of the renderer's HTML ---

/** The renderer's elements, each with the attributes it may carry. */
const ALLOWED: Record<string, readonly string[]> = {
  html: ['lang'], head: [], meta: ['charset', 'name', 'content', 'http-equiv'], link: ['rel', 'href'], title: [], style: [],
  body: [], header: ['class', 'style'], main: [], footer: [], section: ['class', 'id'], div: ['class'],
  h1: [], h2: [], h3: [], h4: [], p: ['class'], span: ['class', 'style'], a: ['href'],
  table: ['class'], thead: [], tbody: [], tr: [], th: ['class'], td: ['class'], dl: [], dt: [], dd: [], ul: ['class'], li: [],
  svg: ['class', 'viewBox', 'width', 'height', 'role', 'aria-label'], g: ['class'],
  rect: ['x', 'y', 'width', 'height', 'class', 'fill', 'opacity', 'stroke', 'stroke-width'],
  line: ['x1', 'y1', 'x2', 'y2', 'class', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linecap', 'stroke-opacity'],
  circle: ['cx', 'cy', 'r', 'fill', 'stroke', 'stroke-width'], path: ['d', 'fill', 'stroke', 'stroke-width', 'stroke-dasharray'],
  text: ['x', 'y', 'text-anchor', 'class'],
};
/** The shape of every attribute's value: none can hold user text, so a quote break-out cannot hide in one. */
const NUMBER = /^-?\d+(\.\d+)?$/;
const VALUE_SHAPES: Record<string, RegExp> = {
  href: /^(#metric-\d+|data:,)$/,
  id: /^metric-\d+$/,
  style: /^background:#[0-9a-f]{6}$/,
  class: /^[a-z]+( [a-z]+)*$/,
  fill: /^(none|#[0-9a-f]{3,6})$/,
  stroke: /^#[0-9a-f]{3,6}$/,
  'aria-label': /^[a-zA-Z ,():-]+$/,
  lang: /^en$/, charset: /^utf-8$/, name: /^viewport$/, 'http-equiv': /^Content-Security-Policy$/, rel: /^icon$/, role: /^img$/,
  content: /^(width=device-width, initial-scale=1|default-src 'none'; style-src 'unsafe-inline'; img-src data:)$/,
  viewBox: /^0 0 \d+ \d+$/, d: /^[ML0-9. -]*$/, 'stroke-dasharray': /^\d+( \d+)*$/, 'stroke-linecap': /^butt$/, 'text-anchor': /^(start|middle|end)$/,
  x: NUMBER, y: NUMBER, x1: NUMBER, y1: NUMBER, x2: NUMBER, y2: NUMBER, cx: NUMBER, cy: NUMBER, r: NUMBER,
  width: NUMBER, height: NUMBER, opacity: NUMBER, 'stroke-width': NUMBER, 'stroke-opacity': NUMBER,
};
const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?: [a-zA-Z][a-zA-Z0-9:-]*(?:="[^"<>]*")?)*)(\/?)>/;
const ATTRIBUTE = / ([a-zA-Z][a-zA-Z0-9:-]*)(?:="([^"<>]*)")?/g;
const ENTITY = /&(amp|lt|gt|quot|#39);/g;

/**
 * Reads the page as the renderer writes it and returns its decoded text, or throws naming the first
 * thing the renderer would never write: an unknown element or attribute, an event handler, a value
 * of the wrong shape, an unquoted or single-quoted value, a raw `<` or `>` in text, an unknown entity,
 * a comment or CDATA, or unbalanced elements.
 */
function readStrictly(html: string): string {
  const doctype = '<!doctype html>\n';
  if (!html.startsWith(doctype)) throw new Error('no doctype');
  let rest = html.slice(doctype.length);
  const open: string[] = [];
  const text: string[] = [];
  const VOID = new Set(['meta', 'link']);
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const chunk = lt === -1 ? rest : rest.slice(0, lt);
    if (open.at(-1) === 'style') {
      if (chunk.includes('>') || chunk.includes('&')) throw new Error(`style holds markup: ${chunk.slice(0, 80)}`);
    } else {
      if (chunk.includes('>')) throw new Error(`raw ">" in text: ${JSON.stringify(chunk.slice(0, 80))}`);
      const stray = chunk.replace(ENTITY, '').indexOf('&');
      if (stray !== -1) throw new Error(`unknown entity in text: ${JSON.stringify(chunk.slice(0, 80))}`);
      text.push(chunk.replace(ENTITY, (_, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[entity] as string));
    }
    if (lt === -1) break;
    rest = rest.slice(lt);
    const match = TAG.exec(rest);
    if (match === null) throw new Error(`not a tag the renderer writes: ${JSON.stringify(rest.slice(0, 80))}`);
    const [whole, closing, name, attributes, selfClosing] = match as unknown as [string, string, string, string, string];
    const allowed = ALLOWED[name];
    if (allowed === undefined) throw new Error(`element <${name}> is not the renderer's`);
    if (closing === '/') {
      if (attributes !== '' || open.pop() !== name) throw new Error(`unbalanced </${name}>`);
    } else {
      for (const [, attribute, value] of attributes.matchAll(ATTRIBUTE)) {
        if (!allowed.includes(attribute as string)) throw new Error(`attribute ${attribute} on <${name}> is not the renderer's`);
        if (/^on/i.test(attribute as string)) throw new Error(`event handler ${attribute}`);
        if (value === undefined) throw new Error(`attribute ${attribute} on <${name}> has no quoted value`);
        if (/javascript:/i.test(value)) throw new Error(`javascript: in ${attribute}`);
        const shape = VALUE_SHAPES[attribute as string];
        if (shape === undefined || !shape.test(value)) throw new Error(`${attribute}="${value}" on <${name}> has the wrong shape`);
      }
      if (selfClosing !== '/' && !VOID.has(name)) open.push(name);
    }
    rest = rest.slice(whole.length);
  }
  if (open.length > 0) throw new Error(`unclosed elements: ${open.join(', ')}`);
  return text.join('');
}

/** A page using every user-controlled string at once: names, groups, a source's nodata reason, title and subtitle. */
function hostilePage(name: string, group: string, reason: string, title: string, subtitle: string): string {
  const other = `${name} (2)`;
  const config: CanaryConfigInput = {
    metrics: [
      { name, test: 'mann-whitney', group, critical: false },
      { name: other, test: 'mann-whitney', group: `${group}!` },
    ],
  };
  const data = {
    metrics: {
      [name]: { baseline, canary: regressed },
      [other]: { baseline, canary: [], noDataReasons: { canary: reason } },
    },
  };
  return renderHtml(judge(config, data), { data, title, subtitle });
}

const benignPage = hostilePage('m', 'g', 'r', 't', 's');

describe('reports escape anything a user wrote', () => {
  it('html: only the renderer\'s own elements and attributes, and each user string shown as text', () => {
    fc.assert(
      fc.property(strings, strings, strings, strings, strings, (name, group, reason, title, subtitle) => {
        const html = hostilePage(name, group, reason, title, subtitle);
        const text = readStrictly(html);
        for (const value of [name, group, reason, title, subtitle]) expect(text).toContain(printable(value));
        // A string that would open a tag is never in the page as written (unless the renderer's own markup holds it anyway).
        for (const value of [name, group, reason, title, subtitle]) if (/<[a-zA-Z!/?]/.test(value) && !benignPage.includes(value)) expect(html).not.toContain(value);
        expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
      }),
      { numRuns: 120 },
    );
  });

  it('the strict reader refuses what an escaping slip would let through', () => {
    const page = hostilePage('m', 'g', 'r', 't', 's');
    expect(readStrictly(page)).toContain('m (2)');
    const slips = [
      page.replace('<h3>m ', '<h3><svg onload=alert(1)>m '),
      page.replace('<h3>m ', '<h3>"><svg/onload=alert(1)>m '),
      page.replace('<a href="#metric-0">', '<a href="javascript:alert(1)">'),
      page.replace('<a href="#metric-0">', '<a href="#metric-0" onmouseover="alert(1)">'),
      page.replace('<a href="#metric-0">', "<a href='#metric-0'>"),
      page.replace('<h3>m ', '<h3><script>alert(1)</script>m '),
      page.replace('<h3>m ', '<h3>m > '),
      page.replace('<h3>m ', '<h3>&amp &nbsp; m '),
      page.replace('<h3>m ', '<h3><!-- x -->m '),
      page.replace('<title>', '<title><b>'),
    ];
    for (const slip of slips) {
      expect(slip).not.toBe(page);
      expect(() => readStrictly(slip), slip.slice(0, 40)).toThrow();
    }
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
