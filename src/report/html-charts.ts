/**
 * The HTML report's charts, each an inline SVG string: the effect interval against the margin, the
 * baseline and canary ECDFs, the series over time, and the score breakdown bar; plus reading the raw
 * data document into the points they draw. Every string drawn is escaped.
 */
import type { Judgement, MetricResult, Outcome, Verdict } from '../judge/index.js';
import { formatInterval, formatLevel, formatNumber, formatOutcome, formatPercent, formatScore, formatSigned, printable, scaleOf } from './format.js';
import { BASELINE_COLOUR, CANARY_COLOUR, coordinate, escapeHtml, linearScale, niceTicks, pad, quantileOfSorted } from './svg.js';

export const WIDTH = 640;
/** Escapes text for HTML, with control characters (terminal escapes, bidi overrides) made visible. */
export const esc = (text: string): string => escapeHtml(printable(text));

export const OUTCOME_COLOUR: Record<Outcome, string> = {
  pass: '#2e7d32',
  fail: '#c62828',
  error: '#8e24aa',
  inconclusive: '#b26a00',
  nodata: '#6b6b6b',
};

export const VERDICT_COLOUR: Record<Verdict, string> = { pass: '#2e7d32', marginal: '#b26a00', fail: '#c62828' };

// --- data access ---

/** One side of a metric's raw data, as the page draws it. */
export interface SidePoints {
  /** Finite values (for rates: events / total per point). */
  readonly values: number[];
  /** Values in order with their timestamps (null value: missing), when the series has timestamps. */
  readonly timed: { readonly time: number; readonly value: number | null }[] | null;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function sidePoints(series: unknown): SidePoints | null {
  let raw: (number | null)[];
  let timestamps: unknown = undefined;
  if (Array.isArray(series)) {
    raw = series.map(finiteOrNull);
  } else if (typeof series === 'object' && series !== null) {
    const record = series as Record<string, unknown>;
    if (Array.isArray(record['values'])) {
      raw = record['values'].map(finiteOrNull);
    } else if (Array.isArray(record['events']) && Array.isArray(record['total'])) {
      const events = record['events'];
      const total = record['total'];
      raw = events.map((eventCount: unknown, index: number) => {
        const count = finiteOrNull(eventCount);
        const all = finiteOrNull(total[index]);
        return count === null || all === null || all <= 0 ? null : count / all;
      });
    } else {
      return null;
    }
    timestamps = record['timestamps'];
  } else {
    return null;
  }
  const values = raw.filter((value): value is number => value !== null);
  let timed: SidePoints['timed'] = null;
  if (Array.isArray(timestamps) && timestamps.length === raw.length && raw.length > 0) {
    const times = timestamps.map(finiteOrNull);
    if (times.every((time) => time !== null)) timed = raw.map((value, index) => ({ time: times[index] as number, value }));
  }
  return { values, timed };
}

export function metricData(data: unknown, name: string): { baseline: SidePoints; canary: SidePoints } | null {
  if (typeof data !== 'object' || data === null) return null;
  const metrics = (data as Record<string, unknown>)['metrics'];
  if (typeof metrics !== 'object' || metrics === null || !Object.prototype.hasOwnProperty.call(metrics, name)) return null;
  const entry = (metrics as Record<string, unknown>)[name];
  if (typeof entry !== 'object' || entry === null) return null;
  const baseline = sidePoints((entry as Record<string, unknown>)['baseline']);
  const canary = sidePoints((entry as Record<string, unknown>)['canary']);
  return baseline === null || canary === null ? null : { baseline, canary };
}

// --- charts ---

function axisLabel(x: number, y: number, text: string, anchor = 'middle'): string {
  return `<text x="${coordinate(x)}" y="${coordinate(y)}" text-anchor="${anchor}" class="tick">${esc(text)}</text>`;
}

function legend(x: number, y: number): string {
  return (
    `<g class="legend"><line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${BASELINE_COLOUR}" stroke-width="2"/>` +
    `<text x="${x + 22}" y="${y + 4}">baseline</text>` +
    `<line x1="${x + 90}" y1="${y}" x2="${x + 108}" y2="${y}" stroke="${CANARY_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>` +
    `<text x="${x + 112}" y="${y + 4}">canary</text></g>`
  );
}

/** The effect's interval on the metric's scale, with the tolerated change and the harmful side shaded. */
export function intervalChart(metric: MetricResult): string {
  const scale = scaleOf(metric);
  const interval = scale === 'relative' ? metric.interval.relative : metric.interval.absolute;
  const estimate = scale === 'relative' ? metric.estimate.relative : metric.estimate.absolute;
  const margin = scale === 'relative' ? metric.margin.relative : metric.margin.absolute;
  if (interval === null || estimate === null) {
    return `<p class="muted">No interval to draw: ${esc(metric.reason ?? 'the test gave no estimate')}.</p>`;
  }
  const height = 86;
  const left = 16;
  const right = WIDTH - 16;
  const axisY = 58;
  const finiteEnds = [interval[0], interval[1]].filter((value): value is number => value !== null);
  const marks = [0, estimate, ...finiteEnds];
  if (margin !== null) {
    if (metric.direction !== 'decrease') marks.push(margin);
    if (metric.direction !== 'increase') marks.push(-margin);
  }
  const [low, high] = pad(Math.min(...marks), Math.max(...marks), 0.12);
  const x = linearScale([low, high], [left, right]);
  const format = (value: number) => (scale === 'relative' ? formatPercent(value, 2) : formatSigned(value, 2));
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="effect interval against the margin">`);
  if (margin !== null) {
    if (metric.direction !== 'decrease') {
      parts.push(`<rect x="${coordinate(x(margin))}" y="14" width="${coordinate(Math.max(0, right - x(margin)))}" height="${axisY - 14}" class="harm"/>`);
      parts.push(`<line x1="${coordinate(x(margin))}" y1="10" x2="${coordinate(x(margin))}" y2="${axisY}" class="margin"/>`);
      parts.push(axisLabel(x(margin), 10, `allowed ${format(margin)}`, 'end'));
    }
    if (metric.direction !== 'increase') {
      parts.push(`<rect x="${left}" y="14" width="${coordinate(Math.max(0, x(-margin) - left))}" height="${axisY - 14}" class="harm"/>`);
      parts.push(`<line x1="${coordinate(x(-margin))}" y1="10" x2="${coordinate(x(-margin))}" y2="${axisY}" class="margin"/>`);
      parts.push(axisLabel(x(-margin), 10, `allowed ${format(-margin)}`, 'start'));
    }
  }
  parts.push(`<line x1="${coordinate(x(0))}" y1="14" x2="${coordinate(x(0))}" y2="${axisY}" class="zero"/>`);
  parts.push(`<line x1="${left}" y1="${axisY}" x2="${right}" y2="${axisY}" class="axis"/>`);
  for (const tick of niceTicks(low, high, 6)) {
    parts.push(`<line x1="${coordinate(x(tick))}" y1="${axisY}" x2="${coordinate(x(tick))}" y2="${axisY + 4}" class="axis"/>`);
    parts.push(axisLabel(x(tick), axisY + 16, format(tick)));
  }
  const from = interval[0] === null ? left : x(interval[0]);
  const to = interval[1] === null ? right : x(interval[1]);
  const colour = OUTCOME_COLOUR[metric.outcome];
  const barY = 36;
  parts.push(`<line x1="${coordinate(from)}" y1="${barY}" x2="${coordinate(to)}" y2="${barY}" stroke="${colour}" stroke-width="6" stroke-linecap="butt"><title>${esc(`${formatLevel(metric.interval.level)} interval ${formatInterval(metric)}`)}</title></line>`);
  if (interval[0] !== null) parts.push(`<line x1="${coordinate(from)}" y1="${barY - 8}" x2="${coordinate(from)}" y2="${barY + 8}" stroke="${colour}" stroke-width="2"/>`);
  if (interval[1] !== null) parts.push(`<line x1="${coordinate(to)}" y1="${barY - 8}" x2="${coordinate(to)}" y2="${barY + 8}" stroke="${colour}" stroke-width="2"/>`);
  parts.push(`<circle cx="${coordinate(x(estimate))}" cy="${barY}" r="5" fill="#fff" stroke="${colour}" stroke-width="2.5"><title>${esc(`estimate ${format(estimate)}`)}</title></circle>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Points (x, p) tracing a side's empirical CDF; at most about 400 of them. */
function ecdfPoints(sorted: readonly number[]): [number, number][] {
  const count = sorted.length;
  if (count === 0) return [];
  if (count <= 400) {
    const points: [number, number][] = [];
    sorted.forEach((value, index) => {
      points.push([value, index / count], [value, (index + 1) / count]);
    });
    return points;
  }
  const points: [number, number][] = [];
  for (let step = 0; step <= 400; step++) {
    const p = step / 400;
    points.push([quantileOfSorted(sorted, p), p]);
  }
  return points;
}

export function ecdfChart(baseline: readonly number[], canary: readonly number[], isRate: boolean): string {
  if (baseline.length === 0 && canary.length === 0) return '<p class="muted">No values to draw.</p>';
  const sortedBaseline = [...baseline].sort((a, b) => a - b);
  const sortedCanary = [...canary].sort((a, b) => a - b);
  const upperP = (sorted: readonly number[]) => (sorted.length >= 1000 ? 0.999 : 1);
  const sides = [sortedBaseline, sortedCanary].filter((sorted) => sorted.length > 0);
  const low = Math.min(...sides.map((sorted) => sorted[0] as number));
  const high = Math.max(...sides.map((sorted) => quantileOfSorted(sorted, upperP(sorted))));
  const trueMax = Math.max(...sides.map((sorted) => sorted[sorted.length - 1] as number));
  const [domainLow, domainHigh] = pad(low, high, 0.02);
  const height = 200;
  const left = 44;
  const right = WIDTH - 12;
  const top = 12;
  const bottom = height - 40;
  const x = linearScale([domainLow, domainHigh], [left, right]);
  const y = linearScale([0, 1], [bottom, top]);
  const clip = (value: number) => Math.min(right, Math.max(left, x(value)));
  const path = (sorted: readonly number[]) => {
    const points = ecdfPoints(sorted);
    if (points.length === 0) return '';
    const [firstX] = points[0] as [number, number];
    let d = `M${coordinate(left)} ${coordinate(y(0))} L${coordinate(clip(firstX))} ${coordinate(y(0))}`;
    for (const [valueX, p] of points) d += ` L${coordinate(clip(valueX))} ${coordinate(y(p))}`;
    d += ` L${coordinate(right)} ${coordinate(y(1))}`;
    return d;
  };
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="baseline and canary distributions (empirical CDFs)">`);
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${left}" y1="${coordinate(y(p))}" x2="${right}" y2="${coordinate(y(p))}" class="grid"/>`);
    parts.push(axisLabel(left - 6, y(p) + 4, `${p * 100}%`, 'end'));
  }
  parts.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" class="axis"/>`);
  for (const tick of niceTicks(domainLow, domainHigh, 6)) {
    parts.push(`<line x1="${coordinate(x(tick))}" y1="${bottom}" x2="${coordinate(x(tick))}" y2="${bottom + 4}" class="axis"/>`);
    parts.push(axisLabel(x(tick), bottom + 16, isRate ? formatPercentPlain(tick) : formatNumber(tick, 3)));
  }
  if (sortedBaseline.length > 0) parts.push(`<path d="${path(sortedBaseline)}" fill="none" stroke="${BASELINE_COLOUR}" stroke-width="2"/>`);
  if (sortedCanary.length > 0) parts.push(`<path d="${path(sortedCanary)}" fill="none" stroke="${CANARY_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>`);
  parts.push(legend(left + 4, height - 8));
  if (trueMax > domainHigh) {
    parts.push(axisLabel(right, height - 4, `axis cut at ${formatNumber(high, 3)} (99.9th percentile); max ${formatNumber(trueMax, 3)}`, 'end'));
  }
  parts.push('</svg>');
  return parts.join('');
}

function formatPercentPlain(value: number): string {
  return `${formatNumber(value * 100, 3)}%`;
}

/** Seconds or milliseconds since the epoch are shown as UTC clock times; anything else as numbers. */
function timeFormatter(low: number, high: number): (value: number) => string {
  const isMilliseconds = high > 1e11;
  const isSeconds = !isMilliseconds && low > 1e8;
  if (!isMilliseconds && !isSeconds) return (value) => formatNumber(value, 4);
  const toMs = (value: number) => (isMilliseconds ? value : value * 1000);
  const spanDays = (toMs(high) - toMs(low)) / 86_400_000;
  return (value) => {
    const iso = new Date(toMs(value)).toISOString();
    return spanDays < 1.5 ? iso.slice(11, 16) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  };
}

/** Ticks on round clock steps (1, 5, 10, 15, 30 minutes, 1, 3, 6, 12 hours, days) for epoch times; nice numbers otherwise. */
function timeTicks(low: number, high: number): number[] {
  const isMilliseconds = high > 1e11;
  if (!isMilliseconds && low <= 1e8) return niceTicks(low, high, 6);
  const unit = isMilliseconds ? 1000 : 1;
  const span = (high - low) / unit;
  const steps = [60, 300, 600, 900, 1800, 3600, 10_800, 21_600, 43_200, 86_400, 604_800];
  const step = (steps.find((candidate) => span / candidate <= 7) ?? 2_592_000) * unit;
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step) * step; tick <= high; tick += step) ticks.push(tick);
  return ticks;
}

/** At most `buckets` points: the mean value of each slice of time, gaps kept as null. */
function bucketed(timed: readonly { time: number; value: number | null }[], low: number, high: number, buckets: number) {
  if (timed.length <= buckets * 2) return timed.map((point) => ({ time: point.time, value: point.value }));
  const width = (high - low) / buckets || 1;
  const sums = new Array<number>(buckets).fill(0);
  const counts = new Array<number>(buckets).fill(0);
  const seen = new Array<boolean>(buckets).fill(false);
  for (const point of timed) {
    const index = Math.min(buckets - 1, Math.max(0, Math.floor((point.time - low) / width)));
    seen[index] = true;
    if (point.value !== null) {
      sums[index] = (sums[index] as number) + point.value;
      counts[index] = (counts[index] as number) + 1;
    }
  }
  const points: { time: number; value: number | null }[] = [];
  for (let index = 0; index < buckets; index++) {
    if (!seen[index]) continue;
    const count = counts[index] as number;
    points.push({ time: low + (index + 0.5) * width, value: count === 0 ? null : (sums[index] as number) / count });
  }
  return points;
}

export function timeSeriesChart(baseline: SidePoints, canary: SidePoints, isRate: boolean): string | null {
  const sides = [baseline.timed, canary.timed].filter((timed): timed is NonNullable<SidePoints['timed']> => timed !== null);
  if (sides.length === 0) return null;
  const times = sides.flatMap((timed) => [timed[0]?.time ?? 0, timed[timed.length - 1]?.time ?? 0]);
  const low = Math.min(...times);
  const high = Math.max(...times);
  const series = [baseline.timed, canary.timed].map((timed) => (timed === null ? null : bucketed(timed, low, high, 120)));
  const values = series.flatMap((points) => (points ?? []).flatMap((point) => (point.value === null ? [] : [point.value])));
  if (values.length === 0) return null;
  const sortedValues = [...values].sort((a, b) => a - b);
  const [valueLow, valueHigh] = pad(Math.min(0, sortedValues[0] as number), sortedValues[sortedValues.length - 1] as number, 0.05);
  const height = 200;
  const left = 56;
  const right = WIDTH - 12;
  const top = 12;
  const bottom = height - 40;
  const x = linearScale(low === high ? [low - 1, high + 1] : [low, high], [left, right]);
  const y = linearScale([valueLow, valueHigh], [bottom, top]);
  const formatTime = timeFormatter(low, high);
  const path = (points: { time: number; value: number | null }[]) => {
    let d = '';
    let drawing = false;
    for (const point of points) {
      if (point.value === null) {
        drawing = false;
        continue;
      }
      d += `${drawing ? ' L' : ' M'}${coordinate(x(point.time))} ${coordinate(y(point.value))}`;
      drawing = true;
    }
    return d.trim();
  };
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="baseline and canary over time">`);
  for (const tick of niceTicks(valueLow, valueHigh, 4)) {
    parts.push(`<line x1="${left}" y1="${coordinate(y(tick))}" x2="${right}" y2="${coordinate(y(tick))}" class="grid"/>`);
    parts.push(axisLabel(left - 6, y(tick) + 4, isRate ? formatPercentPlain(tick) : formatNumber(tick, 3), 'end'));
  }
  parts.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" class="axis"/>`);
  for (const tick of timeTicks(low, high)) {
    parts.push(`<line x1="${coordinate(x(tick))}" y1="${bottom}" x2="${coordinate(x(tick))}" y2="${bottom + 4}" class="axis"/>`);
    parts.push(axisLabel(x(tick), bottom + 16, formatTime(tick)));
  }
  const [baselinePoints, canaryPoints] = series;
  if (baselinePoints) parts.push(`<path d="${path(baselinePoints)}" fill="none" stroke="${BASELINE_COLOUR}" stroke-width="1.5"/>`);
  if (canaryPoints) parts.push(`<path d="${path(canaryPoints)}" fill="none" stroke="${CANARY_COLOUR}" stroke-width="1.5" stroke-dasharray="5 3"/>`);
  parts.push(legend(left + 4, height - 8));
  if (high > 1e8) parts.push(axisLabel(right, height - 4, 'time (UTC)', 'end'));
  parts.push('</svg>');
  return parts.join('');
}

/** The score as a bar: points kept, then the points each metric cost, with the thresholds marked. */
export function scoreChart(judgement: Judgement): string {
  const height = 74;
  const left = 16;
  const right = WIDTH - 16;
  const barTop = 22;
  const barHeight = 22;
  const x = linearScale([0, 100], [left, right]);
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="score breakdown">`);
  parts.push(`<rect x="${left}" y="${barTop}" width="${right - left}" height="${barHeight}" fill="#eee"/>`);
  const score = Math.max(0, Math.min(100, judgement.score));
  parts.push(`<rect x="${left}" y="${barTop}" width="${coordinate(x(score) - left)}" height="${barHeight}" fill="${VERDICT_COLOUR[judgement.verdict]}"><title>${esc(`score ${formatScore(judgement.score)}`)}</title></rect>`);
  let position = score;
  judgement.metrics.forEach((metric, index) => {
    if (metric.pointsLost <= 0) return;
    const end = Math.min(100, position + metric.pointsLost);
    const shade = index % 2 === 0 ? '#f3c1c1' : '#e8a5a5';
    parts.push(`<rect x="${coordinate(x(position))}" y="${barTop}" width="${coordinate(Math.max(0, x(end) - x(position)))}" height="${barHeight}" fill="${shade}" stroke="#fff" stroke-width="1"><title>${esc(`${metric.name}: -${formatScore(metric.pointsLost)} points (${formatOutcome(metric)})`)}</title></rect>`);
    position = end;
  });
  for (const [label, threshold] of [['marginal', judgement.thresholds.marginal], ['pass', judgement.thresholds.pass]] as const) {
    parts.push(`<line x1="${coordinate(x(threshold))}" y1="${barTop - 6}" x2="${coordinate(x(threshold))}" y2="${barTop + barHeight + 6}" class="threshold"/>`);
    parts.push(axisLabel(x(threshold), barTop - 9, `${label} ${formatNumber(threshold, 6)}`));
  }
  for (const tick of [0, 25, 50, 75, 100]) parts.push(axisLabel(x(tick), barTop + barHeight + 20, String(tick)));
  parts.push('</svg>');
  return parts.join('');
}

// --- per-step differences of a paired metric ---
// canary − baseline at each time-aligned step (binned when long), a zero line, the estimated mean
// difference and the interval of the absolute change as a band: whether a difference is steady or
// comes from a few steps.

const DIFFERENCES_HEIGHT = 190;

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
  const bottom = DIFFERENCES_HEIGHT - 40;
  const lastTime = times[times.length - 1] ?? 0;
  const x = linearScale(lastTime > 0 ? [0, lastTime] : [-1, 1], [left, right]);
  const y = linearScale(low === high ? [low - 1, high + 1] : [low, high], [bottom, top]);
  const label = (value: number) => (isRate ? `${formatNumber(value * 100, 3)}%` : formatNumber(value, 3));
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${WIDTH} ${DIFFERENCES_HEIGHT}" width="${WIDTH}" height="${DIFFERENCES_HEIGHT}" role="img" aria-label="per-step differences canary minus baseline">`);
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
  parts.push(`<text x="${right}" y="${DIFFERENCES_HEIGHT - 4}" text-anchor="end" class="tick">${escapeHtml(unit)}</text>`);
  parts.push(`<text x="${left}" y="${DIFFERENCES_HEIGHT - 4}" text-anchor="start" class="tick">${escapeHtml(`canary − baseline per step${differences.values.length < (metric.pairing?.pairs ?? 0) ? ` (mean of ${Math.round((metric.pairing?.pairs ?? 0) / differences.values.length)}-step bins)` : ''}`)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
