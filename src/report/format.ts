/**
 * Number and label formatting shared by the report renderers. Pure functions over the Judgement's
 * plain data; no renderer formats a number any other way, so text, Markdown and HTML agree.
 */
import type { Direction, MetricResult, Outcome, Verdict } from '../judge/index.js';
import { formatLevel as formatSharedLevel, groupThousands } from '../shared/message-text.js';

const MINUS = '-';

/** A number with `digits` significant digits, trailing zeros dropped: 0.000123, 1.24, 112, 12,345. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  let text: string;
  if (magnitude >= 10 ** digits) {
    text = groupThousands(Math.round(magnitude));
  } else if (magnitude < 1e-4) {
    text = magnitude.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  } else {
    text = String(Number(magnitude.toPrecision(digits)));
  }
  return value < 0 ? `${MINUS}${text}` : text;
}

/** A number with an explicit sign: +0.0463, -0.000077. */
export function formatSigned(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const text = formatNumber(value, digits);
  return value > 0 ? `+${text}` : text;
}

/** A relative change as a signed percentage: 0.391 → "+39.1%". */
export function formatPercent(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return `${formatSigned(value * 100, digits)}%`;
}

/** A probability level as a percentage, written as the Judgement's explanations write it (4 significant digits): 0.9875 → "98.75%". */
export function formatLevel(level: number | null | undefined): string {
  if (level === null || level === undefined || !Number.isFinite(level)) return 'n/a';
  return formatSharedLevel(level);
}

/** A score on the 0–100 scale with one decimal: 28.571 → "28.6". */
export function formatScore(score: number): string {
  return Number.isFinite(score) ? (Math.round(score * 10) / 10).toFixed(1) : 'n/a';
}

/** A p-value: "< 0.0001" below that, else 2 significant digits. */
export function formatPValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (value < 1e-4) return '< 0.0001';
  return String(Number(value.toPrecision(2)));
}

/** Which scale a metric's numbers are best read on: relative when it has a relative estimate and margin. */
export type Scale = 'relative' | 'absolute';

/**
 * The scale a metric is shown on: the one it was judged on, relative when both (or none) apply and
 * a relative estimate exists, absolute otherwise.
 */
export function scaleOf(metric: MetricResult): Scale {
  if (metric.judgedOn === 'absolute') return 'absolute';
  if (metric.judgedOn === 'both' && metric.estimate.absolute !== null && metric.interval.absolute !== null) {
    // Show the measure the outcome rests on: a pass on the margin its interval is within, and a
    // rate whose baseline has (almost) no events on its absolute change, not on a huge ratio.
    const relative = metric.estimate.relative;
    const relativeInterval = metric.interval.relative;
    if (relative === null || relativeInterval === null || relativeInterval[1] === null || Math.abs(relative) >= 10) return 'absolute';
    if (metric.outcome === 'pass' && !withinMargin(relativeInterval, metric.margin.relative, metric.direction)) return 'absolute';
  }
  if (metric.estimate.relative !== null && metric.interval.relative !== null && metric.margin.relative !== null) return 'relative';
  if (metric.estimate.absolute !== null && metric.margin.absolute !== null) return 'absolute';
  return metric.estimate.relative !== null ? 'relative' : 'absolute';
}

function withinMargin(interval: readonly [number | null, number | null], margin: number | null, direction: Direction): boolean {
  if (margin === null) return false;
  const [low, high] = interval;
  const highOk = high !== null && high <= margin;
  const lowOk = low !== null && low >= -margin;
  if (direction === 'increase') return highOk;
  if (direction === 'decrease') return lowOk;
  return highOk && lowOk;
}

function formatOnScale(value: number | null, scale: Scale): string {
  return scale === 'relative' ? formatPercent(value) : formatSigned(value);
}

/** The estimate on the metric's scale: "+39.1%", "+0.0463", or "n/a". */
export function formatEstimate(metric: MetricResult): string {
  const scale = scaleOf(metric);
  return `${formatOnScale(scale === 'relative' ? metric.estimate.relative : metric.estimate.absolute, scale)}${perHour(metric)}`;
}

/** "/h" for the trend test, whose changes and margins are per hour. */
function perHour(metric: Pick<MetricResult, 'test'>): string {
  return metric.test === 'trend' ? '/h' : '';
}

/**
 * The estimate, after the rates themselves for a rate metric (baseline → canary, before any ratio):
 * `0.034% → 0.0378% (+16.3%)`; other metrics as `formatEstimate`.
 *
 * @example
 * formatEstimateWithRates({ test: 'rate', judgedOn: 'relative', margin: { relative: 0.5, absolute: null }, estimate: { relative: 0.163, absolute: 0.0000054 }, interval: { level: 0.95, relative: [-0.5, 1], absolute: [-0.001, 0.001] }, summary: { baseline: { counts: { rate: 0.00034 } }, canary: { counts: { rate: 0.000378 } } } }) // => '0.034% → 0.0378% (+16.3%)'
 */
export function formatEstimateWithRates(metric: MetricResult): string {
  const estimate = formatEstimate(metric);
  const baseline = metric.summary.baseline.counts?.rate;
  const canary = metric.summary.canary.counts?.rate;
  if (metric.test !== 'rate' || baseline === null || baseline === undefined || canary === null || canary === undefined) return estimate;
  const rate = (value: number) => `${formatNumber(value * 100)}%`;
  return `${rate(baseline)} → ${rate(canary)} (${estimate})`;
}

/** The interval on the metric's scale: "+28.7% to +49.1%"; an unbounded end is written -∞ / +∞. */
export function formatInterval(metric: MetricResult): string {
  const scale = scaleOf(metric);
  const interval = scale === 'relative' ? metric.interval.relative : metric.interval.absolute;
  if (interval === null) return 'n/a';
  const low = interval[0] === null ? '-inf' : formatOnScale(interval[0], scale);
  const high = interval[1] === null ? '+inf' : formatOnScale(interval[1], scale);
  return `${low} to ${high}${perHour(metric)}`;
}

function directionSign(direction: Direction): string {
  if (direction === 'increase') return '+';
  if (direction === 'decrease') return MINUS;
  return '±';
}

/** The tolerated change: "+15%", "±10%", "+25% or +0.001" (a change must exceed both to be harm). */
export function formatMargin(metric: Pick<MetricResult, 'margin' | 'direction'> & Partial<Pick<MetricResult, 'test'>>): string {
  const sign = directionSign(metric.direction);
  const unit = metric.test === 'trend' ? '/h' : '';
  const parts: string[] = [];
  if (metric.margin.relative !== null) parts.push(`${sign}${formatNumber(metric.margin.relative * 100)}%${unit}`);
  if (metric.margin.absolute !== null) parts.push(`${sign}${formatNumber(metric.margin.absolute)}${unit}`);
  return parts.length === 0 ? 'n/a' : parts.join(' or ');
}

/** The outcome with the harmful side for failures: "fail (high)", "inconclusive". */
export function formatOutcome(metric: Pick<MetricResult, 'outcome' | 'harm'>): string {
  return metric.harm === null ? metric.outcome : `${metric.outcome} (${metric.harm})`;
}

/** The weight and the flags that change how a metric counts: "3", "1 critical" (critical implies required), "1 critical, not required", "2 muted". */
export function formatWeight(metric: Pick<MetricResult, 'weight' | 'critical' | 'required' | 'muted'>): string {
  const flags: string[] = [];
  if (metric.critical) flags.push(metric.required ? 'critical' : 'critical, not required');
  else if (metric.required) flags.push('required');
  if (metric.muted) flags.push('muted');
  return [formatNumber(metric.weight, 6), ...flags].join(' ');
}

/** The verdict in capitals, as a banner reads it. */
export function verdictLabel(verdict: Verdict): string {
  return verdict.toUpperCase();
}

/** Every outcome, in the order reports list counts. */
export const OUTCOME_ORDER: readonly Outcome[] = ['fail', 'error', 'inconclusive', 'nodata', 'pass'];

/**
 * Replaces control characters (terminal escapes, newlines, bidi overrides) in text that came from a
 * config or data file, so a metric name cannot move the cursor or recolour a terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (character) => {
    const code = character.charCodeAt(0).toString(16).padStart(4, '0');
    return `\\u${code}`;
  });
}

function formatBucketRange(bucket: readonly [number | null, number | null]): string {
  return `(${bucket[0] === null ? '-Inf' : formatNumber(bucket[0], 6)}, ${bucket[1] === null ? '+Inf' : formatNumber(bucket[1], 6)}]`;
}

/**
 * For a histogram metric: the bucket holding each side's estimate, the change the buckets alone
 * allow, and whether the buckets limit what can be told apart; null for other metrics.
 *
 * @example
 * formatHistogram({ histogram: null }) // => null
 */
export function formatHistogram(metric: Pick<MetricResult, 'histogram'>): string | null {
  const histogram = metric.histogram;
  if (histogram === undefined || histogram === null) return null;
  const label = histogram.quantile === 0.5 ? 'median' : `p${formatNumber(histogram.quantile * 100, 6)}`;
  const side = (name: string, report: typeof histogram.baseline) =>
    `${name} ${label} ${formatNumber(report.estimate)} in ${formatBucketRange(report.bucket)} (${report.requests} requests)`;
  const relative = histogram.bucketInterval.relative;
  const allowed =
    relative === null
      ? ''
      : `; from the buckets alone the change is ${relative[0] === null ? '-∞' : formatPercent(relative[0])} to ${relative[1] === null ? '+∞' : formatPercent(relative[1])}`;
  const limit = histogram.limitedByBuckets ? '; the buckets limit what can be told apart' : '';
  return `buckets: ${side('baseline', histogram.baseline)}, ${side('canary', histogram.canary)}${allowed}${limit}`;
}

/**
 * A metric's interval with the level it was computed at, e.g. `+1% to +4% (95%)`.
 *
 * @example
 * intervalWithLevel({ margin: { relative: 0.1, absolute: null }, direction: 'increase', estimate: { relative: 0.005, absolute: 0.5 }, interval: { level: 0.95, absolute: [-1, 2], relative: [-0.01, 0.02] } }) // => '-1% to +2% (95%)'
 */
export function intervalWithLevel(metric: MetricResult): string {
  const text = formatInterval(metric);
  return metric.interval.level === null ? text : `${text} (${formatLevel(metric.interval.level)})`;
}

/**
 * How the sides were compared, in a word: `paired (60)` on 60 time-aligned steps, `independent`, or `-`.
 *
 * @example
 * comparisonLabel({ pairing: { mode: 'time', pairs: 60 } }) // => 'paired (60)'
 */
export function comparisonLabel(metric: Pick<MetricResult, 'pairing'>): string {
  if (metric.pairing === null) return '-';
  return metric.pairing.mode === 'time' ? `paired (${metric.pairing.pairs ?? 0})` : 'independent';
}
