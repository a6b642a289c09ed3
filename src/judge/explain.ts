/**
 * Plain-language explanations with the numbers: one line per metric and a paragraph for the verdict.
 */
import type { Direction, Margin, VerdictRule } from '../config/config-schema.js';
import type { Classification } from './classify.js';
import type { Change, Effect } from './effect-types.js';
import { explainTrend } from './explain-trend.js';
import { describeDuration } from './data-shape.js';
import { describeMoreData, type MoreData } from './more-data.js';
import { decideVerdict, type DataShortfall, type DecidedBy, type Outcome, type Verdict } from './verdict-rule.js';
import { formatLevel, groupThousands } from '../shared/message-text.js';

/**
 * A number with three significant digits and no trailing zeros.
 *
 * @example
 * formatNumber(0.0012345) // => '0.00123'
 */
export function formatNumber(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '∞';
  if (value === Number.NEGATIVE_INFINITY) return '-∞';
  if (Object.is(value, -0) || value === 0) return '0';
  return String(Number(value.toPrecision(3)));
}

/**
 * A change with its sign: `+18.2%` for a relative change of 0.182, `-0.5` for an absolute one.
 *
 * @example
 * formatChange(0.182, 'relative') // => '+18.2%'
 */
export function formatChange(value: number, kind: 'relative' | 'absolute'): string {
  const scaled = kind === 'relative' ? value * 100 : value;
  const text = formatNumber(scaled);
  const signed = scaled > 0 ? `+${text}` : text;
  return kind === 'relative' && Number.isFinite(scaled) ? `${signed}%` : signed;
}

function formatScore(score: number): string {
  return String(Number(score.toFixed(1)));
}

function describeChange(change: Change, kind: 'relative' | 'absolute', level: number): string {
  const [low, high] = change.interval;
  const suffix = kind === 'absolute' ? ' absolute' : '';
  return `${formatChange(change.estimate, kind)}${suffix} (${formatLevel(level)} CI ${formatChange(low, kind)} to ${formatChange(high, kind)})`;
}

function allowed(margin: number, kind: 'relative' | 'absolute', direction: Direction): string {
  const size = kind === 'relative' ? `${formatNumber(margin * 100)}%` : formatNumber(margin);
  if (direction === 'increase') return `+${size}`;
  if (direction === 'decrease') return `-${size}`;
  return `±${size}`;
}

interface MeasurePart {
  readonly kind: 'relative' | 'absolute';
  readonly change: Change;
  readonly margin: number;
}

/** Where a measure's interval lies against its margin: beyond it on a harmful side, inside the tolerated region, or across it. */
type MeasureStatus = { readonly status: 'beyond'; readonly side: 'high' | 'low' } | { readonly status: 'within' | 'straddles' };

function harmSides(direction: Direction): readonly ('high' | 'low')[] {
  if (direction === 'increase') return ['high'];
  if (direction === 'decrease') return ['low'];
  return ['high', 'low'];
}

/**
 * A measure's status from its own interval and margin (the same comparisons classify.ts makes):
 * `beyond` when the whole interval lies past the margin on a harmful side, `within` when it lies
 * inside on every harmful side, `straddles` otherwise.
 */
function measureStatus(part: MeasurePart, direction: Direction, preferred: 'high' | 'low' | null): MeasureStatus {
  const [low, high] = part.change.interval;
  const sides = harmSides(direction);
  const beyond = sides.filter((side) => (side === 'high' ? low > part.margin : high < -part.margin));
  if (beyond.length > 0) return { status: 'beyond', side: preferred !== null && beyond.includes(preferred) ? preferred : (beyond[0] as 'high' | 'low') };
  if (sides.every((side) => (side === 'high' ? high <= part.margin : low >= -part.margin))) return { status: 'within' };
  return { status: 'straddles' };
}

function statusText(status: MeasureStatus, plural: boolean): string {
  if (status.status === 'beyond') return `${plural ? 'are both' : 'is'} ${status.side === 'low' ? 'below' : 'above'} the allowed`;
  if (status.status === 'within') return `${plural ? 'are both' : 'is'} within the allowed`;
  return plural ? 'both straddle the allowed' : 'straddles the allowed';
}

function sameStatus(a: MeasureStatus, b: MeasureStatus): boolean {
  return a.status === b.status && (a.status !== 'beyond' || b.status !== 'beyond' || a.side === b.side);
}

/**
 * Each measure with the place of its interval against its margin, so no clause claims what its own
 * numbers do not show: `+5% (95% CI +1% to +9%) is within the allowed +10%`; with two measures in
 * different places, one clause each and the rule that joins them ("a change is harm only beyond
 * both margins").
 */
function describeMeasures(parts: readonly MeasurePart[], direction: Direction, level: number, harm: 'high' | 'low' | null): string {
  const described = parts.map((part) => ({
    change: describeChange(part.change, part.kind, level),
    margin: allowed(part.margin, part.kind, direction),
    status: measureStatus(part, direction, harm),
  }));
  const [first, second] = described;
  if (first === undefined) return 'has no measure to judge';
  if (second === undefined) return `${first.change} ${statusText(first.status, false)} ${first.margin}`;
  if (sameStatus(first.status, second.status)) {
    return `${first.change} and ${second.change} ${statusText(first.status, true)} ${first.margin} and ${second.margin}`;
  }
  const rule = 'a change is harm only beyond both margins';
  return `${first.change} ${statusText(first.status, false)} ${first.margin}, but ${second.change} ${statusText(second.status, false)} ${second.margin} (${rule})`;
}

/** Whether a rate's absolute change should lead: no baseline events, or a ratio beyond ×11 (+1000%). */
function absoluteLeads(effect: Effect): boolean {
  const relative = effect.relative;
  return relative === null || !Number.isFinite(relative.estimate) || Math.abs(relative.estimate) >= 10 || !Number.isFinite(relative.interval[1]);
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? groupThousands(value) : String(Number(value.toPrecision(4)));
}

/**
 * The rates themselves (baseline → canary, events of total), shown before any ratio: `0.0981% → 7.58% (12 of 12,230 → 901 of 11,887)`.
 *
 * @example
 * describeRates({ baseline: { events: 12, total: 12230 }, canary: { events: 901, total: 11887 } }) // => '0.0981% → 7.58% (12 of 12,230 → 901 of 11,887)'
 */
export function describeRates(rates: { readonly baseline: RateCounts; readonly canary: RateCounts }): string {
  const rate = (side: RateCounts) => (side.total > 0 ? `${formatNumber((side.events / side.total) * 100)}%` : 'n/a');
  const counts = (side: RateCounts) => `${formatCount(side.events)} of ${formatCount(side.total)}`;
  return `${rate(rates.baseline)} → ${rate(rates.canary)} (${counts(rates.baseline)} → ${counts(rates.canary)})`;
}

/** The facts a metric's explanation is built from. */
export interface MetricExplanationInput {
  readonly name: string;
  readonly outcome: Outcome;
  readonly direction: Direction;
  readonly margin: Margin;
  readonly muted: boolean;
  readonly reason: string | null;
  readonly effect: Effect | null;
  readonly classification: Classification | null;
  readonly intervalLevel: number;
  readonly isRate: boolean;
  /** The adjustment for serially dependent points, when one was made. */
  readonly dependence?: {
    readonly used: number;
    readonly dispersion: number | null;
    readonly effectiveSizes: { readonly baseline: number; readonly canary: number };
    readonly adjusted: boolean;
  } | null;
  /** How much more data would likely decide the metric (inconclusive, or too few values for its test). */
  readonly moreData?: MoreData | null;
  /** Rate metrics: each side's summed events and total, shown before any ratio. */
  readonly rates?: { readonly baseline: RateCounts; readonly canary: RateCounts } | null;
}

/** A side's summed events and total. */
export interface RateCounts {
  readonly events: number;
  readonly total: number;
}

/**
 * " (worth about 12 independent values: lag-1 autocorrelation 0.7)" when the intervals were widened
 * for dependent points (rates: " (as informative as about 640 in total of independent counts: dispersion 1.9)"); '' otherwise.
 */
function describeDependence(input: MetricExplanationInput): string {
  const dependence = input.dependence;
  if (dependence === undefined || dependence === null || !dependence.adjusted) return '';
  const { baseline, canary } = dependence.effectiveSizes;
  const round = (value: number) => (value >= 10 ? String(Math.round(value)) : formatNumber(value));
  const worth = Math.abs(baseline - canary) < 0.5 ? round(baseline) : `${round(baseline)} and ${round(canary)}`;
  const causes: string[] = [];
  if (dependence.used > 0) causes.push(`lag-1 autocorrelation ${formatNumber(dependence.used)}`);
  if (dependence.dispersion !== null && dependence.dispersion > 1) causes.push(`dispersion ${formatNumber(dependence.dispersion)}`);
  if (input.isRate) return ` (as informative as about ${worth} in total of independent counts: ${causes.join(', ')})`;
  return ` (worth about ${worth} independent values: ${causes.join(', ')})`;
}

/**
 * One line with the numbers, e.g. `p99 latency +18.2% (95% CI +9.1% to +27.4%) is above the allowed +10% → fail`.
 *
 * @example
 * explainMetric({ name: 'cpu', outcome: 'nodata', reason: 'canary series is empty (0 points)', ... })
 * // => 'cpu: canary series is empty (0 points) → nodata'
 */
export function explainMetric(input: MetricExplanationInput): string {
  const muted = input.muted ? ' (muted: not scored)' : '';
  const { effect, classification } = input;
  if (effect === null || classification === null || classification.judgedOn === null) {
    const more = input.outcome === 'nodata' && input.moreData !== undefined && input.moreData !== null ? `; ${describeMoreData(input.moreData)} needed` : '';
    return `${input.name}: ${input.reason ?? 'no result'}${more} → ${input.outcome}${muted}`;
  }
  if (effect.trend !== undefined) {
    return `${explainTrend({ ...input, effect, classification })}${muted}`;
  }
  const parts: MeasurePart[] = [];
  const judgedOn = classification.judgedOn;
  if ((judgedOn === 'relative' || judgedOn === 'both') && effect.relative !== null && input.margin.relative !== undefined) {
    parts.push({ kind: 'relative', change: effect.relative, margin: input.margin.relative });
  }
  if ((judgedOn === 'absolute' || judgedOn === 'both') && input.margin.absolute !== undefined) {
    parts.push({ kind: 'absolute', change: effect.absolute, margin: input.margin.absolute });
  }
  // A rate's ratio means little when the baseline has (almost) no events: the absolute change leads.
  if (input.isRate && absoluteLeads(effect)) parts.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'absolute' ? -1 : 1));
  const verdictText = describeMeasures(parts, input.direction, input.intervalLevel, classification.harm);
  const note = classification.note === null ? '' : ` [${classification.note}]`;
  const rates = input.isRate && input.rates !== undefined && input.rates !== null ? ` ${describeRates(input.rates)}:` : '';
  let line = `${input.name}${rates} ${verdictText}${note} → ${input.outcome}`;
  if (input.outcome === 'inconclusive' && classification.decisionSize !== null) {
    const size = classification.decisionSize;
    const unit = input.isRate ? 'in total' : 'values';
    const sizes = effect.informationSizes;
    const current =
      (sizes.baseline === sizes.canary
        ? `${sizes.baseline} ${unit} per side`
        : `${sizes.baseline} baseline and ${sizes.canary} canary ${input.isRate ? 'in total' : 'values'}`) + describeDependence(input);
    if (size.halfWidth !== null) {
      line += `: with ${current}, changes under ±${formatChange(size.halfWidth, size.measure).replace('+', '')} cannot be told apart`;
    } else {
      line += `: with ${current} the interval is unbounded`;
    }
    if (size.samplesToDecide !== null) {
      const needed = size.samplesToDecide;
      const what = input.isRate ? 'in total' : 'values';
      if (needed.baseline === sizes.baseline && needed.canary !== sizes.canary) {
        line += `; about ${needed.canary} canary ${what} would likely decide it`;
      } else if (needed.baseline === needed.canary) {
        line += `; about ${needed.baseline} ${what} per side would likely decide it`;
      } else {
        line += `; about ${needed.baseline} baseline and ${needed.canary} canary ${what} would likely decide it`;
      }
      const seconds = input.moreData?.seconds;
      if (seconds !== undefined && seconds !== null) {
        const [count, ...rest] = describeDuration(seconds).split(' ');
        line += ` (about ${count} more ${rest.join(' ')} at this traffic)`;
      }
    } else {
      line += '; no sample size can be estimated to decide it';
    }
  }
  return `${line}${muted}`;
}

/** The facts the verdict's explanation is built from. */
export interface VerdictExplanationInput {
  readonly verdict: Verdict;
  readonly score: number;
  readonly decidedBy: DecidedBy;
  /** @default 'evidence' */
  readonly verdictRule?: VerdictRule;
  readonly thresholds: { readonly pass: number; readonly marginal: number };
  readonly metrics: readonly {
    readonly name: string;
    readonly outcome: Outcome;
    readonly weight: number;
    readonly muted: boolean;
    readonly required: boolean;
    readonly critical: boolean;
    readonly credit: number | null;
    readonly pointsLost: number;
    readonly veto: boolean;
    readonly leansToHarm?: boolean;
    readonly dataShortfall?: DataShortfall | null;
    readonly moreData?: MoreData | null;
    readonly reason?: string | null;
  }[];
  readonly scoredWeight: number;
  /** Marginal verdicts: the metrics holding it (Judgement `summary.waitingOn`). */
  readonly waitingOn?: readonly { readonly metric: string; readonly why: string; readonly moreData: MoreData | null }[];
}

type ExplainedMetric = VerdictExplanationInput['metrics'][number];

function vetoLabel(metric: ExplainedMetric): string {
  if (metric.outcome === 'nodata') return metric.dataShortfall === 'too-few' ? 'required, not enough data' : 'required, no data';
  return metric.outcome;
}

function describeWaiting(waiting: NonNullable<VerdictExplanationInput['waitingOn']>[number]): string {
  const why =
    waiting.why === 'leans-to-harm'
      ? 'inconclusive, its estimate already beyond the margin'
      : waiting.why === 'not-enough-data'
        ? 'required, not enough data yet'
        : 'inconclusive';
  const more = waiting.moreData === null ? 'no size can be estimated' : describeMoreData(waiting.moreData);
  return `${waiting.metric} (${why}: ${more})`;
}

/**
 * Names the metrics that decided the verdict and how much each moved the score; a marginal verdict
 * names the metrics holding it and how much more data would likely decide each.
 *
 * @example
 * explainVerdict({ verdict: 'pass', score: 100, decidedBy: 'score', ... })
 * // => 'pass: score 100 of 100 (pass at 95 or more, marginal at 75 or more); every scored metric passed.'
 */
export function explainVerdict(input: VerdictExplanationInput): string {
  const { thresholds } = input;
  const rule = input.verdictRule ?? 'evidence';
  const head = `${input.verdict}: score ${formatScore(input.score)} of 100 (pass at ${thresholds.pass} or more, marginal at ${thresholds.marginal} or more)`;
  const sentences: string[] = [];
  if (input.decidedBy === 'nothing-scored') {
    if (input.metrics.length === 0) {
      sentences.push('the configuration has no metrics, so nothing shows the canary is safe');
    } else {
      const nodata = input.metrics.filter((metric) => metric.outcome === 'nodata' && !metric.muted).length;
      const muted = input.metrics.filter((metric) => metric.muted).length;
      const leftOut = [nodata > 0 ? `${nodata} without data` : '', muted > 0 ? `${muted} muted` : ''].filter((text) => text !== '');
      sentences.push(`no metric could be scored (${leftOut.join(', ')}), so nothing shows the canary is safe`);
    }
  }
  const vetoes = input.metrics.filter((metric) => metric.veto);
  const criticalVetoes = vetoes.filter((metric) => metric.critical);
  if (criticalVetoes.length > 0) {
    const names = criticalVetoes.map((metric) => `"${metric.name}" (${vetoLabel(metric)})`);
    sentences.push(`critical ${criticalVetoes.length === 1 ? 'metric' : 'metrics'} ${names.join(', ')} ${criticalVetoes.length === 1 ? 'fails' : 'fail'} the canary regardless of the score`);
  }
  const otherVetoes = vetoes.filter((metric) => !metric.critical);
  if (otherVetoes.length > 0) {
    const harmful = otherVetoes.filter((metric) => metric.outcome !== 'nodata');
    const unmeasured = otherVetoes.filter((metric) => metric.outcome === 'nodata');
    if (harmful.length > 0) {
      const failed = harmful.filter((metric) => metric.outcome === 'fail').map((metric) => `"${metric.name}"`);
      const errored = harmful.filter((metric) => metric.outcome === 'error').map((metric) => `"${metric.name}"`);
      const parts = [
        failed.length > 0 ? `${failed.join(', ')} ${failed.length === 1 ? 'shows' : 'show'} harm` : '',
        errored.length > 0 ? `${errored.join(', ')} could not be judged (error)` : '',
      ].filter((text) => text !== '');
      sentences.push(`${parts.join('; ')}: a scored metric that fails or errors fails the canary whatever the score`);
    }
    if (unmeasured.length > 0) {
      const names = unmeasured.map((metric) => `"${metric.name}"`);
      sentences.push(`required ${unmeasured.length === 1 ? 'metric' : 'metrics'} ${names.join(', ')} cannot be measured (no data) and ${unmeasured.length === 1 ? 'fails' : 'fail'} the canary`);
    }
  }
  const inconclusive = input.metrics.filter((metric) => metric.outcome === 'inconclusive' && metric.credit !== null).length;
  const tooFew = input.metrics.filter((metric) => metric.outcome === 'nodata' && metric.credit !== null && metric.dataShortfall === 'too-few').length;
  if (input.decidedBy === 'inconclusive') {
    const holders = [
      inconclusive > 0 ? `${inconclusive} inconclusive ${inconclusive === 1 ? 'metric' : 'metrics'}` : '',
      tooFew > 0 ? `${tooFew} required ${tooFew === 1 ? 'metric' : 'metrics'} without enough data yet` : '',
    ].filter((text) => text !== '');
    const hold = inconclusive + tooFew === 1 ? 'holds' : 'hold';
    sentences.push(`no metric shows harm (none failed or errored); only ${holders.join(' and ')} ${hold} the score below marginal (the data cannot tell yet) → marginal, not fail`);
  }
  if (input.decidedBy === 'held') {
    sentences.push('the score reaches pass, but no metric may lean toward harm and every required metric needs enough data → marginal, not pass');
  }
  if (input.verdict === 'marginal' && input.waitingOn !== undefined && input.waitingOn.length > 0) {
    sentences.push(`more data would decide: ${input.waitingOn.map(describeWaiting).join(', ')}`);
  }
  if (input.decidedBy !== 'nothing-scored') {
    const losers = input.metrics
      .map((metric, index) => ({ metric, index }))
      .filter(({ metric }) => metric.pointsLost > 0)
      .sort((a, b) => b.metric.pointsLost - a.metric.pointsLost || a.index - b.index);
    if (losers.length === 0) {
      sentences.push('every scored metric passed');
    } else {
      const listed = losers.map(
        ({ metric }) =>
          `${metric.name} ${metric.outcome} -${formatScore(metric.pointsLost)} (weight ${metric.weight} of ${input.scoredWeight})`,
      );
      sentences.push(`points lost: ${listed.join(', ')}`);
      const top = losers[0];
      if (input.verdict !== 'pass' && input.decidedBy !== 'critical' && top !== undefined) {
        const without = input.score + top.metric.pointsLost;
        const flippedMetrics = input.metrics.map((metric, index) =>
          index === top.index ? { ...metric, outcome: 'pass' as const, leansToHarm: false, dataShortfall: null } : metric,
        );
        const flipped = decideVerdict(flippedMetrics, without, thresholds, rule).verdict;
        sentences.push(`had ${top.metric.name} passed, the score would be ${formatScore(without)} (${flipped})`);
      }
    }
  }
  const leftOut = input.metrics.filter((metric) => metric.credit === null);
  if (leftOut.length > 0 && input.metrics.length > 0 && input.decidedBy !== 'nothing-scored') {
    const names = leftOut.map((metric) => `${metric.name} (${metric.muted ? 'muted' : metric.outcome})`);
    sentences.push(`left out of the score: ${names.join(', ')}`);
  }
  const criticalWithoutData = input.metrics.filter((metric) => metric.critical && !metric.muted && metric.outcome === 'nodata' && !metric.required);
  if (criticalWithoutData.length > 0) {
    const names = criticalWithoutData.map((metric) => metric.name).join(', ');
    const subject = criticalWithoutData.length === 1 ? 'critical metric' : 'critical metrics';
    sentences.push(`warning: ${subject} without data left out (${names}) because required is false; remove "required": false to make missing data fail the canary`);
  }
  return `${head}; ${sentences.join('; ')}.`;
}
