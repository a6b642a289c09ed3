/**
 * The HTML time chart for a slow leak: the value axis is chosen from the data (not from 0) so the
 * climb is visible, and the trend test's two fitted slopes are drawn over the points.
 */
import { describe, expect, it } from 'vitest';
import { judge, renderHtml } from 'canary-judge';

const timestamps = Array.from({ length: 30 }, (_, i) => 1_764_900_000 + 60 * i);
const wobble = (i: number) => Math.sin(i * 2.3) * 2;
const data = {
  metrics: {
    memory: {
      baseline: { values: timestamps.map((_, i) => 475 + wobble(i + 7)), timestamps },
      canary: { values: timestamps.map((_, i) => 475 + (78 * i) / 29 + wobble(i)), timestamps },
    },
  },
};

function overTimeChart(page: string): string {
  const start = page.indexOf('aria-label="baseline and canary over time"');
  expect(start).toBeGreaterThan(0);
  return page.slice(start, page.indexOf('</svg>', start));
}

function valueTicks(chart: string): number[] {
  return [...chart.matchAll(/<text [^>]*text-anchor="end" class="tick">([\d.]+)<\/text>/g)].map((match) => Number(match[1]));
}

describe('HTML time chart', () => {
  it('starts the value axis near the data, not at 0, for any test', () => {
    const judgement = judge({ metrics: [{ name: 'memory', test: 'mann-whitney' }] }, data);
    const ticks = valueTicks(overTimeChart(renderHtml(judgement, { data })));
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...ticks)).toBeGreaterThan(400);
    expect(Math.max(...ticks)).toBeLessThan(600);
    expect(overTimeChart(renderHtml(judgement, { data }))).not.toContain('class="fit"');
  });

  it('draws both fitted slopes for the trend test, in the data units', () => {
    const judgement = judge({ metrics: [{ name: 'memory', test: 'trend', margin: { relative: 0.05 } }] }, data);
    const chart = overTimeChart(renderHtml(judgement, { data }));
    const fits = [...chart.matchAll(/<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)" [^>]*class="fit"><title>([^<]*)<\/title>/g)];
    expect(fits.map((fit) => fit[5]!.split(' fitted')[0])).toEqual(['baseline', 'canary']);
    const [baseline, canary] = fits.map((fit) => ({ rise: Number(fit[2]) - Number(fit[4]), span: Number(fit[3]) - Number(fit[1]) }));
    // SVG y grows downwards: the canary's line rises far more than the baseline's over the same span.
    expect(canary!.span).toBeCloseTo(baseline!.span, 0);
    expect(canary!.rise).toBeGreaterThan(60);
    expect(Math.abs(baseline!.rise)).toBeLessThan(10);
    expect(fits[1]![5]).toMatch(/canary fitted slope \+1[56]\d per hour/);
  });
});
