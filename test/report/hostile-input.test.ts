/**
 * Issue 19's smaller items: the renderers refuse a non-judgement with one clear InvalidOptionError
 * (never a TypeError from inside a template), judge() turns unreadable data (throwing getters,
 * Proxies) into error outcomes, and the charts take series longer than a spread argument list
 * (`Math.min(...values)` throws RangeError past ~100k values).
 */
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, judge, renderHtml, renderJson, renderMarkdown, renderText, type MetricResult } from '../../src/index.js';
import { differencesChart } from '../../src/report/html-charts.js';
import { extentOf } from '../../src/shared/extent.js';

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

const NOT_JUDGEMENTS: readonly [string, unknown, RegExp][] = [
  ['nothing', undefined, /not an object/],
  ['a number', 42, /not an object/],
  ['a Kayenta-like result', { result: { judgeName: 'x' } }, /`verdict` is not "pass", "marginal" or "fail"/],
  ['a metric without a name', { verdict: 'pass', score: 100, metrics: [{}], summary: { outcomes: {} } }, /`metrics\[0\]\.name` is not a string/],
  ['a throwing Proxy', new Proxy({}, { get: () => { throw new Error('boom'); } }), /cannot be read/],
  ['a revoked Proxy', revoked(), /cannot be read/],
  ['a shape right on top, wrong inside', { verdict: 'pass', score: 100, metrics: [{ name: 'a', outcome: 'pass' }], summary: { outcomes: {} } }, /could not read it/],
];

describe('renderers given something that is not a judgement', () => {
  for (const [render, name] of [[renderHtml, 'renderHtml'], [renderText, 'renderText'], [renderMarkdown, 'renderMarkdown'], [renderJson, 'renderJson']] as const) {
    for (const [what, value, message] of NOT_JUDGEMENTS) {
      if (name === 'renderJson' && what.includes('wrong inside')) continue; // JSON writes any shape it is given
      it(`${name}: ${what} is an InvalidOptionError naming the renderer`, () => {
        let thrown: unknown;
        try {
          render(value as never);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(InvalidOptionError);
        expect((thrown as InvalidOptionError).option).toBe('judgement');
        expect((thrown as Error).message).toContain(name);
        expect((thrown as Error).message).toMatch(message);
      });
    }
  }
});

describe('judge() with data that cannot be read', () => {
  const config = { metrics: [{ name: 'a', test: 'mann-whitney' as const }] };
  const cases: readonly [string, unknown, RegExp][] = [
    ['a throwing Proxy', new Proxy({}, { get: () => { throw new Error('boom'); } }), /reading it threw Error: boom/],
    ['a throwing getter', { get metrics() { throw new Error('getter'); } }, /reading it threw Error: getter/],
    ['a revoked Proxy', revoked(), /reading it threw TypeError/],
    ['a throwing side', { metrics: { a: { get baseline() { throw new Error('side'); }, canary: [1, 2, 3] } } }, /reading it threw Error: side/],
  ];
  for (const [what, data, reason] of cases) {
    it(`${what}: every metric is an error outcome, the verdict fail`, () => {
      const result = judge(config, data);
      expect(result.verdict).toBe('fail');
      expect(result.metrics[0]?.outcome).toBe('error');
      expect(JSON.stringify(result.metrics[0])).toMatch(reason);
    });
  }
});

describe('long series in the charts', () => {
  it('extentOf takes a million values (a spread would throw RangeError)', () => {
    const values = Array.from({ length: 1_000_000 }, (_, index) => Math.sin(index) * index);
    expect(() => Math.min(...values)).toThrow(RangeError);
    let low = Infinity;
    let high = -Infinity;
    for (const value of values) {
      low = value < low ? value : low;
      high = value > high ? value : high;
    }
    expect(extentOf(values)).toEqual([low, high]);
    expect(extentOf([])).toEqual([Infinity, -Infinity]);
    expect(extentOf([1, Number.NaN, 2])).toEqual([Number.NaN, Number.NaN]);
  });

  it('the per-step differences chart draws 300,000 paired steps', () => {
    const count = 300_000;
    const metric = {
      test: 'mean-ratio',
      estimate: { absolute: 0.5, relative: 0.1 },
      interval: { absolute: [0.2, 0.8], relative: [0.05, 0.15] },
      pairing: { differences: { values: Array.from({ length: count }, (_, index) => (index % 7) - 3 + (index === 123_456 ? 50 : 0)), timestamps: Array.from({ length: count }, (_, index) => 1_700_000_000 + index * 15) } },
    } as unknown as MetricResult;
    const svg = differencesChart(metric);
    expect(svg).toContain('<svg');
    // The axis reaches the outlier step (50 − 3 = 47 at index 123,456).
    expect(svg).toMatch(/>4\d</);
  });
});
