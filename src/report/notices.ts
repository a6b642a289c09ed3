/**
 * The things in a Judgement a reader must not miss, whatever the format: configuration and data
 * warnings, per-metric warnings, data-quality findings (they never change an outcome, but they may
 * mean the query is wrong), and metrics that could not be measured or judged. Every report lists
 * them, and the CLI prints them on standard error, so none is seen only in the JSON.
 */
import type { Judgement, MetricResult } from '../judge/index.js';

/** What kind of notice: a warning, a data-quality finding, or a metric with no result. */
export type NoticeKind = 'warning' | 'data-quality' | 'unmeasured';

/** One notice: which metric (null for the whole judgement), what kind, and the text. */
export interface Notice {
  readonly metric: string | null;
  readonly kind: NoticeKind;
  readonly text: string;
}

/**
 * Why a metric has no result, and what it does to the verdict: `no data (canary series is empty
 * (0 points)); required: fails the canary`.
 */
function unmeasuredText(metric: MetricResult): string {
  const what = metric.outcome === 'error' ? 'could not be judged' : metric.dataShortfall === 'too-few' ? 'not enough data' : 'no data';
  const reason = metric.reason === null ? '' : ` (${metric.reason})`;
  let effect: string;
  if (metric.outcome === 'error') effect = 'an error fails the canary';
  else if (metric.dataShortfall === 'too-few') effect = metric.required ? 'required: the verdict waits for it' : 'left out of the score';
  else effect = metric.required ? 'required: fails the canary' : 'left out of the score';
  return `${what}${reason}; ${effect}`;
}

/**
 * Every notice of a Judgement, in a fixed order: the judgement's warnings, then per metric (in the
 * configuration's order) its missing result, warnings and data-quality findings. Muted metrics'
 * missing results are not listed (they are not scored), but their warnings are.
 *
 * @example
 * reportNotices(judge({ metrics: [{ name: 'cpu', test: 'mann-whitney' }] }, { metrics: {} })).map((notice) => notice.kind) // => ['unmeasured']
 */
export function reportNotices(judgement: Judgement): Notice[] {
  const notices: Notice[] = judgement.summary.warnings.map((text) => ({ metric: null, kind: 'warning', text }));
  for (const metric of judgement.metrics) {
    if (!metric.muted && (metric.outcome === 'nodata' || metric.outcome === 'error')) {
      notices.push({ metric: metric.name, kind: 'unmeasured', text: unmeasuredText(metric) });
    }
    for (const text of metric.warnings) notices.push({ metric: metric.name, kind: 'warning', text });
    for (const issue of metric.dataQuality) notices.push({ metric: metric.name, kind: 'data-quality', text: `${issue.check}: ${issue.message}` });
  }
  return notices;
}

/**
 * Counts of notices in words, or null when there are none: `1 metric without a result, 2 warnings,
 * 1 data-quality finding`.
 *
 * @example
 * describeNoticeCounts([{ metric: null, kind: 'warning', text: 'x' }]) // => '1 warning'
 */
export function describeNoticeCounts(notices: readonly Notice[]): string | null {
  const count = (kind: NoticeKind) => notices.filter((notice) => notice.kind === kind).length;
  const parts: string[] = [];
  const unmeasured = count('unmeasured');
  const warnings = count('warning');
  const findings = count('data-quality');
  if (unmeasured > 0) parts.push(`${unmeasured} ${unmeasured === 1 ? 'metric' : 'metrics'} without a result`);
  if (warnings > 0) parts.push(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`);
  if (findings > 0) parts.push(`${findings} data-quality ${findings === 1 ? 'finding' : 'findings'}`);
  return parts.length === 0 ? null : parts.join(', ');
}

/**
 * A notice as one line: `warning: …`, `cpu: data quality: gap: …`, `memory: no data (…); required: fails the canary`.
 *
 * @example
 * noticeLine({ metric: 'cpu', kind: 'data-quality', text: 'gap: canary: 3 missing points in a row (from index 1)' }) // => 'cpu: data quality: gap: canary: 3 missing points in a row (from index 1)'
 */
export function noticeLine(notice: Notice): string {
  const label = notice.kind === 'warning' ? 'warning: ' : notice.kind === 'data-quality' ? 'data quality: ' : '';
  return notice.metric === null ? `${label}${notice.text}` : `${notice.metric}: ${label}${notice.text}`;
}
