/**
 * PromQL template expansion: values land escaped for their place, so no value can change the
 * query's structure (the real-server test checks that Prometheus reads them back as themselves).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapePromQLString, quoteRegexMeta, renderPromQL } from '../../../src/prometheus.js';

/** Reads a PromQL double- or single-quoted string body back (Go's unquoting rules, as Prometheus uses). */
function unquote(body: string): string {
  let out = '';
  for (let index = 0; index < body.length; index++) {
    const char = body[index] as string;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[++index] as string;
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', "'": "'" };
    if (next in simple) out += simple[next];
    else if (next === 'x') {
      out += String.fromCharCode(parseInt(body.slice(index + 1, index + 3), 16));
      index += 2;
    } else throw new Error(`unknown escape \\${next}`);
  }
  return out;
}

/** The body of the one string literal between `open` and the matching closing quote, as a lexer reads it. */
function stringBody(query: string, open: number): { body: string; end: number } {
  const quote = query[open] as string;
  let index = open + 1;
  while (index < query.length) {
    if (query[index] === '\\') index += 2;
    else if (query[index] === quote) return { body: query.slice(open + 1, index), end: index };
    else index++;
  }
  throw new Error('unterminated string');
}

const awkward = ['a"b', 'a\\b', 'x{y}', 'line\nbreak', "it's", 'tab\there', '"} or vector(1) or up{a="', '\\"', 'back`tick', '${scope}', '\u0001\u007f', 'ünïcødé ✓'];

describe('renderPromQL', () => {
  it('escapes quotes, backslashes, braces and newlines inside "…" so the value reads back as itself', () => {
    for (const value of awkward) {
      const query = renderPromQL('up{version="${scope}",job="api"}', { scope: value });
      const open = query.indexOf('"');
      const { body, end } = stringBody(query, open);
      expect(unquote(body), JSON.stringify(value)).toBe(value);
      expect(query.slice(end), JSON.stringify(value)).toBe('",job="api"}');
      expect(query).not.toContain('\n');
    }
  });

  it('escapes for single-quoted strings too', () => {
    for (const value of awkward) {
      const query = renderPromQL("up{version='${scope}'}", { scope: value });
      const { body, end } = stringBody(query, query.indexOf("'"));
      expect(unquote(body)).toBe(value);
      expect(query.slice(end)).toBe("'}");
    }
  });

  it('any string at all reads back as itself and ends where the template said (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.constantFrom('"', "'"), (value, quote) => {
        const query = renderPromQL(`sum(up{a=${quote}\${v}${quote}, b="c"})`, { v: value });
        const { body, end } = stringBody(query, query.indexOf(quote));
        return unquote(body) === value && query.slice(end + 1) === ', b="c"})';
      }),
      { numRuns: 500 },
    );
  });

  it('quotes regex metacharacters in =~ and !~ matchers, so the value matches only itself', () => {
    expect(renderPromQL('up{pod=~"${scope}-.{4}"}', { scope: 'v1.2+b' })).toBe('up{pod=~"v1\\\\.2\\\\+b-.{4}"}');
    expect(renderPromQL('up{pod!~ "${scope}"}', { scope: '.*' })).toBe('up{pod!~ "\\\\.\\\\*"}');
    expect(renderPromQL('up{pod=~`${scope}`}', { scope: 'a|b' })).toBe('up{pod=~`a\\|b`}');
    // Not a regex: a plain equality keeps dots as they are.
    expect(renderPromQL('up{pod="${scope}"}', { scope: 'v1.2' })).toBe('up{pod="v1.2"}');
    // After a regex string closes, the next string is no longer a regex.
    expect(renderPromQL('up{a=~"x", b="${scope}"}', { scope: 'v.1' })).toBe('up{a=~"x", b="v.1"}');
  });

  it('quoteRegexMeta escapes what Go regexp.QuoteMeta escapes', () => {
    expect(quoteRegexMeta('\\.+*?()|[]{}^$ plain')).toBe('\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$ plain');
  });

  it('escapePromQLString escapes control characters as \\xHH', () => {
    expect(escapePromQLString('a\u0000b\u001fc\u007f')).toBe('a\\x00b\\x1fc\\x7f');
    expect(escapePromQLString(`say "hi" it's`, "'")).toBe(`say "hi" it\\'s`);
  });

  it('accepts only a single token outside quotes', () => {
    expect(renderPromQL('rate(http_requests_total[${window}])', { window: '5m' })).toBe('rate(http_requests_total[5m])');
    expect(renderPromQL('${metric}{a="b"}', { metric: 'node_cpu:rate5m' })).toBe('node_cpu:rate5m{a="b"}');
    expect(renderPromQL('histogram_quantile(${q}, x)', { q: '0.99' })).toBe('histogram_quantile(0.99, x)');
    for (const value of ['up or vector(1)', 'a}', '5m])+vector(1', '', 'x\ny', 'a"b']) {
      expect(() => renderPromQL('rate(x[${window}])', { window: value }), JSON.stringify(value)).toThrow(/must be a single name, number or duration/);
    }
  });

  it('refuses a backtick inside a raw string and a line break inside a comment', () => {
    expect(() => renderPromQL('up{a=`${v}`}', { v: 'x`y' })).toThrow(/backtick/);
    expect(renderPromQL('up{a=`${v}`}', { v: 'x\ny"z' })).toBe('up{a=`x\ny"z`}');
    expect(renderPromQL('up # for ${v}\n', { v: 'anything "goes" here' })).toBe('up # for anything "goes" here\n');
    expect(() => renderPromQL('up # for ${v}\n', { v: 'x\nor vector(1)' })).toThrow(/line break/);
  });

  it('refuses a placeholder right after a backslash in a string', () => {
    expect(() => renderPromQL('up{a="\\${v}"}', { v: '"' })).toThrow(/follow a backslash/);
  });

  it('fails on unknown variables, naming the defined ones', () => {
    expect(() => renderPromQL('up{a="${region}"}', { scope: 'x', step: '60s' })).toThrow(
      'query template uses ${region}, which is not defined; defined: scope, step',
    );
  });

  it('keeps $${ as a literal ${ and other $ as they are', () => {
    expect(renderPromQL('up{a="$${x}"} $__interval', {})).toBe('up{a="${x}"} $__interval');
  });

  it('refuses bad placeholders', () => {
    expect(() => renderPromQL('up{a="${scope"}', { scope: 'x' })).toThrow(/bad placeholder|unclosed/);
    expect(() => renderPromQL('up{a="${}"}', {})).toThrow(/bad placeholder/);
    expect(() => renderPromQL('up{a="${a-b}"}', {})).toThrow(/bad placeholder/);
    expect(() => renderPromQL('up{a="${x', {})).toThrow(/unclosed/);
  });
});
