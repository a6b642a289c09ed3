/**
 * The per-step differences chart of a paired metric (HTML report): canary − baseline at each
 * time-aligned step (binned when long), a zero line, the estimated mean difference and the
 * interval of the absolute change as a band. It shows whether a difference is steady or comes from
 * a few steps.
 */
import type { MetricResult } from '../judge/index.js';
import { formatNumber } from './format.js';
import { CANARY_COLOUR, coordinate, escapeHtml, linearScale, niceTicks, pad } from './svg.js';

const WIDTH = 640;
const HEIGHT = 190;

/** Step times as minutes after the first step (epoch seconds or milliseconds), or as given otherwise. */
function relativeTime(timestamps: readonly number[]): { values: number[]; unit: string } {
  const first = timestamps[0] ?? 0;
  const last = timestamps[timestamps.length - 1] ?? 0;
  if (last > 1e11) return { values: timestamps.map((time) => (time - first) / 60_000), unit: 'minutes after the first step' };
  if (first > 1e8) return { values: timestamps.map((time) => (time - first) / 60), unit: 'minutes after the first step' };
  return { values: timestamps.map((time) => time - first), unit: 'time after the first step' };
}

/**
 * An SVG of a paired metric's per-step differences, or null when the metric was not judged on pairs.
 *
 * @example
 * differencesChart({ pairing: null } as MetricResult) // => null
 */
export function differencesChart(metric: MetricResult): string | null {
  const differences = metric.pairing?.differences;
  if (differences === null || differences === undefined || differences.values.length === 0) return null;
  const { values: times, unit } = relativeTime(differences.timestamps);
  const isRate = metric.test === 'rate';
  const interval = metric.interval.absolute;
  const estimate = metric.estimate.absolute;
  const extent = [...differences.values, 0];
  if (estimate !== null) extent.push(estimate);
  if (interval !== null) for (const end of interval) if (end !== null) extent.push(end);
  const [low, high] = pad(Math.min(...extent), Math.max(...extent), 0.08);
  const left = 62;
  const right = WIDTH - 12;
  const top = 12;
  const bottom = HEIGHT - 40;
  const lastTime = times[times.length - 1] ?? 0;
  const x = linearScale(lastTime > 0 ? [0, lastTime] : [-1, 1], [left, right]);
  const y = linearScale(low === high ? [low - 1, high + 1] : [low, high], [bottom, top]);
  const label = (value: number) => (isRate ? `${formatNumber(value * 100, 3)}%` : formatNumber(value, 3));
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="per-step differences canary minus baseline">`);
  if (interval !== null && interval[0] !== null && interval[1] !== null) {
    const bandTop = y(Math.min(high, interval[1]));
    const bandBottom = y(Math.max(low, interval[0]));
    parts.push(`<rect x="${left}" y="${coordinate(bandTop)}" width="${right - left}" height="${coordinate(Math.max(0, bandBottom - bandTop))}" fill="${CANARY_COLOUR}" opacity="0.12"><title>interval of the mean difference</title></rect>`);
  }
  for (const tick of niceTicks(low, high, 4)) {
    parts.push(`<line x1="${left}" y1="${coordinate(y(tick))}" x2="${right}" y2="${coordinate(y(tick))}" class="grid"/>`);
    parts.push(`<text x="${left - 6}" y="${coordinate(y(tick) + 4)}" text-anchor="end" class="tick">${escapeHtml(label(tick))}</text>`);
  }
  for (const tick of niceTicks(0, Math.max(lastTime, 1), 6)) {
    if (tick > lastTime) continue;
    parts.push(`<line x1="${coordinate(x(tick))}" y1="${bottom}" x2="${coordinate(x(tick))}" y2="${bottom + 4}" class="axis"/>`);
    parts.push(`<text x="${coordinate(x(tick))}" y="${bottom + 16}" text-anchor="middle" class="tick">${escapeHtml(formatNumber(tick, 4))}</text>`);
  }
  parts.push(`<line x1="${left}" y1="${coordinate(y(0))}" x2="${right}" y2="${coordinate(y(0))}" class="axis"/>`);
  const path = differences.values.map((value, index) => `${index === 0 ? 'M' : 'L'}${coordinate(x(times[index] ?? 0))} ${coordinate(y(value))}`).join(' ');
  parts.push(`<path d="${path}" fill="none" stroke="${CANARY_COLOUR}" stroke-width="1.3"/>`);
  if (estimate !== null) {
    parts.push(`<line x1="${left}" y1="${coordinate(y(estimate))}" x2="${right}" y2="${coordinate(y(estimate))}" stroke="${CANARY_COLOUR}" stroke-dasharray="5 3"><title>${escapeHtml(`mean difference ${label(estimate)}`)}</title></line>`);
  }
  parts.push(`<text x="${right}" y="${HEIGHT - 4}" text-anchor="end" class="tick">${escapeHtml(unit)}</text>`);
  parts.push(`<text x="${left}" y="${HEIGHT - 4}" text-anchor="start" class="tick">${escapeHtml(`canary − baseline per step${differences.values.length < (metric.pairing?.pairs ?? 0) ? ` (mean of ${Math.round((metric.pairing?.pairs ?? 0) / differences.values.length)}-step bins)` : ''}`)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
