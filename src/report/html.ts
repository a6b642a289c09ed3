/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script, no network) that reads
 * offline. A verdict banner, the score breakdown, and for each metric its effect interval drawn
 * against the margin, the baseline and canary distributions as overlaid ECDFs, and the series over
 * time when the data has timestamps. Every string that comes from the config or the data is
 * escaped, and a Content-Security-Policy forbids scripts in case anything ever slipped through.
 */
import type { Judgement, MetricResult, Outcome, Verdict } from '../judge/index.js';
import {
  OUTCOME_ORDER,
  formatEstimate,
  formatInterval,
  formatLevel,
  formatMargin,
  formatNumber,
  formatOutcome,
  formatPValue,
  formatPercent,
  formatScore,
  formatSigned,
  formatWeight,
  printable,
  scaleOf,
  verdictLabel,
} from './format.js';
import { differencesChart } from './differences-chart.js';
import {
  BASELINE_COLOUR,
  CANARY_COLOUR,
  coordinate,
  escapeHtml,
  linearScale,
  niceTicks,
  pad,
  quantileOfSorted,
} from './svg.js';

/** Options of `renderHtml`. */
export interface HtmlReportOptions {
  /**
   * The data document the Judgement was made from (`{ metrics: { name: { baseline, canary } } }`).
   * With it the page draws each metric's distributions and, when timestamps are present, its
   * series over time; without it only the numbers and the effect intervals are shown.
   */
  readonly data?: unknown;
  /**
   * Title of the page.
   * @default 'Canary judgement'
   */
  readonly title?: string;
  /**
   * A line under the title, e.g. the input files or the deployment; escaped like everything else.
   */
  readonly subtitle?: string;
}

const WIDTH = 640;
/** Escapes text for HTML, with control characters (terminal escapes, bidi overrides) made visible. */
const esc = (text: string): string => escapeHtml(printable(text));

const OUTCOME_COLOUR: Record<Outcome, string> = {
  pass: '#2e7d32',
  fail: '#c62828',
  error: '#8e24aa',
  inconclusive: '#b26a00',
  nodata: '#6b6b6b',
};

const VERDICT_COLOUR: Record<Verdict, string> = { pass: '#2e7d32', marginal: '#b26a00', fail: '#c62828' };

// --- data access ---

/** One side of a metric's raw data, as the page draws it. */
interface SidePoints {
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

function metricData(data: unknown, name: string): { baseline: SidePoints; canary: SidePoints } | null {
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
function intervalChart(metric: MetricResult): string {
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

function ecdfChart(baseline: readonly number[], canary: readonly number[], isRate: boolean): string {
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

function timeSeriesChart(baseline: SidePoints, canary: SidePoints, isRate: boolean): string | null {
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
function scoreChart(judgement: Judgement): string {
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

// --- page ---

function badge(outcome: string, colour: string): string {
  return `<span class="badge" style="background:${colour}">${esc(outcome)}</span>`;
}

function summaryTable(metric: MetricResult): string {
  const rows: [string, string, string][] = [];
  const { baseline, canary } = metric.summary;
  rows.push(['values used', `${baseline.count} of ${metric.sizes.baseline.before}`, `${canary.count} of ${metric.sizes.canary.before}`]);
  if (baseline.counts !== null && canary.counts !== null) {
    rows.push(['events / total', `${formatNumber(baseline.counts.events, 6)} / ${formatNumber(baseline.counts.total, 9)}`, `${formatNumber(canary.counts.events, 6)} / ${formatNumber(canary.counts.total, 9)}`]);
    rows.push(['rate', formatRate(baseline.counts.rate), formatRate(canary.counts.rate)]);
  } else {
    rows.push(['mean', formatNumber(baseline.mean, 4), formatNumber(canary.mean, 4)]);
    rows.push(['median', formatNumber(baseline.median, 4), formatNumber(canary.median, 4)]);
    rows.push(['p95', formatNumber(baseline.p95, 4), formatNumber(canary.p95, 4)]);
    rows.push(['p99', formatNumber(baseline.p99, 4), formatNumber(canary.p99, 4)]);
  }
  const body = rows.map(([label, left, right]) => `<tr><th>${esc(label)}</th><td>${esc(left)}</td><td>${esc(right)}</td></tr>`).join('');
  return `<table class="numbers"><thead><tr><th></th><th class="baseline">baseline</th><th class="canary">canary</th></tr></thead><tbody>${body}</tbody></table>`;
}

function formatRate(rate: number | null): string {
  return rate === null ? 'n/a' : `${formatNumber(rate * 100, 3)}%`;
}

/** The comparison mode in words: "paired on 60 time-aligned steps" or "independent samples". */
function describePairing(metric: MetricResult): string {
  const pairing = metric.pairing;
  if (pairing === null) return 'not compared';
  return pairing.mode === 'time' ? `paired on ${pairing.pairs ?? 0} time-aligned steps` : `independent samples (${pairing.reason})`;
}

function metricSection(metric: MetricResult, index: number, data: unknown): string {
  const flags = [metric.critical ? 'critical' : '', metric.required ? 'required' : '', metric.muted ? 'muted (not scored)' : '']
    .filter((flag) => flag !== '')
    .map((flag) => `<span class="flag">${esc(flag)}</span>`)
    .join('');
  const facts: [string, string][] = [
    ['test', metric.method ?? metric.test],
    ['comparison', describePairing(metric)],
    ['estimate', formatEstimate(metric)],
    [`${formatLevel(metric.interval.level)} interval`, formatInterval(metric)],
    ['allowed change', formatMargin(metric)],
    ['p-value (adjusted)', `${formatPValue(metric.pValue)} (${formatPValue(metric.adjustedPValue)})`],
    ['weight', formatWeight(metric)],
    ['points lost', formatScore(metric.pointsLost)],
  ];
  if (metric.group !== null) facts.push(['group', metric.group]);
  const factList = facts.map(([term, value]) => `<dt>${esc(term)}</dt><dd>${esc(value)}</dd>`).join('');
  const parts: string[] = [];
  parts.push(`<section class="metric" id="metric-${index}">`);
  parts.push(`<h3>${esc(metric.name)} ${badge(formatOutcome(metric), OUTCOME_COLOUR[metric.outcome])}${flags}</h3>`);
  parts.push(`<p class="explanation">${esc(metric.explanation)}</p>`);
  if (metric.reason !== null && !metric.explanation.includes(metric.reason)) parts.push(`<p class="muted">${esc(metric.reason)}</p>`);
  parts.push(`<div class="facts"><dl>${factList}</dl>${summaryTable(metric)}</div>`);
  parts.push('<h4>Effect against the allowed change</h4>', intervalChart(metric));
  const perStep = differencesChart(metric);
  if (perStep !== null) parts.push('<h4>Per-step differences (paired)</h4>', perStep);
  const raw = metricData(data, metric.name);
  const isRate = metric.test === 'rate';
  if (raw !== null) {
    parts.push(`<h4>Distributions${isRate ? ' of the per-point rate' : ''}</h4>`, ecdfChart(raw.baseline.values, raw.canary.values, isRate));
    const overTime = timeSeriesChart(raw.baseline, raw.canary, isRate);
    if (overTime !== null) parts.push('<h4>Over time</h4>', overTime);
    parts.push('<p class="caption">Charts show the data as given, before warm-up trimming and outlier removal.</p>');
  }
  if (metric.warnings.length > 0) {
    parts.push(`<ul class="warnings">${metric.warnings.map((warning) => `<li>${esc(warning)}</li>`).join('')}</ul>`);
  }
  parts.push('</section>');
  return parts.join('');
}

const STYLE = `
:root{color-scheme:light;--ink:#1d1d1f;--muted:#666;--line:#d6d6d6}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fafafa}
main{max-width:760px;margin:0 auto;padding:0 20px 40px}
.banner{color:#fff;padding:22px 20px 18px}
.banner .inner{max-width:720px;margin:0 auto}
.banner h1{margin:0;font-size:30px;letter-spacing:.04em}
.banner .score{font-size:18px;margin-top:2px}
.banner p{margin:8px 0 0}
.subtitle{opacity:.85;font-size:13px}
h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:17px;margin:0 0 6px;word-break:break-word}
h4{font-size:13px;margin:14px 0 2px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.metric{background:#fff;border:1px solid var(--line);border-radius:6px;padding:14px 16px;margin:14px 0}
.badge{display:inline-block;color:#fff;font-size:12px;padding:1px 8px;border-radius:10px;vertical-align:middle;margin-left:6px}
.flag{display:inline-block;font-size:12px;padding:0 6px;border:1px solid var(--line);border-radius:10px;margin-left:6px;vertical-align:middle;color:var(--muted)}
.muted,.caption{color:var(--muted)}
.caption{font-size:12px;margin:4px 0 0}
table{border-collapse:collapse;font-size:14px}
th,td{padding:3px 10px 3px 0;text-align:left;vertical-align:top}
table.breakdown{width:100%}
table.breakdown td.num,table.breakdown th.num,table.numbers td{text-align:right;font-variant-numeric:tabular-nums}
table.breakdown th.num,table.breakdown td.num{padding:3px 0 3px 14px}
table.breakdown tr+tr td{border-top:1px solid #eee}
.facts{display:flex;flex-wrap:wrap;gap:8px 32px}
dl{display:grid;grid-template-columns:auto auto;gap:1px 12px;margin:4px 0;font-size:14px}
dt{color:var(--muted)}dd{margin:0;font-variant-numeric:tabular-nums}
th.baseline{color:${BASELINE_COLOUR}}th.canary{color:${CANARY_COLOUR}}
svg.chart{display:block;max-width:100%;height:auto;margin:2px 0}
svg .tick,svg .legend text{font-size:11px;fill:#555}
svg .axis{stroke:#888;stroke-width:1}
svg .grid{stroke:#eee;stroke-width:1}
svg .zero{stroke:#888;stroke-width:1}
svg .margin{stroke:#c62828;stroke-width:1.5;stroke-dasharray:4 3}
svg .harm{fill:#c62828;fill-opacity:.08}
svg .threshold{stroke:#333;stroke-width:1.5}
.warnings{color:#8a5300;font-size:14px}
footer{color:var(--muted);font-size:12px;margin-top:28px}
`;

/**
 * Renders a Judgement as a self-contained HTML page. Pass the data it was made from to get the
 * distribution and time-series pictures.
 *
 * @example
 * renderHtml(judge({ metrics: [] }, { metrics: {} })).startsWith('<!doctype html>') // => true
 */
export function renderHtml(judgement: Judgement, options: HtmlReportOptions = {}): string {
  const title = options.title ?? 'Canary judgement';
  const verdictColour = VERDICT_COLOUR[judgement.verdict];
  const counts = OUTCOME_ORDER.flatMap((outcome) => {
    const count = judgement.summary.outcomes[outcome] ?? 0;
    return count > 0 ? [`${count} ${outcome}`] : [];
  });
  const breakdownRows = judgement.metrics
    .map(
      (metric, index) =>
        `<tr><td><a href="#metric-${index}">${esc(metric.name)}</a></td><td>${badge(formatOutcome(metric), OUTCOME_COLOUR[metric.outcome])}</td>` +
        `<td class="num">${esc(formatEstimate(metric))}</td><td class="num">${esc(formatMargin(metric))}</td>` +
        `<td class="num">${esc(formatWeight(metric))}</td><td class="num">${metric.credit === null ? 'not scored' : esc(formatNumber(metric.credit, 3))}</td>` +
        `<td class="num">${metric.pointsLost > 0 ? `-${esc(formatScore(metric.pointsLost))}` : '0'}</td></tr>`,
    )
    .join('');
  const groups =
    judgement.groups.length === 0
      ? ''
      : `<p class="muted">Groups: ${judgement.groups
          .map((group) => `${esc(group.name)} ${group.score === null ? 'not scored' : esc(formatScore(group.score))}`)
          .join(' · ')}</p>`;
  const notes = judgement.summary.warnings.length === 0 ? '' : `<ul class="warnings">${judgement.summary.warnings.map((warning) => `<li>${esc(warning)}</li>`).join('')}</ul>`;
  const summary = judgement.summary;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${esc(`${title}: ${verdictLabel(judgement.verdict)} (${formatScore(judgement.score)})`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="banner" style="background:${verdictColour}"><div class="inner">
<div class="subtitle">${esc(title)}${options.subtitle === undefined ? '' : ` · ${esc(options.subtitle)}`}</div>
<h1>${esc(verdictLabel(judgement.verdict))}</h1>
<div class="score">score ${esc(formatScore(judgement.score))} / 100 · pass at ${esc(formatNumber(judgement.thresholds.pass, 6))}, marginal at ${esc(formatNumber(judgement.thresholds.marginal, 6))}</div>
<p>${esc(judgement.explanation)}</p>
</div></header>
<main>
<h2>Score breakdown</h2>
${scoreChart(judgement)}
<p class="muted">${esc(counts.length === 0 ? 'No metrics.' : counts.join(', '))}; decided by ${esc(summary.decidedBy)}.</p>
<table class="breakdown"><thead><tr><th>metric</th><th>outcome</th><th class="num">estimate</th><th class="num">allowed</th><th class="num">weight</th><th class="num">credit</th><th class="num">points</th></tr></thead><tbody>${breakdownRows}</tbody></table>
${groups}${notes}
<h2>Metrics</h2>
${judgement.metrics.map((metric, index) => metricSection(metric, index, options.data)).join('\n')}
<footer>canary-judge · intervals at ${esc(formatLevel(summary.intervalLevel))} (${esc(formatLevel(summary.confidenceLevel))} adjusted with ${esc(summary.multipleComparisons)} for ${summary.comparisons} comparison${summary.comparisons === 1 ? '' : 's'}) · inconclusive credit ${esc(formatNumber(summary.inconclusiveCredit, 3))} · seed ${esc(String(summary.seed))}</footer>
</main>
</body>
</html>
`;
}
