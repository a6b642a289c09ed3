/**
 * The plain-text report: verdict and score first, then one row per metric (outcome, estimate,
 * interval, margin, weight), then the explanation. Colour is an option (ANSI escapes), off by
 * default; the CLI turns it on for terminals only.
 */
import { renderChecked } from './judgement-check.js';
import type { Judgement, MetricResult, Outcome, Verdict } from '../judge/index.js';
import {
  OUTCOME_ORDER,
  formatEstimateWithRates,
  intervalWithLevel,
  comparisonLabel,
  formatLevel,
  formatMargin,
  formatNumber,
  formatOutcome,
  formatScore,
  formatWeight,
  printable,
  verdictLabel,
  formatHistogram,
} from './format.js';
import { describeNoticeCounts, noticeLine, reportNotices } from './notices.js';

/** Options of `renderText`. */
export interface TextReportOptions {
  /**
   * Colour the verdict and outcomes with ANSI escapes.
   * @default false
   */
  readonly color?: boolean;
  /**
   * Add each metric's warnings and the judgement's notes after the explanation.
   * @default true
   */
  readonly details?: boolean;
}

type Paint = (text: string) => string;

const plain: Paint = (text) => text;

function ansi(open: number, close: number): Paint {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

interface Palette {
  readonly bold: Paint;
  readonly dim: Paint;
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly cyan: Paint;
}

const COLOURS: Palette = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  green: ansi(32, 39),
  yellow: ansi(33, 39),
  cyan: ansi(36, 39),
};

const NO_COLOURS: Palette = { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };

function verdictPaint(verdict: Verdict, palette: Palette): Paint {
  if (verdict === 'pass') return palette.green;
  if (verdict === 'marginal') return palette.yellow;
  return palette.red;
}

function outcomePaint(outcome: Outcome, palette: Palette): Paint {
  switch (outcome) {
    case 'pass':
      return palette.green;
    case 'fail':
    case 'error':
      return palette.red;
    case 'inconclusive':
      return palette.yellow;
    case 'nodata':
      return palette.dim;
  }
}

/** Display width of a string, counting each code point as one column. */
function width(text: string): number {
  return [...text].length;
}

function padEnd(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

interface Cell {
  readonly text: string;
  readonly paint: Paint;
}

function table(header: readonly string[], rows: readonly (readonly Cell[])[], palette: Palette): string[] {
  const widths = header.map((title, column) => Math.max(width(title), ...rows.map((row) => width(row[column]?.text ?? ''))));
  const line = (cells: readonly Cell[]) =>
    cells
      .map((cell, column) => {
        const isLast = column === cells.length - 1;
        return cell.paint(isLast ? cell.text : padEnd(cell.text, widths[column] ?? 0));
      })
      .join('  ')
      .trimEnd();
  return [line(header.map((title) => ({ text: title, paint: palette.bold }))), ...rows.map(line)];
}

function countsLine(judgement: Judgement): string {
  const parts = OUTCOME_ORDER.flatMap((outcome) => {
    const count = judgement.summary.outcomes[outcome] ?? 0;
    return count > 0 ? [`${count} ${outcome}`] : [];
  });
  return parts.length === 0 ? 'no metrics' : parts.join(', ');
}

function metricRow(metric: MetricResult, palette: Palette): Cell[] {
  const paintRow = metric.muted ? palette.dim : plain;
  return [
    { text: printable(metric.name), paint: paintRow },
    { text: formatOutcome(metric), paint: metric.muted ? palette.dim : outcomePaint(metric.outcome, palette) },
    { text: formatEstimateWithRates(metric), paint: paintRow },
    { text: intervalWithLevel(metric), paint: paintRow },
    { text: formatMargin(metric), paint: paintRow },
    { text: comparisonLabel(metric), paint: paintRow },
    { text: formatWeight(metric), paint: paintRow },
  ];
}

/**
 * Renders a Judgement as a plain-text report for a terminal or a CI log.
 *
 * @example
 * renderText(judge({ metrics: [] }, { metrics: {} })).split('\n')[0] // => 'FAIL  score 0.0/100  (pass >= 95, marginal >= 75)'
 */
export function renderText(judgement: Judgement, options: TextReportOptions = {}): string {
  return renderChecked('renderText', judgement, (checked) => renderTextUnchecked(checked, options));
}

/**
 * Appends `items` one by one: `lines.push(...items)` passes each item as an argument and overflows
 * the stack past ~100,000 (200,000 unused series give as many warnings).
 */
function appendAll(lines: string[], items: readonly string[]): void {
  for (const item of items) lines.push(item);
}

function renderTextUnchecked(judgement: Judgement, options: TextReportOptions): string {
  const palette = options.color === true ? COLOURS : NO_COLOURS;
  const details = options.details ?? true;
  const paintVerdict = verdictPaint(judgement.verdict, palette);
  const lines: string[] = [];

  lines.push(
    `${paintVerdict(palette.bold(verdictLabel(judgement.verdict)))}  score ${palette.bold(formatScore(judgement.score))}/100  ` +
      `(pass >= ${formatNumber(judgement.thresholds.pass, 6)}, marginal >= ${formatNumber(judgement.thresholds.marginal, 6)})`,
  );
  lines.push(palette.dim(`${judgement.metrics.length} metric${judgement.metrics.length === 1 ? '' : 's'}: ${countsLine(judgement)}`));
  const notices = reportNotices(judgement);
  const noticeCounts = describeNoticeCounts(notices);
  if (noticeCounts !== null) lines.push(palette.yellow(`check: ${noticeCounts} (listed below)`));
  lines.push('');

  if (judgement.metrics.length > 0) {
    const header = ['metric', 'outcome', 'estimate', 'interval (level)', 'margin', 'compared', 'weight'];
    appendAll(lines, table(header, judgement.metrics.map((metric) => metricRow(metric, palette)), palette));
    lines.push('');
  }

  lines.push(printable(judgement.explanation));

  if (details) {
    const notes: string[] = [];
    for (const metric of judgement.metrics) {
      notes.push(`${outcomePaint(metric.outcome, palette)('•')} ${printable(metric.explanation)}`);
      if (metric.reason !== null && !metric.explanation.includes(metric.reason)) notes.push(`    ${palette.dim(printable(metric.reason))}`);
      const buckets = formatHistogram(metric);
      if (buckets !== null) notes.push(`    ${printable(buckets)}`);
      for (const warning of metric.warnings) notes.push(`    ${palette.yellow('warning:')} ${printable(warning)}`);
      for (const issue of metric.dataQuality) notes.push(`    ${palette.yellow('data quality:')} ${printable(`${issue.check}: ${issue.message}`)}`);
    }
    for (const warning of judgement.summary.warnings) notes.push(`${palette.yellow('warning:')} ${printable(warning)}`);
    if (notes.length > 0) appendAll(lines, ['', ...notes]);
    if (judgement.groups.length > 0) {
      const groups = judgement.groups.map((group) => `${printable(group.name)} ${group.score === null ? 'not scored' : formatScore(group.score)}`);
      lines.push('', `groups: ${groups.join(', ')}`);
    }
  } else if (notices.length > 0) {
    appendAll(lines, ['', ...notices.map((notice) => `${palette.yellow('•')} ${printable(noticeLine(notice))}`)]);
  }
  if (details) {
    lines.push(
      '',
      palette.dim(
        `a fail rests on intervals at ${level(judgement)} (${formatLevel(judgement.summary.confidenceLevel)} adjusted for ` +
          `${judgement.summary.comparisons} comparison${judgement.summary.comparisons === 1 ? '' : 's'}, ${judgement.summary.multipleComparisons}), ` +
          `a pass on intervals at ${formatLevel(judgement.summary.passLevel)}; seed ${printable(String(judgement.summary.seed))}`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

function level(judgement: Judgement): string {
  return formatLevel(judgement.summary.intervalLevel);
}
