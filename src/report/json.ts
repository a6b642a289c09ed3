/**
 * The JSON report: the Judgement itself, with its fields in a fixed order so two runs on the same
 * input give byte-identical files (handy for diffs and golden tests).
 */
import type { Judgement } from '../judge/index.js';

/** Options of `renderJson`. */
export interface JsonReportOptions {
  /**
   * Spaces of indentation; 0 writes one line.
   * @default 2
   */
  readonly indent?: number;
}

/** The documented order of the Judgement's top-level fields; any other field follows, sorted. */
const JUDGEMENT_ORDER = ['verdict', 'score', 'thresholds', 'metrics', 'groups', 'explanation', 'summary'];

/** The documented order of a metric result's fields; any other field follows, sorted. */
const METRIC_ORDER = [
  'name', 'test', 'group', 'outcome', 'harm', 'leansToHarm', 'explanation', 'reason', 'dataShortfall', 'direction', 'margin',
  'weight', 'critical', 'required', 'muted', 'credit', 'pointsLost', 'veto', 'judgedOn', 'estimate', 'interval', 'pValue',
  'adjustedPValue', 'method', 'sizes', 'summary', 'decisionSize', 'moreData', 'autocorrelation', 'dataQuality', 'warnings',
];

function ordered(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of order) if (Object.prototype.hasOwnProperty.call(value, key)) result[key] = value[key];
  const rest = Object.keys(value).filter((key) => !order.includes(key)).sort();
  for (const key of rest) result[key] = value[key];
  return result;
}

/**
 * Serialises a Judgement as JSON with a stable field order and a trailing newline.
 *
 * @example
 * JSON.parse(renderJson(judge({ metrics: [] }, { metrics: {} }))).verdict // => 'fail'
 */
export function renderJson(judgement: Judgement, options: JsonReportOptions = {}): string {
  const indent = Math.max(0, Math.min(10, Math.trunc(options.indent ?? 2)));
  const top = ordered(judgement as unknown as Record<string, unknown>, JUDGEMENT_ORDER);
  top['metrics'] = judgement.metrics.map((metric) => ordered(metric as unknown as Record<string, unknown>, METRIC_ORDER));
  return `${JSON.stringify(top, null, indent)}\n`;
}
