import { describe, expect, it } from 'vitest';
import {
  formatInterval,
  formatLevel,
  formatMargin,
  formatNumber,
  formatPercent,
  formatPValue,
  formatScore,
  formatSigned,
  formatWeight,
  printable,
} from '../../src/report/format.js';
import { judgeExample } from './fixtures.js';

describe('number formatting', () => {
  it.each([
    [0, '0'],
    [1.2345, '1.23'],
    [-0.0004567, '-0.000457'],
    [0.00001234, '1.23e-5'],
    [112.4, '112'],
    [12345.6, '12,346'],
    [Number.NaN, 'n/a'],
    [null, 'n/a'],
  ])('formatNumber(%s) is %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });

  it('signs, percentages, levels, scores and p-values', () => {
    expect(formatSigned(0.0463)).toBe('+0.0463');
    expect(formatSigned(-2)).toBe('-2');
    expect(formatPercent(0.391297)).toBe('+39.1%');
    expect(formatPercent(-0.0203)).toBe('-2.03%');
    expect(formatLevel(0.9875)).toBe('98.75%');
    expect(formatScore(28.571428)).toBe('28.6');
    expect(formatPValue(5e-192)).toBe('< 0.0001');
    expect(formatPValue(0.8545)).toBe('0.85');
  });

  it('makes control characters visible instead of passing them to a terminal', () => {
    expect(printable('a\u001b[31mb\nc\u202ed')).toBe('a\\u001b[31mb\\u000ac\\u202ed');
  });
});

describe('metric formatting', () => {
  const { judgement } = judgeExample('latency-regression');
  const byName = (name: string) => {
    const metric = judgement.metrics.find((candidate) => candidate.name === name);
    if (metric === undefined) throw new Error(`no metric ${name}`);
    return metric;
  };

  it('shows margins with the harmful direction', () => {
    expect(formatMargin(byName('p99 latency'))).toBe('+20%');
    expect(formatMargin(byName('cpu'))).toBe('±15%');
    expect(formatMargin(byName('5xx ratio'))).toBe('+50% or +0.001');
    expect(formatMargin({ direction: 'decrease', margin: { relative: null, absolute: 3 } })).toBe('-3');
  });

  it('shows the interval on the scale the metric is judged on', () => {
    expect(formatInterval(byName('p99 latency'))).toMatch(/^\+\d+(\.\d+)?% to \+\d+(\.\d+)?%$/);
  });

  it('shows the weight with the flags that change how the metric counts', () => {
    expect(formatWeight(byName('5xx ratio'))).toBe('2 critical');
    expect(formatWeight({ weight: 1, critical: false, required: true, muted: true })).toBe('1 required muted');
    expect(formatWeight({ weight: 1, critical: true, required: false, muted: false })).toBe('1 critical, not required');
  });

  it('falls back to the absolute scale when the relative change is undefined (zero-error baseline)', () => {
    const { judgement: spike } = judgeExample('error-spike');
    const errors = spike.metrics.find((metric) => metric.name === '5xx ratio');
    expect(errors?.estimate.relative).toBeNull();
    expect(formatInterval(errors!)).toMatch(/^\+0\.00\d+ to \+0\.00\d+$/);
  });
});
