/**
 * The trend test's explanation in rates and projections: how much faster the canary grows than the
 * baseline per hour, with its interval, against the allowed rate, and where the gap would be a few
 * hours on if both kept their slopes.
 */
import type { Classification } from './classify.js';
import type { Direction, Margin } from '../config/config-schema.js';
import type { Change, Effect } from './effect-types.js';
import { formatLevel } from '../shared/message-text.js';
import type { Outcome } from './verdict-rule.js';
import { PROJECTION_HOURS } from './trend-effect.js';

/** The facts a trend explanation is built from. */
export interface TrendExplanationInput {
  readonly name: string;
  readonly outcome: Outcome;
  readonly direction: Direction;
  readonly margin: Margin;
  readonly effect: Effect;
  readonly classification: Classification;
  readonly intervalLevel: number;
}

/** Three significant digits, no trailing zeros (as explain.ts's formatNumber; kept here so explain → explain-trend has no cycle). */
function formatNumber(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '∞';
  if (value === Number.NEGATIVE_INFINITY) return '-∞';
  if (value === 0) return '0';
  return String(Number(value.toPrecision(3)));
}

function rate(value: number, kind: 'relative' | 'absolute'): string {
  return kind === 'relative' ? `${formatNumber(value * 100)}%/h` : `${formatNumber(value)}/h`;
}

function bare(value: number, kind: 'relative' | 'absolute'): string {
  return kind === 'relative' ? `${formatNumber(value * 100)}%` : formatNumber(value);
}

function describeRate(change: Change, kind: 'relative' | 'absolute', level: number): string {
  const [low, high] = change.interval;
  const speed = Math.abs(change.estimate);
  const comparison = change.estimate >= 0 ? 'faster' : 'slower';
  const unit = kind === 'absolute' ? ' (in its unit)' : '';
  return `grows ${rate(speed, kind)}${unit} ${comparison} than the baseline (${formatLevel(level)} CI ${bare(low, kind)} to ${rate(high, kind)})`;
}

function allowedRate(margin: number, kind: 'relative' | 'absolute', direction: Direction): string {
  const size = rate(margin, kind);
  if (direction === 'increase') return `+${size}`;
  if (direction === 'decrease') return `-${size}`;
  return `±${size}`;
}

/**
 * A duration given in hours, in the unit that reads best.
 *
 * @example
 * formatHours(0.5) // => '30 minutes'
 */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours)) return 'an unbounded time';
  const minutes = hours * 60;
  if (minutes < 90) return `${formatNumber(Math.max(1, Math.round(minutes)))} minutes`;
  if (hours < 48) return `${formatNumber(Number(hours.toPrecision(2)))} hours`;
  return `${formatNumber(Number((hours / 24).toPrecision(2)))} days`;
}

/**
 * One line in rates and projections, e.g. `canary memory grows 9.1%/h faster than the baseline
 * (95% CI 6% to 12.4%/h), above the allowed +5%/h; at this rate it is 40% above the baseline after
 * 4 hours → fail`.
 *
 * @example
 * const effect = {
 *   method: 'trend', pValue: 0.001, relativeUnavailable: null, warnings: [], informationSizes: { baseline: 30, canary: 30 },
 *   absolute: { estimate: 43, interval: [28, 58] }, relative: { estimate: 0.091, interval: [0.06, 0.124] },
 *   trend: { gapNow: 0.036, gapProjected: 0.4, stepHours: 1 / 60, level: 475, autocorrelation: 0 },
 * };
 * explainTrend({ name: 'memory', outcome: 'fail', direction: 'increase', margin: { relative: 0.05 }, effect, intervalLevel: 0.95,
 *   classification: { outcome: 'fail', harm: 'high', judgedOn: 'relative', note: null, decisionSize: null } })
 * // => 'canary memory grows 9.1%/h faster than the baseline (95% CI 6% to 12.4%/h), above the allowed +5%/h; at this rate it is 40% above the baseline after 4 hours → fail'
 */
export function explainTrend(input: TrendExplanationInput): string {
  const { effect, classification } = input;
  const parts: { kind: 'relative' | 'absolute'; change: Change; margin: number }[] = [];
  const judgedOn = classification.judgedOn;
  if ((judgedOn === 'relative' || judgedOn === 'both') && effect.relative !== null && input.margin.relative !== undefined) {
    parts.push({ kind: 'relative', change: effect.relative, margin: input.margin.relative });
  }
  if ((judgedOn === 'absolute' || judgedOn === 'both') && input.margin.absolute !== undefined) {
    parts.push({ kind: 'absolute', change: effect.absolute, margin: input.margin.absolute });
  }
  const changes = parts.map((part) => describeRate(part.change, part.kind, input.intervalLevel)).join(' and ');
  const margins = parts.map((part) => allowedRate(part.margin, part.kind, input.direction)).join(' and ');
  let position: string;
  if (input.outcome === 'fail') {
    position = `${classification.harm === 'low' ? 'below' : 'above'} the allowed ${margins}`;
  } else if (input.outcome === 'pass') {
    position = `within the allowed ${parts.length > 1 ? margins.replace(' and ', ' or ') : margins}`;
  } else {
    position = `straddling the allowed ${margins}`;
  }
  let line = `canary ${input.name} ${changes}, ${position}`;
  const trend = effect.trend;
  if (trend !== undefined && trend.gapProjected !== null && input.outcome !== 'pass') {
    const gap = trend.gapProjected;
    const harmful =
      (input.direction !== 'decrease' && gap > 0 && (effect.relative?.estimate ?? 0) > 0) ||
      (input.direction !== 'increase' && gap < 0 && (effect.relative?.estimate ?? 0) < 0);
    if (harmful) {
      line += `; at this rate it is ${formatNumber(Math.abs(gap) * 100)}% ${gap > 0 ? 'above' : 'below'} the baseline after ${formatHours(PROJECTION_HOURS)}`;
    }
  }
  if (classification.note !== null) line += ` [${classification.note}]`;
  if (input.outcome === 'inconclusive' && classification.decisionSize !== null) {
    const size = classification.decisionSize;
    const sizes = effect.informationSizes;
    const step = trend?.stepHours ?? 0;
    const over = step > 0 ? ` over ${formatHours(step * (Math.max(sizes.baseline, sizes.canary) - 1))}` : '';
    const points = sizes.baseline === sizes.canary ? `${sizes.baseline} points per side` : `${sizes.baseline} baseline and ${sizes.canary} canary points`;
    if (size.halfWidth !== null) {
      line += `: with ${points}${over}, slope differences under ±${rate(size.halfWidth, size.measure)} cannot be told apart`;
    } else {
      line += `: with ${points}${over} the interval is unbounded`;
    }
    if (size.samplesToDecide !== null) {
      const needed = Math.max(size.samplesToDecide.baseline, size.samplesToDecide.canary);
      const window = step > 0 ? ` (a window of about ${formatHours(step * (needed - 1))} at this step)` : '';
      line += `; about ${needed} points per side${window} would likely decide it`;
    } else {
      line += '; no window length can be estimated to decide it';
    }
  }
  return `${line} → ${input.outcome}`;
}
